"""Tests: the same database choice as everywhere (SQLite unless DATABASE_URL), fast hashing."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One test process: a local-memory cache unless the test names Redis (the multi-process test).
if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AXES_FAILURE_LIMIT = 5

# A file-backed SQLite test database, so background threads and the live server share it;
# one per process, so two test runs on one machine never share (pytest-django removes it).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405

# Threads (the live server's requests, import workers) must not keep connections past their
# work, or PostgreSQL refuses to drop the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Tests read the audit log with caplog where they need it.
LOGGING["loggers"]["ieum.audit"]["level"] = os.environ.get("AUDIT_LOG_LEVEL", "WARNING")  # noqa: F405
