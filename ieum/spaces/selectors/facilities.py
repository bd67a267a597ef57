"""The facilities as the spaces pages read them: the lists to pick one from, the one asked
for, and the one shown when none was asked for."""

from __future__ import annotations

from django.db.models import QuerySet

from ieum.organization.models import Facility


def facility_list() -> QuerySet[Facility]:
    return Facility.objects.all()


def facility_get(pk) -> Facility | None:
    """The facility of this id (a query parameter, maybe empty: then None)."""
    return Facility.objects.filter(pk=pk or None).first()


def facility_default(*, with_rooms: bool = False) -> Facility | None:
    """The facility a page shows when none was asked for: the first (with `with_rooms`, the
    first that has rooms, else the first)."""
    if with_rooms:
        first = Facility.objects.filter(rooms__isnull=False).first()
        if first is not None:
            return first
    return Facility.objects.first()


def bookable_facility_list() -> QuerySet[Facility]:
    """Facilities with at least one bookable room, in their set order."""
    return (
        Facility.objects.filter(rooms__is_bookable=True).distinct().order_by("sort_order", "name")
    )
