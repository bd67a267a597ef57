"""Who may book which room, and who sees what of a booking. Views, the API and the services all
ask here, so a member never sees another enterprise's booking details and a tenants-only room is
never booked by an outsider."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ieum.core.choices import Role
from ieum.core.permissions import has_permission

from .choices import Audience, RoomKind
from .models import Booking, Room


def is_manager(user) -> bool:
    """Staff and administrators run the facilities and may book any room."""
    return has_permission(user, "spaces.manage")


def user_enterprise(user):
    """The enterprise `user` books for: a member's own enterprise, else None."""
    if getattr(user, "role", None) == Role.ENTERPRISE:
        return user.enterprise
    return None


def audience_refusal(*, user, room: Room, enterprise, on: dt.date) -> str | None:
    """Why `user` (booking for `enterprise`) may not book `room` on `on`, or None if they may.
    Staff may book anything; tenants-only rooms need an active tenancy of the enterprise in the
    room's facility."""
    from .selectors.tenants import active_tenancy

    if not has_permission(user, "spaces.book"):
        return _("공간을 예약할 권한이 없습니다.")
    if is_manager(user):
        return None
    if room.audience == Audience.STAFF:
        return _("센터 직원만 예약할 수 있는 공간입니다.")
    if room.audience == Audience.TENANTS and (
        active_tenancy(enterprise=enterprise, facility=room.facility, on=on) is None
    ):
        return _("%(facility)s 입주기업만 예약할 수 있는 공간입니다.") % {
            "facility": room.facility.short_name or room.facility.name
        }
    if enterprise is None and room.audience != Audience.ANYONE:
        return _("사회적경제기업 회원만 예약할 수 있는 공간입니다.")
    return None


def kitchen_refusal(*, room: Room, enterprise, on: dt.date, agreement=None):
    """(message, agreement): a kitchen booking needs the enterprise's agreement in force on the
    day with an unexpired hygiene certificate."""
    from .selectors.kitchen import valid_agreement

    if room.kind != RoomKind.KITCHEN:
        return None, None
    valid = valid_agreement(enterprise=enterprise, kitchen=room, on=on)
    if valid is None:
        return (
            _(
                "공유주방은 유효한 이용 협약(위생 증명 유효기간 포함)이 있는 기업만 "
                "예약할 수 있습니다."
            ),
            None,
        )
    if agreement is not None and agreement.pk != valid.pk:
        agreement_ok = (
            agreement.enterprise_id == enterprise.pk
            and agreement.kitchen_id == room.pk
            and agreement.starts_on <= on <= agreement.ends_on
            and agreement.hygiene_expires_on >= on
        )
        if not agreement_ok:
            return _("선택한 공유주방 협약이 이 날짜에 유효하지 않습니다."), None
        return None, agreement
    return None, valid


def bookable_rooms(user, *, on: dt.date | None = None) -> QuerySet[Room]:
    """Rooms `user` may try to book (the audience filter without the per-day tenancy check,
    which `availability` and the service do)."""
    rooms = Room.objects.filter(is_bookable=True)
    if is_manager(user):
        return rooms
    if not has_permission(user, "spaces.book"):
        return rooms.none()
    rooms = rooms.exclude(audience=Audience.STAFF)
    if user_enterprise(user) is None:
        rooms = rooms.filter(audience=Audience.ANYONE)
    return rooms


def sees_details(user, booking: Booking) -> bool:
    """Staff see every booking's details; others only their own and their enterprise's."""
    if is_manager(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if booking.booked_by_id == user.pk:
        return True
    enterprise_id = getattr(user, "enterprise_id", None)
    return enterprise_id is not None and booking.enterprise_id == enterprise_id


def mark_details(user, bookings) -> list[Booking]:
    """Set `show_details` on each booking for the template; others' bookings show as 예약됨."""
    bookings = list(bookings)
    for booking in bookings:
        booking.show_details = sees_details(user, booking)
    return bookings


def own_bookings(user) -> QuerySet[Booking]:
    """The bookings listed under 'my bookings': those `user` made or their enterprise holds."""
    if not getattr(user, "is_authenticated", False):
        return Booking.objects.none()
    condition = Q(booked_by=user)
    if getattr(user, "enterprise_id", None):
        condition |= Q(enterprise_id=user.enterprise_id)
    return Booking.objects.filter(condition)


def may_cancel(user, booking: Booking) -> bool:
    """The booker, a member of the booking's enterprise, or staff."""
    if is_manager(user):
        return True
    if not has_permission(user, "spaces.book"):
        return False
    if booking.booked_by_id == user.pk:
        return True
    return booking.enterprise_id is not None and booking.enterprise_id == getattr(
        user, "enterprise_id", None
    )
