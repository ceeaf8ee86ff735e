"""Navigation and platform facts for every template."""

from django.conf import settings

from .access import user_scope
from .navigation import navigation


def platform(request):
    user = getattr(request, "user", None)
    staff = bool(user and user.is_authenticated)
    groups = navigation(user, request.path) if staff else []
    return {
        "hotlines": settings.HOTLINES,
        "nav_groups": groups,
        # The flat list (every link once, in sidebar order), kept for templates that still read it.
        "nav_items": [item for group in groups for item in group["items"]],
        "scope": user_scope(user) if staff else None,
    }
