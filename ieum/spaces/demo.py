"""Demo data of the spaces: the rooms of the four facilities, their tenants, the shared kitchen's
agreements and the 2022 bookings, generated so that the figures computed as of 2022-10-31 are
the seed's:

- 개봉: 14 tenants; 323 uses / 849 people = 멀티미디어룸·교육장 264 / 691 (시설 이용) + 입주기업
  네트워크 활동 8 / 76 + 센터 연계 사업 51 / 82;
- 가락: 9 tenants, 6 kitchen agreements; 158 / 653 = 대강의실 114 / 531 + 네트워크 8 / 50 + 센터
  연계 36 / 72;
- 상암 2 tenants, 녹번 3.

Bookings are laid out in two-hour slots on weekdays within opening hours, skipping 2022's public
holidays (closed days of every facility), never two in one slot of a room, and written with bulk
inserts (the booking service's rules would refuse dates in the past). People per booking are the
group's total split at random; about one booking in seven has no recorded attendance and counts
its expected attendees (selectors/usage.py). Beside them: cancelled and no-show bookings (not
counted), two outside bookings at 상암 with their invoices, and bookings in the weeks after today
for the calendars, one of them waiting for approval. The `enterprise` demo login's enterprise is a
개봉 tenant.

Tenancies and kitchen agreements go through the tenants' and kitchen's services (which record
the tenancies on each enterprise's support history). Loading again changes nothing: rooms are
matched by name, and tenancies, agreements and bookings are written once, when the demo
facilities have none.
"""

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from ieum.accounts.models import User
from ieum.core.permissions import system_actor
from ieum.enterprises.models import Enterprise
from ieum.organization.models import Facility

from .choices import (
    Audience,
    BookingPurpose,
    BookingStatus,
    InvoiceKind,
    InvoiceStatus,
    RoomKind,
)
from .models import Booking, ClosedDay, Invoice, KitchenAgreement, Room, Tenancy
from .services.kitchen import agreement_create
from .services.tenants import tenancy_create, tenancy_renew

KST = ZoneInfo("Asia/Seoul")
YEAR = 2022
FIRST_DAY, AS_OF = dt.date(2022, 1, 3), dt.date(2022, 10, 31)
SLOTS = ((9, 11), (11, 13), (14, 16), (16, 18))


@dataclass(frozen=True)
class RoomSpec:
    name: str
    kind: str
    capacity: int
    audience: str = Audience.TENANTS
    equipment: str = ""
    needs_approval: bool = False
    hourly_fee_won: int = 0
    is_bookable: bool = True
    max_hours: int = 4


def _units(count: int, capacity: int = 4) -> list[RoomSpec]:
    return [
        RoomSpec(f"입주공간 {n}", RoomKind.TENANT_UNIT, capacity, Audience.STAFF, is_bookable=False)
        for n in range(1, count + 1)
    ]


def _rooms(rows: list[dict]) -> list[RoomSpec]:
    specs = []
    for row in rows:
        if "units" in row:
            specs += _units(row["units"])
            continue
        fields = {**row, "kind": RoomKind[row["kind"]]}
        if "audience" in row:
            fields["audience"] = Audience[row["audience"]]
        specs.append(RoomSpec(**fields))
    return specs


# data/demo.json holds the rooms (as the seed's facility descriptions in
# ieum/organization/demo.py list them; {"units": n} is n tenant units), the tenants per facility,
# a unit's fees in won, the seed's counted uses and people to 2022-10-31 per facility, purpose and
# room, the bookings' titles and 2022's public holidays; the code below turns them into records.
DATA = json.loads((Path(__file__).parent / "data" / "demo.json").read_text(encoding="utf-8"))
HOLIDAYS_2022 = {dt.date.fromisoformat(day): name for day, name in DATA["holidays"].items()}
ROOMS = {short: _rooms(rows) for short, rows in DATA["rooms"].items()}
TENANTS = DATA["tenants"]
FEES = {
    short: (fee["monthly"], fee["maintenance"], fee["deposit"])
    for short, fee in DATA["fees"].items()
}
KITCHEN_AGREEMENTS = DATA["kitchen_agreements"]
COUNTED = {
    short: [
        (BookingPurpose[row["purpose"]], row["room"], row["uses"], row["people"]) for row in rows
    ]
    for short, rows in DATA["counted"].items()
}
TITLES = {BookingPurpose[purpose]: tuple(titles) for purpose, titles in DATA["titles"].items()}


