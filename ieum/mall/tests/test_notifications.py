"""The mall's e-mail: vendor application and buyer membership decided, quote requested and
answered, and every order step to the other party. Each event mails the people it concerns
once, after the commit, in Korean (English for whoever chose it), with the link to their page;
nothing for whoever turned the kind off, nothing when the transaction rolls back."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ieum.accounts.services import notification_preferences_update
from ieum.accounts.tests.mail import committed, rolled_back, to
from ieum.core.choices import Role
from ieum.core.models import Notification
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.mall.choices import OrderStatus, VendorStatus
from ieum.mall.models import Order, QuoteRequest
from ieum.mall.services import orders
from ieum.mall.services.institutions import membership_apply, membership_approve, membership_reject
from ieum.mall.services.vendors import vendor_approve, vendor_reject

from .factories import BuyerFactory, ProductFactory, VendorFactory, VendorMemberFactory

pytestmark = pytest.mark.django_db


@dataclass
class World:
    vendor: object
    seller: object
    buyer: object
    staff: object
    soap: object


@pytest.fixture
def world(make_user):
    vendor = VendorFactory(enterprise__name="햇살공방")
    return World(
        vendor=vendor,
        seller=VendorMemberFactory(enterprise=vendor.enterprise, email="seller@example.kr"),
        buyer=BuyerFactory(institution__name="서대문구청", email="buyer@example.kr"),
        staff=make_user(Role.STAFF, email="staff@example.kr"),
        soap=ProductFactory(vendor=vendor, name="천연 샴푸바", min_order_quantity=10),
    )


@dataclass
class Event:
    """What a test does (`act`), who must hear of it, at which page, in which words."""

    kind: str
    act: Callable[[], object]
    recipients: list
    url: Callable[[], str]
    subject: Callable[[], str]
    subject_en: Callable[[], str]
    body: str
    body_en: str


def _order() -> Order:
    return Order.objects.latest("pk")


def _number() -> str:
    return _order().number


def _place(world) -> Order:
    [order] = orders.order_place(user=world.buyer, items=[(world.soap, 10)])
    return order


def _request(world) -> QuoteRequest:
    [request] = orders.quote_request_create(user=world.buyer, items=[(world.soap, 10)])
    return request


def vendor_approved(world) -> Event:
    applied = VendorFactory(
        enterprise=EnterpriseFactory(name="푸른숲"), status=VendorStatus.APPLIED, approved_on=None
    )
    members = [
        VendorMemberFactory(enterprise=applied.enterprise, email=f"forest{n}@example.kr")
        for n in (1, 2)
    ]
    return Event(
        kind="mall.vendor_decided",
        act=lambda: vendor_approve(vendor=applied, actor=world.staff),
        recipients=members,
        url=lambda: reverse("mall:vendor-portal"),
        subject=lambda: "[이음] 함께누리 입점이 승인되었습니다",
        subject_en=lambda: "[Ieum] Your Hamkke Nuri vendor application is approved",
        body="푸른숲의 함께누리 입점 신청이 승인되었습니다.",
        body_en="The Hamkke Nuri vendor application of 푸른숲 is approved.",
    )


def vendor_rejected(world) -> Event:
    applied = VendorFactory(
        enterprise=EnterpriseFactory(name="푸른숲"), status=VendorStatus.APPLIED, approved_on=None
    )
    member = VendorMemberFactory(enterprise=applied.enterprise, email="forest@example.kr")
    return Event(
        kind="mall.vendor_decided",
        act=lambda: vendor_reject(vendor=applied, actor=world.staff, reason="인증서 누락"),
        recipients=[member],
        url=lambda: reverse("mall:vendor-portal"),
        subject=lambda: "[이음] 함께누리 입점 신청이 반려되었습니다",
        subject_en=lambda: "[Ieum] Your Hamkke Nuri vendor application was rejected",
        body="푸른숲의 함께누리 입점 신청이 반려되었습니다.\n사유: 인증서 누락",
        body_en="was rejected.\nReason: 인증서 누락",
    )


def _applicant():
    applicant = BuyerFactory(membership=None, institution__name="마포구청", email="new@example.kr")
    return applicant, membership_apply(user=applicant)


def membership_approved(world) -> Event:
    applicant, membership = _applicant()
    return Event(
        kind="mall.membership_decided",
        act=lambda: membership_approve(membership=membership, actor=world.staff),
        recipients=[applicant],
        url=lambda: reverse("mall:membership-apply"),
        subject=lambda: "[이음] 함께누리 구매 회원 가입이 승인되었습니다",
        subject_en=lambda: "[Ieum] Your Hamkke Nuri buyer membership is approved",
        body="마포구청의 함께누리 구매 회원으로 승인되었습니다.",
        body_en="You are approved as a Hamkke Nuri buyer member for 마포구청.",
    )


def membership_rejected(world) -> Event:
    applicant, membership = _applicant()
    return Event(
        kind="mall.membership_decided",
        act=lambda: membership_reject(
            membership=membership, actor=world.staff, reason="소속 불일치"
        ),
        recipients=[applicant],
        url=lambda: reverse("mall:membership-apply"),
        subject=lambda: "[이음] 함께누리 구매 회원 가입이 반려되었습니다",
        subject_en=lambda: "[Ieum] Your Hamkke Nuri buyer membership was rejected",
        body="사유: 소속 불일치",
        body_en="Reason: 소속 불일치",
    )


def quote_requested(world) -> Event:
    return Event(
        kind="mall.quote_requested",
        act=lambda: _request(world),
        recipients=[world.seller],
        url=lambda: reverse(
            "mall:vendor-quoterequest-detail", args=[QuoteRequest.objects.latest("pk").pk]
        ),
        subject=lambda: "[이음] 새 견적 요청: 서대문구청",
        subject_en=lambda: "[Ieum] New quote request: 서대문구청",
        body="서대문구청에서 견적을 요청했습니다 (품목 1개).",
        body_en="서대문구청 asked for a quote (items: 1).",
    )


def quote_submitted(world) -> Event:
    request = _request(world)
    valid_until = timezone.localdate() + dt.timedelta(days=10)
    line = {"product": world.soap, "quantity": 10, "unit_price_won": 11_000}
    return Event(
        kind="mall.quote_answered",
        act=lambda: orders.quote_submit(
            request=request, user=world.seller, lines=[line], valid_until=valid_until
        ),
        recipients=[world.buyer],
        url=lambda: reverse("mall:quoterequest-detail", args=[request.pk]),
        subject=lambda: "[이음] 견적서가 왔습니다: 햇살공방",
        subject_en=lambda: "[Ieum] Quote received: 햇살공방",
        body=f"햇살공방이(가) 요청하신 견적서를 보냈습니다. 합계 110,000원, {valid_until}까지",
        body_en=f"sent the quote you asked for: KRW 110,000 in total, valid until {valid_until}.",
    )


def quote_declined(world) -> Event:
    request = _request(world)
    return Event(
        kind="mall.quote_answered",
        act=lambda: orders.quote_decline(request=request, user=world.seller, reason="재고 없음"),
        recipients=[world.buyer],
        url=lambda: reverse("mall:quoterequest-detail", args=[request.pk]),
        subject=lambda: "[이음] 견적 불가 회신: 햇살공방",
        subject_en=lambda: "[Ieum] Quote declined: 햇살공방",
        body="햇살공방이(가) 견적을 낼 수 없다고 답했습니다.\n사유: 재고 없음",
        body_en="햇살공방 cannot send a quote.\nReason: 재고 없음",
    )


def order_placed(world) -> Event:
    return Event(
        kind="mall.order_step",
        act=lambda: _place(world),
        recipients=[world.seller],
        url=lambda: reverse("mall:vendor-order-detail", args=[_number()]),
        subject=lambda: f"[이음] 새 주문 {_number()}: 서대문구청",
        subject_en=lambda: f"[Ieum] New order {_number()}: 서대문구청",
        body="서대문구청에서 주문했습니다.",
        body_en="서대문구청 placed order",
    )


def order_confirmed(world) -> Event:
    order = _place(world)
    return Event(
        kind="mall.order_step",
        act=lambda: orders.order_transition(
            order=order, user=world.seller, to_status=OrderStatus.CONFIRMED
        ),
        recipients=[world.buyer],
        url=lambda: reverse("mall:order-detail", args=[order.number]),
        subject=lambda: f"[이음] 주문 {order.number}: 주문 확인",
        subject_en=lambda: f"[Ieum] Order {order.number}: Confirmed",
        body=f"주문 {order.number}의 상태가 바뀌었습니다: 주문 접수 → 주문 확인\n"
        "구매기관: 서대문구청\n입점기업: 햇살공방",
        body_en=f"Order {order.number} has moved on: Received → Confirmed\n"
        "Purchasing institution: 서대문구청\nVendor: 햇살공방",
    )


def order_cancelled_by_the_buyer(world) -> Event:
    order = _place(world)
    return Event(
        kind="mall.order_step",
        act=lambda: orders.order_transition(
            order=order, user=world.buyer, to_status=OrderStatus.CANCELLED, note="예산 부족"
        ),
        recipients=[world.seller],
        url=lambda: reverse("mall:vendor-order-detail", args=[order.number]),
        subject=lambda: f"[이음] 주문 {order.number}: 주문 취소",
        subject_en=lambda: f"[Ieum] Order {order.number}: Cancelled",
        body="주문 접수 → 주문 취소\n구매기관: 서대문구청\n입점기업: 햇살공방\n사유: 예산 부족",
        body_en="Reason: 예산 부족",
    )


def invoice_recorded(world) -> Event:
    order = _place(world)
    for step in (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        orders.order_transition(order=order, user=world.seller, to_status=step)
    today = timezone.localdate()
    return Event(
        kind="mall.order_step",
        act=lambda: orders.order_record_invoice(
            order=order, user=world.seller, number="TX-2022-0042", issued_on=today
        ),
        recipients=[world.buyer],
        url=lambda: reverse("mall:order-detail", args=[order.number]),
        subject=lambda: f"[이음] 주문 {order.number}: 세금계산서 등록",
        subject_en=lambda: f"[Ieum] Order {order.number}: tax invoice registered",
        body=f"세금계산서(TX-2022-0042, {today} 발행)를 등록했습니다.",
        body_en=f"(TX-2022-0042, issued {today}). Once you have paid, record the payment date.",
    )


SCENARIOS = {
    scenario.__name__: scenario
    for scenario in (
        vendor_approved,
        vendor_rejected,
        membership_approved,
        membership_rejected,
        quote_requested,
        quote_submitted,
        quote_declined,
        order_placed,
        order_confirmed,
        order_cancelled_by_the_buyer,
        invoice_recorded,
    )
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_people_concerned_get_one_korean_mail_after_commit(
    world, name, django_capture_on_commit_callbacks, settings
):
    event = SCENARIOS[name](world)
    with committed(django_capture_on_commit_callbacks) as sent:
        event.act()

    assert sorted(to(message) for message in sent) == sorted(u.email for u in event.recipients)
    for message in sent:
        assert message.subject == event.subject()
        assert event.body in message.body
        assert f"자세히 보기: {settings.SITE_URL}{event.url()}\n" in message.body


@pytest.mark.parametrize("name", SCENARIOS)
def test_english_for_whoever_chose_it(world, name, django_capture_on_commit_callbacks):
    event = SCENARIOS[name](world)
    for person in event.recipients:
        person.language = "en"
        person.save(update_fields=["language"])
    with committed(django_capture_on_commit_callbacks) as sent:
        event.act()

    assert len(sent) == len(event.recipients)
    for message in sent:
        assert message.subject == event.subject_en()
        assert event.body_en in message.body
        assert "Details: http" in message.body


@pytest.mark.parametrize("name", SCENARIOS)
def test_none_for_whoever_turned_the_kind_off(world, name, django_capture_on_commit_callbacks):
    event = SCENARIOS[name](world)
    for person in event.recipients:
        notification_preferences_update(user=person, disabled_kinds=[event.kind])
    with committed(django_capture_on_commit_callbacks) as sent:
        event.act()

    assert sent == []


@pytest.mark.parametrize("name", SCENARIOS)
def test_none_when_the_transaction_rolls_back(world, name, django_capture_on_commit_callbacks):
    event = SCENARIOS[name](world)
    before = Notification.objects.count()
    with rolled_back(django_capture_on_commit_callbacks) as sent:
        event.act()

    assert sent == []
    assert Notification.objects.count() == before


# Every step of the order's state machine tells the other party, and only them.
STEPS = [
    (from_status, to_status, party)
    for (from_status, to_status), rule in orders.TRANSITIONS.items()
    for party in sorted(rule.roles)
]


@pytest.mark.parametrize(("from_status", "to_status", "party"), STEPS)
def test_every_order_step_mails_the_other_party(
    world, from_status, to_status, party, django_capture_on_commit_callbacks
):
    order = _place(world)
    Order.objects.filter(pk=order.pk).update(
        status=from_status, tax_invoice_number="TX-1", tax_invoice_date=order.order_date
    )
    actor, other = (
        (world.buyer, world.seller) if party == orders.BUYER else (world.seller, world.buyer)
    )
    with committed(django_capture_on_commit_callbacks) as sent:
        orders.order_transition(
            order=order,
            user=actor,
            to_status=to_status,
            note="사유 있음",
            paid_on=timezone.localdate(),
        )

    [message] = sent
    assert to(message) == other.email
    with translation.override("ko"):  # whatever language an earlier test left active
        label = str(OrderStatus(to_status).label)
    assert message.subject == f"[이음] 주문 {order.number}: {label}"


def test_a_cart_of_two_vendors_tells_each_vendor_of_its_own_order(
    world, django_capture_on_commit_callbacks
):
    other_vendor = VendorFactory(enterprise__name="달빛상회")
    other_seller = VendorMemberFactory(enterprise=other_vendor.enterprise, email="moon@example.kr")
    candle = ProductFactory(vendor=other_vendor, name="밀랍초")
    with committed(django_capture_on_commit_callbacks) as sent:
        placed = orders.order_place(user=world.buyer, items=[(world.soap, 10), (candle, 1)])

    by_address = {to(message): message for message in sent}
    assert sorted(by_address) == sorted([world.seller.email, other_seller.email])
    numbers = {order.vendor_id: order.number for order in placed}
    assert numbers[world.vendor.pk] in by_address[world.seller.email].subject
    assert numbers[other_vendor.pk] in by_address[other_seller.email].subject


def test_a_step_taken_by_staff_would_tell_both_parties(world, django_capture_on_commit_callbacks):
    # The order table has no staff step today; the rule for one is already in place.
    order = _place(world)
    with committed(django_capture_on_commit_callbacks) as sent:
        orders._notify_parties(
            order,
            acting=frozenset(),
            actor=world.staff,
            subject="주문 %(number)s: %(to_status)s",
            template="mall/email/order_step.txt",
            context={
                "from_status": OrderStatus.PLACED.label,
                "to_status": OrderStatus.CANCELLED.label,
                "note": "센터 직권 취소",
            },
        )

    assert sorted(to(message) for message in sent) == sorted(
        [world.seller.email, world.buyer.email]
    )


def test_the_buyer_waiting_for_approval_is_the_only_one_told(
    world, django_capture_on_commit_callbacks
):
    applicant, membership = _applicant()
    # An approved colleague at the same institution is not concerned.
    BuyerFactory(institution=applicant.institution, email="colleague@example.kr")
    with committed(django_capture_on_commit_callbacks) as sent:
        membership_approve(membership=membership, actor=world.staff)

    assert [to(message) for message in sent] == [applicant.email]
