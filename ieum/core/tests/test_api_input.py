"""Hostile and careless input to the API (/api/): each defect the fuzzing session found, held.

A NUL or another control character in any text is a Korean 422 naming the field (on PostgreSQL
it used to reach the database and give a 500: run this module with DATABASE_URL=postgres://… to
hold that); numbers and ids beyond the database's range are a 422, never an overflow; a time or
a moment with an offset is read in Seoul time; each schema name stands for one schema.
"""

import datetime as dt
import json

import pytest
from django.utils import timezone

from ieum.accounts.services import api_token_create
from ieum.core.api import INT64_MAX, to_seoul, to_seoul_time
from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.enterprises.models import Enterprise
from ieum.mall.models import Order, Product, QuoteRequest
from ieum.mall.services import catalog as catalog_services
from ieum.mall.services import orders as order_services
from ieum.mall.tests.factories import MembershipFactory, ProductFactory, VendorFactory
from ieum.spaces.models import Booking
from ieum.spaces.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db

NUL = "\u0000"
CONTROL_MESSAGE = "제어 문자(NUL 등)는 입력할 수 없습니다."


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)[1]}"}


def call(client, method: str, path: str, user=None, body=None, query=None):
    headers = bearer(user) if user else {}
    if method == "get":
        return client.get(path, query or {}, **headers)
    return getattr(client, method)(
        path, data=json.dumps(body or {}), content_type="application/json", **headers
    )


def next_monday() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=3)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def category(db):
    return catalog_services.category_ensure(actor=system_actor(), path=["생활용품", "비누"])


@pytest.fixture
def vendor(member_enterprise):
    return VendorFactory(enterprise=member_enterprise)


@pytest.fixture
def seller(make_user, vendor):
    return make_user(Role.ENTERPRISE)


@pytest.fixture
def soap(vendor, category):
    product = ProductFactory(vendor=vendor, category=category, price_won=3_000, unit="개")
    catalog_services.product_reindex([product.pk])
    return product


@pytest.fixture
def buyer(make_user, institution):
    user = make_user(Role.BUYER)
    MembershipFactory(user=user, institution=institution)
    return user


@pytest.fixture
def room(db):
    return RoomFactory(name="회의실 A", capacity=8)


@pytest.fixture
def parties(seller, buyer, staff_user, soap, room):
    quote_request = order_services.quote_request_create(user=buyer, items=[(soap, 10)])[0]
    order = order_services.order_place(user=buyer, items=[(soap, 10)])[0]
    return {
        "seller": seller,
        "buyer": buyer,
        "staff": staff_user,
        "member": seller,
        "soap": soap,
        "room": room,
        "quote_request": quote_request,
        "order": order,
    }


def _booking_body(room, **extra) -> dict:
    day = next_monday()
    return {
        "room_id": room.pk,
        "starts_at": f"{day}T10:00:00",
        "ends_at": f"{day}T11:00:00",
        "title": "월간 회의",
        "expected_attendees": 4,
        **extra,
    }