def load(stdout) -> None:
    facilities = {f.short_name: f for f in Facility.objects.filter(short_name__in=ROOMS)}
    if missing := set(ROOMS) - set(facilities):
        stdout.write(
            f"경고: 조직 데모에 시설({', '.join(sorted(missing))})이 없어 공간 데모를 "
            "불러오지 않았습니다.\n"
        )
        return
    rooms = {
        (short, spec.name): _room_save(facilities[short], spec, order)
        for short, specs in ROOMS.items()
        for order, spec in enumerate(specs, start=1)
    }
    closed = _closed_days(facilities)

    demo_facilities = list(facilities.values())
    written = {"tenancies": 0, "agreements": 0, "bookings": 0, "invoices": 0}
    rng = random.Random(YEAR)  # noqa: S311 - demo data, reproducible on purpose
    if not Tenancy.objects.filter(facility__in=demo_facilities).exists():
        tenants, kitchen_partners = _pick_enterprises()
        if tenants is None:
            stdout.write("경고: 예시 기업이 모자라 입주기업과 예약을 불러오지 않았습니다.\n")
            return
        written["tenancies"] = _tenancies(rng, facilities, rooms, tenants)
        written["agreements"] = _kitchen_agreements(
            rng, rooms[("가락", "공유주방")], kitchen_partners
        )
    if not Booking.objects.filter(room__facility__in=demo_facilities).exists():
        written["bookings"], written["invoices"] = _bookings(rng, facilities, rooms, closed)

    stdout.write(
        f"공간: 시설 {len(facilities)}곳의 공간 {len(rooms)}개, "
        f"입주 계약 {written['tenancies']}건, "
        f"공유주방 협약 {written['agreements']}건, 예약 {written['bookings']}건, "
        f"대관료 청구 {written['invoices']}건을 불러왔습니다.\n"
    )


def _room_save(facility: Facility, spec: RoomSpec, order: int) -> Room:
    room = Room.objects.filter(facility=facility, name=spec.name).first() or Room(
        facility=facility, name=spec.name
    )
    room.kind = spec.kind
    room.capacity = spec.capacity
    room.audience = spec.audience
    room.equipment = spec.equipment
    room.needs_approval = spec.needs_approval
    room.hourly_fee_won = spec.hourly_fee_won
    room.is_bookable = spec.is_bookable
    room.max_hours = spec.max_hours
    room.sort_order = order
    room.full_clean()
    room.save()
    return room


def _closed_days(facilities: dict[str, Facility]) -> set[dt.date]:
    for facility in facilities.values():
        known = set(
            ClosedDay.objects.filter(facility=facility, room=None, day__year=YEAR).values_list(
                "day", flat=True
            )
        )
        ClosedDay.objects.bulk_create(
            ClosedDay(facility=facility, day=day, reason=reason)
            for day, reason in HOLIDAYS_2022.items()
            if day not in known
        )
    return set(HOLIDAYS_2022)


def _pick_enterprises():
    """The tenants of each facility (the `enterprise` login's enterprise first, at 개봉) and the
    kitchen's partners: three of 가락's tenants and three enterprises from elsewhere."""
    wanted = sum(TENANTS.values()) + KITCHEN_AGREEMENTS - 3
    login = User.objects.filter(username="enterprise").select_related("enterprise").first()
    first = [login.enterprise] if login and login.enterprise else []
    others = Enterprise.objects.filter(is_sample=True).exclude(id__in=[e.id for e in first])
    pool = first + list(others.order_by("brn")[: wanted - len(first)])
    if len(pool) < wanted:
        return None, None
    tenants, start = {}, 0
    for short, count in TENANTS.items():
        tenants[short] = pool[start : start + count]
        start += count
    kitchen_partners = tenants["가락"][:3] + pool[start : start + 3]
    return tenants, kitchen_partners


def _tenancies(rng: random.Random, facilities, rooms, tenants) -> int:
    """Two-year contracts that began between 2020 and 2022, renewed until they cover today
    (the tenants service marks the earlier terms ended; each stays in force to its end date).
    Each facility's units go in order."""
    today = timezone.localdate()
    actor = system_actor()
    written = 0
    for short, enterprises in tenants.items():
        facility = facilities[short]
        monthly, maintenance, deposit = FEES[short]
        for number, enterprise in enumerate(enterprises, start=1):
            starts_on = dt.date(rng.choice((2020, 2021, 2022)), rng.randint(1, 12), 1)
            if starts_on > dt.date(2022, 10, 1):
                starts_on = dt.date(2022, rng.randint(1, 9), 1)
            tenancy = tenancy_create(
                enterprise=enterprise,
                facility=facility,
                unit=rooms[(short, f"입주공간 {number}")],
                starts_on=starts_on,
                ends_on=_two_years(starts_on),
                monthly_fee_won=monthly,
                deposit_won=deposit,
                maintenance_fee_won=maintenance,
                actor=actor,
            )
            written += 1
            while tenancy.ends_on < today:
                following = tenancy.ends_on + dt.timedelta(days=1)
                tenancy = tenancy_renew(tenancy=tenancy, ends_on=_two_years(following), actor=actor)
                written += 1
    return written


