"""Spaces API (/api/spaces/): the rooms a user may book, availability for a date and time, and
booking and cancelling, with the personal bearer token.

Only those who may book (enterprise members, staff, admin: `spaces.book`) get anything else
than 403. The booking service decides every rule, so a refused booking is a 422 with its Korean
messages by field (see ieum/api.py) — a collision names only the other booking's time. Another
party's booking is not found (404). Times and moments are accepted with or without an offset
and handled in Seoul time (ieum.core.api's `SeoulTime`, `SeoulDateTime`); they go out with
Seoul's offset (+09:00).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from ieum.core.api import Count, Id, Line, SeoulDateTime, SeoulTime, Text
from ieum.core.idempotency import KeyHeader
from ieum.core.permissions import has_permission

from . import access
from .choices import BookingPurpose, RoomKind
from .models import Booking, Room
from .selectors.bookings import availability, my_bookings
from .services.bookings import booking_cancel, booking_create

router = Router(tags=["공간"])


class RoomOut(Schema):
    id: int
    name: str
    facility_id: int
    facility: str
    kind: str
    kind_label: str
    capacity: int
    audience: str
    audience_label: str
    needs_approval: bool
    opens_at: SeoulTime
    closes_at: SeoulTime
    open_weekdays: str = Field(description="운영 요일 (월=0 … 일=6)")
    max_hours: int
    max_days_ahead: int
    hourly_fee_won: int
    equipment: list[str]


class RoomRef(Schema):
    id: int
    name: str
    facility: str


class BookingOut(Schema):
    id: int
    room: RoomRef
    purpose: str
    purpose_label: str
    title: str
    starts_at: SeoulDateTime
    ends_at: SeoulDateTime
    expected_attendees: int
    actual_attendees: int | None
    status: str
    status_label: str
    fee_won: int
    enterprise_id: int | None


class BookingIn(Schema):
    room_id: Id
    starts_at: SeoulDateTime
    ends_at: SeoulDateTime
    purpose: BookingPurpose = BookingPurpose.FACILITY_USE
    title: Line
    expected_attendees: Count


class CancelIn(Schema):
    reason: Text = ""


class RoomFilter(Schema):
    facility: Id | None = Field(None, description="시설 id")
    kind: RoomKind | None = None


class AvailabilityQuery(Schema):
    date: dt.date
    start: SeoulTime
    end: SeoulTime
    attendees: Count = 1
    facility: Id | None = Field(None, description="시설 id")


class MyBookingsQuery(Schema):
    upcoming: bool = Field(True, description="true: 다가오는 예약, false: 지난 예약")


def _room(room: Room) -> dict:
    return {
        "id": room.pk,
        "name": room.name,
        "facility_id": room.facility_id,
        "facility": room.facility.name,
        "kind": room.kind,
        "kind_label": room.get_kind_display(),
        "capacity": room.capacity,
        "audience": room.audience,
        "audience_label": room.get_audience_display(),
        "needs_approval": room.needs_approval,
        "opens_at": room.opens_at,
        "closes_at": room.closes_at,
        "open_weekdays": room.open_weekdays,
        "max_hours": room.max_hours,
        "max_days_ahead": room.max_days_ahead,
        "hourly_fee_won": room.hourly_fee_won,
        "equipment": room.equipment_list,
    }


def _booking(booking: Booking) -> dict:
    return {
        "id": booking.pk,
        "room": {
            "id": booking.room_id,
            "name": booking.room.name,
            "facility": booking.room.facility.name,
        },
        "purpose": booking.purpose,
        "purpose_label": booking.get_purpose_display(),
        "title": booking.title,
        "starts_at": timezone.localtime(booking.starts_at),
        "ends_at": timezone.localtime(booking.ends_at),
        "expected_attendees": booking.expected_attendees,
        "actual_attendees": booking.actual_attendees,
        "status": booking.status,
        "status_label": booking.get_status_display(),
        "fee_won": booking.fee_won,
        "enterprise_id": booking.enterprise_id,
    }


def _booker(request):
    user = request.auth
    if not has_permission(user, "spaces.book"):
        raise PermissionDenied(_("공간을 예약할 권한이 없습니다."))
    return user


@router.get("/rooms", response=list[RoomOut], summary="예약할 수 있는 공간")
def rooms(request, filters: Query[RoomFilter]):
    user = _booker(request)
    found = access.bookable_rooms(user).select_related("facility")
    if filters.facility is not None:
        found = found.filter(facility_id=filters.facility)
    if filters.kind is not None:
        found = found.filter(kind=filters.kind)
    return [_room(room) for room in found]


@router.get("/availability", response=list[RoomOut], summary="빈 공간 찾기")
def room_availability(request, query: Query[AvailabilityQuery]):
    user = _booker(request)
    if query.end <= query.start:
        raise ValidationError({"end": [_("종료 시각은 시작 시각보다 늦어야 합니다.")]})
    found = availability(
        day=query.date,
        start_time=query.start,
        end_time=query.end,
        attendees=query.attendees,
        facility=query.facility,
        user=user,
    )
    return [_room(room) for room in found]


@router.post("/bookings", response={201: BookingOut}, summary="예약")
def booking_add(request, payload: BookingIn, idempotency_key: KeyHeader = None):
    user = _booker(request)
    room = access.bookable_rooms(user).filter(pk=payload.room_id).select_related("facility")
    room = room.first()
    if room is None:
        raise HttpError(404, _("예약할 수 있는 공간이 아닙니다."))
    booking = booking_create(
        user=user,
        room=room,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        purpose=payload.purpose,
        title=payload.title,
        expected_attendees=payload.expected_attendees,
        idempotency_key=idempotency_key,
    )
    return Status(201, _booking(booking))


@router.get("/bookings", response=list[BookingOut], summary="내 예약")
def booking_list(request, query: Query[MyBookingsQuery]):
    user = _booker(request)
    return [_booking(booking) for booking in my_bookings(user, upcoming=query.upcoming)]


@router.post("/bookings/{booking_id}/cancel", response=BookingOut, summary="예약 취소")
def booking_cancel_view(request, booking_id: Id, payload: CancelIn | None = None):
    user = _booker(request)
    bookings = Booking.objects if access.is_manager(user) else access.own_bookings(user)
    booking = bookings.select_related("room__facility").filter(pk=booking_id).first()
    if booking is None:
        raise HttpError(404, _("예약을 찾을 수 없습니다."))
    booking = booking_cancel(booking=booking, user=user, reason=payload.reason if payload else "")
    return _booking(booking)
