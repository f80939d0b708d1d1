from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilingConfig(AppConfig):
    name = "talenta.profiling"
    label = "profiling"

    def ready(self) -> None:
        # The profile's "Competency / assessment" tab (people.tabs is the extension point).
        from talenta.people.tabs import PROFILE_TABS, ProfileTab
        from talenta.profiling import scopes  # noqa: F401  (registers the tenant boundary of its rows)

        if not any(t.key == "assessments" for t in PROFILE_TABS):
            PROFILE_TABS.append(
                ProfileTab("assessments", _("Competency / assessment"), "profiling:employee-assessments", 10)
            )
        if not any(t.key == "competency-radar" for t in PROFILE_TABS):
            PROFILE_TABS.append(
                ProfileTab("competency-radar", _("Competency radar"), "profiling:employee-competency", 11)
            )
        # The employee list's "profiled" filter (people.selectors.EMPLOYEE_FILTERS is the extension point).
        from talenta.people.selectors import EMPLOYEE_FILTERS
        from talenta.profiling.selectors import with_valid_assessment

        EMPLOYEE_FILTERS["profiled"] = with_valid_assessment
