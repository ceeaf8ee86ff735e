"""Navigation and platform facts for every template."""

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .access import user_scope


def _nav(user):
    scope = user_scope(user)
    items = []
    for app in settings.ZHENWEI_APPS:
        config = apps.get_app_config(app.rsplit(".", 1)[1])
        for label, url_name, capability in getattr(config, "nav_items", []):
            if capability and not scope.can(capability):
                continue
            try:
                items.append({"label": label, "url": reverse(url_name), "app": config.label})
            except NoReverseMatch:
                continue
    return items


def platform(request):
    user = getattr(request, "user", None)
    staff = bool(user and user.is_authenticated)
    return {
        "hotlines": settings.HOTLINES,
        "nav_items": _nav(user) if staff else [],
        "scope": user_scope(user) if staff else None,
    }
