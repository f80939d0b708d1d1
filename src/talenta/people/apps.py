from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "talenta.people"
    label = "people"
