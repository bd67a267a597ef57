"""E-mail notifications: the kinds people can turn off, and `notify`, which services call.

Each app declares the kinds it sends in its own `notifications.py` (`register_kind`); they are
discovered for 내 계정's preferences; core declares the one it sends itself, below. A service
tells the people concerned with `notify(...)` inside its own transaction:

- the subject and body are rendered at once, in each recipient's language (Korean unless
  they chose English), so the worker needs no request, no context and no translation;
- people who turned the kind off, have no e-mail address or are inactive are skipped, and so
  is the person who acted (nobody is told of their own step);
- one `Notification` row per recipient is written, and one `send_notification` job queued
  for it after the transaction commits (`enqueue_on_commit`): a rolled-back transaction
  leaves neither row nor job, so nothing is sent for an event that did not happen.

The job sends on the locked row and records `sent_at` in the same transaction; a job run
again for a row already sent does nothing (`send_notification`, below).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext, gettext_noop
from django_tasks import task

from .choices import Language, Role
from .models import Notification, NotificationOptOut
from .tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

SUBJECT_MAX = 200


@dataclass(frozen=True)
class NotificationKind:
    """A kind of e-mail a person may turn off. `label` and `audience` are Korean msgids
    (gettext_noop), translated where they are shown; `roles` are the roles that receive it,
    whose 내 계정 lists it."""

    key: str
    label: str
    audience: str
    roles: frozenset[str]

    def __str__(self) -> str:
        return self.key


_kinds: dict[str, NotificationKind] = {}


def register_kind(key: str, *, label: str, audience: str, roles: Iterable[str]) -> NotificationKind:
    """Declare a kind (in an app's notifications.py); `key` is stored in the outbox and in
    people's preferences, so it never changes."""
    if len(key) > 50:
        raise ValueError(f"notification kind {key!r}: at most 50 characters")
    kind = NotificationKind(key=key, label=label, audience=audience, roles=frozenset(roles))
    _kinds[key] = kind
    return kind


def kinds() -> list[NotificationKind]:
    """Every kind, from every app, in the order they were declared."""
    autodiscover_modules("notifications")
    return list(_kinds.values())


def kinds_for(user: AbstractUser) -> list[NotificationKind]:
    """The kinds that `user`'s role receives (administrators: the staff's too)."""
    roles = {user.role, Role.STAFF} if user.role == Role.ADMIN else {user.role}
    return [kind for kind in kinds() if kind.roles & roles]


def disabled_kinds(user: AbstractUser) -> set[str]:
    return set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))


# The kind core sends itself: an import job has ended (ieum.core.imports). Its key is the one
# it was declared with in enterprises, before import jobs moved to core: keys never change.
IMPORT_FINISHED = register_kind(
    "enterprises.import_finished",
    label=gettext_noop("파일 가져오기 완료 (기업 등록부, 상품 올리기)"),
    audience=gettext_noop("파일을 올린 사람"),
    roles=[Role.STAFF, Role.ENTERPRISE],
)


# Recipients


def enterprise_members(enterprise_id: int | None) -> QuerySet:
    """The active member accounts of an enterprise (a vendor, a booker's or an applicant's)."""
    return (
        get_user_model()
        .objects.filter(enterprise_id=enterprise_id, role=Role.ENTERPRISE, is_active=True)
        .order_by("pk")
    )


