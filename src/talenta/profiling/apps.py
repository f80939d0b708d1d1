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

        # An assessment saved or removed one by one marks its person changed (the candidate pool reads it).
        from django.db.models.signals import post_delete, post_save

        from talenta.people.services import mark_changed
        from talenta.profiling.models import Assessment

        def assessment(sender, instance, **kwargs) -> None:
            mark_changed(instansi_id=None, employee_ids=[instance.employee_id])

        post_save.connect(assessment, sender=Assessment, dispatch_uid="mark-assessment-saved", weak=False)
        post_delete.connect(assessment, sender=Assessment, dispatch_uid="mark-assessment-removed", weak=False)