def _two_years(starts_on: dt.date) -> dt.date:
    return dt.date(starts_on.year + 2, starts_on.month, 1) - dt.timedelta(days=1)


def _kitchen_agreements(rng: random.Random, kitchen: Room, partners) -> int:
    """Agreements since 2022 that run to the end of next year; one hygiene certificate lapses
    in three weeks, so the warning shows."""
    today = timezone.localdate()
    actor = system_actor()
    for number, enterprise in enumerate(partners):
        agreement_create(
            enterprise=enterprise,
            kitchen=kitchen,
            starts_on=dt.date(2022, rng.randint(2, 8), 1),
            ends_on=dt.date(today.year + 1, 12, 31),
            hygiene_expires_on=today + dt.timedelta(days=21 if number == 0 else 120 + 30 * number),
            note="공유주방 활용 협약 (2022)",
            actor=actor,
        )
    return len(partners)


class Calendar:
    """Free two-hour slots of each room on open weekdays; `take` hands out random free ones."""

    def __init__(self, rng: random.Random, first: dt.date, last: dt.date, closed: set[dt.date]):
        self.rng = rng
        self.days = [
            first + dt.timedelta(days=n)
            for n in range((last - first).days + 1)
            if (first + dt.timedelta(days=n)).weekday() < 5
            and first + dt.timedelta(days=n) not in closed
        ]
        self.taken: dict[int, set[tuple[dt.date, int]]] = {}

    def take(self, room: Room, count: int) -> list[tuple[dt.datetime, dt.datetime]]:
        taken = self.taken.setdefault(room.id, set())
        free = [
            (day, slot)
            for day in self.days
            for slot in range(len(SLOTS))
            if (day, slot) not in taken
        ]
        chosen = sorted(self.rng.sample(free, count))
        taken.update(chosen)
        return [
            (
                dt.datetime.combine(day, dt.time(SLOTS[slot][0]), tzinfo=KST),
                dt.datetime.combine(day, dt.time(SLOTS[slot][1]), tzinfo=KST),
            )
            for day, slot in chosen
        ]


def _split(rng: random.Random, people: int, uses: int, capacity: int) -> list[int]:
    """`people` split into `uses` bookings of 1..capacity each."""
    counts = [1] * uses
    for _ in range(people - uses):
        counts[rng.choice([i for i, n in enumerate(counts) if n < capacity])] += 1
    return counts


