"""The mall API (/api/mall/): the public catalog, a buyer's quotes and orders, a vendor's
products, orders and quote answers, and who is refused what."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from ieum.accounts.services import api_token_create
from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.mall.choices import OrderStatus, ProductStatus, QuoteRequestStatus
from ieum.mall.models import Order, Product, ProductCertificate, QuoteRequest
from ieum.mall.services import catalog as catalog_services
from ieum.mall.services import orders as order_services
from ieum.mall.tests.factories import (
    BuyerFactory,
    MembershipFactory,
    ProductFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/mall"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)[1]}"}


def post(client, path, body, user=None):
    headers = bearer(user) if user else {}
    return client.post(
        f"{API}{path}", data=json.dumps(body), content_type="application/json", **headers
    )


def patch(client, path, body, user):
    return client.patch(
        f"{API}{path}", data=json.dumps(body), content_type="application/json", **bearer(user)
    )


def get(client, path, user=None, **params):
    headers = bearer(user) if user else {}
    return client.get(f"{API}{path}", params, **headers)


@pytest.fixture
def category(db):
    return catalog_services.category_ensure(actor=system_actor(), path=["생활용품", "대나무 칫솔"])


@pytest.fixture
def vendor(member_enterprise):
    return VendorFactory(enterprise=member_enterprise)


@pytest.fixture
def seller(make_user, vendor):
    return make_user(Role.ENTERPRISE)


@pytest.fixture
def toothbrush(vendor, category):
    product = ProductFactory(
        vendor=vendor,
        category=category,
        name="대나무 칫솔 10개입",
        description="플라스틱 없는 칫솔입니다.",
        price_won=12_000,
        min_order_quantity=5,
        unit="세트",
    )
    catalog_services.product_reindex([product.pk])
    return product


@pytest.fixture
def buyer(make_user, institution):
    user = make_user(Role.BUYER)
    MembershipFactory(user=user, institution=institution)
    return user


@pytest.fixture
def other_buyer(db):
    return BuyerFactory(username="other-institution-buyer")


def place(buyer, product, quantity=10) -> Order:
    return order_services.order_place(user=buyer, items=[(product, quantity)])[0]


# -- schema and the public catalog ----------------------------------------------------------


def test_openapi_lists_the_mall_paths(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]

    for path in (
        "/api/mall/products",
        "/api/mall/products/{product_id}",
        "/api/mall/quotes",
        "/api/mall/quotes/{request_id}",
        "/api/mall/quotes/{request_id}/order",
        "/api/mall/orders",
        "/api/mall/orders/{number}",
        "/api/mall/orders/{number}/transition",
        "/api/mall/vendor/products",
        "/api/mall/vendor/products/{product_id}",
        "/api/mall/vendor/orders",
        "/api/mall/vendor/orders/{number}/transition",
        "/api/mall/vendor/quotes",
        "/api/mall/vendor/quotes/{request_id}",
    ):
        assert path in paths
    assert "security" not in paths["/api/mall/products"]["get"]
    assert paths["/api/mall/orders"]["post"]["security"] == [{"BearerToken": []}]


def test_openapi_describes_what_every_mall_read_returns(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    reads = {
        path: item["get"]
        for path, item in paths.items()
        if path.startswith("/api/mall/") and "get" in item
    }

    assert len(reads) == 11
    for path, operation in reads.items():
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema["$ref"].startswith("#/components/schemas/"), path
        # Generated clients name their methods after these ids: they must not move.
        assert operation["operationId"].startswith("ieum_mall_api_"), path


def test_catalog_search_is_public_and_finds_spacing_variants(client, toothbrush):
    ProductFactory(vendor=toothbrush.vendor, name="재생 복사용지")  # not indexed: not found

    body = get(client, "/products", q="대나무칫솔을").json()

    assert body["total"] == 1
    item = body["items"][0]
    assert (item["id"], item["price_won"], item["unit"]) == (toothbrush.pk, 12_000, "세트")
    assert item["category"] == ["생활용품", "대나무 칫솔"]
    assert item["vendor"]["name"] == toothbrush.vendor.enterprise.name
    assert {"category", "certification", "vendor_kind", "district", "price_band"} <= set(
        body["facets"]
    )
    bands = {f["value"]: f["count"] for f in body["facets"]["price_band"]}
    assert bands["u50k"] == 1


def test_catalog_search_filters_and_pages(client, vendor, category, django_assert_max_num_queries):
    for price in (5_000, 15_000, 25_000, *range(60_000, 70_000, 1_000)):
        product = ProductFactory(vendor=vendor, category=category, price_won=price)
        ProductCertificate.objects.create(product=product, kind="eco")
    with django_assert_max_num_queries(16):
        body = get(client, "/products", sort="price_desc").json()
    assert len(body["items"]) == 13
    assert body["items"][0]["certifications"] == [{"kind": "eco", "label": "친환경(환경표지)"}]
    body = get(client, "/products", price_band="u50k", sort="price_desc", per_page=1).json()

    assert (body["total"], body["pages"], body["page"]) == (2, 2, 1)
    assert body["items"][0]["price_won"] == 25_000
    assert [f["selected"] for f in body["facets"]["price_band"] if f["value"] == "u50k"] == [True]


def test_product_detail_is_public_and_hides_drafts(client, toothbrush):
    body = get(client, f"/products/{toothbrush.pk}").json()
    assert body["description"] == "플라스틱 없는 칫솔입니다."
    assert (body["min_order_quantity"], body["status"]) == (5, "published")

    draft = ProductFactory(vendor=toothbrush.vendor, status=ProductStatus.DRAFT, published_at=None)
    response = get(client, f"/products/{draft.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "판매 중인 상품이 아닙니다."


# -- buyer: orders ----------------------------------------------------------------------------


def test_buyer_orders_at_catalog_prices(client, buyer, toothbrush):
    response = post(
        client,
        "/orders",
        {"items": [{"product_id": toothbrush.pk, "quantity": 10}], "note": "오전 납품"},
        buyer,
    )

    assert response.status_code == 201
    [order] = response.json()
    assert order["total_won"] == 120_000
    assert order["status"] == "placed"
    assert order["institution"]["name"] == "은평구청"
    assert order["lines"][0]["amount_won"] == 120_000
    assert order["allowed_transitions"] == ["cancelled"]
    assert Order.objects.get(number=order["number"]).buyer == buyer


def test_quantity_below_the_minimum_is_refused_in_korean(client, buyer, toothbrush):
    response = post(
        client, "/orders", {"items": [{"product_id": toothbrush.pk, "quantity": 2}]}, buyer
    )

    assert response.status_code == 422
    body = response.json()
    assert body["errors"]["quantity"] == ["'대나무 칫솔 10개입'의 최소 주문 수량은 5세트입니다."]
    assert body["detail"] == body["errors"]["quantity"][0]
    assert not Order.objects.exists()


def test_quantity_that_is_not_a_number_is_refused_in_korean(client, buyer, toothbrush):
    response = post(
        client, "/orders", {"items": [{"product_id": toothbrush.pk, "quantity": "열 개"}]}, buyer
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"items.0.quantity": ["정수로 입력해 주세요."]}


def test_unknown_product_is_refused(client, buyer, toothbrush):
    response = post(client, "/orders", {"items": [{"product_id": 999_999, "quantity": 5}]}, buyer)

    assert response.status_code == 422
    assert response.json()["errors"]["items"] == ["상품 번호 999999을(를) 찾을 수 없습니다."]


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.ENTERPRISE, "/orders"),
        (Role.STAFF, "/orders"),
        (Role.CITIZEN, "/quotes"),
        (Role.BUYER, "/vendor/products"),
        (Role.BUYER, "/vendor/orders"),
        (Role.STAFF, "/vendor/quotes"),
    ],
)
def test_wrong_role_is_forbidden(client, make_user, vendor, role, path):
    response = get(client, path, make_user(role))

    assert response.status_code == 403
    assert response.json()["detail"]


def test_buyer_without_approved_membership_is_forbidden(client, make_user, toothbrush):
    response = post(
        client,
        "/orders",
        {"items": [{"product_id": toothbrush.pk, "quantity": 5}]},
        make_user(Role.BUYER),
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "함께누리 구매 회원 승인을 받은 뒤에 이용할 수 있습니다."


def test_no_token_is_unauthorized(client, toothbrush):
    assert get(client, "/orders").status_code == 401
    assert post(client, "/orders", {"items": []}).status_code == 401


def test_another_institutions_order_is_not_found(client, buyer, other_buyer, toothbrush):
    order = place(other_buyer, toothbrush)

    assert get(client, f"/orders/{order.number}", buyer).status_code == 404
    response = post(
        client, f"/orders/{order.number}/transition", {"to_status": "cancelled", "note": "x"}, buyer
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "주문을 찾을 수 없습니다."
    assert get(client, "/orders", buyer).json()["total"] == 0


def test_buyer_lists_and_reads_its_orders(client, buyer, toothbrush, django_assert_max_num_queries):
    for _ in range(3):
        place(buyer, toothbrush)
    headers = bearer(buyer)

    with django_assert_max_num_queries(12):
        body = client.get(f"{API}/orders", {"per_page": 2}, **headers).json()

    assert (body["total"], body["pages"], len(body["items"])) == (3, 2, 2)
    number = body["items"][0]["number"]
    with django_assert_max_num_queries(14):
        detail = client.get(f"{API}/orders/{number}", **headers).json()
    assert [e["to_status"] for e in detail["events"]] == ["placed"]


def test_order_goes_all_the_way_through_each_party(client, buyer, seller, toothbrush):
    number = place(buyer, toothbrush).number
    today = timezone.localdate().isoformat()

    refused = post(client, f"/orders/{number}/transition", {"to_status": "confirmed"}, buyer)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "'주문 확인'은(는) 입점기업만 할 수 있습니다."
    for status in ("confirmed", "shipped", "delivered"):
        response = post(
            client, f"/vendor/orders/{number}/transition", {"to_status": status}, seller
        )
        assert response.status_code == 200, response.json()
    invoice = {"number": "20221005-41000001-00000001", "issued_on": today}
    assert post(client, f"/vendor/orders/{number}/invoice", invoice, seller).status_code == 200
    accepted = post(client, f"/orders/{number}/transition", {"to_status": "accepted"}, buyer)
    assert accepted.json()["allowed_transitions"] == ["completed"]
    paid = post(
        client, f"/orders/{number}/transition", {"to_status": "completed", "paid_on": today}, buyer
    )

    assert paid.status_code == 200
    body = paid.json()
    assert (body["status"], body["paid_on"]) == ("completed", today)
    assert body["tax_invoice_number"] == invoice["number"]


def test_transition_out_of_order_is_refused_in_korean(client, buyer, seller, toothbrush):
    number = place(buyer, toothbrush).number

    response = post(
        client, f"/vendor/orders/{number}/transition", {"to_status": "delivered"}, seller
    )

    assert response.status_code == 422
    assert response.json()["detail"] == "'주문 접수' 상태의 주문은 '배송 완료'로 바꿀 수 없습니다."
    assert Order.objects.get(number=number).status == OrderStatus.PLACED


def test_cancelling_needs_a_reason(client, buyer, toothbrush):
    number = place(buyer, toothbrush).number

    response = post(client, f"/orders/{number}/transition", {"to_status": "cancelled"}, buyer)

    assert response.status_code == 422
    assert response.json()["errors"] == {"note": ["사유를 입력해 주세요."]}


# -- quotes -----------------------------------------------------------------------------------


def test_quote_request_answered_and_ordered(client, buyer, seller, toothbrush):
    asked = post(
        client,
        "/quotes",
        {"items": [{"product_id": toothbrush.pk, "quantity": 100}], "message": "단체 구매"},
        buyer,
    )
    assert asked.status_code == 201
    request_id = asked.json()[0]["id"]
    assert asked.json()[0]["status"] == "requested"
    waiting = get(client, "/vendor/quotes", seller).json()
    assert [row["id"] for row in waiting["items"]] == [request_id]
    early = post(client, f"/quotes/{request_id}/order", {}, buyer)
    assert early.status_code == 422
    assert early.json()["detail"] == "견적서가 아직 도착하지 않았습니다."

    valid_until = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    answer = {
        "lines": [
            {"product_id": toothbrush.pk, "quantity": 100, "unit_price_won": 10_000},
            {"name": "배송비", "unit": "식", "quantity": 1, "unit_price_won": 30_000},
        ],
        "valid_until": valid_until,
        "note": "100세트 이상 할인",
    }
    answered = post(client, f"/vendor/quotes/{request_id}", answer, seller)
    assert answered.status_code == 200
    assert answered.json()["quote"]["total_won"] == 1_030_000

    seen = get(client, f"/quotes/{request_id}", buyer).json()
    assert seen["status"] == "quoted"
    assert [i["amount_won"] for i in seen["quote"]["items"]] == [1_000_000, 30_000]
    ordered = post(client, f"/quotes/{request_id}/order", {}, buyer)

    assert ordered.status_code == 201
    order = ordered.json()
    assert (order["total_won"], order["quote_request_id"]) == (1_030_000, request_id)
    assert get(client, f"/quotes/{request_id}", buyer).json()["order_numbers"] == [order["number"]]


def test_vendor_declines_with_a_reason(client, buyer, seller, toothbrush):
    [request] = order_services.quote_request_create(user=buyer, items=[(toothbrush, 10)])

    empty = post(client, f"/vendor/quotes/{request.pk}", {"lines": []}, seller)
    assert empty.status_code == 422
    declined = post(
        client, f"/vendor/quotes/{request.pk}", {"decline_reason": "납기가 맞지 않습니다."}, seller
    )

    assert declined.json()["status"] == "declined"
    assert QuoteRequest.objects.get().status == QuoteRequestStatus.DECLINED


def test_another_institutions_quote_is_not_found(client, buyer, other_buyer, toothbrush):
    [request] = order_services.quote_request_create(user=other_buyer, items=[(toothbrush, 10)])

    assert get(client, f"/quotes/{request.pk}", buyer).status_code == 404
    assert post(client, f"/quotes/{request.pk}/order", {}, buyer).status_code == 404
    assert get(client, "/quotes", buyer).json()["total"] == 0


def test_another_vendors_quote_request_is_not_found(client, buyer, make_user, toothbrush):
    other = VendorFactory()
    outsider = make_user(Role.ENTERPRISE, enterprise=other.enterprise)
    [request] = order_services.quote_request_create(user=buyer, items=[(toothbrush, 10)])

    response = post(client, f"/vendor/quotes/{request.pk}", {"decline_reason": "x"}, outsider)

    assert response.status_code == 404
    assert get(client, "/vendor/quotes", outsider).json()["total"] == 0


# -- vendor: products and orders --------------------------------------------------------------


def test_vendor_creates_a_draft_and_publishes_it(client, seller, category):
    created = post(
        client,
        "/vendor/products",
        {
            "name": "고체 치약 30정",
            "category_id": category.pk,
            "price_won": 8_900,
            "classification_number": "5313150301",
            "certifications": ["eco"],
            "delivery_districts": ["은평구", "마포구"],
        },
        seller,
    )
    assert created.status_code == 201
    product = created.json()
    assert (product["status"], product["delivery_districts"]) == ("draft", ["은평구", "마포구"])
    assert product["certifications"] == [{"kind": "eco", "label": "친환경(환경표지)"}]
    assert get(client, f"/products/{product['id']}").status_code == 404

    published = patch(client, f"/vendor/products/{product['id']}", {"status": "published"}, seller)

    assert published.json()["status"] == "published"
    assert get(client, "/products", q="고체치약").json()["total"] == 1


def test_vendor_product_refusals(client, seller, toothbrush, category):
    zero = patch(client, f"/vendor/products/{toothbrush.pk}", {"price_won": 0}, seller)
    assert zero.status_code == 422
    assert zero.json()["errors"] == {"price_won": ["판매가는 0원보다 커야 합니다."]}
    bad_code = post(
        client,
        "/vendor/products",
        {
            "name": "칫솔",
            "category_id": category.pk,
            "price_won": 1_000,
            "classification_number": "12",
        },
        seller,
    )
    assert bad_code.status_code == 422
    assert bad_code.json()["errors"]["classification_number"] == [
        "물품분류번호는 숫자 10자리입니다 (예: 4713150101)."
    ]
    others = ProductFactory()
    assert (
        patch(client, f"/vendor/products/{others.pk}", {"price_won": 1}, seller).status_code == 404
    )
    assert Product.objects.get(pk=toothbrush.pk).price_won == 12_000


def test_vendor_lists_its_own_products_and_orders(
    client, seller, buyer, toothbrush, django_assert_max_num_queries
):
    elsewhere = ProductFactory()
    place(buyer, elsewhere)
    for _ in range(8):
        place(buyer, toothbrush)
    drafts = ProductFactory.create_batch(
        8, vendor=toothbrush.vendor, status=ProductStatus.DRAFT, published_at=None
    )
    headers = bearer(seller)

    with django_assert_max_num_queries(12):
        products = client.get(f"{API}/vendor/products", **headers).json()
    with django_assert_max_num_queries(12):
        orders = client.get(f"{API}/vendor/orders", **headers).json()

    assert {p["id"] for p in products["items"]} == {toothbrush.pk, *(d.pk for d in drafts)}
    assert {o["vendor"]["id"] for o in orders["items"]} == {toothbrush.vendor_id}
    assert orders["total"] == 8


def test_vendor_not_yet_approved_is_forbidden(client, make_user, vendor):
    vendor.status = "applied"
    vendor.approved_on = None
    vendor.save()

    response = get(client, "/vendor/orders", make_user(Role.ENTERPRISE))

    assert response.status_code == 403
    assert response.json()["detail"] == "입점 승인된 기업만 할 수 있는 작업입니다."
