"""Talenta settings, read from the environment (twelve-factor).

Defaults are safe for production: DEBUG is off, cookies are secure and HTTPS is enforced unless the
environment says otherwise. `make run` sets DEBUG=false HTTPS=false for a local demo over plain HTTP.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("TALENTA_HOME", BASE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("TALENTA_VAR", PROJECT_DIR / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept in var/secret_key (created once)."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
HTTPS = env_bool("HTTPS", not DEBUG)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "talenta.core",
    "talenta.people",
    "talenta.accounts",
    "talenta.siasn",
    "talenta.profiling",
    "talenta.talent",
    "talenta.placement",
    "talenta.merit",
    "talenta.directory",
    "talenta.dashboard",
    "talenta.region",
    "talenta.demo",
    "talenta.api",
    "talenta.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "talenta.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "talenta.core.middleware.HtmxVaryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "talenta.urls"
WSGI_APPLICATION = "talenta.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `user|can:"action"` in every template: buttons ask the policy table, never a role.
            "builtins": ["talenta.accounts.templatetags.access"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "talenta.dashboard.tasks.tasks_context",
                "talenta.accounts.notifications.context",
            ],
        },
    },
]

# sqlite:////abs/path.sqlite3 or postgres://user@host:5432/name
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'talenta.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a background task writes. The connection is kept per thread like
    # PostgreSQL's (DB_CONN_MAX_AGE): opening one runs these pragmas, which cost a web request on SQLite
    # more than the rest of a small page did (docs/performance.md, "Under load").
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock an account+IP after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The lock-out answer is our login page saying so (429), in the user's language.
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The project-wide files (app.css, app.js, vendor/) live beside the apps, not inside one.
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": "talenta.core.storage.StaticStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", False)
WHITENOISE_AUTOREFRESH = DEBUG

# Security: safe unless the environment relaxes it for plain-HTTP local use.
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: our own static files only, no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# The cache carries live progress of background jobs between the worker and the web server.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    )
}

# Background jobs (imports, demo generation, mapping runs): django-tasks, database backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Talenta's own settings.
TALENTA_REFERENCE_DIR = BASE_DIR / "core" / "referensi"
# Candidate pools kept between processes (placement.selectors, issue 17): one file per instansi and date.
TALENTA_POOL_DIR = Path(os.environ.get("TALENTA_POOL_DIR", VAR_DIR / "pool")).resolve()
# SIASN export files (VAR_DIR/siasn-exports/) are deleted by the next export after this many days.
SIASN_EXPORT_KEEP_DAYS = int(os.environ.get("SIASN_EXPORT_KEEP_DAYS", "7"))
# Merit self-assessment evidence files (VAR_DIR/merit/<instansi>/): the largest upload accepted, in MB.
MERIT_EVIDENCE_MAX_BYTES = int(os.environ.get("MERIT_EVIDENCE_MAX_MB", "10")) * 1024 * 1024

# ---------------------------------------------------------------------------------------------------------
# Production (issue #16): replicas, a pooler, request ids, JSON logs, metrics. Kept in one block.
# ---------------------------------------------------------------------------------------------------------
for _db in DATABASES.values():
    if _db["ENGINE"] == "django.db.backends.postgresql":
        # Persistent connections are checked before reuse, so a restarted server or pooler costs no error.
        _db["CONN_HEALTH_CHECKS"] = True
        if env_bool("DB_POOLER", False):
            # PgBouncer in transaction mode: a transaction may land on another server connection, so no
            # server-side cursors (they live across transactions) and no prepared statements (per connection).
            _db["DISABLE_SERVER_SIDE_CURSORS"] = True
            _db.setdefault("OPTIONS", {})["prepare_threshold"] = None
# Heavy reads (reports, exports, dashboards, candidate pools, nine-box) from a streaming replica.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
        ),
        "CONN_HEALTH_CHECKS": True,
        # Tests: the replica shows the primary's test database (same name); it is never created or flushed.
        "TEST": {"MIRROR": "default"},
    }
    if env_bool("DB_POOLER", False):
        DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["replica"].setdefault("OPTIONS", {})["prepare_threshold"] = None
    DATABASE_ROUTERS = ["talenta.ops.routing.ReplicaRouter"]
# Sessions are read from the cache (Redis with REDIS_URL, shared by several web servers; else the file cache
# the processes of one server share) and written through to the database, so losing the cache logs nobody
# out. Read from PostgreSQL, a session cost a page 0.7 ms of the web process's CPU; from the cache, 0.08 ms.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The Beranda figures are kept this long per scope (seconds; 0 computes them on every request).
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "60"))
# A browser that just wrote reads from the primary this long (seconds): longer than the replica's usual lag.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "5"))
MIDDLEWARE = [
    "talenta.ops.middleware.RequestMiddleware",
    "talenta.ops.routing.ReplicaMiddleware",
    *MIDDLEWARE,
]
# /metrics: from these addresses, or with `Authorization: Bearer $METRICS_TOKEN`.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1/32,::1/128")
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# Logs: one JSON object a line with the request id (LOG_FORMAT=text for a terminal).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "talenta.ops.logging.RequestIdFilter"},
        "refusal": {"()": "talenta.ops.logging.RefusalWithoutTraceback"},
    },
    "formatters": {
        "json": {"()": "talenta.ops.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "refusal"],
            "formatter": "text" if os.environ.get("LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # One line per request (method, route, status, ms, user, request id): ACCESS_LOG=false turns it off.
    "loggers": {"talenta.request": {"level": "INFO" if env_bool("ACCESS_LOG", True) else "WARNING"}},
}
# Hardening (issue #14): caps on uploads, so one file cannot exhaust the server (core/uploads.py).
_MB = 1024 * 1024
UPLOAD_MAX_REQUEST_BYTES = int(os.environ.get("UPLOAD_MAX_REQUEST_MB", "200")) * _MB  # a whole request: 413
UPLOAD_MAX_FILE_BYTES = int(os.environ.get("UPLOAD_MAX_FILE_MB", "100")) * _MB  # one uploaded file
UPLOAD_MAX_LIST_BYTES = int(os.environ.get("UPLOAD_MAX_LIST_MB", "5")) * _MB  # a NIP list or constraints CSV
UPLOAD_MAX_UNZIPPED_BYTES = (
    int(os.environ.get("UPLOAD_MAX_UNZIPPED_MB", "500")) * _MB
)  # a zip or xlsx, expanded
UPLOAD_MAX_ZIP_ENTRIES = int(os.environ.get("UPLOAD_MAX_ZIP_ENTRIES", "200"))
UPLOAD_MAX_ZIP_RATIO = int(os.environ.get("UPLOAD_MAX_ZIP_RATIO", "100"))  # expanded / compressed, per entry
UPLOAD_MAX_XLSX_STRINGS = int(os.environ.get("UPLOAD_MAX_XLSX_STRINGS", "1000000"))  # shared strings
UPLOAD_MAX_ROWS = int(os.environ.get("UPLOAD_MAX_ROWS", "500000"))  # rows (records) of one file
UPLOAD_MAX_VALUE_CHARS = int(os.environ.get("UPLOAD_MAX_VALUE_CHARS", "10000"))  # one cell or JSON value
UPLOAD_MAX_RECORD_BYTES = int(os.environ.get("UPLOAD_MAX_RECORD_KB", "1024")) * 1024  # one JSON record
# Django's own: form fields of a request (not files) and the number of fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * _MB
# Uploaded SIASN files (NIK, addresses, phones) are deleted after this many days, like the exports.
SIASN_UPLOAD_KEEP_DAYS = int(os.environ.get("SIASN_UPLOAD_KEEP_DAYS", "7"))
# Background jobs: a job running longer is failed (its worker died or it hangs); one user's queue.
JOB_TIMEOUT_MINUTES = int(os.environ.get("JOB_TIMEOUT_MINUTES", "60"))
JOB_MAX_ACTIVE_PER_USER = int(os.environ.get("JOB_MAX_ACTIVE_PER_USER", "2"))
# The body cap runs before anything reads the body; no-store and Permissions-Policy on every answer.
MIDDLEWARE.insert(0, "talenta.core.hardening.RequestSizeMiddleware")
MIDDLEWARE.append("talenta.core.hardening.PrivateResponseMiddleware")
# The audit chain's HMAC key and its anchors live outside the database (and outside its backup):
# AUDIT_KEY from the environment (a secret store), else a file created once under var/audit/.
AUDIT_KEY = os.environ.get("AUDIT_KEY", "")
AUDIT_KEY_FILE = Path(os.environ.get("AUDIT_KEY_FILE", VAR_DIR / "audit" / "key"))
AUDIT_ANCHOR_FILE = Path(os.environ.get("AUDIT_ANCHOR_FILE", VAR_DIR / "audit" / "anchors.jsonl"))
# Accounts (ASVS L2): API tokens always expire; an idle session ends.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "talenta.accounts.session.SessionGuardMiddleware"
)
# Two-factor authentication (TOTP, django-otp): required for these roles, optional for the others.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", "admin,pimpinan")
OTP_TOTP_ISSUER = "Talenta"
