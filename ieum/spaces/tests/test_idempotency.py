"""Retrying a create after a lost response, in spaces: a booking through the API
(Idempotency-Key) and its page, a tenant application through its page and its service (there
is no application API). The first request commits and the worker dies before answering; the
retry with the same key gets the first result instead of a refusal or a second row."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ieum.accounts.services import api_token_create
from ieum.core.choices import Role
from ieum.core.idempotency import FORM_FIELD
from ieum.core.tests.test_idempotency import dies_once_after_commit, form_token
from ieum.spaces import api as spaces_api
from ieum.spaces.models import Booking, TenantApplication
from ieum.spaces.services import tenants as tenant_services
from ieum.spaces.views import bookings as booking_views
from ieum.spaces.views import tenants as tenant_views

from .factories import RoomFactory
from .test_tenants import open_call

pytestmark = pytest.mark.django_db


def next_monday() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=3)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def member(make_user):
    return make_user(Role.ENTERPRISE)


@pytest.fixture
def room(db):
    return RoomFactory(name="회의실 A", capacity=8)


@pytest.fixture
def lost_client(client):
    client.raise_request_exception = False
    return client


def test_api_booking_retried_after_a_lost_response(monkeypatch, lost_client, member, room):
    dies_once_after_commit(monkeypatch, spaces_api, "_booking")
    day = next_monday()
    body = {
        "room_id": room.pk,
        "starts_at": timezone.make_aware(dt.datetime.combine(day, dt.time(10))).isoformat(),
        "ends_at": timezone.make_aware(dt.datetime.combine(day, dt.time(12))).isoformat(),
        "purpose": "facility_use",
        "title": "월간 회의",
        "expected_attendees": 4,
    }
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=member)[1]}"}

    def send(**extra):
        return lost_client.post(
            "/api/spaces/bookings",
            json.dumps(body),
            content_type="application/json",
            **headers,
            **extra,
        )

    lost = send(HTTP_IDEMPOTENCY_KEY="book-1")
    retry = send(HTTP_IDEMPOTENCY_KEY="book-1")
    without_key = send()

    assert lost.status_code == 500
    booking = Booking.objects.get()
    assert retry.status_code == 201 and retry.json()["id"] == booking.pk
    # Without a key the retry collides with the client's own booking: refused, not doubled,
    # but the client cannot tell that its first request succeeded.
    assert without_key.status_code == 422


def test_page_booking_retried_after_a_lost_response(monkeypatch, lost_client, member, room):
    lost_client.force_login(member)
    day = next_monday()
    token = form_token(lost_client.get(reverse("spaces:booking-create"), {"room": room.pk}))
    dies_once_after_commit(monkeypatch, booking_views, "redirect")
    form = {
        "room": room.pk,
        "day": f"{day:%Y-%m-%d}",
        "start_time": "10:00",
        "end_time": "12:00",
        "purpose": "facility_use",
        "title": "정기 회의",
        "expected_attendees": 5,
        FORM_FIELD: token,
    }

    lost = lost_client.post(reverse("spaces:booking-create"), form)
    retry = lost_client.post(reverse("spaces:booking-create"), form)

    assert lost.status_code == 500
    booking = Booking.objects.get()
    assert retry.status_code == 302
    assert retry.url == reverse("spaces:booking-detail", args=[booking.pk])


def test_page_application_retried_after_a_lost_response(monkeypatch, lost_client, member):
    call = open_call()
    lost_client.force_login(member)
    url = reverse("spaces:call-apply", args=[call.pk])
    token = form_token(lost_client.get(url))
    dies_once_after_commit(monkeypatch, tenant_views, "redirect")

    def post():
        document = SimpleUploadedFile("계획서.pdf", b"%PDF-1.4 plan")
        return lost_client.post(
            url, {"plan": "식품 제조 창업", "document": document, FORM_FIELD: token}
        )

    lost = post()
    retry = post()

    assert lost.status_code == 500
    application = TenantApplication.objects.get()
    assert application.enterprise == member.enterprise
    assert retry.status_code == 302 and retry.url == reverse("spaces:tenancy-mine")


def test_application_service_replays_and_refuses_another_plan_under_the_key(member):
    call = open_call()
    first = tenant_services.application_submit(
        call=call, enterprise=member.enterprise, user=member, plan="계획", idempotency_key="a"
    )
    again = tenant_services.application_submit(
        call=call, enterprise=member.enterprise, user=member, plan="계획", idempotency_key="a"
    )

    with pytest.raises(ValidationError, match="다른 내용의 요청"):
        tenant_services.application_submit(
            call=call,
            enterprise=member.enterprise,
            user=member,
            plan="다른 계획",
            idempotency_key="a",
        )
    assert again == first
    assert TenantApplication.objects.count() == 1
