from django.apps import AppConfig


class RegionConfig(AppConfig):
    """Regional oversight (issue #18): the instansi of a region side by side, read-only."""

    name = "talenta.region"
    label = "region"
