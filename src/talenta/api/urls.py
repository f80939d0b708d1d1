from django.urls import path
from django.utils.module_loading import import_string

from talenta.accounts.policy import public
from talenta.api.api import api

# (prefix, dotted path of a ninja Router). Mounting another app's API is one line here.
ROUTERS: list[tuple[str, str]] = [
    ("", "talenta.api.people.router"),
    ("/siasn", "talenta.api.siasn.router"),
    ("/penempatan", "talenta.api.placement.router"),
]

for prefix, dotted in ROUTERS:
    api.add_router(prefix, import_string(dotted))

urls = api.urls  # each access builds new patterns: mark and mount the same ones
for pattern in urls[0]:
    if pattern.name == "api-root":
        # ninja's root only answers 404 (it exists to compute paths); declare it so the matrix knows.
        public(pattern.callback)

urlpatterns = [path("", urls)]
