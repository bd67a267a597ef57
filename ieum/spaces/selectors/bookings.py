"""Reads about bookings: room and facility calendars, availability, my bookings, the console's
queues. Each calendar is one query for the rooms, one for the bookings of the shown range (index
room + starts_at) and one for the closed days, however many bookings there are."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ieum.core.history import history_for
from ieum.core.models import Change

from ..choices import Audience, BookingStatus
from ..models import Booking, ClosedDay, Room

SHOWN = (BookingStatus.CONFIRMED, BookingStatus.REQUESTED)
LONGEST = dt.timedelta(days=1)


@dataclass
class CalendarDay:
    day: dt.date
    bookings: list[Booking] = field(default_factory=list)
    closed: str = ""
    open: bool = True


@dataclass
class RoomRow:
    room: Room
    days: list[CalendarDay]


def _range(start: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=days), dt.time.min))
    return begin, end


def _bookings(rooms: list[Room], start: dt.date, days: int) -> QuerySet[Booking]:
    begin, end = _range(start, days)
    return (
        Booking.objects.filter(
            room__in=[room.pk for room in rooms],
            starts_at__lt=end,
            starts_at__gt=begin - LONGEST,
            ends_at__gt=begin,
            status__in=SHOWN,
        )
        .select_related("enterprise", "booked_by")
        .order_by("starts_at", "id")
    )


def _closed(rooms: list[Room], start: dt.date, days: int) -> dict[tuple[int, dt.date], str]:
    """{(room id, day): reason} for the rooms' closed days in the range."""
    facility_ids = {room.facility_id for room in rooms}
    rows = ClosedDay.objects.filter(
        facility_id__in=facility_ids,
        day__gte=start,
        day__lt=start + dt.timedelta(days=days),
    ).values_list("facility_id", "room_id", "day", "reason")
    closed: dict[tuple[int, dt.date], str] = {}
    for facility_id, room_id, day, reason in rows:
        for room in rooms:
            if room.facility_id == facility_id and room_id in (None, room.pk):
                closed[(room.pk, day)] = reason
    return closed


def _rows(rooms: list[Room], start: dt.date, days: int) -> list[RoomRow]:
    by_room_day: dict[tuple[int, dt.date], list[Booking]] = defaultdict(list)
    for booking in _bookings(rooms, start, days):
        by_room_day[(booking.room_id, timezone.localtime(booking.starts_at).date())].append(booking)
    closed = _closed(rooms, start, days)
    rows = []
    for room in rooms:
        row = []
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            row.append(
                CalendarDay(
                    day=day,
                    bookings=by_room_day.get((room.pk, day), []),
                    closed=closed.get((room.pk, day), ""),
                    open=day.weekday() in room.weekdays,
                )
            )
        rows.append(RoomRow(room=room, days=row))
    return rows


def room_calendar(*, room: Room, start: dt.date, days: int) -> list[CalendarDay]:
    """The room's days from `start`: each with its confirmed and requested bookings and
    whether it is closed."""
    return _rows([room], start, days)[0].days


def facility_calendar(*, facility, start: dt.date, days: int) -> list[RoomRow]:
    """Rooms × days of a facility's bookable rooms."""
    rooms = list(
        Room.objects.filter(facility=facility, is_bookable=True).select_related("facility")
    )
    return _rows(rooms, start, days)


def availability(
    *,
    day: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    attendees: int,
    facility=None,
    user=None,
) -> list[Room]:
    """Rooms free for [start_time, end_time) on `day` for `attendees` people: bookable, open
    that weekday and those hours, not closed, big enough, and with no confirmed booking
    overlapping (one NOT EXISTS). With `user`, only rooms they may book (tenants-only rooms
    need an active tenancy of their enterprise in that facility)."""
    from ..access import bookable_rooms, is_manager, user_enterprise

    starts_at = timezone.make_aware(dt.datetime.combine(day, start_time))
    ends_at = timezone.make_aware(dt.datetime.combine(day, end_time))
    rooms = bookable_rooms(user) if user is not None else Room.objects.filter(is_bookable=True)
    rooms = rooms.filter(
        capacity__gte=attendees,
        open_weekdays__contains=str(day.weekday()),
        opens_at__lte=start_time,
        closes_at__gte=end_time,
    )
    if facility is not None:
        rooms = rooms.filter(facility=facility)
    taken = Booking.objects.filter(
        room=OuterRef("pk"),
        status=BookingStatus.CONFIRMED,
        starts_at__lt=ends_at,
        # A booking lies within one day (the service keeps it inside opening hours), so only
        # those starting in the last day can reach this slot: a short range of the index.
        starts_at__gt=starts_at - LONGEST,
        ends_at__gt=starts_at,
    )
    closed = ClosedDay.objects.filter(day=day, facility=OuterRef("facility")).filter(
        Q(room__isnull=True) | Q(room=OuterRef("pk"))
    )
    rooms = rooms.exclude(Exists(taken)).exclude(Exists(closed)).select_related("facility")
    if user is not None and not is_manager(user):
        from .tenants import tenancies_active_on

        enterprise = user_enterprise(user)
        tenant_of = set(
            tenancies_active_on(day)
            .filter(enterprise=enterprise)
            .values_list("facility_id", flat=True)
            if enterprise is not None
            else []
        )
        rooms = rooms.exclude(Q(audience=Audience.TENANTS) & ~Q(facility_id__in=tenant_of))
    return list(rooms)


def my_bookings(user, *, upcoming: bool) -> QuerySet[Booking]:
    from ..access import own_bookings

    now = timezone.now()
    bookings = own_bookings(user).select_related("room__facility", "enterprise")
    if upcoming:
        return bookings.filter(ends_at__gt=now).order_by("starts_at", "id")
    return bookings.filter(ends_at__lte=now).order_by("-starts_at", "-id")


def pending_approvals() -> QuerySet[Booking]:
    return (
        Booking.objects.filter(status=BookingStatus.REQUESTED, ends_at__gt=timezone.now())
        .select_related("room__facility", "enterprise", "booked_by")
        .order_by("starts_at", "id")
    )


def bookings_on(day: dt.date) -> QuerySet[Booking]:
    """The day's confirmed, no-show bookings, for attendance entry."""
    begin, end = _range(day, 1)
    return (
        Booking.objects.filter(
            starts_at__gte=begin,
            starts_at__lt=end,
            status__in=(BookingStatus.CONFIRMED, BookingStatus.NO_SHOW),
        )
        .select_related("room__facility", "enterprise", "booked_by")
        .order_by("starts_at", "room__name", "id")
    )


def booking_history(booking: Booking) -> list[Change]:
    """Who booked, approved, rejected or cancelled the booking, when and why; newest first."""
    return history_for(booking)


def booking_detail(pk: int) -> Booking | None:
    """A booking with its room and facility, enterprise and the people who booked and decided."""
    return (
        Booking.objects.select_related("room__facility", "enterprise", "booked_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
