"""Reads about fees: invoice lists and the monthly settlement of a facility (수익금정산)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum

from ieum.core.dates import month_end, month_start
from ieum.organization.models import Facility

from ..choices import InvoiceKind, InvoiceStatus
from ..models import Invoice, Tenancy


def tenancies_in_month(*, facility: Facility, month: dt.date) -> QuerySet[Tenancy]:
    """The facility's contracts in force on at least one day of the month."""
    first, last = month_start(month), month_end(month)
    return (
        Tenancy.objects.filter(facility=facility, starts_on__lte=last, ends_on__gte=first)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=first))
        .order_by("enterprise__name", "pk")
    )


def invoice_list(
    *,
    facility: Facility | None = None,
    status: str = "",
    kind: str = "",
    month: dt.date | None = None,
    enterprise=None,
) -> QuerySet[Invoice]:
    invoices = Invoice.objects.select_related("facility", "enterprise", "tenancy__unit", "booking")
    if facility is not None:
        invoices = invoices.filter(facility=facility)
    if status:
        invoices = invoices.filter(status=status)
    if kind:
        invoices = invoices.filter(kind=kind)
    if month is not None:
        invoices = invoices.filter(month=month_start(month))
    if enterprise is not None:
        invoices = invoices.filter(enterprise=enterprise)
    return invoices.order_by("-month", "facility__sort_order", "payer", "id")


@dataclass
class SettlementLine:
    kind: str
    label: str
    invoiced_won: int = 0
    paid_won: int = 0
    unpaid_won: int = 0
    count: int = 0


@dataclass
class Settlement:
    facility: Facility
    month: dt.date
    lines: list[SettlementLine]
    invoices: list[Invoice] = field(default_factory=list)

    @property
    def invoiced_won(self) -> int:
        return sum(line.invoiced_won for line in self.lines)

    @property
    def paid_won(self) -> int:
        return sum(line.paid_won for line in self.lines)

    @property
    def unpaid_won(self) -> int:
        return sum(line.unpaid_won for line in self.lines)

    @property
    def count(self) -> int:
        return sum(line.count for line in self.lines)


def monthly_settlement(*, facility: Facility, month: dt.date) -> Settlement:
    """The facility's invoices of the month (voided ones left out): invoiced, paid and unpaid
    by kind, and the list."""
    month = month_start(month)
    standing = Invoice.objects.filter(facility=facility, month=month).exclude(
        status=InvoiceStatus.VOID
    )
    totals = {
        (kind, status): (won or 0, count)
        for kind, status, won, count in standing.order_by()
        .values_list("kind", "status")
        .annotate(won=Sum("amount_won"), count=Sum(1))
    }
    lines = []
    for kind, label in InvoiceKind.choices:
        paid, paid_count = totals.get((kind, InvoiceStatus.PAID), (0, 0))
        unpaid, unpaid_count = totals.get((kind, InvoiceStatus.UNPAID), (0, 0))
        lines.append(
            SettlementLine(
                kind=kind,
                label=str(label),
                invoiced_won=paid + unpaid,
                paid_won=paid,
                unpaid_won=unpaid,
                count=paid_count + unpaid_count,
            )
        )
    invoices = list(
        standing.select_related("enterprise", "tenancy__unit", "booking").order_by(
            "kind", "payer", "id"
        )
    )
    return Settlement(facility=facility, month=month, lines=lines, invoices=invoices)


def invoice_get(pk: int) -> Invoice | None:
    return Invoice.objects.filter(pk=pk).first()
