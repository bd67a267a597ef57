"""The mall's vendors: registry enterprises that applied to sell (입점기업), the papers they
attached and every change of their status."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ieum.core.districts import District
from ieum.core.files import RandomName, private_storage
from ieum.core.models import TimeStampedModel
from ieum.enterprises.choices import EnterpriseKind

from ..choices import VendorStatus


class Vendor(TimeStampedModel):
    """A registry enterprise that applied to sell in the mall (입점기업).

    `kind` and `district` copy the enterprise's main social-economy kind and its district so
    that catalog facets and purchase records need no join into the registry; they are refreshed
    by `vendor_refresh` whenever the registry changes.
    """

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        verbose_name=_("기업"),
        on_delete=models.PROTECT,
        related_name="vendor",
    )
    status = models.CharField(
        _("상태"), max_length=20, choices=VendorStatus.choices, default=VendorStatus.APPLIED
    )
    kind = models.CharField(
        _("기업 유형"), max_length=30, choices=EnterpriseKind.choices, blank=True
    )
    district = models.CharField(_("자치구"), max_length=10, choices=District.choices, blank=True)
    introduction = models.TextField(_("기업 소개"), blank=True)
    applied_at = models.DateTimeField(_("신청일시"), default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("신청자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("입점일"), null=True, blank=True)
    suspended_on = models.DateField(_("정지일"), null=True, blank=True)
    decided_at = models.DateTimeField(_("처리일시"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("반려·정지 사유"), blank=True)

    class Meta:
        ordering = ["enterprise__name"]
        verbose_name = _("입점기업")
        verbose_name_plural = _("입점기업")
        indexes = [
            models.Index(fields=["status", "approved_on"], name="mall_vendor_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=VendorStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=VendorStatus.APPROVED)
                | models.Q(approved_on__isnull=False),
                name="%(app_label)s_%(class)s_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.enterprise)

    @property
    def is_selling(self) -> bool:
        return self.status == VendorStatus.APPROVED


class VendorDocument(TimeStampedModel):
    """A certificate or other paper a vendor attached to its application (인증서, 사업자등록증)."""

    vendor = models.ForeignKey(
        Vendor, verbose_name=_("입점기업"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("서류명"), max_length=100)
    file = models.FileField(
        _("파일"),
        storage=private_storage,
        upload_to=RandomName("mall/vendor-documents", keep_name_in="original_name"),
    )
    original_name = models.CharField(_("원래 파일 이름"), max_length=255, blank=True)

    class Meta:
        ordering = ["vendor", "id"]
        verbose_name = _("입점 서류")
        verbose_name_plural = _("입점 서류")

    def __str__(self) -> str:
        return f"{self.vendor} · {self.title}"


class VendorEvent(TimeStampedModel):
    """Every change of a vendor's status, with who and why."""

    vendor = models.ForeignKey(
        Vendor, verbose_name=_("입점기업"), on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("상태"), max_length=20, choices=VendorStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("사유"), blank=True)

    class Meta:
        ordering = ["vendor", "created_at", "id"]
        verbose_name = _("입점기업 이력")
        verbose_name_plural = _("입점기업 이력")

    def __str__(self) -> str:
        return f"{self.vendor} → {self.get_status_display()}"
