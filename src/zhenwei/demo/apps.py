from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data, loaded through every app's services like a user would (``zhenwei demo load``).

    An app only for its management command: it has no models and nothing imports it."""

    name = "zhenwei.demo"
    label = "demo"
    verbose_name = "demo"
