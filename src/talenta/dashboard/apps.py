from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The home page (Beranda) and the progress fragment of background jobs: they read every app."""

    name = "talenta.dashboard"
    label = "dashboard"
