"""The fees the center bills for outside bookings and tenancies."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ieum.core.models import TimeStampedModel

from ..choices import InvoiceKind, InvoiceStatus
from .bookings import Booking
from .tenants import Tenancy


class Invoice(TimeStampedModel):
    """A fee the center bills: an outside booking, a month's rent or maintenance, a deposit."""

    facility = models.ForeignKey(
        "organization.Facility",
        verbose_name=_("시설"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    kind = models.CharField(_("구분"), max_length=20, choices=InvoiceKind.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("기업"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="space_invoices",
    )
    payer = models.CharField(_("납부자"), max_length=200)
    booking = models.ForeignKey(
        Booking,
        verbose_name=_("예약"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    tenancy = models.ForeignKey(
        Tenancy,
        verbose_name=_("입주 계약"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    month = models.DateField(_("귀속월"), help_text=_("그 달의 1일"))
    description = models.CharField(_("내용"), max_length=200)
    amount_won = models.BigIntegerField(_("금액(원)"))
    issued_on = models.DateField(_("발행일"))
    due_on = models.DateField(_("납부기한"))
    paid_on = models.DateField(_("납부일"), null=True, blank=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.UNPAID
    )
    void_reason = models.TextField(_("취소 사유"), blank=True)

    class Meta:
        ordering = ["-month", "facility", "id"]
        verbose_name = _("청구")
        verbose_name_plural = _("청구")
        indexes = [models.Index(fields=["facility", "month"], name="spaces_invoice_month")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_won__gt=0), name="%(app_label)s_%(class)s_amount"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=InvoiceStatus.PAID) | models.Q(paid_on__isnull=False),
                name="%(app_label)s_%(class)s_paid_has_date",
            ),
            models.UniqueConstraint(
                fields=["tenancy", "kind", "month"],
                condition=models.Q(tenancy__isnull=False) & ~models.Q(status=InvoiceStatus.VOID),
                name="%(app_label)s_%(class)s_unique_tenancy_month",
            ),
            models.UniqueConstraint(
                fields=["booking"],
                condition=models.Q(booking__isnull=False) & ~models.Q(status=InvoiceStatus.VOID),
                name="%(app_label)s_%(class)s_unique_booking",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payer} {self.month:%Y-%m} {self.get_kind_display()}"
