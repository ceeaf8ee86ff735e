"""WSGI entry point: Django, with the public product check on a lean handler (zhenwei.front)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings")

from zhenwei.front import get_application  # noqa: E402 - the settings module must be set first

application = get_application()

# Exports: register the CJK font now (or build it in the background if the install skipped
# `zhenwei fonts prepare`) so that the first PDF of this process does not wait for it.
from zhenwei.core.fonts import warm_in_background  # noqa: E402

warm_in_background()
