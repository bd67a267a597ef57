"""The spaces' KPI providers: uses and visitors of 개봉 and 가락 from 1 January to the date, by
purpose and room kind, and tenants in force on the date."""

import datetime as dt

import pytest
from django.utils import timezone

from ieum.enterprises.models import Enterprise
from ieum.organization.tests.factories import FacilityFactory
from ieum.programs.registry import get_provider
from ieum.spaces.choices import BookingPurpose, BookingStatus, RoomKind, TenancyStatus
from ieum.spaces.models import Tenancy

from .factories import BookingFactory, RoomFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2022, 10, 31)


def compute(key: str, as_of: dt.date = AS_OF, year: int = 2022) -> int:
    return int(get_provider(key).compute(year=year, as_of=as_of))


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def booked(room, day, hour=10, *, purpose=BookingPurpose.FACILITY_USE, people=4, **fields):
    return BookingFactory(
        room=room,
        starts_at=at(day, hour),
        ends_at=at(day, hour + 1),
        purpose=purpose,
        expected_attendees=people,
        actual_attendees=people,
        **fields,
    )


@pytest.fixture
def gaebong(db):
    facility = FacilityFactory(name="개봉 비대면 산업 클러스터", short_name="개봉")
    return {
        kind: RoomFactory(facility=facility, name=name, kind=kind, capacity=40)
        for name, kind in (
            ("멀티미디어룸", RoomKind.MULTIMEDIA),
            ("교육장", RoomKind.LECTURE),
            ("스튜디오", RoomKind.STUDIO),
            ("회의실", RoomKind.MEETING),
        )
    }


@pytest.fixture
def garak(db):
    facility = FacilityFactory(name="가락 먹거리 융합클러스터", short_name="가락")
    return {
        kind: RoomFactory(facility=facility, name=name, kind=kind, capacity=60)
        for name, kind in (("대강의실", RoomKind.LECTURE), ("멀티미디어 스튜디오", RoomKind.STUDIO))
    }


def test_gaebong_figures_by_purpose_and_room(gaebong):
    day = dt.date(2022, 3, 2)
    booked(gaebong[RoomKind.MULTIMEDIA], day, 9, people=3)
    booked(gaebong[RoomKind.LECTURE], day, 9, people=10)
    booked(gaebong[RoomKind.STUDIO], day, 9, people=2)  # 시설 이용, but not 멀티미디어룸·교육장
    booked(gaebong[RoomKind.LECTURE], day, 11, purpose=BookingPurpose.NETWORK, people=12)
    booked(gaebong[RoomKind.MEETING], day, 11, purpose=BookingPurpose.CENTER_PROGRAM, people=2)

    assert (compute("space-gaebong-uses"), compute("space-gaebong-visitors")) == (5, 29)
    assert (compute("space-gaebong-room-uses"), compute("space-gaebong-room-visitors")) == (2, 13)
    assert compute("space-gaebong-network-uses") == 1
    assert compute("space-gaebong-network-visitors") == 12
    assert compute("space-gaebong-program-uses") == 1
    assert compute("space-gaebong-program-visitors") == 2
    assert compute("space-garak-uses") == 0


def test_garak_hall_is_lecture_rooms_used_as_facility(garak):
    day = dt.date(2022, 6, 7)
    booked(garak[RoomKind.LECTURE], day, 9, people=30)
    booked(garak[RoomKind.LECTURE], day, 11, purpose=BookingPurpose.NETWORK, people=8)
    booked(garak[RoomKind.STUDIO], day, 9, people=2)

    assert (compute("space-garak-hall-uses"), compute("space-garak-hall-visitors")) == (1, 30)
    assert (compute("space-garak-uses"), compute("space-garak-visitors")) == (3, 40)
    assert compute("space-garak-network-visitors") == 8


def test_counted_from_january_first_to_the_date(gaebong):
    room = gaebong[RoomKind.MEETING]
    booked(room, dt.date(2021, 12, 31), people=5)
    booked(room, dt.date(2022, 1, 3), people=1)
    booked(room, dt.date(2022, 10, 31), 17, people=2)  # the last hour of the date counts
    booked(room, dt.date(2022, 11, 1), 9, people=7)

    assert compute("space-gaebong-uses") == 2
    assert compute("space-gaebong-visitors") == 3
    assert compute("space-gaebong-uses", as_of=dt.date(2022, 12, 31)) == 3
    assert compute("space-gaebong-uses", as_of=dt.date(2023, 3, 1)) == 3  # within the year
    assert compute("space-gaebong-uses", year=2021, as_of=dt.date(2021, 12, 31)) == 1


def test_cancelled_and_no_show_bookings_do_not_count(gaebong):
    room = gaebong[RoomKind.MULTIMEDIA]
    booked(room, dt.date(2022, 4, 4), 9, people=3)
    booked(room, dt.date(2022, 4, 4), 11, people=9, status=BookingStatus.CANCELLED)
    booked(room, dt.date(2022, 4, 4), 13, people=9, status=BookingStatus.NO_SHOW)

    assert (compute("space-gaebong-uses"), compute("space-gaebong-visitors")) == (1, 3)


def test_missing_facility_gives_zero(db):
    assert compute("space-garak-uses") == 0
    assert compute("space-garak-tenants") == 0


def test_tenants_in_force_on_the_date(gaebong, garak):
    facility = gaebong[RoomKind.MEETING].facility

    def tenancy(n, starts_on, ends_on, **fields):
        enterprise = Enterprise.objects.create(name=f"입주기업 {n}", brn=f"10182{n:05d}")
        return Tenancy.objects.create(
            enterprise=enterprise,
            facility=facility,
            starts_on=starts_on,
            ends_on=ends_on,
            **fields,
        )

    tenancy(1, dt.date(2021, 3, 1), dt.date(2023, 2, 28))
    # A renewed contract is marked ended at once but stays in force until its end date.
    tenancy(2, dt.date(2020, 11, 1), dt.date(2022, 10, 31), status=TenancyStatus.ENDED)
    tenancy(
        3,
        dt.date(2021, 3, 1),
        dt.date(2023, 2, 28),
        exited_on=dt.date(2022, 8, 31),
        status=TenancyStatus.EXITED,
    )
    tenancy(4, dt.date(2022, 11, 1), dt.date(2024, 10, 31))

    assert compute("space-gaebong-tenants") == 2
    assert compute("space-gaebong-tenants", as_of=dt.date(2022, 11, 1)) == 2
    assert compute("space-garak-tenants") == 0
