"""The mall demo: the figures computed from its data as of 2022-09-30 are the seed's, the demo
logins can walk the buyer's and the vendor's journeys, and loading it again changes nothing.

The whole demo (`ieum demo`) is loaded once for the module inside a transaction that is rolled
back at the end, so the other test modules never see it.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Min, Sum

from ieum.accounts.models import User
from ieum.core.search import matching_ids
from ieum.enterprises.models import Institution
from ieum.mall import access
from ieum.mall.choices import (
    NOT_SALES,
    MembershipStatus,
    OrderStatus,
    ProductStatus,
    VendorStatus,
)
from ieum.mall.models import (
    BuyingNeed,
    CartItem,
    Category,
    Membership,
    Order,
    OrderDayCounter,
    OrderEvent,
    OrderLine,
    Product,
    Promotion,
    PromotionProduct,
    PurchaseTarget,
    Quote,
    QuoteRequest,
    Vendor,
)
from ieum.mall.selectors.promotions import promotion_result
from ieum.programs.registry import get_provider
from ieum.reports.builder import report_build

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2022, 9, 30)
SEED_FIGURES = {
    "mall-vendors": 690,
    "mall-products": 14_101,
    "mall-members": 2_728,
    "mall-orders": 9_249,
    "mall-annual-sales": 1_888_000_000,
    "mall-chuseok-sales": 35_069_000,
    "mall-chuseok-sales-previous": 20_679_000,
}
MALL_MODELS = (
    Vendor,
    Category,
    Product,
    Membership,
    Institution,
    User,
    Order,
    OrderLine,
    OrderEvent,
    OrderDayCounter,
    QuoteRequest,
    Quote,
    Promotion,
    PromotionProduct,
    PurchaseTarget,
    BuyingNeed,
    CartItem,
)


def load_demo() -> None:
    call_command("demo", stdout=StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def counted_orders():
    return Order.objects.filter(order_date__year=2022, order_date__lte=AS_OF).exclude(
        status__in=NOT_SALES
    )


@pytest.mark.parametrize(("key", "figure"), SEED_FIGURES.items())
def test_kpi_provider_gives_the_seeds_figure_as_of_september(demo, key, figure):
    assert get_provider(key).compute(year=2022, as_of=AS_OF) == figure


def test_the_same_figures_counted_directly(demo):
    assert Vendor.objects.filter(status=VendorStatus.APPROVED).count() == 690
    assert not Vendor.objects.filter(status=VendorStatus.SUSPENDED).exists()
    assert Product.objects.filter(status=ProductStatus.PUBLISHED).count() == 14_101
    assert Membership.objects.filter(status=MembershipStatus.APPROVED).count() == 2_728
    orders = counted_orders()
    assert orders.count() == 9_249
    assert orders.aggregate(won=Sum("total_won"))["won"] == 1_888_000_000


def test_chuseok_promotion_grew_69_6_percent_on_the_year_before(demo):
    result = promotion_result(Promotion.objects.get(title="2022 추석 기획전"))

    assert (result.sales_won, result.previous_sales_won) == (35_069_000, 20_679_000)
    assert result.previous.title == "2021 추석 기획전"
    assert result.growth_display == "+69.6%"
    planned = Promotion.objects.get(title="제로웨이스트 기획전")
    assert (planned.starts_on, planned.is_published) == (dt.date(2022, 11, 1), False)


def test_report_narrative_quotes_the_computed_mall_figures(demo):
    report = report_build(year=2022, as_of=dt.date(2022, 10, 31))
    line = next(s for s in report.sections[2].subsections if "함께누리" in s.heading)
    text = " ".join(
        block.text for sub in line.subsections for block in sub.blocks if hasattr(block, "text")
    )

    assert (
        "입점기업 690개, 입점상품 14,101개, 회원 2,728명, 주문 9,249건으로 "
        "연간 매출액 1,888백만원" in text
    )
    assert "35,069천원으로 2021년 추석(20,679천원) 대비 69.6% 신장" in text


def test_order_totals_are_their_lines_and_products_keep_their_sales(demo):
    mismatched = Order.objects.annotate(lines_won=Sum("lines__amount_won")).exclude(
        total_won=F("lines_won")
    )
    assert not mismatched.exists()
    sold = (
        OrderLine.objects.exclude(order__status__in=NOT_SALES)
        .values("product_id")
        .annotate(won=Sum("amount_won"), count=Count("id"))
    )
    products = {p.pk: (p.sales_won, p.order_count) for p in Product.objects.filter(sales_won__gt=0)}
    assert products == {row["product_id"]: (row["won"], row["count"]) for row in sold}


def test_orders_spread_over_the_months_with_gapless_numbers(demo):
    months = counted_orders().values("order_date__month").annotate(n=Count("id"))
    assert {row["order_date__month"] for row in months} == set(range(1, 10))
    assert min(row["n"] for row in months) > 300
    days = Order.objects.values("order_date").annotate(
        n=Count("id"), first=Min("sequence"), last=Max("sequence")
    )
    assert all(day["first"] == 1 and day["last"] == day["n"] for day in days)
    counters = dict(OrderDayCounter.objects.values_list("day", "last"))
    assert all(counters[day["order_date"]] == day["n"] for day in days)


def test_old_orders_are_paid_and_recent_ones_are_still_moving(demo):
    june = counted_orders().filter(order_date__month=6)
    assert june.filter(status=OrderStatus.COMPLETED).count() > 0.9 * june.count()
    assert not june.filter(status=OrderStatus.COMPLETED, paid_on__isnull=True).exists()
    assert not june.filter(status=OrderStatus.COMPLETED, tax_invoice_number="").exists()
    last_days = counted_orders().filter(order_date__gte=dt.date(2022, 9, 26))
    assert last_days.filter(status__in=(OrderStatus.PLACED, OrderStatus.CONFIRMED)).exists()
    assert Order.objects.filter(status=OrderStatus.CANCELLED).exists()


def test_staff_have_something_to_review(demo):
    assert Vendor.objects.filter(status=VendorStatus.APPLIED).exists()
    assert Vendor.objects.filter(status=VendorStatus.REJECTED).exclude(decision_reason="").exists()
    assert Membership.objects.filter(status=MembershipStatus.APPLIED).exists()
    # Institutions with members but no 2022 order: the outreach list of the purchase records.
    idle = Institution.objects.filter(mall_memberships__isnull=False).exclude(
        pk__in=counted_orders().values("institution_id")
    )
    assert idle.distinct().count() >= 10
    assert PurchaseTarget.objects.filter(year=2022).count() > 0.8 * Institution.objects.count()


def test_buyer_login_buys_for_eunpyeong_with_an_approved_membership(demo):
    buyer = User.objects.get(username="buyer")

    assert access.buyer_institution(buyer).name == "은평구청"
    assert access.visible_orders(buyer).count() > 100
    assert BuyingNeed.objects.filter(institution__name="은평구청").count() >= 3
    assert CartItem.objects.filter(user=buyer).exists()


def test_member_login_sells_with_products_orders_and_open_quote_requests(demo):
    member = User.objects.get(username="enterprise")
    vendor = access.member_vendor(member)

    assert vendor.products.filter(status=ProductStatus.PUBLISHED).count() == 24
    orders = access.visible_orders(member)
    assert orders.filter(institution__name="은평구청", status=OrderStatus.PLACED).exists()
    assert access.visible_quote_requests(member).filter(status="requested").exists()


def test_vendor_kinds_come_from_the_registry(demo):
    vendor = Vendor.objects.filter(kind="social_enterprise").select_related("enterprise").first()
    assert vendor.enterprise.certifications.filter(kind="social_enterprise").exists()
    assert not Product.objects.exclude(vendor_kind=F("vendor__kind")).exists()
    assert not Product.objects.exclude(district=F("vendor__district")).exists()


def test_products_are_searchable_in_korean(demo):
    found = Product.objects.filter(pk__in=matching_ids("mall.product", "대나무칫솔"))
    assert found.filter(name__contains="대나무 칫솔").exists()
    assert all(len(p.classification_number) == 10 for p in found[:50])


def test_loading_again_changes_nothing(demo):
    before = {model: model.objects.count() for model in MALL_MODELS}
    load_demo()
    assert {model: model.objects.count() for model in MALL_MODELS} == before
