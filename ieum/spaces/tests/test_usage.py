"""Usage statistics: what counts (confirmed bookings starting in the period; actual attendance,
else expected), the breakdowns, and the staff page with its XLSX."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ieum.core.choices import Role
from ieum.organization.tests.factories import FacilityFactory
from ieum.spaces.choices import BookingPurpose, BookingStatus, RoomKind
from ieum.spaces.selectors.usage import Tally, usage

from .factories import BookingFactory, RoomFactory

pytestmark = pytest.mark.django_db

MAY_1, MAY_31 = dt.date(2022, 5, 1), dt.date(2022, 5, 31)


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def booked(
    room,
    day,
    hour=10,
    *,
    purpose=BookingPurpose.FACILITY_USE,
    expected=4,
    actual=None,
    status=BookingStatus.CONFIRMED,
):
    return BookingFactory(
        room=room,
        starts_at=at(day, hour),
        ends_at=at(day, hour) + dt.timedelta(minutes=50),
        purpose=purpose,
        expected_attendees=expected,
        actual_attendees=actual,
        status=status,
    )


@pytest.fixture
def facility(db):
    return FacilityFactory(short_name="개봉")


@pytest.fixture
def rooms(facility):
    return {
        "meeting": RoomFactory(facility=facility, name="회의실", kind=RoomKind.MEETING),
        "lecture": RoomFactory(
            facility=facility, name="교육장", kind=RoomKind.LECTURE, capacity=40
        ),
    }


def test_people_are_actual_attendance_else_expected(facility, rooms):
    booked(rooms["meeting"], dt.date(2022, 5, 2), expected=6, actual=3)
    booked(rooms["meeting"], dt.date(2022, 5, 3), expected=5, actual=None)
    booked(rooms["meeting"], dt.date(2022, 5, 4), expected=5, actual=0)

    result = usage(facility=facility, start=MAY_1, end=MAY_31)

    assert result.total == Tally(uses=3, people=3 + 5 + 0)


def test_only_confirmed_bookings_count(facility, rooms):
    day = dt.date(2022, 5, 2)
    booked(rooms["meeting"], day, 9, actual=4)
    for hour, status in zip(
        (10, 11, 12, 13),
        (
            BookingStatus.CANCELLED,
            BookingStatus.NO_SHOW,
            BookingStatus.REQUESTED,
            BookingStatus.REJECTED,
        ),
        strict=True,
    ):
        booked(rooms["meeting"], day, hour, expected=9, status=status)

    assert usage(facility=facility, start=MAY_1, end=MAY_31).total == Tally(1, 4)


def test_period_is_seoul_dates_both_ends_included(facility, rooms):
    booked(rooms["meeting"], MAY_1, 0, actual=1)  # 00:00 KST on the first day
    booked(rooms["meeting"], MAY_31, 23, actual=2)  # the last hour of the last day
    booked(rooms["meeting"], dt.date(2022, 4, 30), 23, actual=100)
    booked(rooms["meeting"], dt.date(2022, 6, 1), 0, actual=100)

    assert usage(facility=facility, start=MAY_1, end=MAY_31).total == Tally(2, 3)


def test_other_facilities_do_not_count(facility, rooms):
    elsewhere = RoomFactory(facility=FacilityFactory(short_name="가락"), name="대강의실")
    booked(elsewhere, dt.date(2022, 5, 2), actual=30)
    booked(rooms["meeting"], dt.date(2022, 5, 2), actual=2)

    assert usage(facility=facility, start=MAY_1, end=MAY_31).total == Tally(1, 2)


def test_breakdowns_by_purpose_kind_and_cross(facility, rooms):
    day = dt.date(2022, 5, 2)
    booked(rooms["lecture"], day, 9, actual=20)
    booked(rooms["lecture"], day, 11, purpose=BookingPurpose.NETWORK, actual=12)
    booked(rooms["meeting"], day, 9, purpose=BookingPurpose.CENTER_PROGRAM, actual=2)
    booked(rooms["meeting"], day, 11, actual=3)

    result = usage(facility=facility, start=MAY_1, end=MAY_31)

    assert result.by_purpose[BookingPurpose.FACILITY_USE] == Tally(2, 23)
    assert result.by_purpose[BookingPurpose.NETWORK] == Tally(1, 12)
    assert result.by_purpose[BookingPurpose.EXTERNAL] == Tally()
    assert result.by_kind[RoomKind.LECTURE] == Tally(2, 32)
    assert result.by_kind[RoomKind.MEETING] == Tally(2, 5)
    assert result.cross[(BookingPurpose.FACILITY_USE, RoomKind.LECTURE)] == Tally(1, 20)
    assert result.cross[(BookingPurpose.CENTER_PROGRAM, RoomKind.MEETING)] == Tally(1, 2)
    assert result.total == Tally(4, 37)
    assert [kind for kind, _label, _tally in result.kinds] == [RoomKind.MEETING, RoomKind.LECTURE]
    rows = {label: (cells, total) for label, cells, total in result.cross_rows()}
    assert rows["시설 이용"] == ([Tally(1, 3), Tally(1, 20)], Tally(2, 23))


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user(Role.STAFF))
    return client


def test_staff_page_shows_the_tables(staff_client, facility, rooms):
    booked(rooms["lecture"], dt.date(2022, 5, 2), actual=20)
    booked(rooms["meeting"], dt.date(2022, 5, 3), purpose=BookingPurpose.NETWORK, actual=7)

    response = staff_client.get(
        reverse("spaces:usage"), {"facility": facility.pk, "start": MAY_1, "end": MAY_31}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "합계 2회 / 27명" in html
    assert "입주기업 네트워크 활동" in html and "교육장/대강의실" in html


def test_staff_page_refuses_end_before_start(staff_client, facility):
    response = staff_client.get(
        reverse("spaces:usage"), {"facility": facility.pk, "start": MAY_31, "end": MAY_1}
    )

    assert response.status_code == 200
    assert "종료일은 시작일보다 빠를 수 없습니다." in response.content.decode()
    assert response.context["result"] is None


def test_xlsx_has_the_same_figures(staff_client, facility, rooms):
    booked(rooms["lecture"], dt.date(2022, 5, 2), actual=20)
    booked(rooms["meeting"], dt.date(2022, 5, 3), purpose=BookingPurpose.NETWORK, actual=7)

    response = staff_client.get(
        reverse("spaces:usage"),
        {"facility": facility.pk, "start": MAY_1, "end": MAY_31, "format": "xlsx"},
    )

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("구분", "이용 목적", "공간 유형", "이용 횟수(회)", "이용 인원(명)")
    assert ("목적×유형", "시설 이용", "교육장/대강의실", 1, 20) in rows
    assert rows[-1] == ("합계", None, None, 2, 27)


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.STAFF, 200), (Role.ADMIN, 200), (Role.ENTERPRISE, 403), (Role.CITIZEN, 403)],
)
def test_usage_page_is_for_staff(client, make_user, facility, role, status):
    client.force_login(make_user(role))

    assert client.get(reverse("spaces:usage")).status_code == status


def test_anonymous_is_sent_to_sign_in(client, facility):
    response = client.get(reverse("spaces:usage"))

    assert response.status_code == 302


def test_usage_page_queries_do_not_grow_with_bookings(
    staff_client, facility, rooms, django_assert_max_num_queries
):
    for day in range(2, 28):
        booked(rooms["lecture"], dt.date(2022, 5, day), actual=3)
        booked(rooms["meeting"], dt.date(2022, 5, day), purpose=BookingPurpose.NETWORK)

    with django_assert_max_num_queries(10):
        response = staff_client.get(
            reverse("spaces:usage"), {"facility": facility.pk, "start": MAY_1, "end": MAY_31}
        )
    assert "합계 52회" in response.content.decode()
