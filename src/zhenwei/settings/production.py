"""Production: HTTPS only, secure cookies, HSTS; refuses to start without a real secret key and hosts."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY
from .env import env_bool, env_int

DEBUG = False
ENV = "production"
if SECRET_KEY.startswith("zhenwei-insecure") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("ZHENWEI_SECRET_KEY must be set to a random value of at least 50 characters")
if not ALLOWED_HOSTS or ALLOWED_HOSTS == ["127.0.0.1", "localhost", "[::1]", "testserver"]:
    raise ImproperlyConfigured("ZHENWEI_ALLOWED_HOSTS must name the public host names")

SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