# (who, method, path, body or query, the field) for every text the API takes, each with a NUL.
def nul_inputs(p) -> list[tuple]:
    soap, room, quote, order = p["soap"], p["room"], p["quote_request"], p["order"]
    items = [{"product_id": soap.pk, "quantity": 10}]
    product = {"name": "세숫비누", "category_id": soap.category_id, "price_won": 3000}
    return [
        # creating products, bookings, orders and quotes
        ("seller", "post", "/api/mall/vendor/products", {**product, "name": f"비{NUL}누"}, "name"),
        (
            "seller",
            "post",
            "/api/mall/vendor/products",
            {**product, "description": f"설명{NUL}"},
            "description",
        ),
        (
            "seller",
            "post",
            "/api/mall/vendor/products",
            {**product, "certifications": [f"social{NUL}"]},
            "certifications.0",
        ),
        ("seller", "patch", f"/api/mall/vendor/products/{soap.pk}", {"unit": f"{NUL}"}, "unit"),
        (
            "member",
            "post",
            "/api/spaces/bookings",
            _booking_body(room, title=f"회{NUL}의"),
            "title",
        ),
        ("buyer", "post", "/api/mall/orders", {"items": items, "note": f"{NUL}"}, "note"),
        (
            "buyer",
            "post",
            "/api/mall/orders",
            {"items": items, "delivery_address": f"은평구{NUL}"},
            "delivery_address",
        ),
        ("buyer", "post", "/api/mall/quotes", {"items": items, "message": f"{NUL}"}, "message"),
        (
            "seller",
            "post",
            f"/api/mall/vendor/quotes/{quote.pk}",
            {
                "lines": [{"name": f"배송{NUL}", "quantity": 1, "unit_price_won": 1}],
                "valid_until": "2030-01-01",
            },
            "lines.0.name",
        ),
        (
            "seller",
            "post",
            f"/api/mall/vendor/quotes/{quote.pk}",
            {"decline_reason": f"품절{NUL}"},
            "decline_reason",
        ),
        (
            "buyer",
            "post",
            f"/api/mall/orders/{order.number}/transition",
            {"to_status": "cancelled", "note": f"{NUL}"},
            "note",
        ),
        (
            "seller",
            "post",
            f"/api/mall/vendor/orders/{order.number}/invoice",
            {"number": f"2022{NUL}", "issued_on": "2022-10-01"},
            "number",
        ),
        ("member", "post", f"/api/spaces/bookings/{9}/cancel", {"reason": f"{NUL}"}, "reason"),
        # list filters
        (None, "get", "/api/mall/products", {"q": f"칫솔{NUL}"}, "q"),
        (None, "get", "/api/mall/products", {"districts": f"은평구{NUL}"}, "districts.0"),
        ("staff", "get", "/api/enterprises/", {"q": f"협동{NUL}"}, "q"),
        ("staff", "get", "/api/enterprises/", {"district": f"{NUL}"}, "district"),
        ("buyer", "get", "/api/mall/orders", {"status": f"placed{NUL}"}, "status"),
        ("seller", "get", "/api/mall/vendor/quotes", {"status": f"{NUL}"}, "status"),
        # a path
        ("buyer", "get", f"/api/mall/orders/{order.number}%00", None, "number"),
    ]


def test_a_nul_anywhere_is_a_korean_422_naming_the_field(client, parties):
    """The fuzzing found 500s on PostgreSQL for 7 of these; none may reach the database."""
    counts = (Product.objects.count(), Order.objects.count(), QuoteRequest.objects.count())
    bookings = Booking.objects.count()

    for who, method, path, data, field in nul_inputs(parties):
        user = parties[who] if who else None
        if method == "get":
            response = call(client, "get", path, user, query=data)
        else:
            response = call(client, method, path, user, body=data)

        assert response.status_code == 422, (path, field, response.content)
        body = response.json()
        assert body["errors"][field] == [body["detail"]], (path, body)
        assert body["detail"].startswith(CONTROL_MESSAGE)

    assert (Product.objects.count(), Order.objects.count(), QuoteRequest.objects.count()) == counts
    assert Booking.objects.count() == bookings


@pytest.mark.parametrize("character", ["\x01", "\x08", "\x1b", "\x7f", "\t", "\n", "\r"])
def test_a_name_refuses_every_control_character_even_a_line_break(client, seller, soap, character):
    body = {"name": f"비누{character}", "category_id": soap.category_id, "price_won": 3000}

    response = call(client, "post", "/api/mall/vendor/products", seller, body=body)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["name"]


def test_a_description_keeps_tabs_and_line_breaks(client, seller, soap):
    body = {
        "name": "세숫비누",
        "category_id": soap.category_id,
        "price_won": 3000,
        "description": "첫 줄\r\n\t둘째 줄\n셋째 줄",
    }

    response = call(client, "post", "/api/mall/vendor/products", seller, body=body)

    assert response.status_code == 201, response.content
    assert Product.objects.get(pk=response.json()["id"]).description == body["description"]


# -- times and moments ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [("10:00", "11:00"), ("10:00:00+09:00", "11:00:00+09:00"), ("01:00:00Z", "02:00:00Z")],
)
def test_availability_reads_a_time_with_or_without_an_offset_in_seoul_time(
    client, parties, start, end
):
    """`start=10:00:00Z` gave 82 of the fuzzing's 500s."""
    day = next_monday().isoformat()
    query = {"date": day, "start": start, "end": end}

    response = call(client, "get", "/api/spaces/availability", parties["member"], query=query)
    plain = call(
        client,
        "get",
        "/api/spaces/availability",
        parties["member"],
        query={"date": day, "start": "10:00", "end": "11:00"},
    )

    assert response.status_code == 200, response.content
    assert response.json() == plain.json() != []


