"""The OpenAPI document is true: on the demo, every status it documents for every operation is
given by a real request, and every answer fits the schema documented for its status (formats
included: a `format: time` carries its offset).

One scripted walk through the demo as its logins — a buyer asks for a quote, the vendor quotes,
the buyer orders from it and at catalog prices, the vendor delivers and records the invoice, a
member books a room and cancels — gives every success; the anonymous caller gives each 401, the
first login refused gives each 403, an id nobody has each 404, a value the schema refuses each
422, a body that is not JSON each 400.
"""

import datetime as dt
import json
from urllib.parse import quote

import jsonschema_rs
import pytest
from django.test import Client
from django.utils import timezone

from ieum.accounts.models import User
from ieum.core.api import INT64_MAX
from ieum.mall.choices import ProductStatus
from ieum.mall.models import Product

from .api_demo import api_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with api_demo(django_db_blocker) as headers:
        yield {who: {"HTTP_AUTHORIZATION": h["Authorization"]} for who, h in headers.items() if h}


class Contract:
    """Sends requests and checks each answer against the document; remembers which documented
    (operation, status) pairs it has seen."""

    def __init__(self, client: Client, headers: dict):
        self.client = client
        self.headers = {"anonymous": {}, **headers}
        self.document = client.get("/api/openapi.json").json()
        self.seen: set[tuple[str, str, int]] = set()
        self.bodies: dict[tuple[str, str], dict] = {}  # a body each operation accepted
        self.queries: dict[tuple[str, str], dict] = {}  # and a query
        self.paths: dict[tuple[str, str], dict] = {}  # and what the path named
        self.failures: list[str] = []

    def documented(self) -> set[tuple[str, str, int]]:
        return {
            (method.upper(), path, int(status))
            for path, item in self.document["paths"].items()
            for method, operation in item.items()
            for status in operation["responses"]
        }

    def send(self, who, method, template, path=None, query=None, body=None, raw=None):
        url = template.format(**{k: quote(str(v), safe="") for k, v in (path or {}).items()})
        headers = self.headers[who]
        if method == "GET":
            response = self.client.get(url, query or {}, **headers)
        else:
            data = raw if raw is not None else json.dumps(body if body is not None else {})
            response = self.client.generic(
                method, url, data, content_type="application/json", **headers
            )
        self._check(method, template, response)
        if response.status_code < 300:
            self.bodies.setdefault((method, template), body)
            self.queries.setdefault((method, template), query)
            self.paths.setdefault((method, template), path)
        return response

    def _check(self, method, template, response):
        operation = self.document["paths"][template][method.lower()]
        status = response.status_code
        label = f"{method} {template} → {status}"
        answer = operation["responses"].get(str(status))
        if answer is None:
            self.failures.append(f"{label}: not documented ({response.content[:200]!r})")
            return
        self.seen.add((method, template, status))
        schema = answer["content"]["application/json"]["schema"]
        validator = jsonschema_rs.validator_for(
            {**schema, "components": self.document["components"]}, validate_formats=True
        )
        errors = [str(error) for error in validator.iter_errors(response.json())]
        if errors:
            self.failures.append(f"{label}: {errors[:3]}")


def _next_open_day(room: dict) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=2)
    while str(day.weekday()) not in room["open_weekdays"]:
        day += dt.timedelta(days=1)
    return day


