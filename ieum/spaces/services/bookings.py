"""Bookings: create (one or a weekly series), approve, reject, cancel, attendance, no-show.

Never two overlapping confirmed bookings of one room. The service checks inside its
transaction (on SQLite every write transaction is IMMEDIATE, so writers are serialised); on
PostgreSQL the exclusion constraint `spaces_booking_no_overlap` is the last word, and its
IntegrityError is turned into the same Korean refusal. A refusal names the colliding booking by
its time only, never the other party's name or title.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ieum.core.choices import ChangeAction
from ieum.core.dates import format_short
from ieum.core.history import record, snapshot
from ieum.core.idempotency import once
from ieum.core.logs import service
from ieum.core.notifications import notify

from ..access import audience_refusal, is_manager, kitchen_refusal, may_cancel, user_enterprise
from ..choices import BookingPurpose, BookingStatus
from ..models import Booking, BookingSeries, ClosedDay, Room
from ..notifications import BOOKING_DECIDED

HOLDING = (BookingStatus.CONFIRMED,)
BOOKING_SCOPE = "spaces.booking"  # core.idempotency
# What a booking's history records (core.history); a rejection's or cancellation's reason is
# its note.
BOOKING_FIELDS = [
    "room",
    "starts_at",
    "ends_at",
    "purpose",
    "title",
    "expected_attendees",
    "enterprise",
    "organizer",
    "status",
]


@dataclass(frozen=True)
class Conflict:
    """One date of a series that cannot be booked, and why."""

    day: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    message: str

    def __str__(self) -> str:
        return f"{format_short(self.day)} {self.message}"


def format_slot(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """'22.10.05. 14:00~16:00 — a booking's time, in the center's date form."""
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    return f"{format_short(start.date())} {start:%H:%M}~{end:%H:%M}"


def overlap_message(other: Booking | None) -> str:
    if other is None:
        return _("같은 시간에 확정된 다른 예약과 겹칩니다.")
    return _("%(slot)s 예약과 겹칩니다.") % {"slot": format_slot(other.starts_at, other.ends_at)}


