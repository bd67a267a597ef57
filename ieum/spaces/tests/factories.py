import datetime as dt

import factory

from ieum.organization.tests.factories import FacilityFactory
from ieum.spaces.choices import Audience, BookingPurpose, BookingStatus, RoomKind
from ieum.spaces.models import Booking, Room


class RoomFactory(factory.django.DjangoModelFactory):
    """A weekday 09–18 meeting room for enterprises, no approval, 8 people."""

    class Meta:
        model = Room

    facility = factory.SubFactory(FacilityFactory, short_name="개봉")
    name = factory.Sequence(lambda n: f"회의실 {n}")
    kind = RoomKind.MEETING
    capacity = 8
    audience = Audience.ENTERPRISES
    open_weekdays = "01234"
    opens_at = dt.time(9, 0)
    closes_at = dt.time(18, 0)


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed booking written straight to the table (no rule is checked)."""

    class Meta:
        model = Booking

    room = factory.SubFactory(RoomFactory)
    purpose = BookingPurpose.FACILITY_USE
    title = factory.Sequence(lambda n: f"회의 {n}")
    expected_attendees = 4
    status = BookingStatus.CONFIRMED
