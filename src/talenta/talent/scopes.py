"""The tenant boundary of talent mapping's rows (accounts/scope.py)."""

from talenta.accounts.scope import Owner, register
from talenta.talent.models import (
    Calibration,
    CommitteeMember,
    DevelopmentAction,
    DevelopmentPlan,
    MappingPeriod,
    MappingResult,
    SuccessionPlan,
    Successor,
)

register(MappingPeriod, Owner(instansi="instansi_id", whole_instansi=True))
register(CommitteeMember, Owner(instansi="instansi_id"))
register(MappingResult, Owner(instansi="period__instansi_id", unit="employee__unit", employee="employee"))
register(
    Calibration,
    Owner(instansi="result__period__instansi_id", unit="result__employee__unit", employee="result__employee"),
)
register(SuccessionPlan, Owner(instansi="position__instansi_id", unit="position__unit"))
# A successor is a person: a Kepala OPD sees the named successors of his unit's posts only when they are
# people of his unit too (issue #12, finding 3).
register(Successor, Owner(instansi="plan__position__instansi_id", unit="employee__unit", employee="employee"))
register(DevelopmentPlan, Owner(instansi="employee__instansi_id", unit="employee__unit", employee="employee"))
register(
    DevelopmentAction,
    Owner(instansi="plan__employee__instansi_id", unit="plan__employee__unit", employee="plan__employee"),
)