def absolute_url(url: str) -> str:
    """The address a link in an e-mail points to (settings.SITE_URL + the path)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


# Sending


def _render(
    recipient: AbstractUser,
    *,
    subject: str,
    body: str | None,
    template: str | None,
    context: Mapping[str, Any],
    url: str,
) -> tuple[str, str]:
    """Subject and body in the active language. `subject` and `body` are Korean msgids
    (gettext_noop or lazy) with %(name)s placeholders from `context`; `template` a text
    template rendered with `context`."""
    subject_text = gettext(str(subject)) % context
    subject_text = " ".join(subject_text.split())  # no line break may reach a mail header
    prefix = "[" + gettext("이음") + "] "
    subject_text = (prefix + subject_text)[:SUBJECT_MAX]
    if template is not None:
        message = render_to_string(template, {**context, "recipient": recipient}).strip()
    else:
        message = (gettext(str(body)) % context).strip()
    body_text = render_to_string(
        "email/notification.txt",
        {
            "recipient": recipient,
            "message": message,
            "link": absolute_url(url),
            "preferences_link": absolute_url(reverse("accounts:account")) + "#notifications",
        },
    )
    return subject_text, body_text.strip() + "\n"


def notify(
    *,
    kind: NotificationKind | str,
    recipients: Iterable[AbstractUser],
    subject: str,
    body: str | None = None,
    template: str | None = None,
    context: Mapping[str, Any] | None = None,
    url: str = "",
    actor: AbstractUser | None = None,
) -> list[Notification]:
    """Tell `recipients` of an event, by e-mail sent after the caller's transaction commits.

    Call it from the service that made the change, inside its transaction. Give `body` (a
    Korean msgid) or `template`; `url` is the page the person should open (a path: the e-mail
    holds SITE_URL + url). `actor`, the person who acted, is never told of their own step.
    Returns the rows written."""
    if (body is None) == (template is None):
        raise ValueError("notify: give either body or template")
    key = str(kind)
    if key not in _kinds and key not in {known.key for known in kinds()}:
        raise ValueError(f"unknown notification kind {key!r}: register it with register_kind")
    context = dict(context or {})
    people: dict[int, AbstractUser] = {}
    for user in recipients:
        if user is None or user.pk in people:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        if not user.is_active or not user.email:
            continue
        people[user.pk] = user
    if not people:
        return []
    off = set(
        NotificationOptOut.objects.filter(user_id__in=people, kind=key).values_list(
            "user_id", flat=True
        )
    )
    rows = []
    for user in people.values():
        if user.pk in off:
            continue
        language = user.language if user.language in Language.values else Language.KOREAN
        with translation.override(language):
            subject_text, body_text = _render(
                user, subject=subject, body=body, template=template, context=context, url=url
            )
        rows.append(
            Notification(
                recipient=user,
                kind=key,
                email=user.email,
                language=language,
                subject=subject_text,
                body=body_text,
                url=url[:500],
            )
        )
    for row in rows:
        row.save()
        enqueue_on_commit(send_notification, row.pk)
    return rows


# Sending (the worker)


class NotificationNotSent(Exception):
    """The mail server refused or could not be reached; the job fails and may be retried."""


@task()
def send_notification(notification_id: int) -> str:
    """알림 메일 발송"""
    with transaction.atomic():
        # The lock makes a second run of this job (a retry, a worker thought lost) wait for
        # the first and then see sent_at: the mail goes out once.
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None:
            return "gone"  # the recipient was deleted
        if notification.sent_at is not None:
            return "already sent"
        body = notification.body
        try:
            send_mail(
                notification.subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [notification.email],
            )
        except Exception as exc:  # noqa: BLE001 - any failure of the mail server is recorded
            failure = type(exc).__name__
            error = f"{failure}: {exc}"
        else:
            notification.sent_at = timezone.now()
            notification.error = ""
            notification.save(update_fields=["sent_at", "error", "updated_at"])
            logger.info(
                "notification %s sent", notification.pk,
                extra={"notification": notification.pk, "kind": notification.kind},
            )  # fmt: skip
            return "sent"
    # Recorded outside the transaction above, which is over: the row stays unsent, the job
    # fails (visible to staff, who can retry it).
    Notification.objects.filter(pk=notification_id).update(error=error[:2000])
    # The log names the failure only: the server's message may hold the address.
    logger.warning(
        "notification %s not sent: %s", notification_id, failure,
        extra={"notification": notification_id},
    )  # fmt: skip
    raise NotificationNotSent(error)
