"""Rooms and closed days: staff create and edit them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ieum.core.logs import service

from ..access import is_manager
from ..models import ClosedDay, Room

ROOM_FIELDS = (
    "facility",
    "name",
    "kind",
    "capacity",
    "equipment",
    "photo",
    "opens_at",
    "closes_at",
    "open_weekdays",
    "audience",
    "is_bookable",
    "needs_approval",
    "max_days_ahead",
    "max_hours",
    "hourly_fee_won",
    "sort_order",
)


def _require_manager(actor) -> None:
    if not is_manager(actor):
        raise PermissionDenied(_("센터 직원만 할 수 있는 작업입니다."))


def _check(room: Room) -> None:
    errors = {}
    weekdays = room.open_weekdays or ""
    if (
        not weekdays
        or any(ch not in "0123456" for ch in weekdays)
        or len(set(weekdays)) != len(weekdays)
    ):
        errors["open_weekdays"] = _("운영 요일은 0(월)~6(일) 숫자를 겹치지 않게 적어 주세요.")
    if room.opens_at and room.closes_at and room.closes_at <= room.opens_at:
        errors["closes_at"] = _("운영 종료 시각은 시작 시각보다 뒤여야 합니다.")
    if room.capacity is not None and room.capacity < 1:
        errors["capacity"] = _("수용 인원은 1명 이상이어야 합니다.")
    if room.max_hours is not None and room.max_hours < 1:
        errors["max_hours"] = _("1회 최대 이용 시간은 1시간 이상이어야 합니다.")
    if room.hourly_fee_won is not None and room.hourly_fee_won < 0:
        errors["hourly_fee_won"] = _("대관료는 0원 이상이어야 합니다.")
    if room.photo and getattr(room.photo, "_committed", True) is False:
        # A new upload: check that Pillow can read it (the form does too; the API may not).
        try:
            from PIL import Image

            room.photo.file.seek(0)
            Image.open(room.photo.file).verify()
            room.photo.file.seek(0)
        except Exception:  # noqa: BLE001 - any failure to read means "not an image"
            errors["photo"] = _("사진은 JPG, PNG 같은 이미지 파일이어야 합니다.")
    if errors:
        raise ValidationError(errors)
    room.open_weekdays = "".join(sorted(weekdays))


@service
@transaction.atomic
def room_create(*, actor, **fields) -> Room:
    _require_manager(actor)
    unknown = set(fields) - set(ROOM_FIELDS)
    if unknown:
        raise TypeError(f"unknown room fields: {sorted(unknown)}")
    room = Room(**fields)
    _check(room)
    room.full_clean()
    room.save()
    return room


@service
@transaction.atomic
def room_update(*, room: Room, actor, **fields) -> Room:
    """Change a room's fields. The room is reread under a row lock inside this transaction, so
    two edits at once apply one after the other; the instance passed in is left as it was."""
    _require_manager(actor)
    unknown = set(fields) - set(ROOM_FIELDS)
    if unknown:
        raise TypeError(f"unknown room fields: {sorted(unknown)}")
    room = Room.objects.select_for_update().get(pk=room.pk)
    for name, value in fields.items():
        setattr(room, name, value)
    _check(room)
    room.full_clean()
    room.save()
    return room


@service
@transaction.atomic
def closed_day_add(*, actor, facility, day, reason: str, room: Room | None = None) -> ClosedDay:
    """Close a facility (or one room of it) for a day. Bookings already made stay; the console
    lists them so staff can tell the bookers."""
    _require_manager(actor)
    if room is not None and room.facility_id != facility.pk:
        raise ValidationError({"room": _("선택한 시설의 공간이 아닙니다.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("휴관 사유를 적어 주세요.")})
    if ClosedDay.objects.filter(facility=facility, room=room, day=day).exists():
        raise ValidationError({"day": _("이미 휴관일로 등록된 날짜입니다.")})
    closed = ClosedDay(facility=facility, room=room, day=day, reason=reason.strip())
    closed.full_clean()
    closed.save()
    return closed


@service
@transaction.atomic
def closed_day_delete(*, actor, closed_day: ClosedDay) -> None:
    _require_manager(actor)
    closed_day.delete()
