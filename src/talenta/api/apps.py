from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "talenta.api"
    label = "api"
