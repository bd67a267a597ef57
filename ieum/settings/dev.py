"""Development: the embedded SQLite default, a fixed development key, debug on."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"  # noqa: F405, S105

# The audit trail of every service call is for production's log collector; on a developer's
# console it would drown the rest (AUDIT_LOG_LEVEL=INFO shows it).
LOGGING["loggers"]["ieum.audit"]["level"] = os.environ.get("AUDIT_LOG_LEVEL", "WARNING")  # noqa: F405
