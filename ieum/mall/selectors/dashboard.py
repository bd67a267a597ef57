"""The staff dashboard of the mall: the KPI figures as of a date, the year's monthly sales, the
top categories by sales, and what waits for a decision."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import ExtractMonth

from ieum.core import money
from ieum.core.dates import day_bounds
from ieum.programs.registry import get_provider

from .. import kpis
from ..choices import NOT_SALES, MembershipStatus, VendorStatus
from ..models import Category, Membership, OrderLine, Vendor


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    unit: str

    @property
    def display(self) -> str:
        if self.unit == "원":
            return money.format_million_won(self.value)
        return f"{self.value:,}{self.unit}"


@dataclass(frozen=True)
class CategorySales:
    category: Category
    won: int


@dataclass(frozen=True)
class Dashboard:
    as_of: dt.date
    figures: list[Figure]
    months: list[tuple[int, int]]
    top_categories: list[CategorySales]
    pending_vendors: int
    pending_members: int


FIGURES = [
    ("mall-annual-sales", kpis.annual_sales),
    ("mall-orders", kpis.order_count),
    ("mall-vendors", kpis.vendor_count),
    ("mall-products", kpis.product_count),
    ("mall-members", kpis.member_count),
    ("mall-chuseok-sales", kpis.chuseok_sales),
]


def monthly_sales(*, year: int, as_of: dt.date) -> list[tuple[int, int]]:
    """(month, won) for every month of `year` up to `as_of`, months without sales as 0."""
    if as_of < dt.date(year, 1, 1):
        return []
    last_month = 12 if as_of.year > year else as_of.month
    rows = (
        kpis.year_sales(year=year, as_of=as_of)
        .annotate(month=ExtractMonth("placed_at"))
        .values("month")
        .annotate(won=Sum("total_won"))
        .order_by("month")
    )
    by_month = {row["month"]: int(row["won"]) for row in rows}
    return [(month, by_month.get(month, 0)) for month in range(1, last_month + 1)]


def top_categories(*, year: int, as_of: dt.date, limit: int = 10) -> list[CategorySales]:
    """Top-level categories by the year's sales up to `as_of` (sub-categories rolled up)."""
    if as_of < dt.date(year, 1, 1):
        return []
    low, high = day_bounds(dt.date(year, 1, 1), min(as_of, dt.date(year, 12, 31)))
    rows = (
        OrderLine.objects.filter(order__placed_at__gte=low, order__placed_at__lt=high)
        .exclude(order__status__in=NOT_SALES)
        .exclude(product__isnull=True)
        .values("product__category_id")
        .annotate(won=Sum("amount_won"))
        .order_by()
    )
    categories = {category.pk: category for category in Category.objects.all()}
    totals: dict[int, int] = {}
    for row in rows:
        category = categories.get(row["product__category_id"])
        while category is not None and category.parent_id is not None:
            category = categories.get(category.parent_id)
        if category is not None:
            totals[category.pk] = totals.get(category.pk, 0) + int(row["won"])
    ranked = sorted(totals.items(), key=lambda item: (-item[1], categories[item[0]].name))
    return [CategorySales(category=categories[pk], won=won) for pk, won in ranked[:limit]]


def mall_dashboard(*, as_of: dt.date) -> Dashboard:
    year = as_of.year
    figures = []
    for key, func in FIGURES:
        provider = get_provider(key)
        figures.append(
            Figure(
                key=key,
                label=provider.name,
                value=int(func(year=year, as_of=as_of)),
                unit=provider.unit,
            )
        )
    return Dashboard(
        as_of=as_of,
        figures=figures,
        months=monthly_sales(year=year, as_of=as_of),
        top_categories=top_categories(year=year, as_of=as_of),
        pending_vendors=Vendor.objects.filter(status=VendorStatus.APPLIED).count(),
        pending_members=Membership.objects.filter(status=MembershipStatus.APPLIED).count(),
    )
