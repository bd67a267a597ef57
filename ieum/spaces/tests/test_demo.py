"""The spaces demo: the figures computed from its bookings and tenancies as of 2022-10-31 are the
seed's, the programs demo reads them from the providers, no room is double-booked, and loading
it again changes nothing.

The demos it needs are loaded once for the module inside a transaction rolled back at the end.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from ieum.accounts.models import User
from ieum.programs.models import Kpi
from ieum.programs.registry import get_provider
from ieum.spaces import access
from ieum.spaces.choices import BookingStatus
from ieum.spaces.models import Booking, ClosedDay, Invoice, KitchenAgreement, Room, Tenancy
from ieum.spaces.selectors.tenants import active_tenancy

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2022, 10, 31)
SEED_FIGURES = {
    "space-gaebong-uses": 323,
    "space-gaebong-visitors": 849,
    "space-gaebong-room-uses": 264,
    "space-gaebong-room-visitors": 691,
    "space-gaebong-network-uses": 8,
    "space-gaebong-network-visitors": 76,
    "space-gaebong-program-uses": 51,
    "space-gaebong-program-visitors": 82,
    "space-gaebong-tenants": 14,
    "space-garak-uses": 158,
    "space-garak-visitors": 653,
    "space-garak-hall-uses": 114,
    "space-garak-hall-visitors": 531,
    "space-garak-network-uses": 8,
    "space-garak-network-visitors": 50,
    "space-garak-program-uses": 36,
    "space-garak-program-visitors": 72,
    "space-garak-tenants": 9,
}
DEMO_APPS = ("organization", "enterprises", "accounts", "programs", "spaces")


def load_demo() -> str:
    out = StringIO()
    call_command("demo", *DEMO_APPS, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize(("key", "figure"), SEED_FIGURES.items())
def test_kpi_provider_gives_the_seeds_figure_as_of_october(demo, key, figure):
    assert get_provider(key).compute(year=2022, as_of=AS_OF) == figure


def test_programs_demo_computes_the_space_figures_instead_of_storing_them(demo):
    kpis = Kpi.objects.filter(year=2022, key__in=SEED_FIGURES)

    assert kpis.count() == len(SEED_FIGURES)
    assert all(kpi.provider == kpi.key for kpi in kpis)
    assert not kpis.filter(values__isnull=False).exists()
    manual = Kpi.objects.get(year=2022, key="space-gaebong-consulting")
    assert manual.provider == ""


def test_figures_count_up_to_the_date_only(demo):
    september = get_provider("space-gaebong-uses").compute(year=2022, as_of=dt.date(2022, 9, 30))

    assert 0 < september < 323
    assert get_provider("space-gaebong-uses").compute(year=2021, as_of=AS_OF) == 0


def test_tenants_of_the_other_facilities(demo):
    def tenants(short_name):
        return (
            Tenancy.objects.filter(
                facility__short_name=short_name, starts_on__lte=AS_OF, ends_on__gte=AS_OF
            )
            .values("enterprise")
            .distinct()
            .count()
        )

    assert (tenants("상암"), tenants("녹번")) == (2, 3)
    assert KitchenAgreement.objects.filter(kitchen__facility__short_name="가락").count() == 6


def test_no_room_has_two_overlapping_confirmed_bookings(demo):
    seen: dict[int, list[tuple]] = {}
    for booking in Booking.objects.filter(status=BookingStatus.CONFIRMED).order_by(
        "room", "starts_at"
    ):
        previous = seen.setdefault(booking.room_id, [])
        if previous:
            assert previous[-1][1] <= booking.starts_at, booking
        previous.append((booking.starts_at, booking.ends_at))


def test_bookings_are_on_open_weekdays_within_opening_hours(demo):
    closed = set(ClosedDay.objects.values_list("day", flat=True))
    for booking in Booking.objects.select_related("room"):
        start, end = booking.starts_at.astimezone(), booking.ends_at.astimezone()
        assert start.weekday() in booking.room.weekdays
        assert start.date() not in closed
        assert booking.room.opens_at <= start.time() and end.time() <= booking.room.closes_at


def test_demo_has_uncounted_upcoming_pending_and_outside_bookings(demo):
    statuses = set(Booking.objects.values_list("status", flat=True))
    assert {BookingStatus.CANCELLED, BookingStatus.NO_SHOW, BookingStatus.REQUESTED} <= statuses
    assert Booking.objects.filter(starts_at__date__gt=timezone.localdate()).count() >= 10
    assert Invoice.objects.filter(booking__organizer__gt="").count() == 2


def test_enterprise_login_is_a_gaebong_tenant_today(demo):
    member = User.objects.get(username="enterprise")
    studio = Room.objects.get(facility__short_name="개봉", name="스튜디오")
    today = timezone.localdate()

    assert active_tenancy(enterprise=member.enterprise, facility=studio.facility, on=today)
    assert (
        access.audience_refusal(user=member, room=studio, enterprise=member.enterprise, on=today)
        is None
    )
    assert studio in access.bookable_rooms(member, on=today)


def test_loading_again_changes_nothing(demo):
    models = (Room, ClosedDay, Tenancy, KitchenAgreement, Booking, Invoice)
    before = {model.__name__: model.objects.count() for model in models}
    figures = {key: get_provider(key).compute(year=2022, as_of=AS_OF) for key in SEED_FIGURES}

    load_demo()

    assert {model.__name__: model.objects.count() for model in models} == before
    assert {
        key: get_provider(key).compute(year=2022, as_of=AS_OF) for key in SEED_FIGURES
    } == figures
