"""Settings shared by every environment. Everything that differs between machines comes from ZHENWEI_*."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# A source checkout keeps its data in ./var beside src/; an installed package uses the working directory.
_repo_root = PACKAGE_DIR.parent.parent if PACKAGE_DIR.parent.name == "src" else Path.cwd()
VAR_DIR = Path(env_str("VAR_DIR") or _repo_root / "var").resolve()

ENV = "local"  # overridden by production.py and test.py
SECRET_KEY = env_str("SECRET_KEY") or "zhenwei-insecure-local-key-change-me-in-production"
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Only these peers' X-Forwarded-For is believed (IP addresses or CIDR networks).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# Order matters for demo loading: an app's demo may use the records of the apps before it.
ZHENWEI_APPS = [
    "zhenwei.core",
    "zhenwei.catalog",
    "zhenwei.registry",
    "zhenwei.campaigns",
    "zhenwei.notifications",
    "zhenwei.verify",
    "zhenwei.cases",
    "zhenwei.inspections",
    "zhenwei.tips",
    "zhenwei.webwatch",
    "zhenwei.credit",
    "zhenwei.joint",
    "zhenwei.market",
    "zhenwei.reports",
    "zhenwei.portal",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # single-use recovery codes (zhenwei.security.services)
    "axes",
    *ZHENWEI_APPS,
    "zhenwei.security",
    "zhenwei.demo",  # the demo data and its `zhenwei demo` command; no models, no urls
]

MIDDLEWARE = [
    "zhenwei.security.middleware.QueueTimeShedMiddleware",
    "zhenwei.core.middleware.RequestIdMiddleware",
    "zhenwei.core.middleware.RefuseNulMiddleware",
    "zhenwei.security.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zhenwei.security.middleware.ContentSecurityPolicyMiddleware",
    # Anonymous GETs of the public product check leave here for PUBLIC_CHECK_MIDDLEWARE (below).
    "zhenwei.verify.middleware.PublicCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zhenwei.security.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # One view_pii audit row per answer that showed personal data whole (zhenwei.core.masking).
    "zhenwei.core.masking.PiiDisclosureMiddleware",
    # Last, as django-axes asks: turns a lockout flagged during authenticate() into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses locked-out credentials before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "zhenwei.urls"
WSGI_APPLICATION = "zhenwei.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhenwei.core.context_processors.platform",
                "zhenwei.security.context_processors.csp_nonce",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'zhenwei.sqlite3'}"
# No per-request "SELECT 1" health check (a round trip on every request): a connection that broke
# (database restarted) fails one request with 503 and Django closes it; the next one reconnects.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=60, conn_health_checks=env_bool("DB_HEALTH_CHECKS", False)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Persistent per-thread connections, as on PostgreSQL: opening one per request re-ran the
    # PRAGMAs below and emptied sqlite3's statement cache every time.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer commits; IMMEDIATE avoids lock-upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
# "ratelimit" holds the counters of the public rate limits: a store every worker process shares with
# an atomic increment, so that "60/m" means 60 however many workers run (zhenwei.security.cache).
# Redis when configured (exact across app servers). Without it, RATELIMIT_STORE=file (default): a
# SQLite file on this server's disk, no network round trip on the public hot path, exact per server;
# RATELIMIT_STORE=database: the project database, exact across servers, one round trip per request.
RATELIMIT_STORE = (env_str("RATELIMIT_STORE") or "file").strip().lower()
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zw-rl",
        },
    }
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    INSTALLED_APPS += ["django_rq"]
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhenwei"},
        "ratelimit": (
            {"BACKEND": "zhenwei.security.cache.DatabaseCounterCache"}
            if RATELIMIT_STORE == "database"
            else {
                "BACKEND": "zhenwei.security.cache.FileCounterCache",
                "LOCATION": str(VAR_DIR / "ratelimit.sqlite3"),
            }
        ),
    }
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Staff login throttling and lockout (django-axes, failures kept in the database so that every
# app server sees them). Three rules, each with its own limit (zhenwei.security.axes): one account
# from one network (LOGIN_FAILURE_LIMIT), one account from anywhere (LOGIN_ACCOUNT_FAILURE_LIMIT),
# one network for any account (LOGIN_NETWORK_FAILURE_LIMIT). "Network" is IPv4 /24 or IPv6 /48.
# The owner of a locked account is notified; administrators unlock with `zhenwei lockout unlock`.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 10)
LOGIN_NETWORK_FAILURE_LIMIT = env_int("LOGIN_NETWORK_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["username"], ["ip_address"]]
AXES_HANDLER = "zhenwei.security.axes.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "zhenwei.security.axes.client_ip"
AXES_LOCKOUT_CALLABLE = "zhenwei.security.views.lockout"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password"]

# Load shedding: requests that waited longer than this in front of Django (nginx's
# X-Request-Start, from a trusted proxy) are answered 503 at once. 0 turns it off.
MAX_QUEUE_MS = env_int("MAX_QUEUE_MS", 3000)

# Two-factor authentication (TOTP, django-otp) for administrators and personal-data roles.
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
# Users may enrol their authenticator themselves right after their first password login. Sites
# that issue devices in person set ZHENWEI_OTP_SELF_ENROL=false and use `zhenwei otp enrol USER`.
OTP_SELF_ENROL = env_bool("OTP_SELF_ENROL", True)
OTP_TOTP_ISSUER = "Zhenwei 真伪"
OTP_TOTP_THROTTLE_FACTOR = 1
# Recovery codes are throttled like authenticator codes: after n failures, wait 2^(n-1) seconds.
OTP_STATIC_THROTTLE_FACTOR = 1
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "zh-hans"
# Each language is named in its own language (not translated): a reader finds theirs in any interface.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# Evidence is never served from MEDIA_URL directly: downloads go through a view that checks access.
MEDIA_URL = "/media-not-served/"
KEYS_DIR = Path(env_str("KEYS_DIR") or VAR_DIR / "keys")
# The audit chain's HMAC key (issue 14). Empty: a random key in KEYS_DIR/audit-hmac.key (mode 0600),
# created at the first audit row. Either way it never enters the database, so a chain recomputed
# by someone who can write the database but not read this key fails `zhenwei audit verify`.
AUDIT_KEY = env_str("AUDIT_KEY")

MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No 'unsafe-inline' for scripts or styles: code lives in static files, and the few inline <script>
# or <style> elements that must stay carry the per-request nonce ({{ csp_nonce }}); the middleware
# (zhenwei.security.middleware.ContentSecurityPolicyMiddleware) puts a fresh one where "{nonce}" is.
# Inline event handlers, javascript: URLs and style="" attributes are therefore refused by browsers
# (docs/security.md, T8a; src/zhenwei/security/tests/test_csp.py walks every page for them).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'nonce-{nonce}'; "
    "script-src 'self' 'nonce-{nonce}'; connect-src 'self'; media-src 'self' blob:; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'; object-src 'none'"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # A valid API token first; otherwise the session, which counts only after its second
        # factor (docs/security.md, T6). No header exempts a session from that step.
        "rest_framework.authentication.TokenAuthentication",
        "zhenwei.security.authentication.TwoFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["zhenwei.core.filters.FilterBackend"],
    # JSON nesting bounded (core/api/parsers.py); OPTIONS answers on every route (core/api/metadata.py).
    "DEFAULT_PARSER_CLASSES": [
        "zhenwei.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_METADATA_CLASS": "zhenwei.core.api.metadata.Metadata",
    "DEFAULT_PAGINATION_CLASS": "zhenwei.core.api.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "zhenwei.security.api_errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zhenwei 真伪 API",
    "DESCRIPTION": "Ledgers, verification, inspections, cases, tips and campaign statistics.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "/favicon.ico",
    "REDOC_DIST": "SIDECAR",
    # Sections start collapsed: Swagger UI 5 virtualises the operation list once the open sections hold
    # 150 rows or more (ours: 24 sections, 200+ operations), and in Chromium the virtual list stopped
    # drawing after the first sections. Collapsed, it draws all 24 headings; a section opens on click
    # or by its link (deepLinking, e.g. /api/v1/docs/#/cases), and the filter box finds a tag.
    "SWAGGER_UI_SETTINGS": {"docExpansion": "none", "deepLinking": True, "filter": True},
    # Generating the whole schema at every `check --deploy` is slow and its warnings are code
    # quality, not deployment: fuzz/test_schemathesis.py builds and checks the schema instead.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # The schema and Swagger UI describe the API and hold no records: served without authenticating
    # anyone, so a session still owing its second factor can read them too.
    "SERVE_AUTHENTICATION": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zhenwei.core.api.routers.integer_path_ids",
    ],
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

EMAIL_BACKEND = env_str("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("EMAIL_FROM") or "zhenwei@localhost"

# The platform's public address (absolute links in e-mails, the official host for web watch) and the
# official verification address printed on product labels.
SITE_URL = env_str("SITE_URL") or "http://127.0.0.1:8000"
VERIFY_BASE_URL = env_str("VERIFY_BASE_URL") or SITE_URL
# SMS gateway class (dotted path); the default logs messages instead of sending them.
SMS_BACKEND = env_str("SMS_BACKEND")

# Public verification (issue: registry and trusted verification).
VERIFY_RATE_LIMIT = env_str("VERIFY_RATE_LIMIT") or "60/m"
# A signed QR payload dated more than this after the checker's clock is refused (issue 14).
VERIFY_QR_CLOCK_SKEW_SECONDS = env_int("VERIFY_QR_CLOCK_SKEW_SECONDS", 300)
CLONE_MAX_NETWORKS = env_int("CLONE_MAX_NETWORKS", 5)
CLONE_MAX_PREFECTURES = env_int("CLONE_MAX_PREFECTURES", 3)
CLONE_WINDOW_DAYS = env_int("CLONE_WINDOW_DAYS", 30)
# The scan log's batch writer (zhenwei.verify.scanlog): milliseconds between batch writes (0 writes in
# the request) and the most events held in memory while the database is away.
SCAN_LOG_FLUSH_MS = env_int("SCAN_LOG_FLUSH_MS", 200)
SCAN_LOG_MAX_PENDING = env_int("SCAN_LOG_MAX_PENDING", 200_000)
# Public tip form and receipt look-ups per client network ("N/s|m|h|d"; "0" turns a limit off).
TIPS_SUBMIT_RATE_LIMIT = env_str("TIPS_SUBMIT_RATE_LIMIT") or "5/h"
TIPS_STATUS_RATE_LIMIT = env_str("TIPS_STATUS_RATE_LIMIT") or "30/m"

# The public product check on its own short middleware chain (zhenwei.verify.middleware): after the
# middleware above PublicCheckMiddleware in MIDDLEWARE, only these, then the view of this URL conf.
# ZHENWEI_VERIFY_FRONT=0 sends it through the whole stack. DatabaseUnavailableMiddleware is listed
# again for its process_exception (a database outage in the lookup answers 503, not 500).
VERIFY_FRONT = env_bool("VERIFY_FRONT", True)
PUBLIC_CHECK_MIDDLEWARE = [
    "zhenwei.security.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
PUBLIC_CHECK_URLCONF = "zhenwei.verify.lean_urls"

# `zhenwei serve` defaults (its command-line options win).
SERVE_HOST = env_str("HOST") or "127.0.0.1"
SERVE_PORT = env_int("PORT", 8000)
SERVE_WORKERS = env_int("WORKERS", 2)
SERVE_THREADS = env_int("THREADS", 4)

HOTLINES = [
    ("12345", _("政务服务便民热线")),
    ("12350", _("安全生产举报投诉")),
    ("12315", _("市场监管投诉举报")),
    ("119", _("火警")),
    ("110", _("报警")),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "zhenwei.core.middleware.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes.apps": {"level": "WARNING"}},
}
