"""Spaces: the rooms of the center's facilities (`organization.Facility`), their bookings, the
tenants and their contracts, the shared kitchen's agreements, and the fees that follow.

No two confirmed bookings of a room overlap: on PostgreSQL an exclusion constraint
(`spaces_booking_no_overlap`, migration 0002) says so to the database itself; on SQLite every
write transaction is IMMEDIATE (see settings), so the service's check-then-write cannot race.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ieum.core.files import RandomName, private_storage
from ieum.core.models import TimeStampedModel

from .choices import (
    ApplicationStatus,
    Audience,
    BookingPurpose,
    BookingStatus,
    CallStatus,
    InvoiceKind,
    InvoiceStatus,
    RoomKind,
    TenancyStatus,
)


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


class TenantCall(TimeStampedModel):
    """A call for tenants (입주기업 모집) of a facility, with its scoring criteria."""

    facility = models.ForeignKey(
        "organization.Facility",
        verbose_name=_("시설"),
        on_delete=models.PROTECT,
        related_name="tenant_calls",
    )
    title = models.CharField(_("공고명"), max_length=200)
    description = models.TextField(_("공고 내용"), blank=True)
    opens_on = models.DateField(_("접수 시작"))
    closes_on = models.DateField(_("접수 마감"))
    units = models.PositiveSmallIntegerField(_("모집 공간 수"))
    criteria = models.JSONField(
        _("심사 기준"),
        default=list,
        blank=True,
        help_text=_('[{"name": "사업계획", "max": 40}, …]'),
    )
    status = models.CharField(
        _("상태"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT
    )

    class Meta:
        ordering = ["-opens_on", "title"]
        verbose_name = _("입주기업 모집")
        verbose_name_plural = _("입주기업 모집")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="%(app_label)s_%(class)s_period",
            )
        ]

    def __str__(self) -> str:
        return self.title


class TenantApplication(TimeStampedModel):
    """An enterprise's application to a tenant call, with the reviewers' scores."""

    call = models.ForeignKey(
        TenantCall,
        verbose_name=_("모집 공고"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("기업"),
        on_delete=models.PROTECT,
        related_name="tenant_applications",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("신청자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    plan = models.TextField(_("입주 목적·사업계획"))
    document = models.FileField(
        _("첨부 서류"),
        storage=private_storage,
        upload_to=RandomName("spaces/applications", keep_name_in="document_name"),
        blank=True,
    )
    document_name = models.CharField(_("원래 파일 이름"), max_length=255, blank=True)
    scores = models.JSONField(_("심사 점수"), default=dict, blank=True)
    total_score = models.DecimalField(
        _("총점"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("상태"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )

    class Meta:
        ordering = ["call", "-total_score", "created_at"]
        verbose_name = _("입주 신청")
        verbose_name_plural = _("입주 신청")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "enterprise"], name="%(app_label)s_%(class)s_unique_enterprise"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call} · {self.enterprise}"


class Tenancy(TimeStampedModel):
    """A tenancy contract: which enterprise occupies which unit of a facility, for how long,
    at what fees. A renewal is a new contract pointing at the one it continues."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("입주기업"),
        on_delete=models.PROTECT,
        related_name="tenancies",
    )
    facility = models.ForeignKey(
        "organization.Facility",
        verbose_name=_("시설"),
        on_delete=models.PROTECT,
        related_name="tenancies",
    )
    unit = models.ForeignKey(
        Room,
        verbose_name=_("입주 공간"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenancies",
    )
    application = models.ForeignKey(
        TenantApplication,
        verbose_name=_("입주 신청"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tenancies",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("이전 계약"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
    )
    starts_on = models.DateField(_("계약 시작"))
    ends_on = models.DateField(_("계약 종료"))
    monthly_fee_won = models.BigIntegerField(_("월 임대료(원)"), default=0)
    deposit_won = models.BigIntegerField(_("보증금(원)"), default=0)
    maintenance_fee_won = models.BigIntegerField(_("월 관리비(원)"), default=0)
    status = models.CharField(
        _("상태"), max_length=20, choices=TenancyStatus.choices, default=TenancyStatus.ACTIVE
    )
    exited_on = models.DateField(_("퇴거일"), null=True, blank=True)
    exit_reason = models.TextField(_("퇴거 사유"), blank=True)

    class Meta:
        ordering = ["facility", "-starts_on"]
        verbose_name = _("입주 계약")
        verbose_name_plural = _("입주 계약")
        indexes = [models.Index(fields=["facility", "status"], name="spaces_tenancy_facility")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_period",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    monthly_fee_won__gte=0, deposit_won__gte=0, maintenance_fee_won__gte=0
                ),
                name="%(app_label)s_%(class)s_fees",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility} · {self.enterprise}"


class KitchenAgreement(TimeStampedModel):
    """An enterprise's agreement (협약) to use a shared kitchen, with its hygiene certificate."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("기업"),
        on_delete=models.PROTECT,
        related_name="kitchen_agreements",
    )
    kitchen = models.ForeignKey(
        Room,
        verbose_name=_("공유주방"),
        on_delete=models.PROTECT,
        related_name="kitchen_agreements",
    )
    starts_on = models.DateField(_("협약 시작"))
    ends_on = models.DateField(_("협약 종료"))
    hygiene_certificate = models.FileField(
        _("위생 교육·보건증"),
        storage=private_storage,
        upload_to=RandomName(
            "spaces/hygiene-certificates", keep_name_in="hygiene_certificate_name"
        ),
        blank=True,
    )
    hygiene_certificate_name = models.CharField(_("원래 파일 이름"), max_length=255, blank=True)
    hygiene_expires_on = models.DateField(_("위생 증명 만료일"))
    note = models.TextField(_("비고"), blank=True)

    class Meta:
        ordering = ["kitchen", "enterprise"]
        verbose_name = _("공유주방 협약")
        verbose_name_plural = _("공유주방 협약")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kitchen} · {self.enterprise}"


class Invoice(TimeStampedModel):
    """A fee the center bills: an outside booking, a month's rent or maintenance, a deposit."""

    facility = models.ForeignKey(
        "organization.Facility",
        verbose_name=_("시설"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    kind = models.CharField(_("구분"), max_length=20, choices=InvoiceKind.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("기업"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="space_invoices",
    )
    payer = models.CharField(_("납부자"), max_length=200)
    booking = models.ForeignKey(
        Booking,
        verbose_name=_("예약"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    tenancy = models.ForeignKey(
        Tenancy,
        verbose_name=_("입주 계약"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    month = models.DateField(_("귀속월"), help_text=_("그 달의 1일"))
    description = models.CharField(_("내용"), max_length=200)
    amount_won = models.BigIntegerField(_("금액(원)"))
    issued_on = models.DateField(_("발행일"))
    due_on = models.DateField(_("납부기한"))
    paid_on = models.DateField(_("납부일"), null=True, blank=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.UNPAID
    )
    void_reason = models.TextField(_("취소 사유"), blank=True)

    class Meta:
        ordering = ["-month", "facility", "id"]
        verbose_name = _("청구")
        verbose_name_plural = _("청구")
        indexes = [models.Index(fields=["facility", "month"], name="spaces_invoice_month")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_won__gt=0), name="%(app_label)s_%(class)s_amount"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=InvoiceStatus.PAID) | models.Q(paid_on__isnull=False),
                name="%(app_label)s_%(class)s_paid_has_date",
            ),
            models.UniqueConstraint(
                fields=["tenancy", "kind", "month"],
                condition=models.Q(tenancy__isnull=False) & ~models.Q(status=InvoiceStatus.VOID),
                name="%(app_label)s_%(class)s_unique_tenancy_month",
            ),
            models.UniqueConstraint(
                fields=["booking"],
                condition=models.Q(booking__isnull=False) & ~models.Q(status=InvoiceStatus.VOID),
                name="%(app_label)s_%(class)s_unique_booking",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payer} {self.month:%Y-%m} {self.get_kind_display()}"
