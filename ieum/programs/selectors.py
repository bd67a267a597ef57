"""Reads of business lines, KPIs, milestones and narratives, each in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _

from ieum.budget.selectors import budget_execution
from ieum.core import money
from ieum.core.history import attach_history, history_for

from . import figures, registry
from .models import BusinessLine, Kpi, KpiValue, Milestone, Narrative, ProgramChange


@dataclass(frozen=True)
class KpiFigure:
    """A KPI's figure as of a date; `value` is None when nothing was recorded by then."""

    value: Decimal | None
    as_of: dt.date | None
    source: str
    computed: bool
    kpi: Kpi | None = None
    note: str = ""

    @property
    def name(self) -> str:
        return self.kpi.name if self.kpi else ""

    @property
    def unit(self) -> str:
        return self.kpi.unit if self.kpi else ""

    @property
    def display(self) -> str:
        return figures.format_figure(self.value, self.unit)


def _computed_figure(kpi: Kpi, as_of: dt.date) -> KpiFigure:
    provider = registry.get_provider(kpi.provider)
    if provider is None:
        # The provider's app was removed after the KPI was set up; say so rather than guess.
        return KpiFigure(
            value=None,
            as_of=None,
            source=_("제공자 '%(key)s' 없음") % {"key": kpi.provider},
            computed=True,
            kpi=kpi,
        )
    # A figure the report publishes as of an earlier date (the mall's table as of 9월말 in a
    # report as of 10월말) is computed as of that date, and says so.
    if kpi.counted_until is not None:
        as_of = min(as_of, kpi.counted_until)
    value = provider.compute(year=kpi.year, as_of=as_of)
    return KpiFigure(
        value=value,
        as_of=as_of,
        source=_("이음 자동 계산 (%(name)s)") % {"name": provider.name},
        computed=True,
        kpi=kpi,
    )


def _manual_figure(kpi: Kpi, value: KpiValue | None) -> KpiFigure:
    if value is None:
        return KpiFigure(value=None, as_of=None, source="", computed=False, kpi=kpi)
    return KpiFigure(
        value=value.value,
        as_of=value.as_of,
        source=value.source,
        computed=False,
        kpi=kpi,
        note=value.note,
    )


def kpi_value(kpi: Kpi, *, as_of: dt.date) -> KpiFigure:
    """Computed by the KPI's provider, or else its latest manual value dated on or before as_of."""
    if kpi.provider:
        return _computed_figure(kpi, as_of)
    latest = kpi.values.filter(as_of__lte=as_of).order_by("-as_of", "-id").first()
    return _manual_figure(kpi, latest)


def kpi_figures(kpis: list[Kpi], *, as_of: dt.date) -> dict[int, KpiFigure]:
    """Figures of many KPIs: one query for every manual value, plus what providers do."""
    manual_ids = [kpi.pk for kpi in kpis if not kpi.provider]
    latest: dict[int, KpiValue] = {}
    if manual_ids:
        newest = (
            KpiValue.objects.filter(kpi=OuterRef("pk"), as_of__lte=as_of)
            .order_by("-as_of", "-id")
            .values("pk")[:1]
        )
        ids = Kpi.objects.filter(pk__in=manual_ids).annotate(v=Subquery(newest)).values("v")
        latest = {value.kpi_id: value for value in KpiValue.objects.filter(pk__in=ids)}
    result = {}
    for kpi in kpis:
        if kpi.provider:
            result[kpi.pk] = _computed_figure(kpi, as_of)
        else:
            result[kpi.pk] = _manual_figure(kpi, latest.get(kpi.pk))
    return result


def kpi_history(kpi: Kpi) -> list[KpiValue]:
    """Every manual value of a KPI, newest first, each with `history` (who entered and
    corrected it)."""
    values = list(kpi.values.order_by("-as_of", "-id"))
    attach_history(values)
    return values


def kpi_changes(kpi: Kpi) -> list:
    """The KPI's own recorded changes (its settings, values cleared), newest first."""
    return history_for(kpi)


# Narratives


def budget_nodes_by_code(year: int, as_of: dt.date) -> dict:
    """code → BudgetNode of the year's budget tree."""
    tree = budget_execution(year=year, as_of=as_of)
    nodes: dict = {}
    stack = list(tree) if isinstance(tree, list | tuple) else [tree]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        nodes[str(node.code)] = node
        stack.extend(getattr(node, "children", None) or [])
    return nodes


