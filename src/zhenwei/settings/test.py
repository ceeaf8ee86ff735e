"""Test settings: same database choice as local (ZHENWEI_DATABASE_URL selects PostgreSQL), fast hashing."""

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR
from .env import env_str

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhenwei-test"},
    # A production store without Redis (RATELIMIT_STORE=database): counters live in the test database
    # and are rolled back with each test. security/tests/test_shared_rate_limit.py tests both stores.
    "ratelimit": (
        {"BACKEND": "zhenwei.security.cache.FileCounterCache", "LOCATION": str(VAR_DIR / "ratelimit.sqlite3")}
        if env_str("RATELIMIT_STORE") == "file"
        else {"BACKEND": "zhenwei.security.cache.DatabaseCounterCache"}
    ),
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
VERIFY_RATE_LIMIT = "0"
AUDIT_KEY = "zhenwei-test-audit-key-not-secret"  # no key file under var/keys from tests
SCAN_LOG_FLUSH_MS = 0  # every scan written in the request (tests of the batch writer override it)
ENV = "test"
# Tests log in with client.force_login / force_authenticate, which neither passes a request to
# authenticate() (django-axes needs one) nor verifies a one-time code: both protections are off
# here and switched on with override_settings in zhenwei/security/tests and tests/.
AXES_ENABLED = False
OTP_REQUIRED = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory test database
