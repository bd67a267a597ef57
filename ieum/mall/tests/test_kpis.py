import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ieum.core.permissions import system_actor
from ieum.mall import kpis
from ieum.mall.choices import MembershipStatus, OrderStatus, ProductStatus, PromotionSeries
from ieum.mall.services.promotions import promotion_create, promotion_products_set
from ieum.programs import selectors
from ieum.programs.registry import get_provider
from ieum.programs.services import kpi_save
from ieum.programs.tests.factories import BusinessLineFactory

from .factories import (
    InstitutionFactory,
    MembershipFactory,
    ProductFactory,
    VendorFactory,
    placed_order,
)

pytestmark = pytest.mark.django_db

SEOUL = timezone.get_fixed_timezone(9 * 60)
SEP_30, OCT_31 = dt.date(2022, 9, 30), dt.date(2022, 10, 31)
KEYS = [
    "mall-annual-sales",
    "mall-orders",
    "mall-vendors",
    "mall-products",
    "mall-members",
    "mall-chuseok-sales",
    "mall-chuseok-sales-previous",
]


def at(year, month, day, hour=12, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


@pytest.fixture
def orders():
    institution = InstitutionFactory()
    product = ProductFactory()

    def order(won, when, **extra):
        placed_order(
            institution=institution,
            vendor=product.vendor,
            placed_at=when,
            lines=[(product, 1, won)],
            **extra,
        )

    order(100_000, at(2022, 1, 5))
    order(50_000, at(2022, 9, 30, 23, 50))
    order(70_000, at(2022, 10, 1, 0, 10))
    order(999_000, at(2022, 9, 1), status=OrderStatus.CANCELLED)
    order(888_000, at(2022, 9, 2), status=OrderStatus.RETURNED)
    order(20_000, at(2021, 12, 31, 23, 50))
    return product


def test_every_mall_kpi_is_registered():
    assert all(get_provider(key) is not None for key in KEYS)
    assert get_provider("mall-annual-sales").unit == "원"


def test_annual_sales_and_orders_up_to_the_date(orders):
    assert kpis.annual_sales(year=2022, as_of=SEP_30) == 150_000
    assert kpis.order_count(year=2022, as_of=SEP_30) == 2
    assert kpis.annual_sales(year=2022, as_of=OCT_31) == 220_000
    assert kpis.order_count(year=2022, as_of=OCT_31) == 3
    assert kpis.annual_sales(year=2021, as_of=OCT_31) == 20_000
    assert kpis.annual_sales(year=2022, as_of=dt.date(2021, 12, 31)) == 0


def test_vendors_approved_and_not_suspended_by_the_date():
    VendorFactory(approved_on=dt.date(2022, 1, 3))
    VendorFactory(approved_on=dt.date(2022, 10, 1))
    VendorFactory(approved_on=dt.date(2022, 2, 1), suspended_on=SEP_30, status="suspended")
    VendorFactory(
        approved_on=dt.date(2022, 2, 1), suspended_on=dt.date(2022, 10, 15), status="suspended"
    )
    VendorFactory(status="applied", approved_on=None)

    assert kpis.vendor_count(year=2022, as_of=SEP_30) == 2
    assert kpis.vendor_count(year=2022, as_of=dt.date(2022, 9, 29)) == 3
    assert kpis.vendor_count(year=2022, as_of=OCT_31) == 2


def test_products_published_and_on_sale_on_the_date():
    vendor = VendorFactory()
    ProductFactory(vendor=vendor, published_at=at(2022, 9, 30, 23))
    ProductFactory(vendor=vendor, published_at=at(2022, 10, 1, 0, 30))
    ProductFactory(
        vendor=vendor,
        published_at=at(2022, 3, 1),
        status=ProductStatus.SUSPENDED,
        suspended_at=at(2022, 10, 5),
    )
    ProductFactory(
        vendor=vendor,
        published_at=at(2022, 3, 1),
        status=ProductStatus.SUSPENDED,
        suspended_at=at(2022, 9, 20),
    )
    ProductFactory(vendor=vendor, published_at=None, status=ProductStatus.DRAFT)

    assert kpis.product_count(year=2022, as_of=SEP_30) == 2
    assert kpis.product_count(year=2022, as_of=OCT_31) == 2
    # Before the second suspension both products published in March were on sale.
    assert kpis.product_count(year=2022, as_of=dt.date(2022, 9, 19)) == 2


def test_members_approved_by_the_date():
    MembershipFactory(approved_on=SEP_30)
    MembershipFactory(approved_on=dt.date(2022, 10, 1))
    MembershipFactory(status=MembershipStatus.APPLIED, approved_on=None)

    assert kpis.member_count(year=2022, as_of=SEP_30) == 1
    assert kpis.member_count(year=2022, as_of=OCT_31) == 2


def test_chuseok_sales_of_this_and_last_year(staff_user):
    product = ProductFactory()
    institution = InstitutionFactory()
    for year, start, end, won in (
        (2021, dt.date(2021, 8, 9), dt.date(2021, 9, 10), 20_679_000),
        (2022, dt.date(2022, 8, 1), dt.date(2022, 9, 2), 35_069_000),
    ):
        promotion = promotion_create(
            actor=staff_user,
            title=f"{year} 추석 기획전",
            series=PromotionSeries.CHUSEOK,
            starts_on=start,
            ends_on=end,
        )
        promotion_products_set(promotion=promotion, actor=staff_user, product_ids=[product.pk])
        placed_order(
            institution=institution,
            vendor=product.vendor,
            placed_at=end,
            lines=[(product, 1, won)],
        )
    promotion_create(
        actor=staff_user,
        title="2022 설 기획전",
        series=PromotionSeries.SEOLLAL,
        starts_on=dt.date(2022, 1, 10),
        ends_on=dt.date(2022, 1, 30),
    )

    assert kpis.chuseok_sales(year=2022, as_of=OCT_31) == 35_069_000
    assert kpis.chuseok_sales(year=2022, as_of=dt.date(2022, 9, 1)) == 0
    assert kpis.chuseok_sales_previous(year=2022, as_of=OCT_31) == 20_679_000
    assert kpis.chuseok_sales(year=2023, as_of=dt.date(2023, 10, 31)) == 0


def test_a_report_kpi_counted_until_september(orders):
    line = BusinessLineFactory(year=2022)
    kpi = kpi_save(
        actor=system_actor(),
        line=line,
        key="mall-annual-sales",
        name="함께누리몰 연간 매출액",
        unit="원",
        provider="mall-annual-sales",
        counted_until=SEP_30,
    )

    figure = selectors.kpi_value(kpi, as_of=OCT_31)

    assert figure.value == Decimal(150_000)
    assert figure.as_of == SEP_30