class FigureContext:
    """The figures a narrative of one year may name, looked up once and shared by many."""

    def __init__(
        self,
        *,
        year: int,
        as_of: dt.date,
        kpis: list[Kpi] | None = None,
        known: dict[str, KpiFigure] | None = None,
    ):
        """`known`: figures of the same date the caller already has (a page's KPI table)."""
        self.year = year
        self.as_of = as_of
        self._kpis = kpis
        self._figures: dict[str, KpiFigure] | None = None
        self._named: dict[str, KpiFigure | None] = dict(known or {})
        self._manual: dict[str, KpiFigure] | None = None
        self._budget: dict | None = None
        self._budget_loaded = False

    def _all_kpis(self) -> list[Kpi]:
        if self._kpis is None:
            self._kpis = list(Kpi.objects.filter(year=self.year))
        return self._kpis

    def kpi_figures_by_key(self) -> dict[str, KpiFigure]:
        if self._figures is None:
            kpis = self._all_kpis()
            by_pk = kpi_figures(kpis, as_of=self.as_of)
            self._figures = {kpi.key: by_pk[kpi.pk] for kpi in kpis}
        return self._figures

    def kpi_figure(self, key: str) -> KpiFigure | None:
        """One KPI's figure. Manual figures are read all at once; a computed one is computed
        only when a narrative names it, so a page pays for the providers it shows."""
        if self._figures is not None:
            return self._figures.get(key)
        if key not in self._named:
            kpi = next((k for k in self._all_kpis() if k.key == key), None)
            if kpi is None:
                self._named[key] = None
            elif kpi.provider:
                self._named[key] = _computed_figure(kpi, self.as_of)
            else:
                if self._manual is None:
                    manual = [k for k in self._all_kpis() if not k.provider]
                    by_pk = kpi_figures(manual, as_of=self.as_of)
                    self._manual = {k.key: by_pk[k.pk] for k in manual}
                self._named[key] = self._manual[key]
        return self._named[key]

    def budget_nodes(self) -> dict:
        if not self._budget_loaded:
            self._budget = budget_nodes_by_code(self.year, self.as_of)
            self._budget_loaded = True
        return self._budget

    def render(self, placeholder: figures.Placeholder) -> tuple[str, str | None]:
        """(text, problem): the figure, or a visible marker and why it is there."""
        if placeholder.kind == "kpi":
            figure = self.kpi_figure(placeholder.name)
            if figure is None:
                message = _("알 수 없는 지표 %(key)s") % {"key": placeholder.name}
                return f"({message})", message
            if figure.value is None:
                message = _("%(name)s: %(date)s 기준 값 없음") % {
                    "name": figure.name,
                    "date": self.as_of.isoformat(),
                }
                return f"({message})", message
            return figure.display, None
        nodes = self.budget_nodes()
        node = nodes.get(placeholder.name)
        if node is None:
            message = _("알 수 없는 예산 코드 %(code)s") % {"code": placeholder.name}
            return f"({message})", message
        if placeholder.attribute == "executed":
            return money.format_million_won(node.executed_won), None
        if placeholder.attribute == "rate":
            return money.format_rate(node.executed_won, node.budget_won), None
        return money.format_million_won(node.budget_won), None


@dataclass(frozen=True)
class RenderedNarrative:
    narrative: Narrative
    text: str
    problems: list[str] = field(default_factory=list)


def _render(narrative: Narrative, context: FigureContext) -> RenderedNarrative:
    placeholders, errors = figures.parse(narrative.text)
    values: dict[str, str] = {}
    problems = list(errors)
    for placeholder in placeholders:
        text, problem = context.render(placeholder)
        values[placeholder.raw] = text
        if problem:
            problems.append(problem)
    return RenderedNarrative(
        narrative=narrative, text=figures.substitute(narrative.text, values), problems=problems
    )


def narrative_render(narrative: Narrative, *, as_of: dt.date) -> str:
    """The narrative with every placeholder replaced by its figure as of `as_of`.

    A figure that cannot be found (a KPI deleted since, no value yet) is shown as a marker in
    parentheses, never left blank; the line page lists these problems to its author.
    """
    return _render(narrative, FigureContext(year=narrative.year, as_of=as_of)).text


# The report


@dataclass
class LineReport:
    line: BusinessLine
    children: list["LineReport"]
    kpis: list[KpiFigure]
    milestones: list[Milestone]
    narratives: list[RenderedNarrative]

    @property
    def narrative(self) -> RenderedNarrative | None:
        """The narrative of the latest period up to the report date."""
        return self.narratives[-1] if self.narratives else None


