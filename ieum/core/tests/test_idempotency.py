"""core.idempotency: a create retried with the same key (the API's Idempotency-Key header, a
page form's hidden token) returns the first result; another request under the same key is
refused; keys are per user and scope, expire after 24 hours, and two concurrent retries create
once because the database holds the key's row unique.

The app tests (mall, spaces) replay each create after a lost response; this file holds the
mechanism's own rules, through the order service and API as its example."""

import datetime as dt
import json
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from ieum.accounts.services import api_token_create
from ieum.core import idempotency, tasks
from ieum.core.models import IdempotencyKey
from ieum.mall.models import Order
from ieum.mall.services import orders as order_services
from ieum.mall.tests.factories import BuyerFactory, ProductFactory

pytestmark = pytest.mark.django_db

ORDERS = "/api/mall/orders"


class WorkerDied(Exception):
    """The process serving the request died after the create committed."""


def dies_once_after_commit(monkeypatch, module, name: str) -> None:
    """Make `module.name` — called by a view after its service returned — fail the first time,
    as a worker killed between the commit and the response: the client gets no answer."""
    original = getattr(module, name)
    calls = []

    def dying(*args, **kwargs):
        if not calls:
            calls.append(1)
            raise WorkerDied
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, dying)


def form_token(response) -> str:
    """The hidden idempotency token of the (first) create form on a page."""
    found = re.search(
        rf'name="{idempotency.FORM_FIELD}" value="([0-9a-f]+)"', response.content.decode()
    )
    assert found, "the page's create form carries no idempotency token"
    return found.group(1)


@pytest.fixture
def buyer():
    return BuyerFactory()


@pytest.fixture
def product():
    return ProductFactory(price_won=3_000, min_order_quantity=2)


def order_api(client, user, body: dict, key: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)[1]}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(ORDERS, json.dumps(body), content_type="application/json", **headers)


def test_same_key_other_body_is_refused_in_korean(client, buyer, product):
    first = order_api(client, buyer, {"items": [{"product_id": product.pk, "quantity": 2}]}, "k1")
    other = order_api(client, buyer, {"items": [{"product_id": product.pk, "quantity": 4}]}, "k1")

    assert first.status_code == 201
    assert other.status_code == 422
    assert "다른 내용의 요청에 이미 쓰였습니다" in other.json()["detail"]
    assert Order.objects.count() == 1


def test_without_a_key_a_retry_creates_again(client, buyer, product):
    body = {"items": [{"product_id": product.pk, "quantity": 2}]}
    order_api(client, buyer, body, None)
    order_api(client, buyer, body, None)

    assert Order.objects.count() == 2


def test_keys_are_per_user_and_per_kind(client, buyer, product):
    other = BuyerFactory(institution=buyer.institution)
    body = {"items": [{"product_id": product.pk, "quantity": 2}]}
    mine = order_api(client, buyer, body, "shared")
    theirs = order_api(client, other, body, "shared")
    [quote_request] = order_services.quote_request_create(
        user=buyer, items=[(product, 2)], idempotency_key="shared"
    )

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()[0]["number"] != theirs.json()[0]["number"]
    assert Order.objects.count() == 2
    assert quote_request.pk
    assert IdempotencyKey.objects.filter(key="shared").count() == 3


@pytest.mark.parametrize("key", ["x" * 256, "키", "a\tb"])
def test_a_key_of_the_wrong_shape_is_refused(client, buyer, product, key):
    if not key.isascii():
        # A header is Latin-1 on the wire; the service refuses what the header cannot carry.
        with pytest.raises(ValidationError, match="Idempotency-Key"):
            order_services.order_place(user=buyer, items=[(product, 2)], idempotency_key=key)
    else:
        response = order_api(
            client, buyer, {"items": [{"product_id": product.pk, "quantity": 2}]}, key
        )
        assert response.status_code == 422
        assert "Idempotency-Key" in response.json()["detail"]
    assert Order.objects.count() == 0


def test_a_refused_create_does_not_use_up_the_key(buyer, product):
    with pytest.raises(ValidationError, match="최소"):
        order_services.order_place(user=buyer, items=[(product, 1)], idempotency_key="k")
    [order] = order_services.order_place(user=buyer, items=[(product, 2)], idempotency_key="k")

    assert Order.objects.get() == order


def test_a_key_expires_after_24_hours(buyer, product):
    [first] = order_services.order_place(user=buyer, items=[(product, 2)], idempotency_key="day")
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=23))
    [again] = order_services.order_place(user=buyer, items=[(product, 2)], idempotency_key="day")
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    [later] = order_services.order_place(user=buyer, items=[(product, 4)], idempotency_key="day")

    assert again == first
    assert later != first
    assert Order.objects.count() == 2
    assert IdempotencyKey.objects.get().result == {"ids": [later.pk]}


def test_the_hourly_chore_deletes_expired_keys(buyer, product):
    order_services.order_place(user=buyer, items=[(product, 2)], idempotency_key="old")
    order_services.order_place(user=buyer, items=[(product, 2)], idempotency_key="new")
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - idempotency.WINDOW - dt.timedelta(minutes=1)
    )

    chore = {chore.name: chore for chore in tasks.chores()}["core.purge_idempotency_keys"]
    assert chore.every == "hourly"
    assert chore.task.call() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_the_api_documents_the_header():
    schema = Client().get("/api/openapi.json").json()
    for path in ("/api/mall/orders", "/api/mall/quotes", "/api/spaces/bookings"):
        parameters = schema["paths"][path]["post"].get("parameters", [])
        assert any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in parameters), path


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_create_one_order():
    """Eight copies of one request with one key, each in its own thread and connection, at the
    same moment: the key's unique row makes all but the first wait, then return its orders.
    Run on PostgreSQL (DATABASE_URL) outside any test transaction, and on SQLite."""
    buyer = BuyerFactory()
    product = ProductFactory(price_won=3_000, min_order_quantity=2)
    copies = 8
    start = threading.Barrier(copies)
    results: list[list[int]] = []
    errors: list[BaseException] = []

    def retry():
        try:
            start.wait(timeout=30)
            orders = order_services.order_place(
                user=buyer, items=[(product, 2)], idempotency_key="one-click"
            )
            results.append([order.pk for order in orders])
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    order = Order.objects.get()
    assert results == [[order.pk]] * copies
    product.refresh_from_db()
    assert product.order_count == 1
