"""The booking pages: the permission table, who sees which details, the availability search,
the calendars, booking and cancelling through the forms, the console, and query ceilings."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ieum.core.choices import Role
from ieum.enterprises.models import Enterprise
from ieum.spaces.choices import Audience, BookingStatus
from ieum.spaces.models import Booking, ClosedDay, Tenancy

from .factories import BookingFactory, RoomFactory

pytestmark = pytest.mark.django_db


def next_weekday(weekday: int = 0) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=3)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return day


def at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def room(db):
    return RoomFactory(name="회의실 A", capacity=8)


@pytest.fixture
def member(make_user):
    return make_user(Role.ENTERPRISE)


@pytest.fixture
def other_member(make_user):
    enterprise = Enterprise.objects.create(name="비밀협동조합", brn="2208162517")
    return make_user(Role.ENTERPRISE, enterprise=enterprise)


def signed_in(client, user):
    client.force_login(user)
    return client


PAGES = [
    ("spaces:room-list", False),
    ("spaces:booking-list", False),
    ("spaces:booking-create", False),
    ("spaces:console", True),
    ("spaces:room-admin-list", True),
    ("spaces:room-create", True),
    ("spaces:closedday-list", True),
]


@pytest.mark.parametrize(
    ("role", "allowed_booker", "allowed_staff"),
    [
        (Role.STAFF, True, True),
        (Role.ADMIN, True, True),
        (Role.ENTERPRISE, True, False),
        (Role.BUYER, False, False),
        (Role.CITIZEN, False, False),
    ],
)
def test_permission_table(client, make_user, room, role, allowed_booker, allowed_staff):
    client.force_login(make_user(role))
    pages = [(reverse(name), staff) for name, staff in PAGES] + [
        (reverse("spaces:room-detail", args=[room.pk]), False),
        (reverse("spaces:facility-calendar", args=[room.facility_id]), False),
        (reverse("spaces:room-update", args=[room.pk]), True),
    ]
    for url, staff_page in pages:
        allowed = allowed_staff if staff_page else allowed_booker
        status = client.get(url).status_code
        assert status == (200 if allowed else 403), (url, status)


def test_anonymous_is_sent_to_sign_in(client, room):
    response = client.get(reverse("spaces:room-detail", args=[room.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_member_sees_others_bookings_as_booked_only(client, member, other_member, room):
    day = next_weekday()
    BookingFactory(
        room=room,
        starts_at=at(day, 14),
        ends_at=at(day, 16),
        title="비밀 이사회",
        enterprise=other_member.enterprise,
        booked_by=other_member,
    )
    BookingFactory(
        room=room,
        starts_at=at(day, 10),
        ends_at=at(day, 11),
        title="우리 회의",
        enterprise=member.enterprise,
        booked_by=member,
    )
    url = reverse("spaces:room-detail", args=[room.pk]) + f"?view=week&date={day:%Y-%m-%d}"
    page = signed_in(client, member).get(url).content.decode()
    assert "14:00~16:00" in page
    assert "예약됨" in page
    assert "비밀 이사회" not in page
    assert "비밀협동조합" not in page
    assert "우리 회의" in page
    # The facility grid hides them the same way.
    grid = client.get(
        reverse("spaces:facility-calendar", args=[room.facility_id]) + f"?date={day:%Y-%m-%d}"
    ).content.decode()
    assert "14:00~16:00" in grid
    assert "비밀 이사회" not in grid
    assert "우리 회의" in grid


def test_staff_see_every_detail(staff_client, other_member, room):
    day = next_weekday()
    BookingFactory(
        room=room,
        starts_at=at(day, 14),
        ends_at=at(day, 16),
        title="비밀 이사회",
        enterprise=other_member.enterprise,
    )
    url = reverse("spaces:room-detail", args=[room.pk]) + f"?view=day&date={day:%Y-%m-%d}"
    page = staff_client.get(url).content.decode()
    assert "비밀 이사회" in page
    assert "비밀협동조합" in page


def test_member_cannot_open_or_cancel_anothers_booking(client, member, other_member, room):
    day = next_weekday()
    booking = BookingFactory(
        room=room,
        starts_at=at(day, 14),
        ends_at=at(day, 16),
        enterprise=other_member.enterprise,
        booked_by=other_member,
    )
    signed_in(client, member)
    assert client.get(reverse("spaces:booking-detail", args=[booking.pk])).status_code == 404
    response = client.post(reverse("spaces:booking-cancel", args=[booking.pk]))
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    my_page = client.get(reverse("spaces:booking-list")).content.decode()
    assert booking.title not in my_page


def test_month_calendar_and_navigation(client, member, room):
    day = next_weekday()
    BookingFactory(room=room, starts_at=at(day, 10), ends_at=at(day, 11), booked_by=member)
    url = reverse("spaces:room-detail", args=[room.pk])
    page = signed_in(client, member).get(f"{url}?view=month&date={day:%Y-%m-%d}")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"{day:%Y}년 {day.month}월" in text
    assert "10:00~11:00" in text
    following = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    assert f"view=month&amp;date={following:%Y-%m-%d}" in text
    # htmx gets the calendar alone.
    partial = client.get(f"{url}?view=week&date={day:%Y-%m-%d}", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="calendar"')
    assert "<html" not in body


def test_availability_search_lists_free_rooms_the_user_may_book(client, member, room):
    day = next_weekday(2)
    busy = RoomFactory(facility=room.facility, name="회의실 B", capacity=20)
    small = RoomFactory(facility=room.facility, name="회의실 C", capacity=2)
    tenants_only = RoomFactory(
        facility=room.facility, name="입주기업 라운지", capacity=20, audience=Audience.TENANTS
    )
    closed = RoomFactory(facility=room.facility, name="회의실 D", capacity=20)
    ClosedDay.objects.create(facility=room.facility, room=closed, day=day, reason="공사")
    BookingFactory(room=busy, starts_at=at(day, 13), ends_at=at(day, 15))
    BookingFactory(
        room=room, starts_at=at(day, 13), ends_at=at(day, 15), status=BookingStatus.CANCELLED
    )
    query = {"day": f"{day:%Y-%m-%d}", "start_time": "14:00", "end_time": "16:00", "attendees": 4}
    response = signed_in(client, member).get(reverse("spaces:room-list"), query)
    free = [r.name for r in response.context["free"]]
    assert free == ["회의실 A"]
    assert busy.name not in free and small.name not in free and closed.name not in free
    assert tenants_only.name not in free
    assert "day=" in response.content.decode() and "start_time=14:00" in response.content.decode()
    Tenancy.objects.create(
        enterprise=member.enterprise,
        facility=room.facility,
        starts_on=day - dt.timedelta(days=1),
        ends_on=day + dt.timedelta(days=100),
    )
    response = client.get(reverse("spaces:room-list"), query)
    assert sorted(r.name for r in response.context["free"]) == ["입주기업 라운지", "회의실 A"]


def test_book_through_the_form_and_refusal_on_the_field(client, member, room):
    day = next_weekday()
    signed_in(client, member)
    form = client.get(
        reverse("spaces:booking-create"),
        {"room": room.pk, "day": f"{day:%Y-%m-%d}", "start_time": "10:00", "attendees": 5},
    )
    assert form.context["form"].initial["expected_attendees"] == 5
    data = {
        "room": room.pk,
        "day": f"{day:%Y-%m-%d}",
        "start_time": "10:00",
        "end_time": "12:00",
        "purpose": "facility_use",
        "title": "정기 회의",
        "expected_attendees": 5,
    }
    response = client.post(reverse("spaces:booking-create"), data)
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert booking.status == BookingStatus.CONFIRMED
    response = client.post(reverse("spaces:booking-create"), {**data, "start_time": "11:00"})
    assert response.status_code == 400
    assert "10:00~12:00 예약과 겹칩니다" in " ".join(response.context["form"].errors["start_time"])
    response = client.post(reverse("spaces:booking-create"), {**data, "expected_attendees": 30})
    assert "수용 인원(8명)" in " ".join(response.context["form"].errors["expected_attendees"])
    assert Booking.objects.count() == 1
    client.post(reverse("spaces:booking-cancel", args=[booking.pk]), {"reason": "연기"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_weekly_series_through_the_form_reports_conflicts(client, member, staff_user, room):
    day = next_weekday(1)
    second = day + dt.timedelta(weeks=1)
    BookingFactory(room=room, starts_at=at(second, 10), ends_at=at(second, 11))
    data = {
        "room": room.pk,
        "day": f"{day:%Y-%m-%d}",
        "start_time": "10:00",
        "end_time": "12:00",
        "purpose": "network",
        "title": "네트워크 모임",
        "expected_attendees": 5,
        "repeat": "on",
        "interval_weeks": 1,
        "until": f"{day + dt.timedelta(weeks=2):%Y-%m-%d}",
    }
    signed_in(client, member)
    response = client.post(reverse("spaces:booking-create"), data)
    assert response.status_code == 400
    assert "10:00~11:00 예약과 겹칩니다" in response.content.decode()
    assert Booking.objects.count() == 1
    response = client.post(reverse("spaces:booking-create"), {**data, "skip_conflicts": "on"})
    assert response.status_code == 302
    assert Booking.objects.filter(series__isnull=False).count() == 2


def test_console_approve_reject_attendance(client, member, staff_user, room):
    room.needs_approval = True
    room.save()
    day = next_weekday()
    signed_in(client, member)
    booking = BookingFactory(
        room=room,
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        status=BookingStatus.REQUESTED,
        title="승인 요청 회의",
        booked_by=member,
        enterprise=member.enterprise,
    )
    assert client.post(reverse("spaces:booking-approve", args=[booking.pk])).status_code == 403
    client.force_login(staff_user)
    page = client.get(reverse("spaces:console")).content.decode()
    assert "승인 요청 회의" in page
    client.post(reverse("spaces:booking-approve", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    today = timezone.localdate()
    earlier = BookingFactory(
        room=room,
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
        title="오늘 회의",
    )
    page = client.get(reverse("spaces:console"), {"date": f"{today:%Y-%m-%d}"})
    if timezone.localtime(earlier.starts_at).date() == today:
        assert "오늘 회의" in page.content.decode()
    client.post(reverse("spaces:booking-attendance", args=[earlier.pk]), {"actual_attendees": 6})
    earlier.refresh_from_db()
    assert earlier.actual_attendees == 6


def test_query_ceilings(client, member, staff_user, make_user):
    rooms = [RoomFactory(capacity=10) for _ in range(3)]
    facility = rooms[0].facility
    for room in rooms[1:]:
        room.facility = facility
        room.save()
    day = next_weekday()
    for index in range(30):
        BookingFactory(
            room=rooms[index % 3],
            starts_at=at(day + dt.timedelta(days=index % 5), 9 + index // 5),
            ends_at=at(day + dt.timedelta(days=index % 5), 10 + index // 5),
            booked_by=member,
            enterprise=member.enterprise,
            status=BookingStatus.REQUESTED if index % 4 == 0 else BookingStatus.CONFIRMED,
        )
    signed_in(client, member)
    room_url = reverse("spaces:room-detail", args=[rooms[0].pk])
    pages = [
        f"{room_url}?view=week&date={day:%Y-%m-%d}",
        f"{room_url}?view=month&date={day:%Y-%m-%d}",
        reverse("spaces:facility-calendar", args=[facility.pk]) + f"?date={day:%Y-%m-%d}",
        reverse("spaces:room-list")
        + f"?day={day:%Y-%m-%d}&start_time=09:00&end_time=10:00&attendees=2",
        reverse("spaces:booking-list"),
    ]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= 10, (url, len(queries))
    client.force_login(staff_user)
    for url in [reverse("spaces:console"), reverse("spaces:room-admin-list"), pages[0]]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= 10, (url, len(queries))


def test_console_card_counts_today_and_pending(client, staff_user, member, room):
    now = timezone.now()
    BookingFactory(
        room=room,
        starts_at=now + dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=2, hours=1),
        status=BookingStatus.REQUESTED,
    )
    client.force_login(staff_user)
    page = client.get(reverse("core:console")).content.decode()
    assert "오늘 공간 예약" in page
    assert "승인 대기 1건" in page
    client.force_login(member)
    assert "오늘 공간 예약" not in client.get("/").content.decode()


def test_facility_month_counts_bookings_per_room_and_day(client, member, other_member, room):
    day = next_weekday()
    for hour in (10, 13):
        BookingFactory(room=room, starts_at=at(day, hour), ends_at=at(day, hour + 1))
    BookingFactory(
        room=room,
        starts_at=at(day, 16),
        ends_at=at(day, 17),
        status=BookingStatus.REQUESTED,
        enterprise=other_member.enterprise,
    )
    url = reverse("spaces:facility-calendar", args=[room.facility_id])
    page = signed_in(client, member).get(f"{url}?view=month&date={day:%Y-%m-%d}")
    text = page.content.decode()
    assert f"{day:%Y}년 {day.month}월" in text
    # Two confirmed bookings; another enterprise's request is not shown to a member.
    assert f'?view=day&amp;date={day:%Y-%m-%d}">2건</a>' in text