def walk_successes(c: Contract) -> None:
    seller = User.objects.get(username="enterprise")
    product = (
        Product.objects.filter(vendor__enterprise=seller.enterprise, status=ProductStatus.PUBLISHED)
        .order_by("pk")
        .first()
    )
    items = [{"product_id": product.pk, "quantity": product.min_order_quantity}]
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    c.send("staff", "GET", "/api/accounts/me")
    registry = c.send("staff", "GET", "/api/enterprises/", query={"cert_year": 2022}).json()
    enterprise_id = registry["results"][0]["id"]
    c.send("staff", "GET", "/api/enterprises/{enterprise_id}", {"enterprise_id": enterprise_id})
    c.send("anonymous", "GET", "/api/mall/products", query={"q": "비누"})
    c.send("anonymous", "GET", "/api/mall/products/{product_id}", {"product_id": product.pk})

    created = c.send("buyer", "POST", "/api/mall/quotes", body={"items": items, "message": "단체"})
    request_id = created.json()[0]["id"]
    c.send("buyer", "GET", "/api/mall/quotes", query={"status": "requested"})
    c.send("buyer", "GET", "/api/mall/quotes/{request_id}", {"request_id": request_id})
    c.send("enterprise", "GET", "/api/mall/vendor/quotes")
    c.send("enterprise", "GET", "/api/mall/vendor/quotes/{request_id}", {"request_id": request_id})
    line = {"product_id": product.pk, "quantity": product.min_order_quantity}
    c.send(
        "enterprise",
        "POST",
        "/api/mall/vendor/quotes/{request_id}",
        {"request_id": request_id},
        body={"lines": [{**line, "unit_price_won": product.price_won}], "valid_until": future},
    )
    ordered = c.send(
        "buyer", "POST", "/api/mall/quotes/{request_id}/order", {"request_id": request_id}
    )
    from_quote = ordered.json()["number"]

    placed = c.send("buyer", "POST", "/api/mall/orders", body={"items": items, "note": "오전"})
    number = placed.json()[0]["number"]
    c.send("buyer", "GET", "/api/mall/orders")
    c.send("buyer", "GET", "/api/mall/orders/{number}", {"number": number})
    c.send(
        "buyer",
        "POST",
        "/api/mall/orders/{number}/transition",
        {"number": number},
        body={"to_status": "cancelled", "note": "예산 변경"},
    )
    c.send("enterprise", "GET", "/api/mall/vendor/orders")
    c.send("enterprise", "GET", "/api/mall/vendor/orders/{number}", {"number": from_quote})
    for status in ("confirmed", "shipped", "delivered"):
        c.send(
            "enterprise",
            "POST",
            "/api/mall/vendor/orders/{number}/transition",
            {"number": from_quote},
            body={"to_status": status},
        )
    c.send(
        "enterprise",
        "POST",
        "/api/mall/vendor/orders/{number}/invoice",
        {"number": from_quote},
        body={
            "number": "20221005-41000001-00000001",
            "issued_on": timezone.localdate().isoformat(),
        },
    )
    c.send("enterprise", "GET", "/api/mall/vendor/products")
    new = c.send(
        "enterprise",
        "POST",
        "/api/mall/vendor/products",
        body={"name": "고체 치약 30정", "category_id": product.category_id, "price_won": 8_900},
    )
    c.send(
        "enterprise",
        "PATCH",
        "/api/mall/vendor/products/{product_id}",
        {"product_id": new.json()["id"]},
        body={"price_won": 9_900, "status": "published"},
    )

    rooms = c.send("enterprise", "GET", "/api/spaces/rooms").json()
    room = next(r for r in rooms if r["opens_at"] <= "10:00" and r["closes_at"] >= "11:00")
    day = _next_open_day(room)
    c.send(
        "enterprise",
        "GET",
        "/api/spaces/availability",
        query={"date": day.isoformat(), "start": "10:00:00+09:00", "end": "02:00:00Z"},
    )
    booked = c.send(
        "enterprise",
        "POST",
        "/api/spaces/bookings",
        body={
            "room_id": room["id"],
            "starts_at": f"{day}T10:00:00+09:00",
            "ends_at": f"{day}T11:00:00",
            "title": "월간 회의",
            "expected_attendees": 1,
        },
    )
    assert booked.status_code == 201, booked.content
    c.send("enterprise", "GET", "/api/spaces/bookings")
    c.send(
        "enterprise",
        "POST",
        "/api/spaces/bookings/{booking_id}/cancel",
        {"booking_id": booked.json()["id"]},
        body={"reason": "일정 변경"},
    )


# A value of each path parameter that names nothing, and one the schema refuses.
MISSING = {"number": "없는-주문"}
REFUSED = {"number": "\x00"}


def walk_errors(c: Contract) -> None:
    for method, path, status in sorted(c.documented()):
        if status < 400 or (method, path, status) in c.seen:
            continue
        operation = c.document["paths"][path][method.lower()]
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        queries = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        real = c.paths.get((method, path)) or dict.fromkeys(names, 1)
        # Refusals and lookups come after the body is read: they need a body that is accepted.
        body, query = c.bodies.get((method, path)), c.queries.get((method, path))
        if status == 401:
            c.send("anonymous", method, path, real)
        elif status == 403:
            for who in ("buyer", "enterprise", "staff"):
                if c.send(who, method, path, real, query, body).status_code == 403:
                    break
        elif status == 404:
            missing = {name: MISSING.get(name, INT64_MAX) for name in names}
            if not names:  # the body names what is not found
                body = {k: INT64_MAX if k.endswith("_id") else v for k, v in body.items()}
            for who in ("staff", "buyer", "enterprise", "admin"):
                if c.send(who, method, path, missing, body=body).status_code == 404:
                    break
        elif status == 422:
            refused = {name: REFUSED.get(name, 0) for name in names}
            query = dict.fromkeys(queries, "\x00")
            for who in ("admin", "staff", "buyer", "enterprise", "anonymous"):
                if c.send(who, method, path, refused or real, query=query).status_code == 422:
                    break
        elif status == 400:
            for who in ("admin", "staff", "buyer", "enterprise"):
                if c.send(who, method, path, real, raw=b"\xff{").status_code == 400:
                    break


def test_every_documented_answer_is_given_and_fits_its_schema(demo):
    contract = Contract(Client(), demo)

    walk_successes(contract)
    walk_errors(contract)

    assert contract.failures == []
    missing = sorted(contract.documented() - contract.seen)
    assert missing == [], "\n".join(map(str, missing))
