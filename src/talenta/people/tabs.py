"""The profile's tabs: the extension point where later capabilities plug in.

A tab is a label and the name of a URL that takes the employee's `pk` and answers an htmx fragment. An app
adds its tab in its `AppConfig.ready()`:

    from talenta.people.tabs import PROFILE_TABS, ProfileTab
    PROFILE_TABS.append(ProfileTab("mapping", _("Talent mapping"), "talent:employee-mapping", order=20))

The fragment view must itself be decorated with `role_required(...)` and fetch the employee through
`scope.employees_for(request.user)` (out of scope → 404): the profile page only links to it. Only tabs
whose app is installed appear: nothing is shown for a capability that does not exist yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class ProfileTab:
    key: str
    label: str | Promise
    url_name: str
    order: int = 50


PROFILE_TABS: list[ProfileTab] = []


def tabs_for(employee_pk: int) -> list[dict[str, object]]:
    out = []
    for tab in sorted(PROFILE_TABS, key=lambda t: (t.order, t.key)):
        try:
            url = reverse(tab.url_name, kwargs={"pk": employee_pk})
        except NoReverseMatch:
            continue
        out.append({"key": tab.key, "label": tab.label, "url": url})
    return out
