from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Login throttling, two-factor enforcement and deployment checks for the whole platform."""

    name = "zhenwei.security"
    label = "security"
    verbose_name = _("安全")

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers the system checks and receivers)