def program_report(*, year: int, as_of: dt.date) -> list[LineReport]:
    """Top-level business lines of the year (children nested), with everything the report shows.

    Five queries whatever the number of lines, plus what KPI providers and the budget do.
    """
    lines = list(
        BusinessLine.objects.filter(year=year)
        .select_related("department")
        .order_by("sort_order", "code")
    )
    kpis = list(Kpi.objects.filter(year=year).order_by("sort_order", "id"))
    milestones = list(Milestone.objects.filter(line__year=year).order_by("sort_order", "id"))
    narratives = list(Narrative.objects.filter(year=year, as_of__lte=as_of).order_by("as_of", "id"))
    context = FigureContext(year=year, as_of=as_of, kpis=kpis)
    by_key = context.kpi_figures_by_key()

    reports = {
        line.pk: LineReport(line=line, children=[], kpis=[], milestones=[], narratives=[])
        for line in lines
    }
    for kpi in kpis:
        reports[kpi.line_id].kpis.append(by_key[kpi.key])
    for milestone in milestones:
        reports[milestone.line_id].milestones.append(milestone)
    for narrative in narratives:
        reports[narrative.line_id].narratives.append(_render(narrative, context))
    top: list[LineReport] = []
    for line in lines:
        if line.parent_id and line.parent_id in reports:
            reports[line.parent_id].children.append(reports[line.pk])
        else:
            top.append(reports[line.pk])
    return top


def program_changes(*, year: int) -> list[ProgramChange]:
    """The year's tagged changes in table order (several items may share one name)."""
    return list(ProgramChange.objects.filter(year=year).select_related("line"))


@dataclass(frozen=True)
class ChangeRow:
    """One row of the changes table: a name, last year's items and this year's tagged items."""

    name: str
    previous: list[str]
    changes: list[ProgramChange]


def program_change_table(*, year: int) -> list[ChangeRow]:
    rows: dict[str, ChangeRow] = {}
    for change in program_changes(year=year):
        row = rows.get(change.name)
        if row is None:
            row = rows[change.name] = ChangeRow(
                name=change.name, previous=change.previous_list, changes=[]
            )
        row.changes.append(change)
    return list(rows.values())


# Staff pages


def line_years() -> list[int]:
    return list(BusinessLine.objects.order_by("-year").values_list("year", flat=True).distinct())


def line_list(*, year: int, department_id: int | None = None) -> list[BusinessLine]:
    """The year's lines in report order, each with kpi_count and last_value_on (one query)."""
    lines = (
        BusinessLine.objects.filter(year=year)
        .select_related("department", "parent")
        .annotate(kpi_count=Count("kpis", distinct=True), last_value_on=Max("kpis__values__as_of"))
        .order_by("sort_order", "code")
    )
    if department_id:
        lines = lines.filter(department_id=department_id)
    return list(lines)


@dataclass(frozen=True)
class LineDetail:
    line: BusinessLine
    children: list[BusinessLine]
    kpis: list[KpiFigure]
    milestones: list[Milestone]
    narratives: list[RenderedNarrative]


def line_detail(line: BusinessLine, *, as_of: dt.date) -> LineDetail:
    """A line's page: its KPIs as of the date, milestones and narratives rendered."""
    line = (
        BusinessLine.objects.select_related("department", "parent")
        .prefetch_related(
            Prefetch("children", queryset=BusinessLine.objects.order_by("sort_order", "code")),
            Prefetch("kpis", queryset=Kpi.objects.order_by("sort_order", "id")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("sort_order", "id")),
            Prefetch("narratives", queryset=Narrative.objects.order_by("as_of")),
        )
        .get(pk=line.pk)
    )
    kpis = list(line.kpis.all())
    by_pk = kpi_figures(kpis, as_of=as_of)
    # Each narrative shows the figures of its own period; narratives of one period share lookups,
    # and those of the page's own date reuse the table's figures.
    contexts = {
        as_of: FigureContext(
            year=line.year, as_of=as_of, known={kpi.key: by_pk[kpi.pk] for kpi in kpis}
        )
    }
    rendered = []
    for narrative in line.narratives.all():
        context = contexts.setdefault(
            narrative.as_of, FigureContext(year=line.year, as_of=narrative.as_of)
        )
        rendered.append(_render(narrative, context))
    return LineDetail(
        line=line,
        children=list(line.children.all()),
        kpis=[by_pk[kpi.pk] for kpi in kpis],
        milestones=list(line.milestones.all()),
        narratives=rendered,
    )


def kpi_updated_count(*, since: dt.datetime) -> int:
    """How many KPIs received a manual value entered since the given moment."""
    return KpiValue.objects.filter(created_at__gte=since).values("kpi").distinct().count()
