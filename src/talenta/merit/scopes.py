"""The tenant boundary of the merit self-assessment's rows (accounts/scope.py). The questionnaire versions
are national, the same for every instansi (tests/access/test_policy.py: NOT_TENANT_OWNED)."""

from talenta.accounts.scope import Owner, register
from talenta.merit.models import Answer, Assessment, Evidence

# Only instansi-wide readers hold a merit action (accounts/policy.py), so no unit or own-employee reach.
register(Assessment, Owner(instansi="instansi_id"))
register(Answer, Owner(instansi="assessment__instansi_id"))
register(Evidence, Owner(instansi="answer__assessment__instansi_id"))
