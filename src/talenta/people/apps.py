from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "talenta.people"
    label = "people"

    def ready(self) -> None:
        from talenta.core.display import register_labels
        from talenta.people.rules.jabatan import LEVEL_LABELS

        register_labels(LEVEL_LABELS)
