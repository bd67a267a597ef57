"""Reads of the buying side: the cart, quote requests, orders and a vendor's settlement.

Every list starts from `access.visible_orders` / `visible_quote_requests`, so a buyer sees their
institution's only and a vendor its own; a detail outside them is DoesNotExist (a 404).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from ieum.mall import access
from ieum.mall.choices import NOT_SALES, OrderStatus
from ieum.mall.models import (
    CartItem,
    Order,
    OrderEvent,
    OrderLine,
    Quote,
    QuoteItem,
    QuoteRequest,
    QuoteRequestItem,
    Vendor,
)

ACCEPTED_STATES = (OrderStatus.ACCEPTED, OrderStatus.COMPLETED)


@dataclass
class CartGroup:
    vendor: Vendor
    items: list[CartItem]

    @property
    def total_won(self) -> int:
        return sum(item.amount_won for item in self.items)


@dataclass
class Cart:
    groups: list[CartGroup]

    @property
    def total_won(self) -> int:
        return sum(group.total_won for group in self.groups)

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


def cart_detail(*, user) -> Cart:
    """The buyer's cart grouped by vendor, each item with `amount_won` at the catalog price."""
    items = (
        CartItem.objects.filter(user=user)
        .select_related("product__vendor__enterprise", "product__category")
        .order_by("id")
    )
    groups: dict[int, CartGroup] = {}
    for item in items:
        item.amount_won = item.quantity * item.product.price_won
        vendor = item.product.vendor
        groups.setdefault(vendor.pk, CartGroup(vendor=vendor, items=[])).items.append(item)
    return Cart(groups=list(groups.values()))


def order_list(
    *,
    user,
    status: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Order]:
    """Orders `user` may see, newest first, filtered by status and order date (inclusive)."""
    orders = access.visible_orders(user).select_related(
        "institution", "vendor__enterprise", "buyer"
    )
    if status:
        orders = orders.filter(status=status)
    if start:
        orders = orders.filter(order_date__gte=start)
    if end:
        orders = orders.filter(order_date__lte=end)
    return orders.order_by("-placed_at", "-id")


def order_detail(*, user, number: str) -> Order:
    """One order `user` may see, with its lines and history; Order.DoesNotExist otherwise."""
    return (
        access.visible_orders(user)
        .select_related("institution", "vendor__enterprise", "buyer", "quote")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.order_by("id")),
            Prefetch("events", queryset=OrderEvent.objects.select_related("actor")),
        )
        .get(number=number)
    )


def quote_request_list(*, user, status: str = "") -> QuerySet[QuoteRequest]:
    requests = (
        access.visible_quote_requests(user)
        .select_related("institution", "vendor__enterprise", "requested_by")
        .annotate(item_count=Count("items"), quote_total=F("quote__total_won"))
    )
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-created_at", "-id")


def quote_request_detail(*, user, pk: int) -> QuoteRequest:
    """One quote request `user` may see, with its items, its quote and the order placed from
    it; QuoteRequest.DoesNotExist otherwise."""
    request = (
        access.visible_quote_requests(user)
        .select_related("institution", "vendor__enterprise", "requested_by")
        .prefetch_related(
            Prefetch("items", queryset=QuoteRequestItem.objects.select_related("product"))
        )
        .get(pk=pk)
    )
    request.found_quote = (
        Quote.objects.filter(request=request)
        .prefetch_related(
            Prefetch("items", queryset=QuoteItem.objects.select_related("product")),
            Prefetch("orders", queryset=Order.objects.only("id", "number", "quote_id")),
        )
        .first()
    )
    return request


def quote_for_document(*, user, pk: int) -> Quote:
    """The quote of request `pk` with all a 견적서 prints: lines (and their tax type), the
    institution, the vendor's enterprise. Quote.DoesNotExist if `user` may not see it."""
    request_ids = access.visible_quote_requests(user).filter(pk=pk).values("pk")
    return (
        Quote.objects.filter(request__in=request_ids)
        .select_related("request__institution", "request__vendor__enterprise")
        .prefetch_related(Prefetch("items", queryset=QuoteItem.objects.select_related("product")))
        .get()
    )


@dataclass
class SettlementRow:
    """One month of a vendor's orders, by order date. Cancelled and returned orders count in
    none of the amounts; `unpaid_won` is what buyers accepted and have not paid yet."""

    month: int
    orders: int = 0
    ordered_won: int = 0
    accepted_won: int = 0
    invoiced_won: int = 0
    paid_won: int = 0

    @property
    def unpaid_won(self) -> int:
        return self.accepted_won - self.paid_won


@dataclass
class Settlement:
    vendor: Vendor
    year: int
    months: list[SettlementRow] = field(default_factory=list)

    @property
    def total(self) -> SettlementRow:
        total = SettlementRow(month=0)
        for row in self.months:
            total.orders += row.orders
            total.ordered_won += row.ordered_won
            total.accepted_won += row.accepted_won
            total.invoiced_won += row.invoiced_won
            total.paid_won += row.paid_won
        return total


def vendor_settlement(*, vendor: Vendor, year: int) -> Settlement:
    """The vendor's settlement figures per month of `year` (one query, twelve rows)."""
    sold = ~Q(status__in=NOT_SALES)
    rows = (
        Order.objects.filter(vendor=vendor, order_date__year=year)
        .annotate(month=ExtractMonth("order_date"))
        .values("month")
        .annotate(
            orders=Count("id", filter=sold),
            ordered_won=Sum("total_won", filter=sold),
            accepted_won=Sum("total_won", filter=Q(status__in=ACCEPTED_STATES)),
            invoiced_won=Sum("total_won", filter=sold & ~Q(tax_invoice_number="")),
            paid_won=Sum("total_won", filter=sold & Q(paid_on__isnull=False)),
        )
        .order_by("month")
    )
    by_month = {row["month"]: row for row in rows}
    months = []
    for month in range(1, 13):
        row = by_month.get(month, {})
        months.append(
            SettlementRow(
                month=month,
                orders=row.get("orders") or 0,
                ordered_won=row.get("ordered_won") or 0,
                accepted_won=row.get("accepted_won") or 0,
                invoiced_won=row.get("invoiced_won") or 0,
                paid_won=row.get("paid_won") or 0,
            )
        )
    return Settlement(vendor=vendor, year=year, months=months)
