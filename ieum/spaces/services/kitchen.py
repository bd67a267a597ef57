"""Shared kitchen agreements (공유주방 협약): which enterprise may cook in which kitchen, for
how long, and until when its hygiene certificate holds. A kitchen booking needs an agreement in
force with a hygiene certificate that has not lapsed (selectors.kitchen.valid_agreement)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ieum.core.dates import format_short
from ieum.core.logs import service
from ieum.core.notifications import enterprise_members, notify
from ieum.core.permissions import require_permission
from ieum.enterprises.services import support_record_add

from ..choices import RoomKind
from ..models import KitchenAgreement, Room
from ..notifications import HYGIENE_EXPIRING
from ..selectors.kitchen import expiring_agreements

CERTIFICATE_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")
CERTIFICATE_MAX_BYTES = 10 * 1024 * 1024


def _certificate(file):
    if not file:
        return None
    name = Path(file.name).name
    if Path(name).suffix.lower() not in CERTIFICATE_SUFFIXES:
        raise ValidationError(
            {"hygiene_certificate": _("위생 증명은 PDF, JPG, PNG 파일만 올릴 수 있습니다.")}
        )
    if file.size > CERTIFICATE_MAX_BYTES:
        raise ValidationError({"hygiene_certificate": _("파일은 10MB 이하만 올릴 수 있습니다.")})
    return file


@service
@transaction.atomic
def agreement_create(
    *,
    enterprise,
    kitchen: Room,
    starts_on: dt.date,
    ends_on: dt.date,
    hygiene_expires_on: dt.date,
    hygiene_certificate=None,
    note: str = "",
    actor,
) -> KitchenAgreement:
    """An agreement to use a shared kitchen. Refused: a room that is not a 공유주방, end before
    start, a certificate that is not PDF/JPG/PNG or over 10 MB, a second agreement of the
    enterprise for the kitchen over a day of the period."""
    require_permission(actor, "spaces.manage")
    errors = {}
    kitchen = Room.objects.select_for_update().get(pk=kitchen.pk)
    if kitchen.kind != RoomKind.KITCHEN:
        errors["kitchen"] = _("공유주방을 골라 주세요.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("협약 종료일이 시작일보다 빠릅니다.")
    if hygiene_expires_on is None:
        errors["hygiene_expires_on"] = _("위생 증명 만료일을 적어 주세요.")
    if errors:
        raise ValidationError(errors)
    hygiene_certificate = _certificate(hygiene_certificate)
    clash = KitchenAgreement.objects.filter(
        enterprise=enterprise, kitchen=kitchen, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_on": _("이 기업은 이 주방에 기간이 겹치는 협약(%(period)s)이 있습니다.")
                % {"period": f"{format_short(clash.starts_on)}~{format_short(clash.ends_on)}"}
            }
        )
    agreement = KitchenAgreement(
        enterprise=enterprise,
        kitchen=kitchen,
        starts_on=starts_on,
        ends_on=ends_on,
        hygiene_expires_on=hygiene_expires_on,
        note=(note or "").strip(),
    )
    if hygiene_certificate is not None:
        agreement.hygiene_certificate.save(
            Path(hygiene_certificate.name).name, hygiene_certificate, save=False
        )
    agreement.full_clean()
    agreement.save()
    support_record_add(
        enterprise=enterprise,
        occurred_on=starts_on,
        source="spaces",
        category=_("공간 지원"),
        title=_("%(kitchen)s 이용 협약 (%(period)s)")
        % {
            "kitchen": str(kitchen),
            "period": f"{format_short(starts_on)}~{format_short(ends_on)}",
        },
        link=reverse("spaces:agreement-detail", args=[agreement.pk]),
        actor=actor,
    )
    return agreement


@service
@transaction.atomic
def agreement_hygiene_update(
    *,
    agreement: KitchenAgreement,
    hygiene_expires_on: dt.date,
    hygiene_certificate=None,
    actor,
) -> KitchenAgreement:
    """Record a renewed hygiene certificate: its new expiry and, if given, its file."""
    require_permission(actor, "spaces.manage")
    locked = KitchenAgreement.objects.select_for_update().get(pk=agreement.pk)
    if hygiene_expires_on is None:
        raise ValidationError({"hygiene_expires_on": _("위생 증명 만료일을 적어 주세요.")})
    hygiene_certificate = _certificate(hygiene_certificate)
    locked.hygiene_expires_on = hygiene_expires_on
    if hygiene_certificate is not None:
        locked.hygiene_certificate.save(
            Path(hygiene_certificate.name).name, hygiene_certificate, save=False
        )
    locked.full_clean()
    locked.save()
    agreement.refresh_from_db()
    return agreement


# Days before the hygiene certificate lapses on which the kitchen's users are reminded (0: the
# day it lapses). The daily chore runs once a day, so each reminder goes out once.
HYGIENE_REMINDER_DAYS = (30, 7, 1, 0)


@service
@transaction.atomic
def hygiene_reminders_send(*, on: dt.date, actor) -> int:
    """Remind each enterprise whose kitchen agreement runs on but whose hygiene certificate
    lapses in 30, 7 or 1 days, or today; returns how many agreements were reminded."""
    require_permission(actor, "spaces.manage")
    due = [
        agreement
        for agreement in expiring_agreements(on=on, within_days=max(HYGIENE_REMINDER_DAYS))
        if agreement.days_left in HYGIENE_REMINDER_DAYS
    ]
    for agreement in due:
        notify(
            kind=HYGIENE_EXPIRING,
            recipients=enterprise_members(agreement.enterprise_id),
            subject=gettext_noop("공유주방 위생 증명이 %(day)s에 만료됩니다"),
            body=gettext_noop(
                "%(kitchen)s 공유주방 협약의 위생 증명이 %(day)s에 만료됩니다. 만료되면 "
                "주방을 예약할 수 없으니, 새 위생 증명을 센터 담당자에게 보내 주세요."
            ),
            context={
                "kitchen": str(agreement.kitchen),
                "day": format_short(agreement.hygiene_expires_on),
            },
            url=reverse("spaces:booking-list"),
        )
    return len(due)
