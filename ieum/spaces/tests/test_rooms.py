"""Rooms and closed days: staff create and edit them (the photo must be an image), members
may not; the console pages."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ieum.core.choices import Role
from ieum.organization.tests.factories import FacilityFactory
from ieum.spaces.choices import Audience, RoomKind
from ieum.spaces.models import ClosedDay, Room
from ieum.spaces.services.rooms import closed_day_add, room_create, room_update

from .factories import RoomFactory

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return SimpleUploadedFile("room.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def facility(db):
    return FacilityFactory(name="개봉 비대면 산업 클러스터", short_name="개봉")


def fields(facility, **extra):
    return {
        "facility": facility,
        "name": "멀티미디어룸",
        "kind": RoomKind.MULTIMEDIA,
        "capacity": 20,
        "equipment": "빔프로젝터\n마이크 2",
        "opens_at": dt.time(9),
        "closes_at": dt.time(21),
        "open_weekdays": "4210",
        "audience": Audience.ENTERPRISES,
        "needs_approval": True,
        "max_days_ahead": 30,
        "max_hours": 3,
        "hourly_fee_won": 20_000,
        **extra,
    }


def test_staff_create_room_with_rules_and_photo(staff_user, facility):
    room = room_create(actor=staff_user, **fields(facility, photo=png()))
    room.refresh_from_db()
    assert room.open_weekdays == "0124"
    assert room.equipment_list == ["빔프로젝터", "마이크 2"]
    assert room.photo.name.startswith("spaces/rooms/")
    assert (room.needs_approval, room.max_hours, room.hourly_fee_won) == (True, 3, 20_000)


def test_member_may_not_create_room(make_user, facility):
    with pytest.raises(PermissionDenied):
        room_create(actor=make_user(Role.ENTERPRISE), **fields(facility))
    assert not Room.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field", "text"),
    [
        ({"photo": SimpleUploadedFile("x.png", b"not an image")}, "photo", "이미지"),
        ({"open_weekdays": "017"}, "open_weekdays", "0(월)~6(일)"),
        ({"open_weekdays": ""}, "open_weekdays", "0(월)~6(일)"),
        ({"closes_at": dt.time(8)}, "closes_at", "시작 시각보다 뒤"),
        ({"capacity": 0}, "capacity", "1명 이상"),
    ],
)
def test_bad_room_refused(staff_user, facility, extra, field, text):
    with pytest.raises(ValidationError) as info:
        room_create(actor=staff_user, **fields(facility, **extra))
    assert field in info.value.message_dict
    assert text in " ".join(info.value.message_dict[field])
    assert not Room.objects.exists()


def test_room_update(staff_user, facility):
    room = RoomFactory(facility=facility)
    room_update(room=room, actor=staff_user, capacity=30, needs_approval=True)
    room.refresh_from_db()
    assert (room.capacity, room.needs_approval) == (30, True)


def test_closed_day_rules(staff_user, facility):
    room = RoomFactory(facility=facility)
    elsewhere = RoomFactory(facility=FacilityFactory(name="녹번 협동허브", short_name="녹번"))
    day = dt.date(2030, 1, 1)
    closed_day_add(actor=staff_user, facility=facility, day=day, reason="신정")
    with pytest.raises(ValidationError) as info:
        closed_day_add(actor=staff_user, facility=facility, day=day, reason="신정")
    assert "이미 휴관일" in info.value.messages[0]
    with pytest.raises(ValidationError):
        closed_day_add(actor=staff_user, facility=facility, room=elsewhere, day=day, reason="x")
    with pytest.raises(ValidationError):
        closed_day_add(actor=staff_user, facility=facility, room=room, day=day, reason=" ")
    assert ClosedDay.objects.count() == 1


def test_console_room_form_creates_and_refuses_a_non_image(staff_client, facility):
    data = {
        "facility": facility.pk,
        "name": "스튜디오",
        "kind": RoomKind.STUDIO,
        "capacity": 4,
        "opens_at": "10:00",
        "closes_at": "18:00",
        "open_weekdays": "01234",
        "audience": Audience.TENANTS,
        "max_days_ahead": 30,
        "max_hours": 4,
        "hourly_fee_won": 0,
        "sort_order": 0,
        "is_bookable": "on",
    }
    bad = staff_client.post(
        reverse("spaces:room-create"),
        {**data, "photo": SimpleUploadedFile("x.jpg", b"text", content_type="image/jpeg")},
    )
    assert bad.status_code == 400
    assert not Room.objects.exists()
    response = staff_client.post(reverse("spaces:room-create"), {**data, "photo": png()})
    assert response.status_code == 302
    room = Room.objects.get()
    assert room.photo
    response = staff_client.post(
        reverse("spaces:room-update", args=[room.pk]), {**data, "capacity": 6}
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.capacity == 6
    assert room.photo  # an edit without a new upload keeps the photo
    listing = staff_client.get(reverse("spaces:room-admin-list")).content.decode()
    assert "스튜디오" in listing


def test_console_closed_day_page(staff_client, facility):
    response = staff_client.post(
        reverse("spaces:closedday-list"),
        {"facility": facility.pk, "day": "2030-05-05", "reason": "어린이날"},
    )
    assert response.status_code == 302
    page = staff_client.get(reverse("spaces:closedday-list")).content.decode()
    assert "어린이날" in page
    closed = ClosedDay.objects.get()
    staff_client.post(reverse("spaces:closedday-delete", args=[closed.pk]))
    assert not ClosedDay.objects.exists()
