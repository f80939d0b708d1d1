from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The ASN data screens (employees, units, posts, the profile page): the people app's data behind the
    access policy, which sits above it (accounts), so the screens sit on top with the dashboard."""

    name = "talenta.directory"
    label = "directory"
