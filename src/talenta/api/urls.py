from django.urls import path
from django.utils.module_loading import import_string

from talenta.api.api import api

# (prefix, dotted path of a ninja Router). Mounting another app's API is one line here.
ROUTERS: list[tuple[str, str]] = [
    ("", "talenta.api.people.router"),
]

for prefix, dotted in ROUTERS:
    api.add_router(prefix, import_string(dotted))

urlpatterns = [path("", api.urls)]
