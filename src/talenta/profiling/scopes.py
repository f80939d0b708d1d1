"""The tenant boundary of profiling's rows (accounts/scope.py)."""

from talenta.accounts.scope import Owner, register
from talenta.profiling.models import Assessment, Campaign, Participant, Wave

register(Campaign, Owner(instansi="instansi_id", whole_instansi=True))
register(Wave, Owner(instansi="campaign__instansi_id", whole_instansi=True))
register(Participant, Owner(instansi="campaign__instansi_id", unit="employee__unit", employee="employee"))
register(Assessment, Owner(instansi="employee__instansi_id", unit="employee__unit", employee="employee"))
