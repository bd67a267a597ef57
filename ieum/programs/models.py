"""Business lines of a year, their year-over-year changes, KPIs, milestones and narratives."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ieum.core.models import TimeStampedModel

from .choices import ChangeTag, MilestoneStatus


class BusinessLine(TimeStampedModel):
    """사업 or 세부사업 of one year, as section 3 of the business report lays it out."""

    year = models.PositiveSmallIntegerField(_("연도"))
    code = models.CharField(
        _("사업 코드"), max_length=20, help_text=_("연도 안에서 고유: 1, 1-1, 1-2, 2 …")
    )
    number = models.CharField(_("번호"), max_length=10, blank=True, help_text=_("예: 1, ①"))
    title = models.CharField(_("사업명"), max_length=200)
    purpose = models.TextField(_("목적"), blank=True)
    content = models.TextField(pgettext_lazy("program", "사업내용"), blank=True)
    method = models.TextField(_("추진방법"), blank=True)
    department = models.ForeignKey(
        "organization.Department",
        verbose_name=_("담당 부서"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="business_lines",
    )
    budget_code = models.CharField(
        _("예산 코드"), max_length=30, blank=True, help_text=_("예산 트리의 코드")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("상위 사업"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["year", "sort_order", "code"]
        verbose_name = _("사업")
        verbose_name_plural = _("사업")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "code"], name="%(app_label)s_%(class)s_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.number or self.code} {self.title}"


class ProgramChange(TimeStampedModel):
    """One tagged item of the year's changes table ('21 vs '22): several items share a name."""

    year = models.PositiveSmallIntegerField(_("연도"))
    line = models.ForeignKey(
        BusinessLine,
        verbose_name=_("사업"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    name = models.CharField(_("사업명(표기)"), max_length=200)
    previous_text = models.TextField(
        _("전년도 내용"), blank=True, help_text=_("한 줄에 하나씩; 같은 사업명의 항목이 함께 씀")
    )
    tag = models.CharField(
        pgettext_lazy("program change", "구분"), max_length=4, choices=ChangeTag.choices
    )
    text = models.TextField(_("올해 내용"))
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["year", "sort_order", "id"]
        verbose_name = _("주요 사업 변경")
        verbose_name_plural = _("주요 사업 변경")

    def __str__(self) -> str:
        return f"{self.year} {self.name} [{self.tag}]"

    @property
    def previous_list(self) -> list[str]:
        return [line.strip() for line in self.previous_text.splitlines() if line.strip()]


class Kpi(TimeStampedModel):
    """A performance indicator of a business line: manual values, or computed by a provider."""

    year = models.PositiveSmallIntegerField(_("연도"), editable=False)
    line = models.ForeignKey(
        BusinessLine, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="kpis"
    )
    key = models.SlugField(
        _("키"), max_length=80, help_text=_("서술문에서 {kpi:키}로 부릅니다. 연도 안에서 고유")
    )
    name = models.CharField(_("지표명"), max_length=200)
    unit = models.CharField(_("단위"), max_length=10, help_text=_("예: 회, 명, 개, 건, 원, %"))
    target = models.DecimalField(_("목표"), max_digits=18, decimal_places=2, null=True, blank=True)
    provider = models.CharField(
        _("계산 제공자"), max_length=100, blank=True, help_text=_("비워 두면 직접 입력")
    )
    counted_until = models.DateField(
        _("집계 기준일"),
        null=True,
        blank=True,
        help_text=_(
            "계산 지표를 이 날짜까지만 셉니다: 보고 기준일이 더 늦어도 이 날짜 기준 값을 씁니다 "
            "(예: 보고서는 10월말, 함께누리몰 실적은 9월말)"
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["year", "line__sort_order", "sort_order", "id"]
        verbose_name = _("성과지표")
        verbose_name_plural = _("성과지표")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "key"], name="%(app_label)s_%(class)s_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    @property
    def is_computed(self) -> bool:
        return bool(self.provider)


class KpiValue(TimeStampedModel):
    """A manual figure of a KPI as of a date, with where it was read."""

    kpi = models.ForeignKey(
        Kpi, verbose_name=_("성과지표"), on_delete=models.CASCADE, related_name="values"
    )
    as_of = models.DateField(_("기준일"))
    value = models.DecimalField(_("값"), max_digits=18, decimal_places=2)
    source = models.CharField(_("출처"), max_length=200, help_text=_("예: 인스타그램 관리자 화면"))
    note = models.TextField(_("비고"), blank=True)

    class Meta:
        ordering = ["kpi", "-as_of", "-id"]
        verbose_name = _("성과지표 값")
        verbose_name_plural = _("성과지표 값")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "as_of"], name="%(app_label)s_%(class)s_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi.key} {self.as_of}: {self.value}"


class Milestone(TimeStampedModel):
    """An upcoming step (향후계획) with its month range and status."""

    line = models.ForeignKey(
        BusinessLine, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="milestones"
    )
    text = models.CharField(_("내용"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("시작 연도"), null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(_("시작 월"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("종료 연도"))
    end_month = models.PositiveSmallIntegerField(_("종료 월"))
    period_note = models.CharField(
        _("기간 표기"), max_length=40, blank=True, help_text=_("일 단위 기간: '22.10.6.~11.5.")
    )
    status = models.CharField(
        _("상태"), max_length=4, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    sort_order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["line", "sort_order", "id"]
        verbose_name = _("향후계획")
        verbose_name_plural = _("향후계획")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_month__gte=1) & models.Q(end_month__lte=12),
                name="%(app_label)s_%(class)s_end_month_range",
            ),
            models.CheckConstraint(
                condition=models.Q(start_month__isnull=True)
                | (models.Q(start_month__gte=1) & models.Q(start_month__lte=12)),
                name="%(app_label)s_%(class)s_start_month_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} : {self.period_display}"

    @property
    def period_display(self) -> str:
        """'~ '22.12월', ''22.11월', ''22.11월~12월' — the seed's way of writing a range."""
        if self.period_note:
            return self.period_note
        end = f"{self.end_month}월"
        if self.start_year is None or self.start_month is None:
            return f"~ '{self.end_year % 100:02d}.{end}"
        start = f"'{self.start_year % 100:02d}.{self.start_month}월"
        if (self.start_year, self.start_month) == (self.end_year, self.end_month):
            return start
        if self.start_year != self.end_year:
            end = f"'{self.end_year % 100:02d}.{end}"
        return f"{start}~{end}"


class Narrative(TimeStampedModel):
    """The prose of a business line for one report period; may name live figures by placeholder."""

    line = models.ForeignKey(
        BusinessLine, verbose_name=_("사업"), on_delete=models.CASCADE, related_name="narratives"
    )
    year = models.PositiveSmallIntegerField(_("연도"), editable=False)
    as_of = models.DateField(_("기준일"))
    period_label = models.CharField(_("보고 기간"), max_length=50, blank=True)
    text = models.TextField(
        _("서술"),
        help_text=_("{kpi:키}, {budget:코드}, {budget:코드.executed}, {budget:코드.rate}"),
    )

    class Meta:
        ordering = ["line", "as_of"]
        verbose_name = _("추진현황 서술")
        verbose_name_plural = _("추진현황 서술")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "as_of"], name="%(app_label)s_%(class)s_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.as_of}"
