"""The mall's figures as KPI providers for the report: computed from orders, vendors, products,
memberships and promotions as of a date (sales count when placed and not cancelled/returned)."""

import datetime as dt

from django.db.models import Q, Sum

from ieum.core.dates import day_bounds
from ieum.programs.registry import kpi_provider

from .choices import NOT_SALES, MembershipStatus, ProductStatus, PromotionSeries
from .models import Membership, Order, Product, Vendor
from .selectors.promotions import promotion_sales, series_promotion


def year_sales(*, year: int, as_of: dt.date):
    """Orders placed from 1 January of `year` up to `as_of` (within the year) that count."""
    low, high = day_bounds(dt.date(year, 1, 1), min(as_of, dt.date(year, 12, 31)))
    return Order.objects.filter(placed_at__gte=low, placed_at__lt=high).exclude(
        status__in=NOT_SALES
    )


@kpi_provider("mall-annual-sales", name="함께누리몰 연간 매출액", unit="원")
def annual_sales(*, year: int, as_of: dt.date) -> int:
    if as_of < dt.date(year, 1, 1):
        return 0
    return int(year_sales(year=year, as_of=as_of).aggregate(won=Sum("total_won"))["won"] or 0)


@kpi_provider("mall-orders", name="함께누리몰 주문건수", unit="건")
def order_count(*, year: int, as_of: dt.date) -> int:
    if as_of < dt.date(year, 1, 1):
        return 0
    return year_sales(year=year, as_of=as_of).count()


@kpi_provider("mall-vendors", name="함께누리몰 입점기업", unit="개")
def vendor_count(*, year: int, as_of: dt.date) -> int:
    """Vendors approved by `as_of` and not suspended on or before it."""
    return (
        Vendor.objects.filter(approved_on__lte=as_of)
        .filter(Q(suspended_on__isnull=True) | Q(suspended_on__gt=as_of))
        .count()
    )


@kpi_provider("mall-products", name="함께누리몰 입점상품", unit="개")
def product_count(*, year: int, as_of: dt.date) -> int:
    """Products published by `as_of` and still on sale then (suspended only after it)."""
    _low, end = day_bounds(as_of, as_of)
    return (
        Product.objects.filter(published_at__lt=end)
        .filter(
            Q(status=ProductStatus.PUBLISHED)
            | Q(status=ProductStatus.SUSPENDED, suspended_at__gte=end)
        )
        .count()
    )


@kpi_provider("mall-members", name="함께누리몰 회원수", unit="명")
def member_count(*, year: int, as_of: dt.date) -> int:
    return Membership.objects.filter(
        status=MembershipStatus.APPROVED, approved_on__lte=as_of
    ).count()


@kpi_provider("mall-chuseok-sales", name="추석 기획전 매출", unit="원")
def chuseok_sales(*, year: int, as_of: dt.date) -> int:
    """Sales of the year's 추석 promotion up to `as_of`."""
    promotion = series_promotion(series=PromotionSeries.CHUSEOK, year=year)
    return promotion_sales(promotion, as_of=as_of) if promotion else 0


@kpi_provider("mall-chuseok-sales-previous", name="전년도 추석 기획전 매출", unit="원")
def chuseok_sales_previous(*, year: int, as_of: dt.date) -> int:
    """Sales of the previous year's 추석 promotion (the whole of it: it ended a year ago)."""
    promotion = series_promotion(series=PromotionSeries.CHUSEOK, year=year - 1)
    return promotion_sales(promotion, as_of=as_of) if promotion else 0
