"""The spaces API (/api/spaces/): rooms, availability, booking and cancelling with a token, and
who is refused what."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from ieum.accounts.services import api_token_create
from ieum.core.choices import Role
from ieum.enterprises.models import Enterprise
from ieum.spaces.choices import Audience, BookingStatus, RoomKind
from ieum.spaces.models import Booking

from .factories import BookingFactory, RoomFactory

pytestmark = pytest.mark.django_db

API = "/api/spaces"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)[1]}"}


def next_monday() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=3)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def member(make_user):
    return make_user(Role.ENTERPRISE)


@pytest.fixture
def room(db):
    return RoomFactory(name="회의실 A", capacity=8)


def post_booking(client, user, room, start: dt.datetime, end: dt.datetime, **extra):
    body = {
        "room_id": room.pk,
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "purpose": "facility_use",
        "title": "월간 회의",
        "expected_attendees": 4,
        **extra,
    }
    return client.post(
        f"{API}/bookings", data=json.dumps(body), content_type="application/json", **bearer(user)
    )


def cancel(client, user, pk: int, body: dict | None = None):
    """POST …/cancel with a JSON body, or none at all (the reason is optional)."""
    return client.post(
        f"{API}/bookings/{pk}/cancel",
        data=json.dumps(body) if body else "",
        content_type="application/json",
        **bearer(user),
    )


def test_member_lists_rooms_they_may_book_filtered_by_kind(client, member, room):
    RoomFactory(facility=room.facility, name="스튜디오", kind=RoomKind.STUDIO)
    RoomFactory(facility=room.facility, name="직원 회의실", audience=Audience.STAFF)
    RoomFactory(facility=room.facility, name="창고", is_bookable=False)

    everything = client.get(f"{API}/rooms", **bearer(member)).json()
    meeting = client.get(f"{API}/rooms", {"kind": "meeting"}, **bearer(member)).json()

    assert {r["name"] for r in everything} == {"회의실 A", "스튜디오"}
    assert [r["name"] for r in meeting] == ["회의실 A"]
    assert meeting[0]["kind_label"] == "회의실"
    assert meeting[0]["facility_id"] == room.facility_id


def test_availability_leaves_out_booked_and_small_rooms(client, member, room):
    day = next_monday()
    big = RoomFactory(facility=room.facility, name="교육장", capacity=30)
    BookingFactory(room=big, starts_at=at(day, 10), ends_at=at(day, 12))
    query = {"date": day.isoformat(), "start": "11:00", "end": "12:00"}

    free = client.get(f"{API}/availability", query, **bearer(member)).json()
    crowd = client.get(f"{API}/availability", {**query, "attendees": 20}, **bearer(member)).json()
    later = client.get(
        f"{API}/availability", {**query, "start": "13:00", "end": "14:00"}, **bearer(member)
    ).json()

    assert [r["name"] for r in free] == ["회의실 A"]
    assert crowd == []
    assert {r["name"] for r in later} == {"회의실 A", "교육장"}


def test_availability_refuses_end_before_start(client, member, room):
    response = client.get(
        f"{API}/availability",
        {"date": next_monday().isoformat(), "start": "14:00", "end": "13:00"},
        **bearer(member),
    )

    assert response.status_code == 422
    assert response.json()["errors"]["end"] == ["종료 시각은 시작 시각보다 늦어야 합니다."]


def test_member_books_and_sees_the_booking_in_their_list(client, member, room):
    day = next_monday()

    response = post_booking(client, member, room, at(day, 10), at(day, 12))

    assert response.status_code == 201, response.content
    body = response.json()
    booking = Booking.objects.get()
    assert body["id"] == booking.pk
    assert (body["status"], body["room"]["name"]) == (BookingStatus.CONFIRMED, "회의실 A")
    assert booking.enterprise == member.enterprise
    mine = client.get(f"{API}/bookings", **bearer(member)).json()
    assert [b["id"] for b in mine] == [booking.pk]


def test_naive_times_are_seoul_time(client, member, room):
    day = next_monday()
    start = dt.datetime.combine(day, dt.time(10))

    response = post_booking(client, member, room, start, start + dt.timedelta(hours=1))

    assert response.status_code == 201
    assert timezone.localtime(Booking.objects.get().starts_at).hour == 10


def test_collision_is_a_422_naming_only_the_time(client, member, make_user, room):
    day = next_monday()
    BookingFactory(room=room, starts_at=at(day, 10), ends_at=at(day, 12), title="비밀 회의")

    response = post_booking(client, member, room, at(day, 11), at(day, 13))

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "10:00~12:00" in detail
    assert "비밀" not in detail
    assert Booking.objects.count() == 1


def test_refused_rules_are_422_with_korean_messages(client, member, room):
    day = next_monday()

    over = post_booking(client, member, room, at(day, 10), at(day, 11), expected_attendees=20)
    late = post_booking(client, member, room, at(day, 17), at(day, 19))
    past = post_booking(
        client, member, room, at(day, 10) - dt.timedelta(days=30), at(day, 11) - dt.timedelta(30)
    )

    for response in (over, late, past):
        assert response.status_code == 422
        assert any("\uac00" <= ch <= "\ud7a3" for ch in response.json()["detail"])
    assert not Booking.objects.exists()


def test_tenants_only_room_refused_to_an_outsider(client, member, room):
    studio = RoomFactory(facility=room.facility, name="스튜디오", audience=Audience.TENANTS)
    day = next_monday()

    response = post_booking(client, member, studio, at(day, 10), at(day, 11))

    assert response.status_code == 422
    assert not Booking.objects.exists()


def test_unknown_room_is_not_found(client, member, room):
    staff_room = RoomFactory(facility=room.facility, name="직원실", audience=Audience.STAFF)
    day = next_monday()

    response = post_booking(client, member, staff_room, at(day, 10), at(day, 11))

    assert response.status_code == 404


def test_member_cancels_own_booking_but_not_anothers(client, member, make_user, room):
    day = next_monday()
    mine = post_booking(client, member, room, at(day, 10), at(day, 11)).json()
    elsewhere = Enterprise.objects.create(name="다른협동조합", brn="1018212345")
    stranger = make_user(Role.ENTERPRISE, enterprise=elsewhere)
    theirs = BookingFactory(
        room=room,
        starts_at=at(day, 14),
        ends_at=at(day, 15),
        booked_by=stranger,
        enterprise=elsewhere,
    )

    cancelled = cancel(client, member, mine["id"])
    refused = cancel(client, member, theirs.pk)

    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == BookingStatus.CANCELLED
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.CONFIRMED


def test_staff_cancel_any_booking(client, staff_user, room):
    day = next_monday()
    booking = BookingFactory(room=room, starts_at=at(day, 14), ends_at=at(day, 15))

    response = cancel(client, staff_user, booking.pk, {"reason": "시설 점검"})

    assert response.status_code == 200
    booking.refresh_from_db()
    assert (booking.status, booking.reason) == (BookingStatus.CANCELLED, "시설 점검")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/rooms"),
        ("get", "/availability?date=2030-01-07&start=10:00&end=11:00"),
        ("get", "/bookings"),
        ("post", "/bookings/1/cancel"),
    ],
)
def test_citizen_is_refused_with_403(client, make_user, room, method, path):
    citizen = make_user(Role.CITIZEN)

    response = getattr(client, method)(
        f"{API}{path}", content_type="application/json", **bearer(citizen)
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "공간을 예약할 권한이 없습니다."


def test_citizen_cannot_book(client, make_user, room):
    day = next_monday()

    response = post_booking(client, make_user(Role.CITIZEN), room, at(day, 10), at(day, 11))

    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_no_token_is_401(client, room):
    assert client.get(f"{API}/rooms").status_code == 401


def test_openapi_lists_the_spaces_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]

    for path in (
        "/api/spaces/rooms",
        "/api/spaces/availability",
        "/api/spaces/bookings",
        "/api/spaces/bookings/{booking_id}/cancel",
    ):
        assert path in paths
    assert "post" in paths["/api/spaces/bookings"] and "get" in paths["/api/spaces/bookings"]


def test_lists_have_a_query_ceiling(client, member, room, django_assert_max_num_queries):
    day = next_monday()
    for n in range(12):
        other = RoomFactory(facility=room.facility, name=f"회의실 {n}")
        BookingFactory(
            room=other,
            starts_at=at(day, 10),
            ends_at=at(day, 11),
            booked_by=member,
            enterprise=member.enterprise,
        )
    headers = bearer(member)

    with django_assert_max_num_queries(4):
        rooms = client.get(f"{API}/rooms", **headers)
    with django_assert_max_num_queries(4):
        bookings = client.get(f"{API}/bookings", **headers)
    with django_assert_max_num_queries(6):
        free = client.get(
            f"{API}/availability",
            {"date": day.isoformat(), "start": "10:00", "end": "11:00"},
            **headers,
        )

    assert len(rooms.json()) == 13 and len(bookings.json()) == 12
    assert [r["name"] for r in free.json()] == ["회의실 A"]
