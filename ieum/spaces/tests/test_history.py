"""The history of a booking: booked, approved, rejected or cancelled, by whom and why; the
booking's page shows it."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from ieum.core.choices import ChangeAction, Role
from ieum.core.history import history_for
from ieum.spaces.choices import BookingPurpose
from ieum.spaces.services.bookings import booking_approve, booking_cancel, booking_create

from .factories import RoomFactory

pytestmark = pytest.mark.django_db


def _slot() -> tuple[dt.datetime, dt.datetime]:
    day = timezone.localdate() + dt.timedelta(days=3)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    return start, start + dt.timedelta(hours=2)


def _book(user, room):
    start, end = _slot()
    return booking_create(
        user=user,
        room=room,
        starts_at=start,
        ends_at=end,
        purpose=BookingPurpose.FACILITY_USE,
        title="월간 회의",
        expected_attendees=4,
    )


def test_booked_approved_and_cancelled_each_say_who(make_user):
    member = make_user(Role.ENTERPRISE, display_name="박회원")
    staff = make_user(Role.STAFF, display_name="김공간")
    room = RoomFactory(
        name="회의실 A", capacity=8, max_hours=4, max_days_ahead=60, needs_approval=True
    )
    booking = _book(member, room)
    booking_approve(booking=booking, actor=staff)
    booking_cancel(booking=booking, user=member, reason="일정 변경")

    cancelled, approved, created = history_for(booking)
    assert (created.action, created.actor) == (ChangeAction.CREATED, member)
    assert created.changes["title"] == [None, "월간 회의"]
    assert created.changes["starts_at"] == [None, _slot()[0].strftime("%Y-%m-%d %H:%M")]
    assert (approved.action, approved.actor) == (ChangeAction.APPROVED, staff)
    assert approved.changes == {"status": ["승인 대기", "확정"]}
    assert (cancelled.action, cancelled.actor, cancelled.note) == (
        ChangeAction.CANCELLED,
        member,
        "일정 변경",
    )


def test_the_booking_page_shows_its_history(client, make_user):
    member = make_user(Role.ENTERPRISE, display_name="박회원")
    booking = _book(member, RoomFactory(capacity=8, max_hours=4, max_days_ahead=60))
    booking_cancel(booking=booking, user=member, reason="일정 변경")

    client.force_login(member)
    html = unescape(
        client.get(reverse("spaces:booking-detail", args=[booking.pk])).content.decode()
    )

    assert "변경 이력" in html
    assert "박회원 · <strong>취소</strong>" in html
    assert "사유: 일정 변경" in html