def _bookings(rng: random.Random, facilities, rooms, closed) -> tuple[int, int]:
    staff = User.objects.filter(username="staff").first()
    member = User.objects.filter(username="enterprise").select_related("enterprise").first()
    tenants = {
        short: [
            t.enterprise
            for t in Tenancy.objects.filter(facility=facility).select_related("enterprise")
        ]
        for short, facility in facilities.items()
    }
    calendar = Calendar(rng, FIRST_DAY, AS_OF, closed)
    bookings: list[Booking] = []

    def book(
        room,
        starts_at,
        ends_at,
        purpose,
        people,
        *,
        status=BookingStatus.CONFIRMED,
        enterprise=None,
        organizer="",
        title=None,
        recorded=True,
        fee_won=0,
        reason="",
    ):
        by_member = (
            member is not None and enterprise is not None and enterprise == member.enterprise
        )
        booking = Booking(
            room=room,
            booked_by=member if by_member else (staff if enterprise is None else None),
            enterprise=enterprise,
            organizer=organizer,
            purpose=purpose,
            title=title or rng.choice(TITLES[purpose]),
            starts_at=starts_at,
            ends_at=ends_at,
            expected_attendees=min(room.capacity, people + (rng.randint(0, 2) if recorded else 0)),
            actual_attendees=people if recorded and status == BookingStatus.CONFIRMED else None,
            status=status,
            decided_by=staff if status != BookingStatus.REQUESTED and room.needs_approval else None,
            fee_won=fee_won,
            reason=reason,
        )
        bookings.append(booking)
        return booking

    # The counted 2022 bookings: people split at random; one in seven without attendance.
    for short, groups in COUNTED.items():
        for purpose, name, uses, people in groups:
            room = rooms[(short, name)]
            slots = calendar.take(room, uses)
            for (starts_at, ends_at), count in zip(
                slots, _split(rng, people, uses, room.capacity), strict=True
            ):
                enterprise = (
                    rng.choice(tenants[short]) if purpose == BookingPurpose.FACILITY_USE else None
                )
                book(
                    room,
                    starts_at,
                    ends_at,
                    purpose,
                    count,
                    enterprise=enterprise,
                    recorded=rng.random() > 1 / 7,
                )

    # Not counted: cancelled and no-show bookings.
    for short, name, status, reason in (
        ("개봉", "멀티미디어룸", BookingStatus.CANCELLED, "일정 변경"),
        ("개봉", "교육장", BookingStatus.CANCELLED, "행사 취소"),
        ("개봉", "회의실", BookingStatus.NO_SHOW, ""),
        ("개봉", "멀티미디어룸", BookingStatus.NO_SHOW, ""),
        ("가락", "대강의실", BookingStatus.CANCELLED, "참석자 부족"),
        ("가락", "회의실", BookingStatus.NO_SHOW, ""),
    ):
        room = rooms[(short, name)]
        ((starts_at, ends_at),) = calendar.take(room, 1)
        book(
            room,
            starts_at,
            ends_at,
            BookingPurpose.FACILITY_USE,
            4,
            status=status,
            enterprise=rng.choice(tenants[short]),
            recorded=False,
            reason=reason,
        )

    # Outside bookings at 상암 with their fee invoices (one paid, one not).
    seminar = rooms[("상암", "교육/세미나실")]
    outside = []
    for organizer, title, people in (
        ("마포구 마을공동체 네트워크", "마을활동가 워크숍", 24),
        ("서울 청년 협동조합 연구모임", "협동조합 설립 스터디", 15),
    ):
        ((starts_at, ends_at),) = calendar.take(seminar, 1)
        hours = (ends_at - starts_at).seconds // 3600
        outside.append(
            book(
                seminar,
                starts_at,
                ends_at,
                BookingPurpose.EXTERNAL,
                people,
                organizer=organizer,
                title=title,
                fee_won=hours * seminar.hourly_fee_won,
            )
        )

    # The weeks after today, for the calendars: the member's bookings, a kitchen booking, a
    # booking waiting for approval.
    today = timezone.localdate()
    upcoming = Calendar(rng, today + dt.timedelta(days=1), today + dt.timedelta(days=21), set())
    member_enterprise = member.enterprise if member else None
    for short, name, purpose, count in (
        ("개봉", "멀티미디어룸", BookingPurpose.FACILITY_USE, 6),
        ("개봉", "교육장", BookingPurpose.CENTER_PROGRAM, 3),
        ("개봉", "회의실", BookingPurpose.FACILITY_USE, 5),
        ("가락", "대강의실", BookingPurpose.FACILITY_USE, 4),
        ("가락", "회의실", BookingPurpose.CENTER_PROGRAM, 3),
    ):
        room = rooms[(short, name)]
        for n, (starts_at, ends_at) in enumerate(upcoming.take(room, count)):
            enterprise = None
            if purpose == BookingPurpose.FACILITY_USE:
                enterprise = (
                    member_enterprise
                    if short == "개봉" and n < 2 and member_enterprise
                    else rng.choice(tenants[short])
                )
            book(
                room,
                starts_at,
                ends_at,
                purpose,
                rng.randint(2, min(8, room.capacity)),
                enterprise=enterprise,
                recorded=False,
            )
    kitchen = rooms[("가락", "공유주방")]
    agreement = KitchenAgreement.objects.filter(kitchen=kitchen).order_by("id").first()
    if agreement is not None:
        ((starts_at, ends_at),) = upcoming.take(kitchen, 1)
        booking = book(
            kitchen,
            starts_at,
            ends_at,
            BookingPurpose.FACILITY_USE,
            3,
            enterprise=agreement.enterprise,
            title="도시락 시제품 생산",
            recorded=False,
        )
        booking.kitchen_agreement = agreement
    studio = rooms[("개봉", "스튜디오")]
    ((starts_at, ends_at),) = upcoming.take(studio, 1)
    book(
        studio,
        starts_at,
        ends_at,
        BookingPurpose.FACILITY_USE,
        3,
        status=BookingStatus.REQUESTED,
        enterprise=member_enterprise or rng.choice(tenants["개봉"]),
        title="제품 홍보 영상 촬영",
        recorded=False,
    )

    for booking in bookings:
        booking.full_clean(validate_constraints=False)
    Booking.objects.bulk_create(bookings)

    invoices = []
    for number, booking in enumerate(outside):
        day = booking.starts_at.astimezone(KST).date()
        invoices.append(
            Invoice(
                facility=seminar.facility,
                kind=InvoiceKind.BOOKING,
                payer=booking.organizer,
                booking=booking,
                month=day.replace(day=1),
                description=f"{seminar.name} 대관료 ({day:%m.%d.} {booking.title})",
                amount_won=booking.fee_won,
                issued_on=day,
                due_on=day + dt.timedelta(days=14),
                paid_on=day + dt.timedelta(days=7) if number == 0 else None,
                status=InvoiceStatus.PAID if number == 0 else InvoiceStatus.UNPAID,
            )
        )
    for invoice in invoices:
        invoice.full_clean(validate_constraints=False)
    Invoice.objects.bulk_create(invoices)
    return len(bookings), len(invoices)
