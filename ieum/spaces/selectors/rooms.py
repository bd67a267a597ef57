"""Reads about rooms: the list by facility, a room's closed days."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from ..models import ClosedDay, Room


def room_list(*, facility=None, rooms: QuerySet[Room] | None = None) -> QuerySet[Room]:
    rooms = Room.objects.all() if rooms is None else rooms
    if facility is not None:
        rooms = rooms.filter(facility=facility)
    return rooms.select_related("facility")


def closed_days(*, since: dt.date | None = None) -> QuerySet[ClosedDay]:
    since = since or timezone.localdate()
    return ClosedDay.objects.filter(day__gte=since).select_related("facility", "room")


def room_detail(pk: int) -> Room | None:
    return Room.objects.select_related("facility").filter(pk=pk).first()


def closed_day_get(pk: int) -> ClosedDay | None:
    return ClosedDay.objects.filter(pk=pk).first()