def colliding_booking(
    *, room: Room, starts_at: dt.datetime, ends_at: dt.datetime, exclude_pk=None
) -> Booking | None:
    """The first confirmed booking of `room` overlapping [starts_at, ends_at)."""
    bookings = Booking.objects.filter(
        room=room, status__in=HOLDING, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude_pk is not None:
        bookings = bookings.exclude(pk=exclude_pk)
    return bookings.order_by("starts_at").only("starts_at", "ends_at").first()


def booking_fee(*, room: Room, purpose: str, starts_at: dt.datetime, ends_at: dt.datetime) -> int:
    """An outside booking pays the room's hourly fee, pro rata by the minute, rounded up to the
    won; every other purpose is free."""
    if purpose != BookingPurpose.EXTERNAL or not room.hourly_fee_won:
        return 0
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    return math.ceil(room.hourly_fee_won * minutes / 60)


def _rule_errors(
    *,
    user,
    room: Room,
    starts_at,
    ends_at,
    purpose: str,
    expected_attendees,
    enterprise,
    organizer: str,
    kitchen_agreement,
) -> tuple[dict[str, list[str]], object]:
    """Every rule but overlap: {field: [Korean messages]} and the kitchen agreement to use."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    manager = is_manager(user)
    if starts_at is None or ends_at is None:
        refuse("starts_at", _("시작과 종료 시각을 입력해 주세요."))
        return errors, None
    if ends_at <= starts_at:
        refuse("ends_at", _("종료 시각은 시작 시각보다 뒤여야 합니다."))
        return errors, None
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    day = start.date()
    now = timezone.now()
    today = timezone.localdate()

    if not room.is_bookable:
        refuse("room", _("지금은 예약을 받지 않는 공간입니다."))
    if starts_at < now:
        refuse("starts_at", _("지난 시간은 예약할 수 없습니다."))
    elif (day - today).days > room.max_days_ahead:
        refuse(
            "starts_at",
            _("이 공간은 %(days)d일 뒤까지만 예약할 수 있습니다 (%(last)s까지).")
            % {
                "days": room.max_days_ahead,
                "last": format_short(today + dt.timedelta(days=room.max_days_ahead)),
            },
        )
    if ends_at - starts_at > dt.timedelta(hours=room.max_hours):
        refuse(
            "ends_at",
            _("이 공간은 한 번에 %(hours)d시간까지 예약할 수 있습니다.")
            % {"hours": room.max_hours},
        )
    hours = f"{room.opens_at:%H:%M}~{room.closes_at:%H:%M}"
    if end.date() != day or start.time() < room.opens_at or end.time() > room.closes_at:
        refuse(
            "starts_at", _("운영 시간(%(hours)s) 안에서만 예약할 수 있습니다.") % {"hours": hours}
        )
    if day.weekday() not in room.weekdays:
        refuse(
            "starts_at",
            _("%(weekday)s요일은 운영하지 않습니다.")
            % {"weekday": "월화수목금토일"[day.weekday()]},
        )
    closed = (
        ClosedDay.objects.filter(facility_id=room.facility_id, day=day)
        .filter(Q(room__isnull=True) | Q(room_id=room.pk))
        .first()
    )
    if closed is not None:
        refuse(
            "starts_at",
            _("%(day)s은(는) 휴관일입니다 (%(reason)s).")
            % {"day": format_short(day), "reason": closed.reason},
        )
    if expected_attendees is None or expected_attendees < 1:
        refuse("expected_attendees", _("예상 인원은 1명 이상이어야 합니다."))
    elif expected_attendees > room.capacity:
        refuse(
            "expected_attendees",
            _("수용 인원(%(capacity)d명)을 넘습니다.") % {"capacity": room.capacity},
        )
    refusal = audience_refusal(user=user, room=room, enterprise=enterprise, on=day)
    if refusal:
        refuse("room", refusal)
    agreement = None
    if not (manager and enterprise is None):
        message, agreement = kitchen_refusal(
            room=room, enterprise=enterprise, on=day, agreement=kitchen_agreement
        )
        if message:
            refuse("kitchen_agreement", message)
    if purpose not in BookingPurpose.values:
        refuse("purpose", _("이용 목적을 골라 주세요."))
    elif purpose == BookingPurpose.EXTERNAL and enterprise is None and not organizer.strip():
        refuse("organizer", _("외부 대관은 이용 단체명을 적어 주세요."))
    return errors, agreement


def _lock_room(room: Room) -> None:
    """Serialise the writers of one room's bookings. Without it, two PostgreSQL transactions
    inserting overlapping bookings each wait in the exclusion constraint for the other, and one
    dies of a deadlock instead of getting the Korean refusal. On SQLite the IMMEDIATE write
    transaction already holds the database's one write lock, and this is a no-op."""
    list(Room.objects.select_for_update(no_key=True).filter(pk=room.pk).values_list("pk"))


def _save_holding(booking: Booking) -> None:
    """Save a booking that may hold the room; the PostgreSQL exclusion constraint's refusal
    becomes the Korean overlap message."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as error:
        if "no_overlap" not in str(error):
            raise
        other = colliding_booking(
            room=booking.room,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            exclude_pk=booking.pk,
        )
        raise ValidationError({"starts_at": overlap_message(other)}) from error


def _build(
    *,
    user,
    room: Room,
    starts_at,
    ends_at,
    purpose: str,
    title: str,
    expected_attendees,
    enterprise,
    organizer: str,
    kitchen_agreement,
    series: BookingSeries | None = None,
) -> Booking:
    """A checked, unsaved booking; raises ValidationError with every refusal (overlap last)."""
    if not is_manager(user):
        enterprise = user_enterprise(user)
    errors, agreement = _rule_errors(
        user=user,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        expected_attendees=expected_attendees,
        enterprise=enterprise,
        organizer=organizer or "",
        kitchen_agreement=kitchen_agreement,
    )
    if not (title or "").strip():
        errors.setdefault("title", []).append(_("행사·회의명을 적어 주세요."))
    if errors:
        raise ValidationError(errors)
    other = colliding_booking(room=room, starts_at=starts_at, ends_at=ends_at)
    if other is not None:
        raise ValidationError({"starts_at": overlap_message(other)})
    confirmed = is_manager(user) or not room.needs_approval
    booking = Booking(
        room=room,
        series=series,
        booked_by=user,
        enterprise=enterprise,
        organizer=(organizer or "").strip(),
        purpose=purpose,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        expected_attendees=expected_attendees,
        status=BookingStatus.CONFIRMED if confirmed else BookingStatus.REQUESTED,
        fee_won=booking_fee(room=room, purpose=purpose, starts_at=starts_at, ends_at=ends_at),
        kitchen_agreement=agreement,
    )
    if confirmed:
        booking.decided_at = timezone.now()
    booking.full_clean(validate_constraints=False)
    return booking


@service
@transaction.atomic
def booking_create(
    *,
    user,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    title: str,
    expected_attendees: int,
    enterprise=None,
    organizer: str = "",
    kitchen_agreement=None,
    idempotency_key: str = "",
) -> Booking:
    """Book `room` for [starts_at, ends_at). Confirmed at once unless the room needs approval
    (staff bookings are always confirmed). A member books for their own enterprise; staff may
    name one, or an outside organizer. Every refusal is a Korean ValidationError on its field
    and nothing is written. The same `idempotency_key` with the same request again returns
    that booking (core.idempotency)."""
    fields = {
        "room": room,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "purpose": purpose,
        "title": title,
        "expected_attendees": expected_attendees,
        "enterprise": enterprise,
        "organizer": organizer,
        "kitchen_agreement": kitchen_agreement,
    }
    return once(
        user=user,
        scope=BOOKING_SCOPE,
        key=idempotency_key,
        # What was asked, with each record named by its id.
        request={name: getattr(value, "pk", value) for name, value in fields.items()},
        create=lambda: _booking_create(user=user, **fields),
        ids=lambda booking: [booking.pk],
        replay=lambda ids: Booking.objects.filter(pk__in=ids).select_related("room").first(),
    )


def _booking_create(
    *,
    user,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    title: str,
    expected_attendees: int,
    enterprise,
    organizer: str,
    kitchen_agreement,
) -> Booking:
    _lock_room(room)
    booking = _build(
        user=user,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        title=title,
        expected_attendees=expected_attendees,
        enterprise=enterprise,
        organizer=organizer,
        kitchen_agreement=kitchen_agreement,
    )
    _save_holding(booking)
    record(actor=user, obj=booking, action=ChangeAction.CREATED, fields=BOOKING_FIELDS)
    return booking


def series_dates(first: dt.date, *, interval_weeks: int, until: dt.date) -> list[dt.date]:
    days = []
    day = first
    while day <= until:
        days.append(day)
        day += dt.timedelta(weeks=interval_weeks)
    return days


@service
@transaction.atomic
def booking_series_create(
    *,
    user,
    room: Room,
    first_starts_at: dt.datetime,
    first_ends_at: dt.datetime,
    interval_weeks: int,
    until: dt.date,
    skip_conflicts: bool = False,
    purpose: str,
    title: str,
    expected_attendees: int,
    enterprise=None,
    organizer: str = "",
    kitchen_agreement=None,
) -> tuple[BookingSeries, list[Booking], list[Conflict]]:
    """Book the same time every `interval_weeks` weeks from the first booking until `until`.
    Each date that cannot be booked is reported with its reason (for an overlap, the time it
    collides with). All or nothing, unless `skip_conflicts`: then the free dates are booked and
    the others returned as conflicts."""
    if not 1 <= (interval_weeks or 0) <= 52:
        raise ValidationError({"interval_weeks": _("반복 간격은 1~52주여야 합니다.")})
    first_day = timezone.localtime(first_starts_at).date()
    if until is None or until < first_day:
        raise ValidationError({"until": _("반복 종료일은 첫 예약일 이후여야 합니다.")})
    days = series_dates(first_day, interval_weeks=interval_weeks, until=until)
    if len(days) > 104:
        raise ValidationError({"until": _("반복 예약은 한 번에 104회까지 만들 수 있습니다.")})
    _lock_room(room)
    series = BookingSeries(room=room, interval_weeks=interval_weeks, until=until, created_by=user)
    series.full_clean()
    series.save()
    bookings: list[Booking] = []
    conflicts: list[Conflict] = []
    for index in range(len(days)):
        shift = dt.timedelta(weeks=interval_weeks * index)
        starts_at = timezone.localtime(first_starts_at) + shift
        ends_at = timezone.localtime(first_ends_at) + shift
        # Keep the wall-clock time across a DST change (Seoul has none today, but be exact).
        starts_at = timezone.make_aware(starts_at.replace(tzinfo=None))
        ends_at = timezone.make_aware(ends_at.replace(tzinfo=None))
        try:
            booking = _build(
                user=user,
                room=room,
                starts_at=starts_at,
                ends_at=ends_at,
                purpose=purpose,
                title=title,
                expected_attendees=expected_attendees,
                enterprise=enterprise,
                organizer=organizer,
                kitchen_agreement=kitchen_agreement,
                series=series,
            )
            _save_holding(booking)
            record(actor=user, obj=booking, action=ChangeAction.CREATED, fields=BOOKING_FIELDS)
        except ValidationError as error:
            conflicts.append(
                Conflict(
                    day=days[index],
                    starts_at=starts_at,
                    ends_at=ends_at,
                    message=" ".join(error.messages),
                )
            )
        else:
            bookings.append(booking)
    if conflicts and not skip_conflicts:
        raise ValidationError(
            {"starts_at": [_("다음 날짜는 예약할 수 없습니다:")] + [str(c) for c in conflicts]}
        )
    if not bookings:
        raise ValidationError({"starts_at": [str(c) for c in conflicts]})
    return series, bookings, conflicts


def _locked(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("room").get(pk=booking.pk)


def _require_manager(actor) -> None:
    if not is_manager(actor):
        raise PermissionDenied(_("센터 직원만 할 수 있는 작업입니다."))


def _notify_booker(booking: Booking, *, actor, subject: str, template: str) -> None:
    """Tell the person who booked what the center decided about their booking."""
    notify(
        kind=BOOKING_DECIDED,
        recipients=[booking.booked_by] if booking.booked_by_id else [],
        subject=subject,
        template=template,
        context={
            "title": booking.title,
            "room": str(booking.room),
            "slot": format_slot(booking.starts_at, booking.ends_at),
            "reason": booking.reason,
        },
        url=reverse("spaces:booking-detail", args=[booking.pk]),
        actor=actor,
    )


@service
@transaction.atomic
def booking_approve(*, booking: Booking, actor) -> Booking:
    """Confirm a requested booking, re-checking that no confirmed booking now overlaps it."""
    _require_manager(actor)
    _lock_room(booking.room)
    locked = _locked(booking)
    if locked.status != BookingStatus.REQUESTED:
        raise ValidationError(_("승인 대기 중인 예약만 승인할 수 있습니다."))
    if locked.ends_at <= timezone.now():
        raise ValidationError(_("이미 지난 예약은 승인할 수 없습니다."))
    other = colliding_booking(
        room=locked.room, starts_at=locked.starts_at, ends_at=locked.ends_at, exclude_pk=locked.pk
    )
    if other is not None:
        raise ValidationError({"starts_at": overlap_message(other)})
    before = snapshot(locked, ["status"])
    locked.status = BookingStatus.CONFIRMED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    _save_holding(locked)
    record(actor=actor, obj=locked, action=ChangeAction.APPROVED, before=before)
    _notify_booker(
        locked,
        actor=actor,
        subject=gettext_noop("공간 예약이 승인되었습니다: %(room)s %(slot)s"),
        template="spaces/email/booking_approved.txt",
    )
    booking.refresh_from_db()
    return locked


@service
@transaction.atomic
def booking_reject(*, booking: Booking, actor, reason: str) -> Booking:
    _require_manager(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("반려 사유를 적어 주세요.")})
    locked = _locked(booking)
    if locked.status != BookingStatus.REQUESTED:
        raise ValidationError(_("승인 대기 중인 예약만 반려할 수 있습니다."))
    before = snapshot(locked, ["status"])
    locked.status = BookingStatus.REJECTED
    locked.reason = reason.strip()
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save()
    record(actor=actor, obj=locked, action=ChangeAction.REJECTED, before=before, note=locked.reason)
    _notify_booker(
        locked,
        actor=actor,
        subject=gettext_noop("공간 예약이 반려되었습니다: %(room)s %(slot)s"),
        template="spaces/email/booking_rejected.txt",
    )
    booking.refresh_from_db()
    return locked


@service
@transaction.atomic
def booking_cancel(*, booking: Booking, user, reason: str = "") -> Booking:
    """The booker (or a member of its enterprise) or staff cancels a booking that has not
    ended; the room is free again at once."""
    if not may_cancel(user, booking):
        raise PermissionDenied(_("이 예약을 취소할 권한이 없습니다."))
    locked = _locked(booking)
    if locked.status not in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED):
        raise ValidationError(_("승인 대기 또는 확정된 예약만 취소할 수 있습니다."))
    if locked.ends_at <= timezone.now() and not is_manager(user):
        raise ValidationError(_("이미 지난 예약은 취소할 수 없습니다."))
    before = snapshot(locked, ["status"])
    locked.status = BookingStatus.CANCELLED
    locked.reason = (reason or "").strip()
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save()
    record(actor=user, obj=locked, action=ChangeAction.CANCELLED, before=before, note=locked.reason)
    if is_manager(user):
        # The center cancelled: the booker hears of it (a member cancelling knows already).
        _notify_booker(
            locked,
            actor=user,
            subject=gettext_noop("센터가 공간 예약을 취소했습니다: %(room)s %(slot)s"),
            template="spaces/email/booking_cancelled.txt",
        )
    booking.refresh_from_db()
    return locked


@service
@transaction.atomic
def booking_record_attendance(*, booking: Booking, actor, actual_attendees: int) -> Booking:
    """Staff record how many came to a confirmed booking that has started."""
    _require_manager(actor)
    locked = _locked(booking)
    if locked.status != BookingStatus.CONFIRMED:
        raise ValidationError(_("확정된 예약에만 실제 인원을 기록할 수 있습니다."))
    if locked.starts_at > timezone.now():
        raise ValidationError(_("아직 시작하지 않은 예약입니다."))
    if actual_attendees is None or actual_attendees < 0:
        raise ValidationError({"actual_attendees": _("실제 인원은 0명 이상이어야 합니다.")})
    locked.actual_attendees = actual_attendees
    locked.save(update_fields=["actual_attendees", "updated_at"])
    booking.refresh_from_db()
    return locked


@service
@transaction.atomic
def booking_mark_no_show(*, booking: Booking, actor) -> Booking:
    """Staff mark a confirmed booking that has started as a no-show (the room is then free)."""
    _require_manager(actor)
    locked = _locked(booking)
    if locked.status != BookingStatus.CONFIRMED:
        raise ValidationError(_("확정된 예약만 노쇼로 처리할 수 있습니다."))
    if locked.starts_at > timezone.now():
        raise ValidationError(_("아직 시작하지 않은 예약입니다."))
    locked.status = BookingStatus.NO_SHOW
    locked.actual_attendees = 0
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save()
    booking.refresh_from_db()
    return locked
