"""Reads of promotions (기획전): what is on now, a promotion's products, and its sales against
the same promotion a year before."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from ieum.core import money
from ieum.core.dates import day_bounds
from ieum.core.search import matching_ids

from ..choices import NOT_SALES, ProductStatus, PromotionSeries, VendorStatus
from ..models import OrderLine, Product, Promotion, PromotionProduct


def promotion_sales(promotion: Promotion, *, as_of: dt.date | None = None) -> int:
    """Won of the curated products sold in orders placed within the promotion's period (up to
    `as_of` when given), not cancelled or returned."""
    end = promotion.ends_on if as_of is None else min(promotion.ends_on, as_of)
    if end < promotion.starts_on:
        return 0
    low, high = day_bounds(promotion.starts_on, end)
    total = (
        OrderLine.objects.filter(
            product_id__in=PromotionProduct.objects.filter(promotion=promotion).values(
                "product_id"
            ),
            order__placed_at__gte=low,
            order__placed_at__lt=high,
        )
        .exclude(order__status__in=NOT_SALES)
        .aggregate(total=Sum("amount_won"))["total"]
    )
    return int(total or 0)


@dataclass(frozen=True)
class PromotionResult:
    """A promotion's sales against its previous edition; `growth` is in percent."""

    promotion: Promotion
    sales_won: int
    previous: Promotion | None
    previous_sales_won: int | None

    @property
    def growth(self) -> Decimal | None:
        if self.previous_sales_won is None:
            return None
        return money.rate(self.sales_won - self.previous_sales_won, self.previous_sales_won)

    @property
    def growth_display(self) -> str:
        growth = self.growth
        if growth is None:
            return "-"
        return f"+{growth}%" if growth > 0 else f"{growth}%"


def promotion_result(promotion: Promotion) -> PromotionResult:
    previous = previous_promotion(promotion)
    return PromotionResult(
        promotion=promotion,
        sales_won=promotion_sales(promotion),
        previous=previous,
        previous_sales_won=promotion_sales(previous) if previous else None,
    )


def previous_promotion(promotion: Promotion) -> Promotion | None:
    """The linked previous promotion, or else the same series' promotion of the year before."""
    if promotion.previous_id:
        return Promotion.objects.filter(pk=promotion.previous_id).first()
    if promotion.series == PromotionSeries.OTHER:
        return None
    return series_promotion(series=promotion.series, year=promotion.starts_on.year - 1)


def series_promotion(*, series: str, year: int) -> Promotion | None:
    """The promotion of a series starting in `year` (the latest one if there are several)."""
    return (
        Promotion.objects.filter(series=series, starts_on__year=year)
        .order_by("-starts_on", "-id")
        .first()
    )


def current_promotions(today: dt.date, *, limit: int = 6) -> list[Promotion]:
    """Published promotions running on `today`, the one ending soonest first."""
    return list(
        Promotion.objects.filter(
            is_published=True, starts_on__lte=today, ends_on__gte=today
        ).order_by("ends_on", "id")[:limit]
    )


def promotion_list() -> list[Promotion]:
    """Every promotion for the staff, newest first, with `product_count` (one query)."""
    return list(
        Promotion.objects.annotate(product_count=Count("entries"))
        .select_related("previous")
        .order_by("-starts_on", "-id")
    )


def promotion_detail(pk: int, *, with_previous: bool = False) -> Promotion | None:
    """A promotion for the staff (any state); `with_previous` joins last year's."""
    promotions = Promotion.objects.filter(pk=pk)
    if with_previous:
        promotions = promotions.select_related("previous")
    return promotions.first()


def _selling_products() -> QuerySet[Product]:
    return Product.objects.filter(
        status=ProductStatus.PUBLISHED, vendor__status=VendorStatus.APPROVED
    )


def promotion_public(pk: int) -> tuple[Promotion, list[Product]]:
    """A published promotion with the curated products on sale now, in curated order.
    Raises Promotion.DoesNotExist when there is no such published promotion."""
    promotion = Promotion.objects.get(pk=pk, is_published=True)
    products = _curated(promotion, _selling_products())
    return promotion, products


def _curated(promotion: Promotion, products: QuerySet[Product] | None = None) -> list[Product]:
    entries = PromotionProduct.objects.filter(promotion=promotion)
    if products is not None:
        entries = entries.filter(product__in=products)
    entries = (
        entries.select_related("product__vendor__enterprise", "product__category")
        .prefetch_related(Prefetch("product__images"))
        .order_by("sort_order", "id")
    )
    return [entry.product for entry in entries]


def promotion_products(promotion: Promotion) -> list[Product]:
    """Every curated product whatever its state (the staff's page), in curated order."""
    return _curated(promotion)


def product_candidates(query: str, *, exclude: list[int], limit: int = 30) -> list[Product]:
    """Products staff may add to a promotion: by number, or by the Korean search on name,
    vendor and category; published ones of approved vendors, best sellers first."""
    query = (query or "").strip()
    if not query:
        return []
    products = _selling_products().exclude(pk__in=exclude)
    if query.isdigit():
        products = products.filter(Q(pk=int(query)) | Q(name__icontains=query))
    else:
        ids = matching_ids("mall.product", query)
        products = products.filter(pk__in=ids) if ids is not None else products.none()
    return list(
        products.select_related("vendor__enterprise", "category").order_by("-sales_won", "-id")[
            :limit
        ]
    )
