"""Settings shared by every environment; configuration comes from the environment only."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "ieum"
VAR_DIR = Path(os.environ.get("IEUM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "ieum.core",
    "ieum.organization",
    "ieum.enterprises",
    "ieum.accounts",
    "ieum.budget",
    "ieum.programs",
    "ieum.mall",
    "ieum.spaces",
    "ieum.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ieum.core.middleware.KoreanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "ieum.core.middleware.HostileInputMiddleware",
]

ROOT_URLCONF = "ieum.urls"
WSGI_APPLICATION = "ieum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ieum.core.context_processors.navigation",
            ],
            "builtins": ["ieum.core.templatetags.korean"],
        },
    },
]


def database_from_env() -> dict:
    """PostgreSQL when DATABASE_URL says so, otherwise SQLite under var/ (WAL, busy timeout)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
        config.setdefault("OPTIONS", {})
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "ieum.sqlite3")),
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:after-login"
LOGOUT_REDIRECT_URL = "organization:home"

# Lock-out after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The client's address behind the TLS proxy: X-Forwarded-For / X-Real-IP are believed only from
# these addresses or networks (comma-separated, e.g. "127.0.0.1,10.0.0.0/8"); from anyone else
# the connecting address counts. ieum.accounts.security.client_ip; README, production.
IEUM_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(proxy.strip(), strict=False))
    for proxy in os.environ.get("IEUM_TRUSTED_PROXIES", "").split(",")
    if proxy.strip()
]
AXES_CLIENT_IP_CALLABLE = "ieum.accounts.security.client_ip"
# Per username, across every address: after this many failures within the cool-off, each
# attempt waits 1, 2, 4 … seconds (at most the maximum) after the latest failure. A delay, not
# a lock, so no one can lock another person's account out.
LOGIN_DELAY_AFTER_FAILURES = int(os.environ.get("LOGIN_DELAY_AFTER_FAILURES", "5"))
LOGIN_DELAY_MAX_SECONDS = int(os.environ.get("LOGIN_DELAY_MAX_SECONDS", "60"))

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("한국어")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even before collectstatic
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Uploaded files. "default" is public (product photos, banners, room photos), served under
# MEDIA_URL; "private" (documents, evidence, uploaded imports) lives outside MEDIA_ROOT, under
# no URL, and reaches a person only through a permission-checked view (ieum.core.files).
# With S3_BUCKET set, both are S3-compatible object storage (django-storages).
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
PRIVATE_ROOT = VAR_DIR / "private"
# Set to nginx's internal location (say "/_private/") to let nginx send private files after
# ieum has checked the permission (X-Accel-Redirect); local disk only.
PRIVATE_FILES_ACCEL_REDIRECT = os.environ.get("PRIVATE_FILES_ACCEL_REDIRECT", "")


def storages_from_env(environ=os.environ) -> dict:
    """Local disk, or S3-compatible object storage when S3_BUCKET is set: public files in
    S3_BUCKET (readable by anyone), private ones in S3_PRIVATE_BUCKET (default: the same
    bucket, under private/, written with a private ACL and read only with signed requests)."""
    staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    bucket = environ.get("S3_BUCKET", "")
    if not bucket:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "ieum.core.files.PrivateFileSystemStorage",
                "OPTIONS": {"location": PRIVATE_ROOT},
            },
            "staticfiles": staticfiles,
        }
    connection = {
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "region_name": environ.get("S3_REGION") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY") or None,
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": bucket,
                "location": "media",
                "default_acl": "public-read",
                "querystring_auth": False,
                "custom_domain": environ.get("S3_CUSTOM_DOMAIN") or None,
            },
        },
        "private": {
            "BACKEND": "ieum.core.s3.PrivateS3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": environ.get("S3_PRIVATE_BUCKET") or bucket,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
            },
        },
        "staticfiles": staticfiles,
    }


STORAGES = storages_from_env()

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ieum@localhost")
# Where Django's file backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend)
# writes the mail, for a closed network with no relay yet.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# The address that links in e-mail start with (no request is at hand in the worker).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def cache_from_env() -> dict:
    """Redis when REDIS_URL is set; otherwise a table in the database, which every process on
    that database shares (a catalog write in one process is seen by a search in another).
    CACHE_BACKEND=locmem keeps a cache per process: only for one development or test process."""
    url = os.environ.get("REDIS_URL")
    if url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ieum"),
        }
    if os.environ.get("CACHE_BACKEND") == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "core_cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }


CACHES = {"default": cache_from_env()}

# Background work: Django's tasks framework (the django-tasks backport) with its database
# backend, so the queue is a table on the same database and several `ieum worker` processes on
# several machines share it (rows are claimed with SELECT … FOR UPDATE SKIP LOCKED).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A worker writes a heartbeat every WORKER_HEARTBEAT_SECONDS; a job whose worker has been
# silent for WORKER_LOST_SECONDS is retried (up to TASK_MAX_ATTEMPTS runs) or marked failed.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5"))
WORKER_LOST_SECONDS = float(os.environ.get("WORKER_LOST_SECONDS", "30"))
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "2"))

DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Spreadsheet imports (ieum.core.tabular.read_table; pages, commands and jobs alike): the file's
# size, the size an XLSX unpacks to, the compression ratio of any part above 1 MB, the data
# rows and the columns read. A file over any of them is refused, and the message states it.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(200 * 1024 * 1024)))
IMPORT_MAX_RATIO = int(os.environ.get("IMPORT_MAX_RATIO", "100"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "200"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Logs go to standard error: as text, or one JSON object a line (LOG_FORMAT=json, the
# production default) for the log collector. `ieum.audit` records who did what to which
# object at the service boundary (ids only, no personal data).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "ieum.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "ieum": {"level": os.environ.get("IEUM_LOG_LEVEL", "INFO")},
        "ieum.audit": {"level": os.environ.get("AUDIT_LOG_LEVEL", "INFO")},
        "django_tasks_db": {"level": "INFO"},
    },
}

# Error reporting: Sentry (or a compatible server such as GlitchTip on the closed network) when
# SENTRY_DSN is set. No personal data is sent.
if os.environ.get("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# Front-end packages come from the npm registry at set-up (make install) and are served by
# ieum itself: nothing is loaded from a CDN.
_HTMX_DIST = BASE_DIR / "node_modules" / "htmx.org" / "dist"
if _HTMX_DIST.is_dir():
    STATICFILES_DIRS.append(("vendor/htmx", _HTMX_DIST))
