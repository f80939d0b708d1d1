"""The tenant boundary of placement's rows (accounts/scope.py)."""

from talenta.accounts.scope import Owner, register
from talenta.placement.models import (
    Candidacy,
    Decision,
    FillingPost,
    FillingProcess,
    InstallationBatch,
    MeritException,
    PlacementPlan,
    RankingRun,
)

register(FillingProcess, Owner(instansi="instansi_id"))
register(FillingPost, Owner(instansi="process__instansi_id", unit="position__unit"))
register(RankingRun, Owner(instansi="instansi_id", unit="position__unit"))
register(
    Candidacy,
    Owner(instansi="filling_post__process__instansi_id", unit="employee__unit", employee="employee"),
)
register(PlacementPlan, Owner(instansi="instansi_id"))
register(InstallationBatch, Owner(instansi="instansi_id"))
register(Decision, Owner(instansi="instansi_id", unit="employee__unit", employee="employee"))
register(MeritException, Owner(instansi="instansi_id"))  # the instansi's merit-system exception setting
