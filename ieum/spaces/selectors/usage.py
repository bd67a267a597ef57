"""Usage of a facility's rooms: uses (bookings) and people, by purpose and by room kind.

What counts: CONFIRMED bookings of the facility's rooms that start within [start, end] (Seoul
dates, both ends included). Cancelled, rejected, pending and no-show bookings do not count.
People are the attendance recorded after the booking (`actual_attendees`); where staff did not
record it, the booking's `expected_attendees` stands in for it — a room that was used was used by
about the people who booked it, and leaving it out would count those visitors as zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce

from ieum.core.dates import day_bounds

from ..choices import BookingPurpose, BookingStatus, RoomKind
from ..models import Booking


@dataclass(frozen=True)
class Tally:
    uses: int = 0
    people: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.uses + other.uses, self.people + other.people)


@dataclass
class Usage:
    """A facility's usage in a period. `cross[(purpose, kind)]` holds every combination that
    occurred; `by_purpose` and `by_kind` list every choice (zero where none)."""

    facility: object
    start: dt.date
    end: dt.date
    total: Tally = field(default_factory=Tally)
    by_purpose: dict[str, Tally] = field(default_factory=dict)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    cross: dict[tuple[str, str], Tally] = field(default_factory=dict)

    @property
    def purposes(self) -> list[tuple[str, str, Tally]]:
        return [(value, label, self.by_purpose[value]) for value, label in BookingPurpose.choices]

    @property
    def kinds(self) -> list[tuple[str, str, Tally]]:
        """The room kinds with any use, in the choices' order."""
        return [
            (value, label, self.by_kind[value])
            for value, label in RoomKind.choices
            if self.by_kind[value].uses
        ]

    def cross_rows(self) -> list[tuple[str, list[Tally], Tally]]:
        """One row per purpose: its label, a tally per used room kind (as `kinds`), its total."""
        kinds = [value for value, _label, _tally in self.kinds]
        return [
            (
                label,
                [self.cross.get((purpose, kind), Tally()) for kind in kinds],
                self.by_purpose[purpose],
            )
            for purpose, label in BookingPurpose.choices
        ]


def counted_in(start: dt.date, end: dt.date) -> QuerySet[Booking]:
    """The bookings that count as uses, of any room, in [start, end]."""
    low, high = day_bounds(start, end)
    return Booking.objects.filter(
        status=BookingStatus.CONFIRMED, starts_at__gte=low, starts_at__lt=high
    )


def counted_bookings(*, facility, start: dt.date, end: dt.date) -> QuerySet[Booking]:
    """The bookings that count as uses of the facility's rooms in [start, end]."""
    return counted_in(start, end).filter(room__facility=facility)


def tally(bookings: QuerySet[Booking]) -> Tally:
    """Uses and people (actual attendance, else expected) of the bookings."""
    row = bookings.aggregate(
        uses=Count("id"), people=Sum(Coalesce("actual_attendees", "expected_attendees"))
    )
    return Tally(row["uses"] or 0, int(row["people"] or 0))


def usage(*, facility, start: dt.date, end: dt.date) -> Usage:
    """The facility's usage in [start, end]: one grouped query."""
    rows = (
        counted_bookings(facility=facility, start=start, end=end)
        .order_by()
        .values("purpose", "room__kind")
        .annotate(uses=Count("id"), people=Sum(Coalesce("actual_attendees", "expected_attendees")))
    )
    result = Usage(
        facility=facility,
        start=start,
        end=end,
        by_purpose={value: Tally() for value in BookingPurpose.values},
        by_kind={value: Tally() for value in RoomKind.values},
    )
    for row in rows:
        count = Tally(row["uses"], int(row["people"] or 0))
        purpose, kind = row["purpose"], row["room__kind"]
        result.cross[(purpose, kind)] = result.cross.get((purpose, kind), Tally()) + count
        result.by_purpose[purpose] = result.by_purpose.get(purpose, Tally()) + count
        result.by_kind[kind] = result.by_kind.get(kind, Tally()) + count
        result.total += count
    return result
