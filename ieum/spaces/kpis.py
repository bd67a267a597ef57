"""The spaces' figures as KPI providers for the report: uses and visitors of the 개봉 and 가락
clusters (computed from confirmed bookings from 1 January of the year to `as_of`, see
selectors/usage.py for what counts), and their tenants on `as_of`.

Facilities are found by `Facility.short_name`; a missing facility gives 0. Each figure is one
query.
"""

import datetime as dt

from ieum.programs.registry import kpi_provider

from .choices import BookingPurpose, RoomKind
from .selectors.tenants import tenancies_active_on
from .selectors.usage import Tally, counted_in, tally

GAEBONG, GARAK = "개봉", "가락"


def year_usage(short_name: str, *, year: int, as_of: dt.date, purpose=None, kinds=None) -> Tally:
    """Uses and people of the facility from 1 January of `year` to `as_of` (within the year),
    in one query (the report computes many of these on one page)."""
    if as_of < dt.date(year, 1, 1):
        return Tally()
    bookings = counted_in(dt.date(year, 1, 1), min(as_of, dt.date(year, 12, 31))).filter(
        room__facility__short_name=short_name
    )
    if purpose is not None:
        bookings = bookings.filter(purpose=purpose)
    if kinds is not None:
        bookings = bookings.filter(room__kind__in=kinds)
    return tally(bookings)


def tenants_on(short_name: str, *, on: dt.date) -> int:
    """Enterprises whose tenancy contract in the facility was in force on `on`."""
    return (
        tenancies_active_on(on)
        .filter(facility__short_name=short_name)
        .values("enterprise")
        .distinct()
        .count()
    )


# key prefix, facility, (suffix, name, purpose, room kinds) of each pair of uses/visitors
_USAGE_KPIS = {
    ("space-gaebong", GAEBONG): [
        ("", "공간 활용", None, None),
        (
            "-room",
            "멀티미디어룸·교육장 이용",
            BookingPurpose.FACILITY_USE,
            (RoomKind.MULTIMEDIA, RoomKind.LECTURE),
        ),
        ("-network", "입주기업 네트워크 활동", BookingPurpose.NETWORK, None),
        ("-program", "센터 연계 사업 활용", BookingPurpose.CENTER_PROGRAM, None),
    ],
    ("space-garak", GARAK): [
        ("", "공간 활용", None, None),
        ("-hall", "대강의실 이용", BookingPurpose.FACILITY_USE, (RoomKind.LECTURE,)),
        ("-network", "입주기업 네트워크 활동", BookingPurpose.NETWORK, None),
        ("-program", "센터 연계 사업 활용", BookingPurpose.CENTER_PROGRAM, None),
    ],
}


def _register_usage(key: str, name: str, short_name: str, purpose, kinds) -> None:
    def uses(*, year: int, as_of: dt.date) -> int:
        return year_usage(short_name, year=year, as_of=as_of, purpose=purpose, kinds=kinds).uses

    def visitors(*, year: int, as_of: dt.date) -> int:
        return year_usage(short_name, year=year, as_of=as_of, purpose=purpose, kinds=kinds).people

    # Distinct qualnames: the registry refuses two functions under one key, not one re-imported.
    uses.__qualname__ = f"uses[{key}]"
    visitors.__qualname__ = f"visitors[{key}]"
    kpi_provider(f"{key}-uses", name=f"{short_name} {name}", unit="회")(uses)
    kpi_provider(f"{key}-visitors", name=f"{short_name} {name} 인원", unit="명")(visitors)


for (prefix, short_name), pairs in _USAGE_KPIS.items():
    for suffix, name, purpose, kinds in pairs:
        _register_usage(f"{prefix}{suffix}", name, short_name, purpose, kinds)


@kpi_provider("space-gaebong-tenants", name="개봉 입주기업", unit="개")
def gaebong_tenants(*, year: int, as_of: dt.date) -> int:
    return tenants_on(GAEBONG, on=as_of)


@kpi_provider("space-garak-tenants", name="가락 입주기업", unit="개")
def garak_tenants(*, year: int, as_of: dt.date) -> int:
    return tenants_on(GARAK, on=as_of)
