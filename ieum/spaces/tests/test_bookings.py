"""The booking service's rules: every refusal is a Korean error on its field and writes
nothing; approval, rejection, cancellation, attendance, no-show; recurring bookings."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ieum.core.choices import Role
from ieum.enterprises.models import Enterprise
from ieum.spaces.choices import Audience, BookingPurpose, BookingStatus, RoomKind
from ieum.spaces.models import Booking, BookingSeries, ClosedDay, KitchenAgreement, Tenancy
from ieum.spaces.services.bookings import (
    booking_approve,
    booking_cancel,
    booking_create,
    booking_mark_no_show,
    booking_record_attendance,
    booking_reject,
    booking_series_create,
)

from .factories import BookingFactory, RoomFactory

pytestmark = pytest.mark.django_db


def next_weekday(weekday: int = 0, weeks: int = 1) -> dt.date:
    """A `weekday` (Monday=0) at least a few days ahead."""
    day = timezone.localdate() + dt.timedelta(days=3)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day + dt.timedelta(weeks=weeks - 1)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def member(make_user):
    return make_user(Role.ENTERPRISE)


@pytest.fixture
def room(db):
    return RoomFactory(name="회의실 A", capacity=8, max_hours=4, max_days_ahead=60)


def book(user, room, start, end, **extra):
    fields = {
        "purpose": BookingPurpose.FACILITY_USE,
        "title": "월간 회의",
        "expected_attendees": 4,
        **extra,
    }
    return booking_create(user=user, room=room, starts_at=start, ends_at=end, **fields)


def refused(field, call, *args, **kwargs) -> str:
    before = Booking.objects.count()
    with pytest.raises(ValidationError) as info:
        call(*args, **kwargs)
    assert Booking.objects.count() == before
    errors = info.value.message_dict
    assert field in errors, errors
    return " ".join(errors[field])


def test_member_books_for_own_enterprise_and_is_confirmed(member, room):
    day = next_weekday()
    booking = book(member, room, at(day, 10), at(day, 12))
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.enterprise == member.enterprise
    assert booking.fee_won == 0


def test_member_cannot_book_for_another_enterprise(member, room):
    other = Enterprise.objects.create(name="남의기업", brn="2208162517")
    day = next_weekday()
    booking = book(member, room, at(day, 10), at(day, 12), enterprise=other)
    assert booking.enterprise == member.enterprise


def test_end_before_or_equal_start_refused(member, room):
    day = next_weekday()
    message = refused("ends_at", book, member, room, at(day, 12), at(day, 10))
    assert "종료 시각은 시작 시각보다 뒤" in message
    refused("ends_at", book, member, room, at(day, 12), at(day, 12))


def test_past_refused(member, room):
    day = timezone.localdate() - dt.timedelta(days=7)
    while day.weekday() > 4:
        day -= dt.timedelta(days=1)
    assert "지난 시간" in refused("starts_at", book, member, room, at(day, 10), at(day, 11))


def test_too_far_ahead_refused(member, room):
    day = next_weekday(weeks=12)
    assert "60일 뒤까지만" in refused("starts_at", book, member, room, at(day, 10), at(day, 11))


def test_too_long_refused(member, room):
    day = next_weekday()
    assert "4시간까지" in refused("ends_at", book, member, room, at(day, 9), at(day, 13, 30))


def test_outside_opening_hours_refused(member, room):
    day = next_weekday()
    assert "운영 시간(09:00~18:00)" in refused(
        "starts_at", book, member, room, at(day, 8), at(day, 10)
    )
    refused("starts_at", book, member, room, at(day, 17), at(day, 19))


def test_closed_weekday_refused(member, room):
    day = next_weekday(5)
    assert "토요일은 운영하지 않습니다" in refused(
        "starts_at", book, member, room, at(day, 10), at(day, 11)
    )


@pytest.mark.parametrize("whole_facility", [True, False])
def test_closed_day_refused(member, room, whole_facility):
    day = next_weekday(2)
    ClosedDay.objects.create(
        facility=room.facility, room=None if whole_facility else room, day=day, reason="설 연휴"
    )
    assert "휴관일입니다 (설 연휴)" in refused(
        "starts_at", book, member, room, at(day, 10), at(day, 11)
    )


def test_closed_day_of_another_room_does_not_close_this_one(member, room):
    day = next_weekday(2)
    other = RoomFactory(facility=room.facility)
    ClosedDay.objects.create(facility=room.facility, room=other, day=day, reason="공사")
    assert book(member, room, at(day, 10), at(day, 11)).pk


def test_over_capacity_refused(member, room):
    day = next_weekday()
    message = refused(
        "expected_attendees", book, member, room, at(day, 10), at(day, 11), expected_attendees=9
    )
    assert "수용 인원(8명)" in message


def test_room_not_bookable_refused(member, room):
    room.is_bookable = False
    room.save()
    day = next_weekday()
    assert "예약을 받지 않는" in refused("room", book, member, room, at(day, 10), at(day, 11))


def test_tenants_only_room_refuses_outsider_and_accepts_tenant(member, room):
    room.audience = Audience.TENANTS
    room.save()
    day = next_weekday()
    assert "입주기업만" in refused("room", book, member, room, at(day, 10), at(day, 11))
    Tenancy.objects.create(
        enterprise=member.enterprise,
        facility=room.facility,
        starts_on=day - dt.timedelta(days=30),
        ends_on=day + dt.timedelta(days=300),
    )
    assert book(member, room, at(day, 10), at(day, 11)).status == BookingStatus.CONFIRMED


def test_tenancy_in_another_facility_does_not_count(member, room):
    room.audience = Audience.TENANTS
    room.save()
    other = RoomFactory(facility__name="가락 먹거리 융합클러스터", facility__short_name="가락")
    day = next_weekday()
    Tenancy.objects.create(
        enterprise=member.enterprise,
        facility=other.facility,
        starts_on=day - dt.timedelta(days=30),
        ends_on=day + dt.timedelta(days=300),
    )
    refused("room", book, member, room, at(day, 10), at(day, 11))


def test_staff_may_book_tenants_and_staff_only_rooms(staff_user, room):
    day = next_weekday()
    for audience in (Audience.TENANTS, Audience.STAFF):
        room.audience = audience
        room.needs_approval = True
        room.save()
        booking = book(staff_user, room, at(day, 10), at(day, 11))
        assert booking.status == BookingStatus.CONFIRMED
        booking_cancel(booking=booking, user=staff_user)


def test_staff_only_room_refuses_member(member, room):
    room.audience = Audience.STAFF
    room.save()
    day = next_weekday()
    assert "센터 직원만" in refused("room", book, member, room, at(day, 10), at(day, 11))


def test_buyer_may_not_book(make_user, room):
    day = next_weekday()
    buyer = make_user(Role.BUYER)
    assert "권한" in refused("room", book, buyer, room, at(day, 10), at(day, 11))


def test_kitchen_needs_valid_agreement_with_unexpired_hygiene(member, room):
    room.kind = RoomKind.KITCHEN
    room.save()
    day = next_weekday()
    assert "협약" in refused("kitchen_agreement", book, member, room, at(day, 10), at(day, 11))
    agreement = KitchenAgreement.objects.create(
        enterprise=member.enterprise,
        kitchen=room,
        starts_on=day - dt.timedelta(days=30),
        ends_on=day + dt.timedelta(days=300),
        hygiene_expires_on=day - dt.timedelta(days=1),
    )
    refused("kitchen_agreement", book, member, room, at(day, 10), at(day, 11))
    agreement.hygiene_expires_on = day
    agreement.save()
    booking = book(member, room, at(day, 10), at(day, 11))
    assert booking.kitchen_agreement == agreement


def test_external_booking_pays_the_hourly_fee(staff_user, room):
    room.audience = Audience.ANYONE
    room.hourly_fee_won = 30_000
    room.save()
    day = next_weekday()
    assert "단체명" in refused(
        "organizer",
        book,
        staff_user,
        room,
        at(day, 10),
        at(day, 11),
        purpose=BookingPurpose.EXTERNAL,
    )
    booking = book(
        staff_user,
        room,
        at(day, 10),
        at(day, 12, 30),
        purpose=BookingPurpose.EXTERNAL,
        organizer="마포구 주민모임",
    )
    assert booking.fee_won == 75_000
    internal = book(staff_user, room, at(day, 13), at(day, 14))
    assert internal.fee_won == 0


def test_overlap_refused_with_time_only(member, make_user, room):
    day = next_weekday()
    other_member = make_user(
        Role.ENTERPRISE, enterprise=Enterprise.objects.create(name="비밀기업", brn="2208162517")
    )
    book(other_member, room, at(day, 14), at(day, 16), title="비밀 회의")
    message = refused("starts_at", book, member, room, at(day, 15), at(day, 17))
    assert message == f"'{day:%y}.{day.month:02d}.{day.day:02d}. 14:00~16:00 예약과 겹칩니다."
    assert "비밀" not in message
    # Touching ends are fine.
    assert book(member, room, at(day, 16), at(day, 17)).pk
    assert book(member, room, at(day, 13), at(day, 14)).pk


def test_cancelled_rejected_and_no_show_bookings_do_not_hold_the_room(member, room):
    day = next_weekday()
    for status in (BookingStatus.CANCELLED, BookingStatus.REJECTED, BookingStatus.NO_SHOW):
        BookingFactory(room=room, starts_at=at(day, 10), ends_at=at(day, 12), status=status)
    assert book(member, room, at(day, 10), at(day, 12)).status == BookingStatus.CONFIRMED


def test_approval_flow(member, staff_user, room):
    room.needs_approval = True
    room.save()
    day = next_weekday()
    booking = book(member, room, at(day, 10), at(day, 12))
    assert booking.status == BookingStatus.REQUESTED
    # A request does not hold the room, so a second request is accepted …
    second = book(member, room, at(day, 11), at(day, 13))
    with pytest.raises(PermissionDenied):
        booking_approve(booking=booking, actor=member)
    booking_approve(booking=booking, actor=staff_user)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.decided_by == staff_user
    # … but approving it re-checks the overlap.
    with pytest.raises(ValidationError) as info:
        booking_approve(booking=second, actor=staff_user)
    assert "10:00~12:00 예약과 겹칩니다" in " ".join(info.value.messages)
    second.refresh_from_db()
    assert second.status == BookingStatus.REQUESTED
    with pytest.raises(ValidationError):
        booking_reject(booking=second, actor=staff_user, reason=" ")
    booking_reject(booking=second, actor=staff_user, reason="시간 중복")
    second.refresh_from_db()
    assert (second.status, second.reason) == (BookingStatus.REJECTED, "시간 중복")
    with pytest.raises(ValidationError):
        booking_approve(booking=second, actor=staff_user)


def test_request_overlapping_a_confirmed_booking_is_refused(member, staff_user, room):
    room.needs_approval = True
    room.save()
    day = next_weekday()
    book(staff_user, room, at(day, 10), at(day, 12))
    refused("starts_at", book, member, room, at(day, 11), at(day, 13))


def test_cancel_by_booker_or_staff_only(member, make_user, staff_user, room):
    day = next_weekday()
    booking = book(member, room, at(day, 10), at(day, 12))
    outsider = make_user(
        Role.ENTERPRISE, enterprise=Enterprise.objects.create(name="남의기업", brn="2208162517")
    )
    with pytest.raises(PermissionDenied):
        booking_cancel(booking=booking, user=outsider)
    booking_cancel(booking=booking, user=member, reason="일정 변경")
    booking.refresh_from_db()
    assert (booking.status, booking.reason) == (BookingStatus.CANCELLED, "일정 변경")
    with pytest.raises(ValidationError):
        booking_cancel(booking=booking, user=staff_user)
    # The room is free again.
    assert book(member, room, at(day, 10), at(day, 12)).status == BookingStatus.CONFIRMED


def test_attendance_and_no_show_by_staff_after_start(member, staff_user, room):
    day = timezone.localdate() - dt.timedelta(days=1)
    past = BookingFactory(room=room, starts_at=at(day, 10), ends_at=at(day, 12))
    future_day = next_weekday()
    future = book(member, room, at(future_day, 10), at(future_day, 12))
    with pytest.raises(PermissionDenied):
        booking_record_attendance(booking=past, actor=member, actual_attendees=3)
    with pytest.raises(ValidationError):
        booking_record_attendance(booking=future, actor=staff_user, actual_attendees=3)
    with pytest.raises(ValidationError):
        booking_record_attendance(booking=past, actor=staff_user, actual_attendees=-1)
    booking_record_attendance(booking=past, actor=staff_user, actual_attendees=7)
    past.refresh_from_db()
    assert past.actual_attendees == 7
    with pytest.raises(ValidationError):
        booking_mark_no_show(booking=future, actor=staff_user)
    booking_mark_no_show(booking=past, actor=staff_user)
    past.refresh_from_db()
    assert (past.status, past.actual_attendees) == (BookingStatus.NO_SHOW, 0)


# Recurring bookings


def series(user, room, day, *, until, interval=1, skip=False, start=10, end=12):
    return booking_series_create(
        user=user,
        room=room,
        first_starts_at=at(day, start),
        first_ends_at=at(day, end),
        interval_weeks=interval,
        until=until,
        skip_conflicts=skip,
        purpose=BookingPurpose.NETWORK,
        title="입주기업 네트워크",
        expected_attendees=6,
    )


def test_series_every_two_weeks(member, room):
    day = next_weekday(1)
    made, bookings, conflicts = series(
        member, room, day, until=day + dt.timedelta(weeks=6), interval=2
    )
    assert [timezone.localtime(b.starts_at).date() for b in bookings] == [
        day + dt.timedelta(weeks=n) for n in (0, 2, 4, 6)
    ]
    assert conflicts == []
    assert all(b.series == made for b in bookings)


def test_series_collisions_reported_per_date_all_or_nothing(member, staff_user, room):
    day = next_weekday(1)
    second = day + dt.timedelta(weeks=1)
    fourth = day + dt.timedelta(weeks=3)
    book(staff_user, room, at(second, 11), at(second, 13))
    book(staff_user, room, at(fourth, 9), at(fourth, 10, 30))
    before = Booking.objects.count()
    with pytest.raises(ValidationError) as info:
        series(member, room, day, until=day + dt.timedelta(weeks=4))
    messages = info.value.message_dict["starts_at"]
    short = lambda d: f"'{d:%y}.{d.month:02d}.{d.day:02d}."  # noqa: E731
    assert f"{short(second)} {short(second)} 11:00~13:00 예약과 겹칩니다." in messages
    assert f"{short(fourth)} {short(fourth)} 09:00~10:30 예약과 겹칩니다." in messages
    assert len(messages) == 3
    assert Booking.objects.count() == before
    assert not BookingSeries.objects.exists()


def test_series_skip_conflicts_books_the_free_dates(member, staff_user, room):
    day = next_weekday(1)
    second = day + dt.timedelta(weeks=1)
    book(staff_user, room, at(second, 11), at(second, 13))
    ClosedDay.objects.create(
        facility=room.facility, day=day + dt.timedelta(weeks=2), reason="창립기념일"
    )
    _made, bookings, conflicts = series(
        member, room, day, until=day + dt.timedelta(weeks=3), skip=True
    )
    assert len(bookings) == 2
    assert [c.day for c in conflicts] == [second, day + dt.timedelta(weeks=2)]
    assert "겹칩니다" in conflicts[0].message
    assert "휴관일" in conflicts[1].message


def test_series_until_before_first_refused(member, room):
    day = next_weekday(1)
    with pytest.raises(ValidationError) as info:
        series(member, room, day, until=day - dt.timedelta(days=1))
    assert "until" in info.value.message_dict
