"""Retrying a create after a lost response, in the mall: an order at catalog prices, a quote
request and an order from a quote, each through the API (Idempotency-Key) and through its page
(the form's hidden token). The first request commits and the worker dies before answering; the
retry with the same key gets the first result, and the database holds one."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ieum.accounts.services import api_token_create
from ieum.core.idempotency import FORM_FIELD
from ieum.core.tests.test_idempotency import dies_once_after_commit, form_token
from ieum.mall.api import buyers as buyer_api
from ieum.mall.models import CartItem, Order, QuoteRequest
from ieum.mall.services import orders as services
from ieum.mall.views import orders as order_views

from .factories import BuyerFactory, ProductFactory, VendorFactory, VendorMemberFactory

pytestmark = pytest.mark.django_db

API = "/api/mall"


@pytest.fixture
def buyer():
    return BuyerFactory()


@pytest.fixture
def vendor():
    return VendorFactory()


@pytest.fixture
def seller(vendor):
    return VendorMemberFactory(enterprise=vendor.enterprise)


@pytest.fixture
def soap(vendor):
    return ProductFactory(vendor=vendor, price_won=12_000, min_order_quantity=10)


@pytest.fixture
def quoted(buyer, seller, soap) -> QuoteRequest:
    [request] = services.quote_request_create(user=buyer, items=[(soap, 10)])
    services.quote_submit(
        request=request,
        user=seller,
        lines=[{"product": soap, "quantity": 10, "unit_price_won": 11_000}],
        valid_until=timezone.localdate() + dt.timedelta(days=7),
    )
    return request


@pytest.fixture
def lost_client(client):
    """A client that receives a 500 instead of an exception when the worker dies."""
    client.raise_request_exception = False
    return client


def api_post(client, user, path: str, body: dict | None, key: str):
    return client.post(
        f"{API}{path}",
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user)[1]}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_api_order_retried_after_a_lost_response(monkeypatch, lost_client, buyer, soap):
    dies_once_after_commit(monkeypatch, buyer_api.order_selectors, "order_detail")
    body = {"items": [{"product_id": soap.pk, "quantity": 10}], "note": "행사용"}

    lost = api_post(lost_client, buyer, "/orders", body, "order-1")
    retry = api_post(lost_client, buyer, "/orders", body, "order-1")

    assert lost.status_code == 500  # the client never saw the order
    order = Order.objects.get()
    assert retry.status_code == 201
    assert [o["number"] for o in retry.json()] == [order.number]


def test_api_quote_request_retried_after_a_lost_response(monkeypatch, lost_client, buyer, soap):
    dies_once_after_commit(monkeypatch, buyer_api.order_selectors, "quote_request_detail")
    body = {"items": [{"product_id": soap.pk, "quantity": 10}], "message": "견적 부탁드립니다"}

    lost = api_post(lost_client, buyer, "/quotes", body, "quote-1")
    retry = api_post(lost_client, buyer, "/quotes", body, "quote-1")

    assert lost.status_code == 500
    request = QuoteRequest.objects.get()
    assert retry.status_code == 201
    assert [r["id"] for r in retry.json()] == [request.pk]


def test_api_order_from_a_quote_retried_after_a_lost_response(
    monkeypatch, lost_client, buyer, quoted
):
    dies_once_after_commit(monkeypatch, buyer_api.order_selectors, "order_detail")

    lost = api_post(lost_client, buyer, f"/quotes/{quoted.pk}/order", None, "from-quote")
    retry = api_post(lost_client, buyer, f"/quotes/{quoted.pk}/order", None, "from-quote")
    without_key = lost_client.post(
        f"{API}/quotes/{quoted.pk}/order",
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=buyer)[1]}",
    )

    assert lost.status_code == 500
    order = Order.objects.get()
    assert retry.status_code == 201 and retry.json()["number"] == order.number
    assert without_key.status_code == 422  # without a key the retry is refused, not doubled


def test_page_cart_order_retried_after_a_lost_response(monkeypatch, lost_client, buyer, soap):
    services.cart_add(user=buyer, product=soap, quantity=10)
    lost_client.force_login(buyer)
    token = form_token(lost_client.get(reverse("mall:cart-detail")))
    dies_once_after_commit(monkeypatch, order_views, "redirect")
    form = {"order-delivery_address": "구청 3층", FORM_FIELD: token}

    lost = lost_client.post(reverse("mall:cart-order"), form)
    retry = lost_client.post(reverse("mall:cart-order"), form)

    assert lost.status_code == 500
    order = Order.objects.get()
    assert retry.status_code == 302
    assert retry.url == reverse("mall:order-detail", args=[order.number])
    assert not CartItem.objects.exists()


def test_page_cart_quote_retried_after_a_lost_response(monkeypatch, lost_client, buyer, soap):
    services.cart_add(user=buyer, product=soap, quantity=10)
    lost_client.force_login(buyer)
    page = lost_client.get(reverse("mall:cart-detail")).content.decode()
    # The cart page has two create forms (quote, order), each with its own token.
    tokens = page.count(f'name="{FORM_FIELD}"')
    token = form_token(lost_client.get(reverse("mall:cart-detail")))
    dies_once_after_commit(monkeypatch, order_views, "redirect")
    form = {"quote-message": "견적 부탁드립니다", FORM_FIELD: token}

    lost = lost_client.post(reverse("mall:cart-quote"), form)
    retry = lost_client.post(reverse("mall:cart-quote"), form)

    assert tokens == 2
    assert lost.status_code == 500
    request = QuoteRequest.objects.get()
    assert retry.status_code == 302
    assert retry.url == reverse("mall:quoterequest-detail", args=[request.pk])


def test_page_order_from_a_quote_retried_after_a_lost_response(
    monkeypatch, lost_client, buyer, quoted
):
    lost_client.force_login(buyer)
    token = form_token(lost_client.get(reverse("mall:quoterequest-detail", args=[quoted.pk])))
    dies_once_after_commit(monkeypatch, order_views, "redirect")
    url = reverse("mall:quote-order", args=[quoted.pk])

    lost = lost_client.post(url, {FORM_FIELD: token})
    retry = lost_client.post(url, {FORM_FIELD: token})

    assert lost.status_code == 500
    order = Order.objects.get()
    assert retry.status_code == 302
    assert retry.url == reverse("mall:order-detail", args=[order.number])


def test_a_second_cart_with_the_old_token_is_refused(buyer, soap):
    """The page token names one submission: reusing it for another cart is not that request."""
    services.cart_add(user=buyer, product=soap, quantity=10)
    [first] = services.cart_order(user=buyer, note="첫 주문", idempotency_key="t")
    services.cart_add(user=buyer, product=soap, quantity=20)

    with pytest.raises(ValidationError, match="다른 내용의 요청"):
        services.cart_order(user=buyer, note="둘째 주문", idempotency_key="t")
    assert list(Order.objects.all()) == [first]