def test_a_time_in_another_zone_becomes_seoul_time():
    assert to_seoul_time(dt.time(1, 0, tzinfo=dt.UTC)) == dt.time(10, 0)
    assert to_seoul_time(dt.time(10, 0)) == dt.time(10, 0)
    moment = to_seoul(dt.datetime(2022, 10, 3, 1, 0, tzinfo=dt.UTC))
    assert (moment.hour, moment.utcoffset()) == (10, dt.timedelta(hours=9))


def test_a_booking_in_utc_is_the_same_moment_and_comes_back_in_seoul_time(client, parties):
    day = next_monday()
    body = _booking_body(
        parties["room"], starts_at=f"{day}T01:00:00Z", ends_at=f"{day}T02:00:00+00:00"
    )

    response = call(client, "post", "/api/spaces/bookings", parties["member"], body=body)

    assert response.status_code == 201, response.content
    booking = Booking.objects.get(pk=response.json()["id"])
    assert timezone.localtime(booking.starts_at).time() == dt.time(10, 0)
    assert response.json()["starts_at"] == f"{day}T10:00:00+09:00"
    assert response.json()["ends_at"] == f"{day}T11:00:00+09:00"


def test_times_go_out_with_the_offset_their_format_promises(client, parties):
    rooms = call(client, "get", "/api/spaces/rooms", parties["member"]).json()
    document = client.get("/api/openapi.json").json()
    opens_at = document["components"]["schemas"]["RoomOut"]["properties"]["opens_at"]

    assert opens_at["format"] == "time"
    assert rooms[0]["opens_at"].endswith("+09:00")
    assert dt.time.fromisoformat(rooms[0]["opens_at"]).utcoffset() == dt.timedelta(hours=9)


# -- numbers and ids out of range ----------------------------------------------------------------


def test_a_certification_year_out_of_range_is_a_korean_422(client, staff_user):
    response = call(client, "get", "/api/enterprises/", staff_user, query={"cert_year": 849187})

    assert response.status_code == 422
    assert response.json()["errors"] == {"cert_year": ["값이 너무 큽니다 (최대 2100)."]}


@pytest.mark.parametrize("huge", [2**63, 2**64 + 1, 10**30])
def test_ids_above_the_64_bit_range_are_a_422_not_an_overflow(client, parties, huge):
    """On SQLite an id above 2⁶³ overflowed the driver (500)."""
    booking = _booking_body(parties["room"])
    requests = [
        (None, "get", f"/api/mall/products/{huge}", None, "product_id"),
        ("staff", "get", f"/api/enterprises/{huge}", None, "enterprise_id"),
        ("buyer", "get", f"/api/mall/quotes/{huge}", None, "request_id"),
        ("member", "post", f"/api/spaces/bookings/{huge}/cancel", {}, "booking_id"),
        ("seller", "patch", f"/api/mall/vendor/products/{huge}", {}, "product_id"),
        (None, "get", "/api/mall/products", {"category": huge}, "category"),
        ("member", "get", "/api/spaces/rooms", {"facility": huge}, "facility"),
        (
            "buyer",
            "post",
            "/api/mall/orders",
            {"items": [{"product_id": huge, "quantity": 1}]},
            "items.0.product_id",
        ),
        (
            "member",
            "post",
            "/api/spaces/bookings",
            {**booking, "room_id": huge},
            "room_id",
        ),
    ]
    for who, method, path, data, field in requests:
        user = parties[who] if who else None
        query, body = (data, None) if method == "get" else (None, data)
        response = call(client, method, path, user, body=body, query=query)

        assert response.status_code == 422, (path, response.content)
        assert response.json()["detail"].startswith("값이 너무 큽니다"), path
        if field:
            assert field in response.json()["errors"]


def test_the_largest_id_is_simply_not_found(client, parties):
    assert call(client, "get", f"/api/mall/products/{INT64_MAX}").status_code == 404
    response = call(client, "get", f"/api/enterprises/{INT64_MAX}", parties["staff"])
    assert response.status_code == 404
    assert response.json() == {"detail": "찾을 수 없습니다."}


def test_prices_and_quantities_beyond_their_columns_are_a_422(client, parties):
    soap = parties["soap"]
    product = {"name": "비누", "category_id": soap.category_id, "price_won": 2**63}
    order = {"items": [{"product_id": soap.pk, "quantity": 2**31}]}

    priced = call(client, "post", "/api/mall/vendor/products", parties["seller"], body=product)
    ordered = call(client, "post", "/api/mall/orders", parties["buyer"], body=order)

    assert priced.status_code == ordered.status_code == 422
    assert "price_won" in priced.json()["errors"]
    assert "items.0.quantity" in ordered.json()["errors"]


