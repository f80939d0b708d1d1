"""The tenant boundary of SIASN's rows (accounts/scope.py)."""

from talenta.accounts.scope import Owner, register
from talenta.siasn.models import ImportRun

register(ImportRun, Owner(instansi="instansi_id"))
