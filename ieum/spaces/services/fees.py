"""Fees (수익금): invoices for outside bookings and for tenancies' monthly rent and maintenance,
paid or voided by staff. A tenancy has at most one standing invoice of a kind per month and a
booking one standing invoice (database constraints), so issuing a month twice adds nothing.
A voided invoice stops counting and may be issued again."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ieum.core.dates import month_start
from ieum.core.logs import service
from ieum.core.permissions import require_permission
from ieum.organization.models import Facility

from ..choices import BookingStatus, InvoiceKind, InvoiceStatus
from ..models import Booking, Invoice, Tenancy
from ..selectors.fees import tenancies_in_month

PAYMENT_DAYS = 14


def _payer(enterprise, fallback: str) -> str:
    return enterprise.name if enterprise is not None else fallback


@service
@transaction.atomic
def invoice_for_booking(*, booking: Booking, actor, due_on: dt.date | None = None) -> Invoice:
    """The invoice of a confirmed (or no-show) booking's fee; one per booking."""
    require_permission(actor, "spaces.manage")
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("room__facility", "enterprise", "booked_by")
        .get(pk=booking.pk)
    )
    if booking.fee_won <= 0:
        raise ValidationError(_("대관료가 없는 예약입니다."))
    if booking.status not in (BookingStatus.CONFIRMED, BookingStatus.NO_SHOW):
        raise ValidationError(
            _("확정된 예약만 청구할 수 있습니다 (현재: %(status)s).")
            % {"status": booking.get_status_display()}
        )
    if booking.invoices.exclude(status=InvoiceStatus.VOID).exists():
        raise ValidationError(_("이 예약의 청구서가 이미 있습니다."))
    today = timezone.localdate()
    local_start = timezone.localtime(booking.starts_at)
    booker = booking.booked_by.get_full_name() if booking.booked_by else ""
    invoice = Invoice(
        facility=booking.room.facility,
        kind=InvoiceKind.BOOKING,
        enterprise=booking.enterprise,
        payer=_payer(booking.enterprise, booking.organizer or booker or booking.title)[:200],
        booking=booking,
        month=month_start(local_start.date()),
        description=(f"{booking.room.name} {local_start:%Y-%m-%d %H:%M} {_('대관료')}")[:200],
        amount_won=booking.fee_won,
        issued_on=today,
        due_on=due_on or today + dt.timedelta(days=PAYMENT_DAYS),
    )
    invoice.full_clean()
    invoice.save()
    return invoice


def _tenancy_invoice(tenancy: Tenancy, kind: str, amount: int, month: dt.date, today: dt.date):
    label = InvoiceKind(kind).label
    invoice = Invoice(
        facility_id=tenancy.facility_id,
        kind=kind,
        enterprise=tenancy.enterprise,
        payer=tenancy.enterprise.name,
        tenancy=tenancy,
        month=month,
        description=(
            f"{month:%Y-%m} {label}" + (f" ({tenancy.unit.name})" if tenancy.unit else "")
        )[:200],
        amount_won=amount,
        issued_on=today,
        due_on=max(today, month) + dt.timedelta(days=PAYMENT_DAYS),
    )
    invoice.full_clean(validate_constraints=False)
    try:
        # The savepoint keeps the month's other invoices when another request won this one.
        with transaction.atomic():
            invoice.save()
    except IntegrityError:
        return None
    return invoice


@service
@transaction.atomic
def invoices_for_month(*, facility: Facility, month: dt.date, actor) -> list[Invoice]:
    """Issue the month's rent and maintenance invoices of every contract in force on any day of
    the month in the facility (the full monthly amounts; a zero fee is not billed). Invoices
    already standing are left as they are; returns the ones created now."""
    require_permission(actor, "spaces.manage")
    month = month_start(month)
    today = timezone.localdate()
    tenancies = tenancies_in_month(facility=facility, month=month).select_related(
        "enterprise", "unit"
    )
    standing = set(
        Invoice.objects.filter(facility=facility, month=month, tenancy__isnull=False)
        .exclude(status=InvoiceStatus.VOID)
        .values_list("tenancy_id", "kind")
    )
    created = []
    for tenancy in tenancies:
        for kind, amount in (
            (InvoiceKind.RENT, tenancy.monthly_fee_won),
            (InvoiceKind.MAINTENANCE, tenancy.maintenance_fee_won),
        ):
            if amount <= 0 or (tenancy.pk, kind.value) in standing:
                continue
            invoice = _tenancy_invoice(tenancy, kind, amount, month, today)
            if invoice is not None:
                created.append(invoice)
    return created


def _locked(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(pk=invoice.pk)


@service
@transaction.atomic
def invoice_mark_paid(*, invoice: Invoice, paid_on: dt.date, actor) -> Invoice:
    """Record the payment of an unpaid invoice on `paid_on` (not after today)."""
    require_permission(actor, "spaces.manage")
    locked = _locked(invoice)
    if locked.status != InvoiceStatus.UNPAID:
        raise ValidationError(
            _("미납 상태의 청구만 납부 처리할 수 있습니다 (현재: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    if paid_on is None:
        raise ValidationError({"paid_on": _("납부일을 적어 주세요.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("납부일이 오늘 이후입니다.")})
    locked.status = InvoiceStatus.PAID
    locked.paid_on = paid_on
    locked.full_clean()
    locked.save()
    invoice.refresh_from_db()
    return invoice


@service
@transaction.atomic
def invoice_void(*, invoice: Invoice, reason: str, actor) -> Invoice:
    """Cancel an unpaid invoice with a reason; it stops counting and may be issued again."""
    require_permission(actor, "spaces.manage")
    locked = _locked(invoice)
    if locked.status != InvoiceStatus.UNPAID:
        raise ValidationError(
            _("미납 상태의 청구만 취소할 수 있습니다 (현재: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("취소 사유를 적어 주세요.")})
    locked.status = InvoiceStatus.VOID
    locked.void_reason = reason
    locked.full_clean()
    locked.save()
    invoice.refresh_from_db()
    return invoice
