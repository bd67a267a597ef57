"""Tenants: the calls for them, the enterprises' applications, and the tenancy contracts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ieum.core.files import RandomName, private_storage
from ieum.core.models import TimeStampedModel

from ..choices import ApplicationStatus, CallStatus, TenancyStatus
from .rooms import Room


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
