"""The tenant boundary of placement's rows (accounts/scope.py)."""

from talenta.accounts.scope import Owner, register
from talenta.placement.models import (
    Candidacy,
    Decision,
    FillingPost,
    FillingProcess,
    InstallationBatch,
    MeritException,
    Mutasi,
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
# A mutasi is the receiving instansi's, the releasing instansi's and the deciding province's (issue #18).
register(Mutasi, Owner(instansi="to_instansi_id", shared=("from_instansi_id", "province_id")))
