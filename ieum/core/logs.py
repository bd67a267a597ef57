"""Logs: one JSON object a line for the log collector, and the audit trail of service calls.

`audit(...)` writes who did what to which object to the `ieum.audit` logger, with ids only:
no names, e-mail addresses or free text, so the log holds no personal data beyond ids.
`@service` wraps a service so that every call is logged at its boundary, with its outcome
(done, refused with the refused fields, or failed) and its duration.
"""

import functools
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

audit_logger = logging.getLogger("ieum.audit")

# Keyword arguments that name the person acting, in the services' own words.
_ACTOR_KEYWORDS = ("actor", "by", "user", "created_by", "requested_by", "staff", "member", "buyer")
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line: time, level, logger, message and any structured fields
    passed with `extra=`."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def object_ref(obj: Any) -> str | None:
    """'mall.order:55' for a model instance; None for anything else."""
    meta = getattr(obj, "_meta", None)
    if meta is None or getattr(obj, "pk", None) is None:
        return None
    return f"{meta.app_label}.{meta.model_name}:{obj.pk}"


def _actor_id(kwargs: dict[str, Any]) -> int | None:
    for key in _ACTOR_KEYWORDS:
        person = kwargs.get(key)
        if person is not None and getattr(person, "is_authenticated", False):
            return person.pk
    return None


def audit(action: str, *, actor: Any = None, obj: Any = None, **fields: Any) -> None:
    """Record that `actor` did `action` to `obj` (ids only)."""
    audit_logger.info(
        "%s %s",
        action,
        object_ref(obj) or "",
        extra={
            "action": action,
            "actor": getattr(actor, "pk", actor),
            "object": object_ref(obj),
            **fields,
        },
    )


def service(function: Callable) -> Callable:
    """Log each call of a service at its boundary: the service's name, the acting user's id,
    the objects it was given and returned (as app.model:id), the outcome and the time taken."""
    name = f"{function.__module__.split('.')[1]}.{function.__name__}"

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        fields: dict[str, Any] = {"action": name, "actor": _actor_id(kwargs)}
        targets = [ref for value in kwargs.values() if (ref := object_ref(value))]
        if targets:
            fields["objects"] = targets
        try:
            result = function(*args, **kwargs)
        except ValidationError as exc:
            refused = sorted(exc.message_dict) if hasattr(exc, "error_dict") else []
            audit_logger.info(
                "%s refused",
                name,
                extra={**fields, "outcome": "refused", "fields": refused, **_ms(started)},
            )
            raise
        except PermissionDenied:
            audit_logger.warning(
                "%s denied", name, extra={**fields, "outcome": "denied", **_ms(started)}
            )
            raise
        except Exception:
            audit_logger.exception(
                "%s failed", name, extra={**fields, "outcome": "failed", **_ms(started)}
            )
            raise
        fields["object"] = object_ref(result[0] if isinstance(result, tuple) and result else result)
        audit_logger.info("%s done", name, extra={**fields, "outcome": "done", **_ms(started)})
        return result

    return wrapper


def _ms(started: float) -> dict[str, float]:
    return {"ms": round((time.perf_counter() - started) * 1000, 1)}
