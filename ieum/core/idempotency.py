"""Idempotent creates: a client that retries a create after losing the response gets the first
result back instead of a second order, quote request, booking or application.

The key comes from the API's `Idempotency-Key` header or from a page form's hidden token (made
when the form is rendered, `{% idempotency_field %}`); the view passes it to the service as
`idempotency_key=`, and the service wraps its create in `once(...)`:

    return once(
        user=user, scope="mall.order", key=idempotency_key, request={...what was asked...},
        create=lambda: _place(...), ids=lambda orders: [o.pk for o in orders],
        replay=lambda ids: list(Order.objects.filter(pk__in=ids).order_by("pk")),
    )

The key's row (`core.IdempotencyKey`, unique per user, scope and key) is written in the
service's own transaction, before the create: a second request with the same key waits on the
database for the first to commit and then returns its result; a create that fails rolls the key
back with it, so the retry of a refused request is tried afresh. The same key with a different
request is refused (422 on the API), as is a key that is not 1–255 printable ASCII characters.
A key is remembered for `WINDOW` (24 hours); an older one counts as unused and the hourly chore
deletes it.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
FORM_FIELD = "idempotency_key"
WINDOW = dt.timedelta(hours=24)
MAX_LENGTH = 255

T = TypeVar("T")

# The API's header parameter: `idempotency_key: KeyHeader = None` on a create endpoint.
KeyHeader = Annotated[
    str | None,
    Header(
        alias=HEADER,
        description=(
            "다시 보내도 한 번만 만들어지게 하는 키 (영문·숫자·기호 255자 이하, 예: UUID). "
            "같은 사용자가 24시간 안에 같은 키로 같은 요청을 다시 보내면 처음 만든 결과를 "
            "돌려주고, 다른 내용으로 보내면 422로 거절합니다."
        ),
    ),
]


def clean_key(key: str | None) -> str:
    """The key as given, or "" for none; a key of the wrong shape is refused."""
    key = (key or "").strip()
    if key and (len(key) > MAX_LENGTH or not key.isascii() or not key.isprintable()):
        raise ValidationError(
            {
                FORM_FIELD: _("Idempotency-Key는 %(max)s자 이하의 영문, 숫자, 기호로 보내 주세요.")
                % {"max": MAX_LENGTH}
            }
        )
    return key


def fingerprint(request: Mapping[str, Any]) -> str:
    """SHA-256 of the request's content in a canonical form (keys sorted)."""
    text = json.dumps(request, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def once(
    *,
    user,
    scope: str,
    key: str | None,
    request: Mapping[str, Any],
    create: Callable[[], T],
    ids: Callable[[T], list[int]],
    replay: Callable[[list[int]], T],
) -> T:
    """Run `create` once per (user, scope, key) within `WINDOW`; a repeat returns
    `replay(ids of the first result)`. Without a key, `create` simply runs."""
    key = clean_key(key)
    if not key:
        return create()
    printed = fingerprint(request)
    with transaction.atomic():
        now = timezone.now()
        # INSERT … ON CONFLICT DO NOTHING (SQLite: INSERT OR IGNORE) waits for a concurrent
        # request holding the same key to commit or roll back, then does nothing or inserts.
        IdempotencyKey.objects.bulk_create(
            [IdempotencyKey(user=user, scope=scope, key=key, fingerprint=printed, created_at=now)],
            ignore_conflicts=True,
        )
        record = IdempotencyKey.objects.select_for_update().get(user=user, scope=scope, key=key)
        # Every committed row has its result; only the row this transaction inserted has none.
        if record.result is not None and record.created_at < now - WINDOW:
            record.fingerprint, record.created_at, record.result = printed, now, None
            record.save(update_fields=["fingerprint", "created_at", "result"])
        if record.result is not None:
            if record.fingerprint != printed:
                raise ValidationError(
                    {
                        FORM_FIELD: _(
                            "이 Idempotency-Key는 다른 내용의 요청에 이미 쓰였습니다. "
                            "새 요청에는 새 키를 보내 주세요."
                        )
                    }
                )
            return _replayed(replay, record.result.get("ids", []))
        result = create()
        record.result = {"ids": ids(result)}
        record.save(update_fields=["result"])
        return result


def _replayed(replay: Callable[[list[int]], T], first: list[int]) -> T:
    """`replay` returns None (or fewer rows) when the first result was deleted since."""
    result = replay(first)
    if result is None or (isinstance(result, list) and len(result) != len(first)):
        raise ValidationError(
            {
                FORM_FIELD: _(
                    "이 키로 만든 이전 결과를 찾을 수 없습니다. 새 키로 다시 요청해 주세요."
                )
            }
        )
    return result


def purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the keys older than `WINDOW`; returns how many."""
    cutoff = (now or timezone.now()) - WINDOW
    deleted, _counts = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
