"""The tenant boundary of profiling's rows (accounts/scope.py)."""

from talenta.accounts.scope import Owner, register
from talenta.profiling.models import Assessment, Campaign, Participant, Wave

# A joint campaign (issue #18) is its partners' too; a partner sees its own people among the participants,
# the organiser sees them all, and the results (assessments) are the participant's own instansi's.
register(Campaign, Owner(instansi="instansi_id", whole_instansi=True, shared=("partners",)))
register(Wave, Owner(instansi="campaign__instansi_id", whole_instansi=True, shared=("campaign__partners",)))
register(
    Participant,
    Owner(
        instansi="campaign__instansi_id",
        unit="employee__unit",
        employee="employee",
        shared=("employee__instansi_id",),
    ),
)
register(Assessment, Owner(instansi="employee__instansi_id", unit="employee__unit", employee="employee"))
