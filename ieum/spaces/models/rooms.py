"""Rooms of the center's facilities (`organization.Facility`) and the days they are closed."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from ieum.core.models import TimeStampedModel

from ..choices import Audience, RoomKind


class Room(TimeStampedModel):
    """A bookable (or leased) space in a facility, with its booking rules."""

    facility = models.ForeignKey(
        "organization.Facility",
        verbose_name=_("시설"),
        on_delete=models.PROTECT,
        related_name="rooms",
    )
    name = models.CharField(_("공간명"), max_length=100)
    kind = models.CharField(_("공간 유형"), max_length=20, choices=RoomKind.choices)
    capacity = models.PositiveIntegerField(_("수용 인원"))
    equipment = models.TextField(_("비품·장비"), blank=True, help_text=_("한 줄에 하나씩"))
    photo = models.ImageField(_("사진"), upload_to="spaces/rooms/%Y/", blank=True)
    opens_at = models.TimeField(_("운영 시작"), default=dt.time(9, 0))
    closes_at = models.TimeField(_("운영 종료"), default=dt.time(18, 0))
    open_weekdays = models.CharField(
        _("운영 요일"),
        max_length=7,
        default="01234",
        help_text=_("월=0 … 일=6, 예: 01234 (평일)"),
    )
    audience = models.CharField(
        _("예약 가능 대상"), max_length=20, choices=Audience.choices, default=Audience.TENANTS
    )
    is_bookable = models.BooleanField(_("예약 가능"), default=True)
    needs_approval = models.BooleanField(_("승인 필요"), default=False)
    max_days_ahead = models.PositiveSmallIntegerField(_("최대 사전 예약(일)"), default=60)
    max_hours = models.PositiveSmallIntegerField(_("1회 최대 이용(시간)"), default=4)
    hourly_fee_won = models.BigIntegerField(_("외부 대관료(원/시간)"), default=0)
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["facility__sort_order", "sort_order", "name"]
        verbose_name = _("공간")
        verbose_name_plural = _("공간")
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="%(app_label)s_%(class)s_hours",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, hourly_fee_won__gte=0),
                name="%(app_label)s_%(class)s_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility.short_name or self.facility.name} {self.name}"

    @property
    def weekdays(self) -> set[int]:
        return {int(day) for day in self.open_weekdays if day.isdigit()}

    @property
    def equipment_list(self) -> list[str]:
        return [line.strip() for line in self.equipment.splitlines() if line.strip()]


class ClosedDay(TimeStampedModel):
    """A day a facility (or one room of it) is closed: holidays, maintenance."""

    facility = models.ForeignKey(
        "organization.Facility",
        verbose_name=_("시설"),
        on_delete=models.CASCADE,
        related_name="closed_days",
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("공간"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closed_days",
        help_text=_("비우면 시설 전체"),
    )
    day = models.DateField(_("날짜"))
    reason = models.CharField(_("사유"), max_length=100)

    class Meta:
        ordering = ["day"]
        verbose_name = _("휴관일")
        verbose_name_plural = _("휴관일")
        indexes = [models.Index(fields=["facility", "day"], name="spaces_closedday_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.reason}"
