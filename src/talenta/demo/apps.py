from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "talenta.demo"
    label = "demo"
