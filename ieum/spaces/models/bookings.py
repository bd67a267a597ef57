"""Bookings of a room, one-off or recurring.

No two confirmed bookings of a room overlap: on PostgreSQL an exclusion constraint
(`spaces_booking_no_overlap`, migration 0002) says so to the database itself; on SQLite every
write transaction is IMMEDIATE (see settings), so the service's check-then-write cannot race.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ieum.core.models import TimeStampedModel

from ..choices import BookingPurpose, BookingStatus
from .rooms import Room


class BookingSeries(TimeStampedModel):
    """A recurring booking: the same time every `interval_weeks` weeks until a date."""

    room = models.ForeignKey(
        Room, verbose_name=_("공간"), on_delete=models.CASCADE, related_name="series"
    )
    interval_weeks = models.PositiveSmallIntegerField(_("반복 간격(주)"), default=1)
    until = models.DateField(_("반복 종료일"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("등록자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("반복 예약")
        verbose_name_plural = _("반복 예약")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_weeks__gte=1, interval_weeks__lte=52),
                name="%(app_label)s_%(class)s_interval",
            )
        ]

    def __str__(self) -> str:
        return f"{self.room} · {self.interval_weeks}주마다 ~{self.until}"


class Booking(TimeStampedModel):
    """A booking of a room for a time, by an enterprise member or staff, with its purpose and
    attendance. Only confirmed bookings hold the room."""

    room = models.ForeignKey(
        Room, verbose_name=_("공간"), on_delete=models.PROTECT, related_name="bookings"
    )
    series = models.ForeignKey(
        BookingSeries,
        verbose_name=_("반복 예약"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("예약자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("이용 기업"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
    )
    organizer = models.CharField(
        _("이용 단체"), max_length=200, blank=True, help_text=_("외부 대관의 단체명")
    )
    purpose = models.CharField(_("이용 목적"), max_length=20, choices=BookingPurpose.choices)
    title = models.CharField(_("행사·회의명"), max_length=200)
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(pgettext_lazy("time", "종료"))
    expected_attendees = models.PositiveIntegerField(_("예상 인원"))
    actual_attendees = models.PositiveIntegerField(_("실제 인원"), null=True, blank=True)
    status = models.CharField(
        _("상태"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("처리일시"), null=True, blank=True)
    reason = models.TextField(_("반려·취소 사유"), blank=True)
    fee_won = models.BigIntegerField(_("대관료(원)"), default=0)
    kitchen_agreement = models.ForeignKey(
        "KitchenAgreement",
        verbose_name=_("공유주방 협약"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
    )

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("예약")
        verbose_name_plural = _("예약")
        indexes = [
            models.Index(fields=["room", "starts_at"], name="spaces_booking_room"),
            models.Index(fields=["status", "starts_at"], name="spaces_booking_status"),
            models.Index(fields=["enterprise", "starts_at"], name="spaces_booking_enterprise"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="%(app_label)s_%(class)s_period",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=BookingStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(fee_won__gte=0), name="%(app_label)s_%(class)s_fee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M} {self.title}"
