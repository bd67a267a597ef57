"""Cart and orders: quantities, who may buy, one order per vendor, and every step of the order's
state machine for every party."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ieum.core.choices import Role
from ieum.mall.choices import MembershipStatus, OrderStatus, ProductStatus, TaxType, VendorStatus
from ieum.mall.models import CartItem, Order, OrderDayCounter, OrderEvent, Product
from ieum.mall.services import orders as services

from .factories import (
    BuyerFactory,
    ProductFactory,
    VendorFactory,
    VendorMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory(enterprise__name="햇살공방", kind="social_enterprise")


@pytest.fixture
def seller(vendor):
    return VendorMemberFactory(enterprise=vendor.enterprise)


@pytest.fixture
def buyer():
    return BuyerFactory(institution__name="서대문구청")


@pytest.fixture
def soap(vendor):
    return ProductFactory(
        vendor=vendor, name="천연 샴푸바", price_won=12_000, min_order_quantity=10, unit="개"
    )


def _place(buyer, product, quantity=10) -> Order:
    [order] = services.order_place(user=buyer, items=[(product, quantity)])
    return order


# ---------------------------------------------------------------------------------------------
# Quantities and who may buy


def test_cart_refuses_a_quantity_below_the_minimum_and_names_it(buyer, soap):
    with pytest.raises(ValidationError) as refused:
        services.cart_add(user=buyer, product=soap, quantity=9)

    message = "'천연 샴푸바'의 최소 주문 수량은 10개입니다."
    assert refused.value.message_dict["quantity"] == [message]
    assert not CartItem.objects.exists()


@pytest.mark.parametrize("quantity", ["열 개", "2.5", "-10", "", "²", None, 0, True, 10.0])
def test_cart_refuses_a_quantity_that_is_not_a_whole_number(buyer, soap, quantity):
    with pytest.raises(ValidationError) as refused:
        services.cart_add(user=buyer, product=soap, quantity=quantity)

    assert "정수" in refused.value.message_dict["quantity"][0]
    assert not CartItem.objects.exists()


def test_a_quantity_above_a_million_is_a_typo(buyer, soap):
    with pytest.raises(ValidationError, match="1,000,000 이하"):
        services.order_place(user=buyer, items=[(soap, "10000000000000000000000")])
    assert not Order.objects.exists()


def test_cart_adds_up_updates_and_removes(buyer, soap):
    services.cart_add(user=buyer, product=soap, quantity="10")
    services.cart_add(user=buyer, product=soap, quantity=2)
    assert CartItem.objects.get(user=buyer, product=soap).quantity == 12

    services.cart_update(user=buyer, product=soap, quantity="1,200")
    assert CartItem.objects.get(user=buyer, product=soap).quantity == 1200
    with pytest.raises(ValidationError):
        services.cart_update(user=buyer, product=soap, quantity=5)
    assert CartItem.objects.get(user=buyer, product=soap).quantity == 1200

    services.cart_remove(user=buyer, product=soap)
    assert not CartItem.objects.exists()


def test_only_published_products_of_approved_vendors_can_be_bought(buyer, vendor, soap):
    draft = ProductFactory(vendor=vendor, status=ProductStatus.DRAFT)
    with pytest.raises(ValidationError, match="지금 주문할 수 없는 상품"):
        services.cart_add(user=buyer, product=draft, quantity=1)

    vendor.status = VendorStatus.SUSPENDED
    vendor.save()
    with pytest.raises(ValidationError, match="천연 샴푸바"):
        services.order_place(user=buyer, items=[(soap, 10)])
    assert not Order.objects.exists()


def test_only_approved_buyers_buy(seller, soap, make_user):
    pending = BuyerFactory(membership__status=MembershipStatus.APPLIED)
    for user in (pending, seller, make_user(Role.STAFF), make_user(Role.CITIZEN)):
        with pytest.raises(PermissionDenied):
            services.cart_add(user=user, product=soap, quantity=10)
        with pytest.raises(PermissionDenied):
            services.order_place(user=user, items=[(soap, 10)])
    assert not CartItem.objects.exists() and not Order.objects.exists()


# ---------------------------------------------------------------------------------------------
# Placing orders


def test_order_place_makes_one_order_per_vendor_with_snapshot_lines(buyer, vendor, soap):
    brush = ProductFactory(vendor=vendor, name="대나무 칫솔", price_won=2_500, unit="개")
    rice = ProductFactory(
        vendor=VendorFactory(kind="cooperative"),
        name="친환경 쌀",
        price_won=55_000,
        unit="포",
        tax_type=TaxType.EXEMPT,
    )

    orders = services.order_place(
        user=buyer,
        items=[(soap, 10), (rice, "3"), (brush, 40), (soap, 5)],
        delivery_address="은평구청 총무과",
    )

    assert len(orders) == 2
    first, second = orders
    assert first.vendor == vendor and first.vendor_kind == "social_enterprise"
    assert second.vendor_kind == "cooperative"
    lines = {line.product_name: line for line in first.lines.all()}
    assert lines["천연 샴푸바"].quantity == 15
    assert lines["천연 샴푸바"].amount_won == 180_000
    assert lines["대나무 칫솔"].amount_won == 100_000
    assert first.total_won == 280_000
    assert second.lines.get().tax_type == TaxType.EXEMPT
    assert second.total_won == 165_000
    assert first.institution == buyer.institution and first.buyer == buyer
    assert [e.to_status for e in first.events.all()] == [OrderStatus.PLACED]

    Product.objects.filter(pk=soap.pk).update(price_won=99_000, name="새 이름")
    line = first.lines.get(product=soap)
    assert (line.product_name, line.unit_price_won) == ("천연 샴푸바", 12_000)

    soap.refresh_from_db()
    rice.refresh_from_db()
    assert (soap.sales_won, soap.order_count) == (180_000, 1)
    assert (rice.sales_won, rice.order_count) == (165_000, 1)


def test_a_refused_order_writes_nothing(buyer, vendor, soap):
    other = ProductFactory(vendor=VendorFactory(), min_order_quantity=5, name="업사이클 가방")

    with pytest.raises(ValidationError, match="최소 주문 수량은 5개"):
        services.order_place(user=buyer, items=[(soap, 10), (other, 4)])

    assert not Order.objects.exists()
    assert not OrderDayCounter.objects.filter(last__gt=0).exists()
    soap.refresh_from_db()
    assert (soap.sales_won, soap.order_count) == (0, 0)


def test_cart_order_orders_at_catalog_prices_and_empties_the_cart(buyer, soap):
    services.cart_add(user=buyer, product=soap, quantity=20)

    [order] = services.cart_order(user=buyer, note="3층 회의실")

    assert order.total_won == 240_000 and order.note == "3층 회의실"
    assert not CartItem.objects.filter(user=buyer).exists()


def test_an_empty_cart_cannot_be_ordered(buyer):
    with pytest.raises(ValidationError, match="상품을 하나 이상"):
        services.cart_order(user=buyer)


# ---------------------------------------------------------------------------------------------
# The state machine: every (from, to, party)

PARTIES = ("buyer", "vendor", "other_buyer", "other_vendor", "staff")
CASES = list(itertools.product(OrderStatus.values, OrderStatus.values, PARTIES))


@pytest.fixture
def parties(buyer, seller, make_user):
    other_vendor = VendorFactory()
    return {
        "buyer": buyer,
        "vendor": seller,
        "other_buyer": BuyerFactory(),
        "other_vendor": VendorMemberFactory(enterprise=other_vendor.enterprise),
        "staff": make_user(Role.STAFF),
    }


@pytest.mark.parametrize(("from_status", "to_status", "party"), CASES)
def test_every_transition_for_every_party(buyer, soap, parties, from_status, to_status, party):
    order = _place(buyer, soap)
    Order.objects.filter(pk=order.pk).update(status=from_status, tax_invoice_number="2022-0001")
    user = parties[party]
    rule = services.TRANSITIONS.get((from_status, to_status))
    allowed = rule is not None and party in rule.roles
    paid_on = timezone.localdate() if to_status == OrderStatus.COMPLETED else None

    def step():
        return services.order_transition(
            order=order, user=user, to_status=to_status, note="사유 메모", paid_on=paid_on
        )

    if allowed:
        moved = step()
        assert Order.objects.get(pk=order.pk).status == to_status == moved.status
        event = OrderEvent.objects.filter(order=order).last()
        assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, user)
        assert event.note == "사유 메모"
        return
    if party not in ("buyer", "vendor") or rule is not None:
        # Another institution's buyer, another vendor, staff: never a party; or the wrong party.
        with pytest.raises(PermissionDenied):
            step()
    else:
        with pytest.raises(ValidationError) as refused:
            step()
        current = OrderStatus(from_status).label
        assert refused.value.messages[0].startswith(f"'{current}' 상태의 주문은 '")
        assert refused.value.messages[0].endswith("바꿀 수 없습니다.")
    assert Order.objects.get(pk=order.pk).status == from_status
    assert OrderEvent.objects.filter(order=order).count() == 1


def test_the_refusal_reads_as_korean():
    order = Order(status=OrderStatus.SHIPPED)
    message = services._refuse_step(order, OrderStatus.CANCELLED).messages[0]
    assert message == "'배송 중' 상태의 주문은 '주문 취소'로 바꿀 수 없습니다."
    message = services._refuse_step(Order(status=OrderStatus.PLACED), OrderStatus.SHIPPED).messages
    assert message == ["'주문 접수' 상태의 주문은 '배송 중'으로 바꿀 수 없습니다."]


@pytest.mark.parametrize("to_status", [OrderStatus.CANCELLED, OrderStatus.RETURN_REQUESTED])
def test_cancelling_and_returning_need_a_reason(buyer, soap, to_status):
    order = _place(buyer, soap)
    if to_status == OrderStatus.RETURN_REQUESTED:
        Order.objects.filter(pk=order.pk).update(status=OrderStatus.DELIVERED)

    with pytest.raises(ValidationError) as refused:
        services.order_transition(order=order, user=buyer, to_status=to_status, note="  ")

    assert refused.value.message_dict == {"note": ["사유를 입력해 주세요."]}


def test_cancellation_and_return_take_the_sales_back(buyer, seller, soap):
    cancelled = _place(buyer, soap, 10)
    returned = _place(buyer, soap, 20)
    soap.refresh_from_db()
    assert (soap.sales_won, soap.order_count) == (360_000, 2)

    services.order_transition(
        order=cancelled, user=buyer, to_status=OrderStatus.CANCELLED, note="예산 부족"
    )
    for step in (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        services.order_transition(order=returned, user=seller, to_status=step)
    services.order_transition(
        order=returned, user=buyer, to_status=OrderStatus.RETURN_REQUESTED, note="파손"
    )
    soap.refresh_from_db()
    assert (soap.sales_won, soap.order_count) == (240_000, 1)  # a request is not a return yet

    services.order_transition(order=returned, user=seller, to_status=OrderStatus.RETURNED)
    soap.refresh_from_db()
    assert (soap.sales_won, soap.order_count) == (0, 0)


def test_the_full_journey_to_payment(buyer, seller, soap):
    order = _place(buyer, soap)
    for step in (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        services.order_transition(order=order, user=seller, to_status=step)
    services.order_transition(order=order, user=buyer, to_status=OrderStatus.ACCEPTED)
    today = timezone.localdate()

    with pytest.raises(ValidationError, match="세금계산서를 등록한 뒤"):
        services.order_record_payment(order=order, user=buyer, paid_on=today)
    with pytest.raises(PermissionDenied):
        services.order_record_invoice(order=order, user=buyer, number="X", issued_on=today)
    with pytest.raises(ValidationError) as refused:
        services.order_record_invoice(
            order=order, user=seller, number="20221031-1", issued_on=today + dt.timedelta(days=1)
        )
    assert "issued_on" in refused.value.message_dict

    services.order_record_invoice(order=order, user=seller, number="20221031-1", issued_on=today)
    with pytest.raises(PermissionDenied):
        services.order_record_payment(order=order, user=seller, paid_on=today)
    completed = services.order_record_payment(order=order, user=buyer, paid_on=today)

    assert completed.status == OrderStatus.COMPLETED and completed.paid_on == today
    order.refresh_from_db()
    assert order.tax_invoice_number == "20221031-1" and order.tax_invoice_date == today
    history = [(e.from_status, e.to_status, e.actor) for e in order.events.all()]
    assert history == [
        ("", OrderStatus.PLACED, buyer),
        (OrderStatus.PLACED, OrderStatus.CONFIRMED, seller),
        (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, seller),
        (OrderStatus.SHIPPED, OrderStatus.DELIVERED, seller),
        (OrderStatus.DELIVERED, OrderStatus.ACCEPTED, buyer),
        (OrderStatus.ACCEPTED, OrderStatus.ACCEPTED, seller),  # the tax invoice
        (OrderStatus.ACCEPTED, OrderStatus.COMPLETED, buyer),
    ]
    assert "20221031-1" in order.events.all()[5].note


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(status, status in services.INVOICE_STATES) for status in OrderStatus.values],
)
def test_the_tax_invoice_is_recorded_only_after_delivery(buyer, seller, soap, status, allowed):
    order = _place(buyer, soap)
    Order.objects.filter(pk=order.pk).update(status=status)
    record = {"order": order, "user": seller, "number": "A-1", "issued_on": timezone.localdate()}

    if allowed:
        assert services.order_record_invoice(**record).tax_invoice_number == "A-1"
    else:
        with pytest.raises(ValidationError, match="세금계산서를 등록할 수 없습니다"):
            services.order_record_invoice(**record)


def test_another_vendor_cannot_record_an_invoice(buyer, soap):
    order = _place(buyer, soap)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.DELIVERED)
    stranger = VendorMemberFactory(enterprise=VendorFactory().enterprise)

    with pytest.raises(PermissionDenied):
        services.order_record_invoice(
            order=order, user=stranger, number="A-1", issued_on=timezone.localdate()
        )


def test_allowed_transitions_are_what_the_page_offers(buyer, seller, soap):
    order = _place(buyer, soap)

    assert services.allowed_transitions(order=order, user=seller) == [
        OrderStatus.CONFIRMED,
        OrderStatus.CANCELLED,
    ]
    assert services.allowed_transitions(order=order, user=buyer) == [OrderStatus.CANCELLED]
    assert services.allowed_transitions(order=order, user=BuyerFactory()) == []


def test_products_keep_counting_across_many_orders(buyer, soap):
    for _ in range(3):
        _place(buyer, soap, 10)
    assert Product.objects.get(pk=soap.pk).order_count == 3
