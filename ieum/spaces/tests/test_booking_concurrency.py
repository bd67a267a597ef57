"""Many simultaneous requests for one slot: exactly one booking is confirmed and every other
request gets the Korean refusal. On PostgreSQL the exclusion constraint decides; on SQLite the
IMMEDIATE write transactions serialise the check-then-write."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from ieum.core.choices import Role
from ieum.spaces.choices import BookingPurpose, BookingStatus
from ieum.spaces.models import Booking
from ieum.spaces.services.bookings import booking_create

from .factories import RoomFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def test_simultaneous_requests_for_one_slot_exactly_one_wins(make_user):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("in-memory SQLite is not shared between threads")
    users = [make_user(Role.ENTERPRISE) for _ in range(THREADS)]
    room = RoomFactory()
    day = timezone.localdate() + dt.timedelta(days=3)
    while day.weekday() > 4:
        day += dt.timedelta(days=1)
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(14)))
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(index: int) -> None:
        try:
            barrier.wait()
            # Each thread its own slot inside [14:00, 16:00): every pair overlaps.
            offset = dt.timedelta(minutes=index % 4 * 15)
            try:
                booking_create(
                    user=users[index],
                    room=room,
                    starts_at=starts_at + offset,
                    ends_at=starts_at + dt.timedelta(hours=1) + offset,
                    purpose=BookingPurpose.FACILITY_USE,
                    title=f"회의 {index}",
                    expected_attendees=2,
                )
            except ValidationError as error:
                result = error.message_dict["starts_at"][0]
            except Exception as error:  # noqa: BLE001 - any other outcome fails the test
                result = f"error: {error!r}"
            else:
                result = "ok"
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1, outcomes
    refusals = [o for o in outcomes if o != "ok"]
    assert len(refusals) == THREADS - 1
    assert all(o.endswith("예약과 겹칩니다.") for o in refusals), refusals
    assert Booking.objects.filter(room=room, status=BookingStatus.CONFIRMED).count() == 1


def test_exclusion_constraint_refusal_becomes_the_korean_message():
    """The database's own rule, reached when a write skips the service's check: on PostgreSQL
    the exclusion constraint refuses it and the service reports the colliding time."""
    from ieum.spaces.services.bookings import _save_holding

    from .factories import BookingFactory

    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    room = RoomFactory()
    start = timezone.make_aware(dt.datetime.combine(dt.date(2030, 3, 4), dt.time(14)))
    BookingFactory(room=room, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    clash = Booking(
        room=room,
        purpose=BookingPurpose.FACILITY_USE,
        title="직접 쓰기",
        expected_attendees=2,
        status=BookingStatus.CONFIRMED,
        starts_at=start + dt.timedelta(hours=1),
        ends_at=start + dt.timedelta(hours=3),
    )
    with pytest.raises(ValidationError) as info:
        _save_holding(clash)
    assert info.value.message_dict["starts_at"] == ["'30.03.04. 14:00~16:00 예약과 겹칩니다."]
    assert Booking.objects.filter(room=room).count() == 1
    # A cancelled booking does not hold the room, even for the database.
    clash.status = BookingStatus.CANCELLED
    _save_holding(clash)
