"""The center itself: its legal bases, mandate, contracts, facilities, departments and staffing."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ieum.core.models import TimeStampedModel

from .choices import DepartmentKind


class Center(TimeStampedModel):
    """The support center run under a city contract (one row)."""

    name = models.CharField(_("센터명"), max_length=100)
    operator = models.CharField(_("위탁법인"), max_length=100, blank=True)
    operator_representatives = models.CharField(_("위탁법인 대표"), max_length=200, blank=True)
    legal_bases = models.TextField(
        _("설립 및 운영 근거"), blank=True, help_text=_("한 줄에 하나씩")
    )
    address = models.CharField(_("위치"), max_length=200, blank=True)
    area_m2 = models.DecimalField(
        _("면적(㎡)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    main_facilities = models.CharField(_("주요시설"), max_length=300, blank=True)
    mandate_items = models.TextField(_("위탁내용"), blank=True, help_text=_("한 줄에 하나씩"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("센터")
        verbose_name_plural = _("센터")

    def __str__(self) -> str:
        return self.name

    @property
    def legal_basis_list(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]

    @property
    def mandate_list(self) -> list[str]:
        return [line.strip() for line in self.mandate_items.splitlines() if line.strip()]


class ContractEvent(TimeStampedModel):
    """A step in the center's history: contract signed or renewed, renaming, opening."""

    center = models.ForeignKey(
        Center, verbose_name=_("센터"), on_delete=models.CASCADE, related_name="contract_events"
    )
    occurred_on = models.DateField(_("일자"))
    description = models.CharField(_("내용"), max_length=300)
    term_start = models.DateField(_("계약 시작"), null=True, blank=True)
    term_end = models.DateField(_("계약 종료"), null=True, blank=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("설립 및 운영 경과")
        verbose_name_plural = _("설립 및 운영 경과")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_start__isnull=True)
                | models.Q(term_end__isnull=True)
                | models.Q(term_end__gt=models.F("term_start")),
                name="%(app_label)s_%(class)s_term_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.description}"


class Facility(TimeStampedModel):
    """A building or floor the center runs (its own office, clusters, hubs)."""

    center = models.ForeignKey(
        Center, verbose_name=_("센터"), on_delete=models.CASCADE, related_name="facilities"
    )
    name = models.CharField(_("시설명"), max_length=100, unique=True)
    short_name = models.CharField(_("약칭"), max_length=20, blank=True)
    ownership = models.CharField(_("소유"), max_length=50, blank=True)
    address = models.CharField(_("위치"), max_length=200)
    district = models.CharField(_("자치구"), max_length=10, blank=True)
    area_m2 = models.DecimalField(
        _("면적(㎡)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    area_is_gross = models.BooleanField(_("연면적"), default=False)
    opened_on = models.DateField(_("운영 개시일"), null=True, blank=True)
    contents = models.TextField(_("시설 구성"), blank=True, help_text=_("한 줄에 하나씩"))
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("시설")
        verbose_name_plural = _("시설")

    def __str__(self) -> str:
        return self.name

    @property
    def content_list(self) -> list[str]:
        return [line.strip() for line in self.contents.splitlines() if line.strip()]


class Department(TimeStampedModel):
    """본부 or 실, with its duties (주요기능)."""

    name = models.CharField(_("부서명"), max_length=50, unique=True)
    kind = models.CharField(
        pgettext_lazy("department kind", "구분"), max_length=20, choices=DepartmentKind.choices
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("상위 부서"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    duties = models.TextField(_("담당업무"), blank=True, help_text=_("한 줄에 하나씩"))
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("부서")
        verbose_name_plural = _("부서")

    def __str__(self) -> str:
        return self.name

    @property
    def duty_list(self) -> list[str]:
        return [line.strip() for line in self.duties.splitlines() if line.strip()]


class Position(TimeStampedModel):
    """A grade (1급 … 5급) with its rank name and the titles (직책) held at that grade."""

    grade = models.PositiveSmallIntegerField(_("급"), unique=True)
    name = models.CharField(_("직위"), max_length=20)
    titles = models.CharField(
        _("직책(호칭)"), max_length=100, blank=True, help_text=_("쉼표로 구분")
    )

    class Meta:
        ordering = ["grade"]
        verbose_name = _("직위")
        verbose_name_plural = _("직위")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__gte=1) & models.Q(grade__lte=9),
                name="%(app_label)s_%(class)s_grade_range",
            )
        ]

    def __str__(self) -> str:
        return _("%(grade)s급 (%(name)s)") % {"grade": self.grade, "name": self.name}

    @property
    def title_list(self) -> list[str]:
        return [t.strip() for t in self.titles.split(",") if t.strip()]


class StaffingPlan(TimeStampedModel):
    """The staffing of one year, as of a date: quota (정원) and current (현원) per grade."""

    year = models.PositiveSmallIntegerField(_("연도"), unique=True)
    as_of = models.DateField(_("기준일"))
    note = models.CharField(_("비고"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("인력 현황")
        verbose_name_plural = _("인력 현황")

    def __str__(self) -> str:
        return _("%(year)s년 인력 현황") % {"year": self.year}


class StaffingLine(TimeStampedModel):
    """Quota and current head count of one grade in one year's plan."""

    plan = models.ForeignKey(
        StaffingPlan, verbose_name=_("인력 현황"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.ForeignKey(Position, verbose_name=_("직위"), on_delete=models.PROTECT)
    quota = models.PositiveSmallIntegerField(_("정원"), default=0)
    current = models.PositiveSmallIntegerField(_("현원"), default=0)

    class Meta:
        ordering = ["plan", "position__grade"]
        verbose_name = _("직급별 인력")
        verbose_name_plural = _("직급별 인력")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"], name="%(app_label)s_%(class)s_unique_grade"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.position}: {self.quota}/{self.current}"
