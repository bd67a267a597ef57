"""The cart, quote and order pages of buyers, vendors and staff: what each sees, what each may
do, and query-count ceilings that hold as data grows."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ieum.core.choices import Role
from ieum.mall.choices import MembershipStatus, OrderStatus, QuoteRequestStatus
from ieum.mall.models import CartItem, Order, Quote, QuoteRequest
from ieum.mall.services import orders as services

from .factories import BuyerFactory, ProductFactory, VendorFactory, VendorMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory(enterprise__name="햇살공방")


@pytest.fixture
def seller(vendor):
    return VendorMemberFactory(enterprise=vendor.enterprise)


@pytest.fixture
def buyer():
    return BuyerFactory(institution__name="종로구청")


@pytest.fixture
def soap(vendor):
    return ProductFactory(
        vendor=vendor, name="천연 샴푸바", price_won=12_000, min_order_quantity=10
    )


@pytest.fixture
def other_vendor():
    return VendorFactory(enterprise__name="푸른숲 협동조합")


@pytest.fixture
def bag(other_vendor):
    return ProductFactory(vendor=other_vendor, name="업사이클 가방", price_won=35_000)


def _as(client, user):
    client.force_login(user)
    return client


def _order(buyer, product, quantity=10) -> Order:
    return services.order_place(user=buyer, items=[(product, quantity)])[0]


def _text(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------------------------
# Cart


def test_the_cart_groups_by_vendor_with_totals(client, buyer, soap, bag):
    services.cart_add(user=buyer, product=soap, quantity=10)
    services.cart_add(user=buyer, product=bag, quantity=2)

    page = _text(_as(client, buyer).get(reverse("mall:cart-detail")))

    assert page.index("햇살공방") < page.index("천연 샴푸바") < page.index("푸른숲 협동조합")
    assert "120,000원" in page and "70,000원" in page and "190,000원" in page
    assert "견적 요청" in page and "바로 주문" in page


def test_adding_below_the_minimum_says_so(client, buyer, soap):
    client = _as(client, buyer)

    response = client.post(reverse("mall:cart-add", args=[soap.pk]), {"quantity": "3"}, follow=True)

    assert "최소 주문 수량은 10개입니다" in _text(response)
    assert not CartItem.objects.exists()
    client.post(reverse("mall:cart-add", args=[soap.pk]), {"quantity": "열개"})
    assert not CartItem.objects.exists()
    client.post(reverse("mall:cart-add", args=[soap.pk]), {"quantity": "10"})
    assert CartItem.objects.get().quantity == 10


def test_changing_and_removing_cart_items(client, buyer, soap):
    services.cart_add(user=buyer, product=soap, quantity=10)
    client = _as(client, buyer)

    response = client.post(
        reverse("mall:cart-update", args=[soap.pk]), {"quantity": "5"}, follow=True
    )
    assert "최소 주문 수량" in _text(response)
    client.post(reverse("mall:cart-update", args=[soap.pk]), {"quantity": "30"})
    assert CartItem.objects.get().quantity == 30
    client.post(reverse("mall:cart-remove", args=[soap.pk]))
    assert not CartItem.objects.exists()


def test_ordering_the_cart_directly(client, buyer, soap, bag):
    services.cart_add(user=buyer, product=soap, quantity=10)
    services.cart_add(user=buyer, product=bag, quantity=1)

    response = _as(client, buyer).post(
        reverse("mall:cart-order"), {"order-delivery_address": "종로구청 3층"}
    )

    assert response.status_code == 302 and response.url == reverse("mall:order-list")
    assert Order.objects.filter(delivery_address="종로구청 3층").count() == 2
    assert not CartItem.objects.exists()


# ---------------------------------------------------------------------------------------------
# The quote journey through the pages


def test_request_answer_download_and_order_a_quote(client, buyer, seller, soap):
    services.cart_add(user=buyer, product=soap, quantity=20)
    client = _as(client, buyer)
    response = client.post(reverse("mall:cart-quote"), {"quote-message": "행사용"})
    request = QuoteRequest.objects.get()
    assert response.url == reverse("mall:quoterequest-detail", args=[request.pk])
    assert "입점기업이 견적서를 준비하고 있습니다" in _text(client.get(response.url))

    client = _as(client, seller)
    form = _text(client.get(reverse("mall:vendor-quoterequest-detail", args=[request.pk])))
    assert 'value="12000"' in form and 'value="20"' in form  # prefilled at the catalog price
    valid_until = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        reverse("mall:vendor-quoterequest-detail", args=[request.pk]),
        {
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "1",
            "lines-0-product": soap.pk,
            "lines-0-name": "천연 샴푸바",
            "lines-0-unit": "개",
            "lines-0-quantity": "20",
            "lines-0-unit_price_won": "11000",
            "lines-1-name": "배송비",
            "lines-1-unit": "식",
            "lines-1-quantity": "1",
            "lines-1-unit_price_won": "5000",
            "answer-valid_until": valid_until.isoformat(),
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == QuoteRequestStatus.QUOTED
    assert request.quote.total_won == 225_000

    client = _as(client, buyer)
    page = _text(client.get(reverse("mall:quoterequest-detail", args=[request.pk])))
    assert "225,000원" in page and "이 견적으로 주문" in page
    download = client.get(reverse("mall:quote-xlsx", args=[request.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert sheet["A1"].value == "견적서"
    hwpx = client.get(reverse("mall:quote-hwpx", args=[request.pk]))
    assert hwpx.content[:2] == b"PK" and ".hwpx" in hwpx["Content-Disposition"]

    response = client.post(reverse("mall:quote-order", args=[request.pk]))
    order = Order.objects.get()
    assert response.url == reverse("mall:order-detail", args=[order.number])
    assert order.total_won == 225_000 and order.quote == request.quote


def test_a_vendor_quote_with_a_bad_price_is_shown_again(client, buyer, seller, soap):
    [request] = services.quote_request_create(user=buyer, items=[(soap, 10)])

    response = _as(client, seller).post(
        reverse("mall:vendor-quoterequest-detail", args=[request.pk]),
        {
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "1",
            "lines-0-product": soap.pk,
            "lines-0-name": "천연 샴푸바",
            "lines-0-quantity": "10",
            "lines-0-unit_price_won": "0",
            "answer-valid_until": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == QuoteRequestStatus.REQUESTED


def test_answering_twice_is_refused_on_the_page(client, buyer, seller, soap):
    [request] = services.quote_request_create(user=buyer, items=[(soap, 10)])
    services.quote_decline(request=request, user=seller, reason="생산 중단")

    response = _as(client, seller).post(
        reverse("mall:vendor-quoterequest-detail", args=[request.pk]),
        {
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "1",
            "lines-0-name": "천연 샴푸바",
            "lines-0-quantity": "10",
            "lines-0-unit_price_won": "9000",
            "answer-valid_until": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 400
    assert "&#x27;견적 불가&#x27; 상태의 견적 요청에는 답할 수 없습니다." in _text(response)
    assert not Quote.objects.exists()


def test_the_vendor_declines_on_the_page(client, buyer, seller, soap):
    [request] = services.quote_request_create(user=buyer, items=[(soap, 10)])
    client = _as(client, seller)

    client.post(
        reverse("mall:vendor-quoterequest-decline", args=[request.pk]),
        {"decline-reason": "해당 기간 생산 불가"},
    )

    request.refresh_from_db()
    assert request.status == QuoteRequestStatus.DECLINED
    page = _text(_as(client, buyer).get(reverse("mall:quoterequest-detail", args=[request.pk])))
    assert "해당 기간 생산 불가" in page and "이 견적으로 주문" not in page


# ---------------------------------------------------------------------------------------------
# Orders: actions, scoping


def test_the_vendor_moves_the_order_and_the_buyer_accepts(client, buyer, seller, soap):
    order = _order(buyer, soap)
    client = _as(client, seller)
    url = reverse("mall:vendor-order-transition", args=[order.number])

    page = _text(client.get(reverse("mall:vendor-order-detail", args=[order.number])))
    assert "주문 확인" in page and "세금계산서 등록" not in page
    for step in (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        client.post(url, {"to_status": step})
    client.post(
        reverse("mall:vendor-order-invoice", args=[order.number]),
        {"number": "20221101-42", "issued_on": timezone.localdate().isoformat()},
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED and order.tax_invoice_number == "20221101-42"

    client = _as(client, buyer)
    page = _text(client.get(reverse("mall:order-detail", args=[order.number])))
    assert "검수 완료" in page and "반품 요청" in page
    client.post(reverse("mall:order-transition", args=[order.number]), {"to_status": "accepted"})
    client.post(
        reverse("mall:order-payment", args=[order.number]),
        {"paid_on": timezone.localdate().isoformat()},
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    page = _text(client.get(reverse("mall:order-detail", args=[order.number])))
    assert "대금 지급 완료" in page and "20221101-42" in page


def test_a_step_out_of_order_is_explained(client, buyer, seller, soap):
    order = _order(buyer, soap)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED)

    response = _as(client, buyer).post(
        reverse("mall:order-transition", args=[order.number]),
        {"to_status": "cancelled", "note": "필요 없어짐"},
        follow=True,
    )

    assert "&#x27;배송 중&#x27; 상태의 주문은 &#x27;주문 취소&#x27;로 바꿀 수 없습니다." in _text(
        response
    )


def test_the_buyer_cannot_take_the_vendors_step(client, buyer, soap):
    order = _order(buyer, soap)

    response = _as(client, buyer).post(
        reverse("mall:order-transition", args=[order.number]), {"to_status": "confirmed"}
    )

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED


def test_nobody_sees_another_partys_order(client, buyer, seller, soap, bag, other_vendor):
    mine = _order(buyer, soap)
    theirs = _order(BuyerFactory(institution__name="노원구청"), bag)
    stranger = VendorMemberFactory(enterprise=other_vendor.enterprise)

    client = _as(client, buyer)
    listing = _text(client.get(reverse("mall:order-list")))
    assert mine.number in listing and theirs.number not in listing
    assert client.get(reverse("mall:order-detail", args=[theirs.number])).status_code == 404

    client = _as(client, seller)
    listing = _text(client.get(reverse("mall:vendor-order-list")))
    assert mine.number in listing and theirs.number not in listing
    assert client.get(reverse("mall:vendor-order-detail", args=[theirs.number])).status_code == 404

    client = _as(client, stranger)
    assert client.get(reverse("mall:vendor-order-detail", args=[mine.number])).status_code == 404
    response = client.post(
        reverse("mall:vendor-order-transition", args=[mine.number]), {"to_status": "confirmed"}
    )
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.status == OrderStatus.PLACED


def test_nobody_downloads_another_institutions_quote(client, buyer, seller, soap):
    [request] = services.quote_request_create(user=buyer, items=[(soap, 10)])
    services.quote_submit(
        request=request,
        user=seller,
        lines=[{"product": soap, "quantity": 10, "unit_price_won": 10_000}],
        valid_until=timezone.localdate(),
    )
    client = _as(client, BuyerFactory())

    assert client.get(reverse("mall:quote-xlsx", args=[request.pk])).status_code == 404
    assert client.get(reverse("mall:quoterequest-detail", args=[request.pk])).status_code == 404
    client = _as(client, seller)
    assert client.get(reverse("mall:quote-hwpx", args=[request.pk])).status_code == 200


def test_orders_filter_by_status_and_period(client, buyer, soap):
    old = _order(buyer, soap)
    Order.objects.filter(pk=old.pk).update(
        order_date=dt.date(2022, 3, 2), status=OrderStatus.COMPLETED
    )
    new = _order(buyer, soap)
    client = _as(client, buyer)

    placed = _text(client.get(reverse("mall:order-list"), {"status": "placed"}))
    assert new.number in placed and old.number not in placed
    march = _text(
        client.get(reverse("mall:order-list"), {"start": "2022-03-01", "end": "2022-03-31"})
    )
    assert old.number in march and new.number not in march


def test_staff_see_every_order_read_only(client, staff_user, buyer, soap, bag):
    first, second = _order(buyer, soap), _order(BuyerFactory(), bag)
    client = _as(client, staff_user)

    listing = _text(client.get(reverse("mall:console-order-list")))
    assert first.number in listing and second.number in listing
    page = _text(client.get(reverse("mall:console-order-detail", args=[first.number])))
    assert first.number in page and 'name="to_status"' not in page
    response = client.post(
        reverse("mall:order-transition", args=[first.number]), {"to_status": "cancelled"}
    )
    assert response.status_code == 403


def test_the_settlement_adds_up_the_vendors_months(client, buyer, seller, soap, vendor):
    first, second, cancelled = (_order(buyer, soap, n) for n in (10, 20, 30))
    march = {"order_date": dt.date(2022, 3, 5)}
    Order.objects.filter(pk=first.pk).update(
        status=OrderStatus.COMPLETED,
        tax_invoice_number="A-1",
        paid_on=dt.date(2022, 3, 20),
        **march,
    )
    Order.objects.filter(pk=second.pk).update(
        status=OrderStatus.ACCEPTED, tax_invoice_number="A-2", **march
    )
    Order.objects.filter(pk=cancelled.pk).update(status=OrderStatus.CANCELLED, **march)
    _order(BuyerFactory(), ProductFactory(vendor=VendorFactory()))  # another vendor's

    response = _as(client, seller).get(reverse("mall:settlement-detail"), {"year": 2022})

    march_row = response.context["settlement"].months[2]
    assert (march_row.orders, march_row.ordered_won) == (2, 360_000)
    assert (march_row.accepted_won, march_row.invoiced_won) == (360_000, 360_000)
    assert (march_row.paid_won, march_row.unpaid_won) == (120_000, 240_000)
    assert response.context["settlement"].total.ordered_won == 360_000
    assert "360,000원" in _text(response)


# ---------------------------------------------------------------------------------------------
# Who may open which page

PAGES = [
    ("mall:cart-detail", {"buyer"}),
    ("mall:order-list", {"buyer"}),
    ("mall:quoterequest-list", {"buyer"}),
    ("mall:vendor-order-list", {"vendor"}),
    ("mall:vendor-quoterequest-list", {"vendor"}),
    ("mall:settlement-detail", {"vendor"}),
    ("mall:console-order-list", {"staff"}),
]


@pytest.mark.parametrize(("url_name", "allowed"), PAGES)
@pytest.mark.parametrize("role", ["anonymous", "buyer", "pending_buyer", "vendor", "staff"])
def test_permission_table(client, make_user, seller, url_name, allowed, role):
    users = {
        "buyer": lambda: BuyerFactory(),
        "pending_buyer": lambda: BuyerFactory(membership__status=MembershipStatus.APPLIED),
        "vendor": lambda: seller,
        "staff": lambda: make_user(Role.STAFF),
    }
    if role != "anonymous":
        client.force_login(users[role]())

    response = client.get(reverse(url_name))

    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response.url
    else:
        assert response.status_code == (200 if role in allowed else 403)


# ---------------------------------------------------------------------------------------------
# Query ceilings


@pytest.fixture
def many_orders(buyer, seller, soap, vendor):
    products = [ProductFactory(vendor=vendor) for _ in range(5)]
    orders = []
    for index in range(35):
        [order] = services.order_place(user=buyer, items=[(soap, 10), *[(p, 1) for p in products]])
        orders.append(order)
        if index % 2:
            services.order_transition(order=order, user=seller, to_status="confirmed")
    return orders


@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        ("buyer", "mall:order-list"),
        ("seller", "mall:vendor-order-list"),
        ("staff", "mall:console-order-list"),
    ],
)
def test_order_lists_query_ceiling(
    client, many_orders, buyer, seller, staff_user, who, url_name, django_assert_max_num_queries
):
    client.force_login({"buyer": buyer, "seller": seller, "staff": staff_user}[who])

    with django_assert_max_num_queries(6):
        response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert many_orders[-1].number in _text(response)


@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        ("buyer", "mall:order-detail"),
        ("seller", "mall:vendor-order-detail"),
        ("staff", "mall:console-order-detail"),
    ],
)
def test_order_detail_query_ceiling(
    client, many_orders, buyer, seller, staff_user, who, url_name, django_assert_max_num_queries
):
    order = many_orders[1]
    client.force_login({"buyer": buyer, "seller": seller, "staff": staff_user}[who])

    with django_assert_max_num_queries(8):
        response = client.get(reverse(url_name, args=[order.number]))

    assert response.status_code == 200
    assert _text(response).count("<tr>") >= 6


def test_quote_pages_query_ceiling(
    client, buyer, seller, soap, vendor, django_assert_max_num_queries
):
    products = [ProductFactory(vendor=vendor) for _ in range(8)]
    for _ in range(35):
        [request] = services.quote_request_create(
            user=buyer, items=[(soap, 10), *[(p, 2) for p in products]]
        )
    services.quote_submit(
        request=request,
        user=seller,
        lines=[{"product": p, "quantity": 2, "unit_price_won": 900} for p in products],
        valid_until=timezone.localdate(),
    )
    checks = [
        (buyer, reverse("mall:quoterequest-list"), 6),
        (buyer, reverse("mall:quoterequest-detail", args=[request.pk]), 9),
        (seller, reverse("mall:vendor-quoterequest-list"), 6),
        (seller, reverse("mall:vendor-quoterequest-detail", args=[request.pk]), 9),
    ]
    for user, url, ceiling in checks:
        client.force_login(user)
        with django_assert_max_num_queries(ceiling):
            assert client.get(url).status_code == 200


def test_cart_and_settlement_query_ceiling(
    client, buyer, seller, vendor, many_orders, django_assert_max_num_queries
):
    for _ in range(3):
        for product in (ProductFactory(vendor=VendorFactory()) for _ in range(6)):
            services.cart_add(user=buyer, product=product, quantity=1)

    client.force_login(buyer)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("mall:cart-detail")).status_code == 200
    client.force_login(seller)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("mall:settlement-detail")).status_code == 200
