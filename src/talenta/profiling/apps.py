from django.apps import AppConfig


class ProfilingConfig(AppConfig):
    name = "talenta.profiling"
    label = "profiling"
