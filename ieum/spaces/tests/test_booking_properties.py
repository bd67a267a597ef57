"""Property tests over random intervals: the service refuses a second booking exactly when it
overlaps the first as half-open intervals [start, end); adjacent bookings are fine."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ieum.core.choices import Role
from ieum.spaces.choices import BookingPurpose
from ieum.spaces.services.bookings import booking_create

from .factories import RoomFactory

pytestmark = pytest.mark.django_db

# Quarter hours within 09:00–18:00, at most 4 hours long.
slot = st.tuples(st.integers(0, 35), st.integers(1, 16)).filter(lambda s: s[0] + s[1] <= 36)


class Rollback(Exception):
    pass


def _day() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=3)
    while day.weekday() > 4:
        day += dt.timedelta(days=1)
    return day


def _at(day, quarter):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9))) + dt.timedelta(
        minutes=15 * quarter
    )


@pytest.fixture
def setting(make_user):
    return make_user(Role.ENTERPRISE), RoomFactory(max_hours=9), _day()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=slot, second=slot)
def test_second_refused_iff_it_overlaps(setting, first, second):
    user, room, day = setting
    a_start, a_end = first[0], first[0] + first[1]
    b_start, b_end = second[0], second[0] + second[1]
    overlaps = a_start < b_end and b_start < a_end
    try:
        with transaction.atomic():
            for start, end in ((a_start, a_end),):
                booking_create(
                    user=user,
                    room=room,
                    starts_at=_at(day, start),
                    ends_at=_at(day, end),
                    purpose=BookingPurpose.FACILITY_USE,
                    title="첫 예약",
                    expected_attendees=2,
                )
            try:
                booking_create(
                    user=user,
                    room=room,
                    starts_at=_at(day, b_start),
                    ends_at=_at(day, b_end),
                    purpose=BookingPurpose.FACILITY_USE,
                    title="둘째 예약",
                    expected_attendees=2,
                )
            except ValidationError as error:
                assert overlaps, error.messages
                assert "예약과 겹칩니다" in error.message_dict["starts_at"][0]
            else:
                assert not overlaps
            raise Rollback
    except Rollback:
        pass


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cuts=st.lists(st.integers(1, 35), min_size=1, max_size=6, unique=True))
def test_adjacent_bookings_tile_the_day(setting, cuts):
    """[a,b), [b,c), … back to back are all accepted; then any slot inside the day is refused."""
    user, room, day = setting
    points = [0, *sorted(cuts), 36]
    pieces = [(a, b) for a, b in zip(points, points[1:], strict=False) if b - a <= 16]
    try:
        with transaction.atomic():
            for start, end in pieces:
                booking_create(
                    user=user,
                    room=room,
                    starts_at=_at(day, start),
                    ends_at=_at(day, end),
                    purpose=BookingPurpose.FACILITY_USE,
                    title="연속 예약",
                    expected_attendees=2,
                )
            for start, end in pieces:
                with pytest.raises(ValidationError):
                    booking_create(
                        user=user,
                        room=room,
                        starts_at=_at(day, start),
                        ends_at=_at(day, end),
                        purpose=BookingPurpose.FACILITY_USE,
                        title="겹치는 예약",
                        expected_attendees=2,
                    )
            raise Rollback
    except Rollback:
        pass
