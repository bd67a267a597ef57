"""Background work of accounts: sending the notification e-mail written by `notify`."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Notification

logger = logging.getLogger(__name__)


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
