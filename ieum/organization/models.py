"""The center itself: its legal bases, mandate, contracts, facilities, departments and staffing."""

from django.db import models

from ieum.core.models import TimeStampedModel

from .choices import DepartmentKind


class Center(TimeStampedModel):
    """The support center run under a city contract (one row)."""

    name = models.CharField("센터명", max_length=100)
    operator = models.CharField("위탁법인", max_length=100, blank=True)
    operator_representatives = models.CharField("위탁법인 대표", max_length=200, blank=True)
    legal_bases = models.TextField("설립 및 운영 근거", blank=True, help_text="한 줄에 하나씩")
    address = models.CharField("위치", max_length=200, blank=True)
    area_m2 = models.DecimalField(
        "면적(㎡)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    main_facilities = models.CharField("주요시설", max_length=300, blank=True)
    mandate_items = models.TextField("위탁내용", blank=True, help_text="한 줄에 하나씩")

    class Meta:
        ordering = ["name"]
        verbose_name = "센터"
        verbose_name_plural = "센터"

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
        Center, verbose_name="센터", on_delete=models.CASCADE, related_name="contract_events"
    )
    occurred_on = models.DateField("일자")
    description = models.CharField("내용", max_length=300)
    term_start = models.DateField("계약 시작", null=True, blank=True)
    term_end = models.DateField("계약 종료", null=True, blank=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = "설립 및 운영 경과"
        verbose_name_plural = "설립 및 운영 경과"
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
        Center, verbose_name="센터", on_delete=models.CASCADE, related_name="facilities"
    )
    name = models.CharField("시설명", max_length=100, unique=True)
    short_name = models.CharField("약칭", max_length=20, blank=True)
    ownership = models.CharField("소유", max_length=50, blank=True)
    address = models.CharField("위치", max_length=200)
    district = models.CharField("자치구", max_length=10, blank=True)
    area_m2 = models.DecimalField(
        "면적(㎡)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    area_is_gross = models.BooleanField("연면적", default=False)
    opened_on = models.DateField("운영 개시일", null=True, blank=True)
    contents = models.TextField("시설 구성", blank=True, help_text="한 줄에 하나씩")
    sort_order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "시설"
        verbose_name_plural = "시설"

    def __str__(self) -> str:
        return self.name

    @property
    def content_list(self) -> list[str]:
        return [line.strip() for line in self.contents.splitlines() if line.strip()]


class Department(TimeStampedModel):
    """본부 or 실, with its duties (주요기능)."""

    name = models.CharField("부서명", max_length=50, unique=True)
    kind = models.CharField("구분", max_length=20, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="상위 부서",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    duties = models.TextField("담당업무", blank=True, help_text="한 줄에 하나씩")
    sort_order = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "부서"
        verbose_name_plural = "부서"

    def __str__(self) -> str:
        return self.name

    @property
    def duty_list(self) -> list[str]:
        return [line.strip() for line in self.duties.splitlines() if line.strip()]


class Position(TimeStampedModel):
    """A grade (1급 … 5급) with its rank name and the titles (직책) held at that grade."""

    grade = models.PositiveSmallIntegerField("급", unique=True)
    name = models.CharField("직위", max_length=20)
    titles = models.CharField("직책(호칭)", max_length=100, blank=True, help_text="쉼표로 구분")

    class Meta:
        ordering = ["grade"]
        verbose_name = "직위"
        verbose_name_plural = "직위"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__gte=1) & models.Q(grade__lte=9),
                name="%(app_label)s_%(class)s_grade_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grade}급 ({self.name})"

    @property
    def title_list(self) -> list[str]:
        return [t.strip() for t in self.titles.split(",") if t.strip()]


class StaffingPlan(TimeStampedModel):
    """The staffing of one year, as of a date: quota (정원) and current (현원) per grade."""

    year = models.PositiveSmallIntegerField("연도", unique=True)
    as_of = models.DateField("기준일")
    note = models.CharField("비고", max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "인력 현황"
        verbose_name_plural = "인력 현황"

    def __str__(self) -> str:
        return f"{self.year}년 인력 현황"


class StaffingLine(TimeStampedModel):
    """Quota and current head count of one grade in one year's plan."""

    plan = models.ForeignKey(
        StaffingPlan, verbose_name="인력 현황", on_delete=models.CASCADE, related_name="lines"
    )
    position = models.ForeignKey(Position, verbose_name="직위", on_delete=models.PROTECT)
    quota = models.PositiveSmallIntegerField("정원", default=0)
    current = models.PositiveSmallIntegerField("현원", default=0)

    class Meta:
        ordering = ["plan", "position__grade"]
        verbose_name = "직급별 인력"
        verbose_name_plural = "직급별 인력"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"], name="%(app_label)s_%(class)s_unique_grade"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.position}: {self.quota}/{self.current}"
