"""Reads of the center's organization, each in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, Sum

from .choices import DepartmentKind
from .models import Center, ContractEvent, Department, Facility, Position, StaffingPlan


def center_get() -> Center | None:
    """The center (one row), or None before anything is loaded."""
    return Center.objects.order_by("pk").first()


@dataclass(frozen=True)
class CenterProfile:
    center: Center
    contract_events: list[ContractEvent]
    facilities: list[Facility]


def center_profile() -> CenterProfile | None:
    """The center with its history and facilities (three queries), or None if not loaded."""
    center = (
        Center.objects.order_by("pk")
        .prefetch_related(
            Prefetch("contract_events", queryset=ContractEvent.objects.order_by("occurred_on")),
            Prefetch("facilities", queryset=Facility.objects.order_by("sort_order", "name")),
        )
        .first()
    )
    if center is None:
        return None
    return CenterProfile(
        center=center,
        contract_events=list(center.contract_events.all()),
        facilities=list(center.facilities.all()),
    )


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    depth: int


@dataclass(frozen=True)
class DepartmentTree:
    rows: list[DepartmentRow]
    kind_counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """'1본부 5실' — how the seed states the organization."""
        return " ".join(f"{count}{label}" for label, count in self.kind_counts)


def department_tree() -> DepartmentTree:
    """Every department in tree order (each 본부 followed by its 실), in one query."""
    departments = list(Department.objects.order_by("sort_order", "name"))
    children: dict[int | None, list[Department]] = {}
    for department in departments:
        children.setdefault(department.parent_id, []).append(department)

    rows: list[DepartmentRow] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for department in children.get(parent_id, []):
            rows.append(DepartmentRow(department=department, depth=depth))
            visit(department.pk, depth + 1)

    visit(None, 0)
    counts = Counter(department.kind for department in departments)
    kind_counts = [(kind.label, counts[kind]) for kind in DepartmentKind if counts[kind]]
    return DepartmentTree(rows=rows, kind_counts=kind_counts)


@dataclass(frozen=True)
class StaffingColumn:
    position: Position
    quota: int | None
    current: int | None


@dataclass(frozen=True)
class StaffingTable:
    """One year's 정원/현원 per grade, as the seed's table lays it out (grades as columns)."""

    plan: StaffingPlan | None
    columns: list[StaffingColumn]
    quota_total: int
    current_total: int
    years: list[int]


def _plans_with_totals():
    return StaffingPlan.objects.annotate(
        quota_total=Sum("lines__quota"), current_total=Sum("lines__current")
    )


def staffing_latest() -> StaffingPlan | None:
    """The most recent plan, annotated with quota_total and current_total (one query)."""
    return _plans_with_totals().order_by("-year").first()


def staffing_table(year: int | None = None) -> StaffingTable:
    """The plan of `year` (the latest when None) with a column per grade and its totals.

    A grade added after the plan was saved shows an empty column rather than a zero,
    so nobody mistakes it for a recorded figure.
    """
    years = list(StaffingPlan.objects.order_by("-year").values_list("year", flat=True))
    plans = _plans_with_totals().prefetch_related("lines")
    plan = plans.filter(year=year).first() if year is not None else plans.order_by("-year").first()
    lines = {line.position_id: line for line in plan.lines.all()} if plan else {}
    columns = []
    for position in Position.objects.order_by("grade"):
        line = lines.get(position.pk)
        columns.append(
            StaffingColumn(
                position=position,
                quota=line.quota if line else None,
                current=line.current if line else None,
            )
        )
    return StaffingTable(
        plan=plan,
        columns=columns,
        quota_total=(plan.quota_total or 0) if plan else 0,
        current_total=(plan.current_total or 0) if plan else 0,
        years=years,
    )
