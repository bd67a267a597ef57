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


def test_a_tenancy_made_renewed_and_ended_says_who_and_why(staff_client, staff_user):
    from ieum.core.permissions import system_actor
    from ieum.enterprises.tests.factories import EnterpriseFactory
    from ieum.organization.tests.factories import FacilityFactory
    from ieum.spaces.choices import RoomKind
    from ieum.spaces.services.tenants import (
        tenancies_end_expired,
        tenancy_create,
        tenancy_exit,
        tenancy_renew,
    )

    facility = FacilityFactory()
    first = tenancy_create(
        actor=staff_user,
        enterprise=EnterpriseFactory(name="햇살두부"),
        facility=facility,
        unit=RoomFactory(facility=facility, kind=RoomKind.TENANT_UNIT, name="201호"),
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2021, 12, 31),
        monthly_fee_won=300_000,
    )
    renewal = tenancy_renew(actor=staff_user, tenancy=first, ends_on=dt.date(2023, 12, 31))
    tenancy_exit(actor=staff_user, tenancy=renewal, exited_on=dt.date(2022, 6, 30), reason="이전")

    [ended] = history_for(first)[:1]
    assert (ended.action, ended.actor, ended.note) == (ChangeAction.ENDED, staff_user, "계약 갱신")
    exit_change, made = history_for(renewal)
    assert made.action == ChangeAction.CREATED
    assert exit_change.changes["exit_reason"] == ["", "이전"]
    assert exit_change.note == "이전"

    lapsing = tenancy_create(
        actor=staff_user,
        enterprise=EnterpriseFactory(),
        facility=facility,
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2021, 12, 31),
    )
    assert tenancies_end_expired(on=dt.date(2022, 1, 1), actor=system_actor()) == 1
    assert history_for(lapsing)[0].note == "계약 기간 만료"

    html = unescape(
        staff_client.get(reverse("spaces:tenancy-detail", args=[renewal.pk])).content.decode()
    )
    assert "변경 이력" in html
    assert "사유: 이전" in html
