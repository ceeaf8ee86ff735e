"""Test settings: same database choice as local (ZHENWEI_DATABASE_URL selects PostgreSQL), fast hashing."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, KEYS_DIR, VAR_DIR
from .env import env_str

# Under pytest-xdist (`make test` runs two workers) each worker keeps its own key files and counter
# file, so two workers never create the same key or count in the same window; the font cache in
# VAR_DIR/fonts stays shared (written atomically). pytest-django gives each worker its own test database.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER:
    KEYS_DIR = KEYS_DIR / f"test-{_XDIST_WORKER}"
    MEDIA_ROOT = VAR_DIR / f"media-test-{_XDIST_WORKER}"
_COUNTER_FILE = f"ratelimit-test-{_XDIST_WORKER}.sqlite3" if _XDIST_WORKER else "ratelimit.sqlite3"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhenwei-test"},
    # A production store without Redis (RATELIMIT_STORE=database): counters live in the test database
    # and are rolled back with each test. security/tests/test_shared_rate_limit.py tests both stores.
    "ratelimit": (
        {"BACKEND": "zhenwei.security.cache.FileCounterCache", "LOCATION": str(VAR_DIR / _COUNTER_FILE)}
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
    # In memory, its tables made from the models and then brought to what the migrations leave
    # (zhenwei.core.tests.testdb, called by conftest.django_db_setup): 15 s less in every test process.
    # PostgreSQL runs every migration; tests/test_migrations_match_models.py compares the two ways.
    DATABASES["default"]["TEST"] = {"NAME": "", "MIGRATE": env_str("TEST_MIGRATE") == "1"}
