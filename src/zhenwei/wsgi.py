"""WSGI entry point (settings.WSGI_APPLICATION). The public product check's short middleware chain is
ordinary middleware (zhenwei.verify.middleware.PublicCheckMiddleware)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings")

application = get_wsgi_application()

# Exports: register the CJK font now (or build it in the background if the install skipped
# `zhenwei fonts prepare`) so that the first PDF of this process does not wait for it.
from zhenwei.core.fonts import warm_in_background  # noqa: E402

warm_in_background()