def test_an_amount_the_database_cannot_hold_is_a_422_not_a_500(client, parties):
    """Each number fits its column, their product does not: the database refuses it (an
    OverflowError on SQLite, a DataError on PostgreSQL) and the API says so in Korean."""
    soap = parties["soap"]
    Product.objects.filter(pk=soap.pk).update(price_won=2**62, min_order_quantity=1)
    body = {"items": [{"product_id": soap.pk, "quantity": 1_000}]}

    response = call(client, "post", "/api/mall/orders", parties["buyer"], body=body)

    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    assert not Order.objects.filter(lines__product=soap, lines__quantity=1_000).exists()


# -- the document --------------------------------------------------------------------------------


def _models_of(annotation, seen: set) -> None:
    from pydantic import BaseModel

    for argument in getattr(annotation, "__args__", ()) or ():
        _models_of(argument, seen)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models_of(field.annotation, seen)


def _operations():
    from ieum.api import api

    api.get_openapi_schema(path_prefix="/api/")  # binds every router
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _loose(annotation, metadata=(), where="") -> list[str]:
    """Plain `str` or `int` reachable from an input annotation: text that may carry a control
    character, a number that may overflow its column."""
    from typing import Annotated, get_args, get_origin

    from pydantic import AfterValidator, BaseModel

    if get_origin(annotation) is Annotated:
        annotation, metadata = get_args(annotation)[0], annotation.__metadata__
    # A Field(…) inside Annotated keeps its bounds in its own metadata.
    metadata = [*metadata, *(inner for m in metadata for inner in getattr(m, "metadata", ()))]
    if annotation is str:
        return [] if any(isinstance(m, AfterValidator) for m in metadata) else [where]
    if annotation is int:
        bounded = any(getattr(m, "le", None) is not None for m in metadata)
        return [] if bounded else [where]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [
            loose
            for name, field in annotation.model_fields.items()
            for loose in _loose(field.annotation, field.metadata, f"{where}.{name}")
        ]
    return [loose for argument in get_args(annotation) for loose in _loose(argument, (), where)]


def test_every_text_and_number_the_api_takes_is_guarded():
    """Every path, query and body field is declared with ieum.core.api's types (headers are
    read by the HTTP server, which refuses control characters itself)."""
    loose = [
        f"{operation.view_func.__module__}.{operation.view_func.__name__}{field}"
        for operation in _operations()
        for model in operation.signature.models
        if getattr(model, "__ninja_param_source__", None) in {"path", "query", "body"}
        for field in _loose(model)
    ]

    assert loose == []


def test_every_schema_name_stands_for_one_schema():
    """Two `CertificationOut`s collided: the registry's certifications were described as the
    mall's."""
    models: set = set()
    for operation in _operations():
        for model in operation.response_models.values():
            _models_of(model, models)
        for model in operation.signature.models:
            _models_of(model, models)
    names: dict[str, set] = {}
    for model in models:
        if model.__name__ not in {"NinjaResponseSchema", "BodyParams"}:
            names.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")

    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}


def test_the_registrys_certifications_are_described_as_they_are(client, staff_user):
    enterprise = Enterprise.objects.create(name="은평협동조합", brn="1078155843", district="은평구")
    enterprise.certifications.create(kind="social", number="2022-001", round="1차")
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    item = schemas["EnterpriseOut"]["properties"]["certifications"]["items"]["$ref"]

    got = call(client, "get", f"/api/enterprises/{enterprise.pk}", staff_user).json()

    described = schemas[item.rsplit("/", 1)[1]]["properties"]
    assert set(described) == set(got["certifications"][0])


def test_errors_are_korean_and_documented_with_one_schema(client):
    response = client.get("/api/mall/orders")
    document = client.get("/api/openapi.json").json()

    assert response.status_code == 401
    assert response.json()["detail"].startswith("API 토큰이 없거나")
    for path, item in document["paths"].items():
        for method, operation in item.items():
            errors = {s: r for s, r in operation["responses"].items() if s >= "400"}
            assert "422" in errors or not operation.get("parameters"), (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= set(errors) or path == "/api/accounts/me", path
            if "{" in path:
                assert "404" in errors, path
            for answer in errors.values():
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}
