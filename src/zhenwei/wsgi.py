"""WSGI entry point: Django, with the public product check on a lean handler (zhenwei.front)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings")

from zhenwei.front import get_application  # noqa: E402 - the settings module must be set first

application = get_application()
