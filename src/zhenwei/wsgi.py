"""WSGI entry point (settings.WSGI_APPLICATION). The public product check's short middleware chain is
ordinary middleware (zhenwei.verify.middleware.PublicCheckMiddleware)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings")

application = get_wsgi_application()
