"""The registry: social-economy enterprises (the hub every app links to) and public institutions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ieum.core.districts import District
from ieum.core.idnumbers import format_brn, format_crn
from ieum.core.models import TimeStampedModel

from .choices import EnterpriseKind, InstitutionKind, SocialPurpose


class Enterprise(TimeStampedModel):
    """A social-economy enterprise: identified by its business registration number (brn)."""

    name = models.CharField(_("기업명"), max_length=200)
    brn = models.CharField(_("사업자등록번호"), max_length=10, unique=True)
    crn = models.CharField(_("법인등록번호"), max_length=13, blank=True)
    representative = models.CharField(_("대표자"), max_length=100, blank=True)
    address = models.CharField(_("소재지"), max_length=300, blank=True)
    district = models.CharField(_("자치구"), max_length=10, choices=District.choices, blank=True)
    industry = models.CharField(_("업종"), max_length=100, blank=True)
    business_description = models.TextField(_("사업내용"), blank=True)
    social_purpose = models.CharField(
        _("사회적목적실현유형"), max_length=20, choices=SocialPurpose.choices, blank=True
    )
    social_service_field = models.CharField(_("사회서비스분야"), max_length=100, blank=True)
    employees = models.PositiveIntegerField(_("근로자 수"), null=True, blank=True)
    founded_on = models.DateField(_("설립일"), null=True, blank=True)
    homepage = models.URLField(_("홈페이지"), blank=True)
    is_sample = models.BooleanField(
        _("예시 데이터"), default=False, help_text=_("데모용으로 만든 가상의 기업")
    )
    # Derived from certifications by services.enterprise_reindex: the list sorts on it, and a
    # MAX over 50,000 enterprises' certifications per page view would be too slow. Its index
    # (newest first, empty last) is made per database in migration 0005.
    latest_certified_on = models.DateField(
        _("최근 인증·지정일"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("사회적경제기업")
        verbose_name_plural = _("사회적경제기업")
        indexes = [
            models.Index(fields=["district", "name"], name="enterprises_district_name"),
            models.Index(fields=["industry"], name="enterprises_industry"),
            models.Index(fields=["-created_at"], name="enterprises_created"),
            models.Index(fields=["name", "id"], name="enterprises_name"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["crn"],
                condition=~models.Q(crn=""),
                name="%(app_label)s_%(class)s_unique_crn",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def brn_display(self) -> str:
        return format_brn(self.brn)

    @property
    def crn_display(self) -> str:
        return format_crn(self.crn)

    @property
    def current_kind_labels(self) -> list[str]:
        """Kinds held now, each once (reads the prefetched certifications)."""
        labels = (c.get_kind_display() for c in self.certifications.all() if not c.ended_on)
        return list(dict.fromkeys(labels))

    def search_text(self) -> str:
        return " ".join(
            part
            for part in (
                self.name,
                self.brn,
                self.representative,
                self.industry,
                self.business_description,
                self.address,
                self.social_service_field,
            )
            if part
        )


class Certification(TimeStampedModel):
    """A kind the enterprise holds or held: certification, designation or incorporation."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("기업"), on_delete=models.CASCADE, related_name="certifications"
    )
    kind = models.CharField(_("유형"), max_length=30, choices=EnterpriseKind.choices)
    number = models.CharField(_("인증·지정번호"), max_length=50, blank=True)
    certified_on = models.DateField(_("인증·지정일"), null=True, blank=True)
    round = models.CharField(_("회차"), max_length=30, blank=True)
    ended_on = models.DateField(_("종료일"), null=True, blank=True)

    class Meta:
        ordering = ["enterprise", "certified_on", "id"]
        verbose_name = _("인증·지정 이력")
        verbose_name_plural = _("인증·지정 이력")
        indexes = [
            models.Index(fields=["kind", "enterprise"], name="enterprises_cert_kind"),
            models.Index(fields=["certified_on"], name="enterprises_cert_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "certified_on"],
                name="%(app_label)s_%(class)s_unique_kind_date",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(certified_on__isnull=True)
                | models.Q(ended_on__gte=models.F("certified_on")),
                name="%(app_label)s_%(class)s_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()}"


class Contact(TimeStampedModel):
    """A contact person at an enterprise. Personal data: shown to center staff only."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("기업"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("이름"), max_length=50)
    role = models.CharField(_("직함"), max_length=50, blank=True)
    phone = models.CharField(_("전화"), max_length=30, blank=True)
    email = models.EmailField(_("이메일"), blank=True)

    class Meta:
        ordering = ["enterprise", "name"]
        verbose_name = _("담당자")
        verbose_name_plural = _("담당자")

    def __str__(self) -> str:
        return f"{self.name} ({self.enterprise})"


class SupportRecord(TimeStampedModel):
    """Something the center delivered to an enterprise; every app adds its own, so one
    timeline shows all the support an enterprise received."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("기업"), on_delete=models.CASCADE, related_name="support_records"
    )
    occurred_on = models.DateField(_("일자"))
    source = models.CharField(_("사업 영역"), max_length=50, help_text=_("기록한 앱 (예: spaces)"))
    category = models.CharField(pgettext_lazy("support record", "구분"), max_length=50)
    title = models.CharField(_("내용"), max_length=300)
    amount_won = models.BigIntegerField(_("지원 금액(원)"), null=True, blank=True)
    link = models.CharField(_("링크"), max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("지원 이력")
        verbose_name_plural = _("지원 이력")
        indexes = [
            models.Index(fields=["enterprise", "-occurred_on"], name="enterprises_support_date")
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.title}"


class Institution(TimeStampedModel):
    """A public institution whose staff buy from enterprises (구청, 공사, 교육청 …)."""

    name = models.CharField(_("기관명"), max_length=200, unique=True)
    kind = models.CharField(_("기관 유형"), max_length=30, choices=InstitutionKind.choices)
    district = models.CharField(_("자치구"), max_length=10, choices=District.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("공공기관")
        verbose_name_plural = _("공공기관")

    def __str__(self) -> str:
        return self.name
