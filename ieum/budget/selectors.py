"""Every non-trivial read of the budget. The tree is built in Python from three queries (lines,
transfers, ledger sums per leaf), whatever the size of the ledger."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from ieum.core.history import attach_history, history_for_each
from ieum.core.money import format_won, rate

from .choices import Category
from .models import BudgetLine, Expenditure, FiscalYear, Transfer

PAGE_SIZE = 50


@dataclass(frozen=True)
class BudgetNode:
    """One node of a year's budget at an as-of date, with its children."""

    code: str
    name: str
    kind: str
    budget_won: int
    executed_won: int
    children: list["BudgetNode"] = field(default_factory=list)
    category: str = ""
    pk: int | None = None

    @property
    def rate(self) -> Decimal | None:
        return rate(self.executed_won, self.budget_won)

    @property
    def remaining_won(self) -> int:
        return self.budget_won - self.executed_won

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self, depth: int = 0):
        """(depth, node) for this node and every node below it, in tree order."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def leaves(self):
        return [node for _depth, node in self.walk() if node.is_leaf]

    def as_dict(self) -> dict:
        value = self.rate
        return {
            "code": self.code,
            "name": self.name,
            "budget_won": self.budget_won,
            "executed_won": self.executed_won,
            "rate": None if value is None else float(value),
            "children": [child.as_dict() for child in self.children],
        }


def _build(
    lines: list[BudgetLine], budget_delta: dict[int, int], executed: dict[int, int]
) -> BudgetNode | None:
    """The tree from its lines; leaf figures (transfer delta, executed) are added up to every
    ancestor, so a transfer between two lines under one parent leaves the parent as it was."""
    children: dict[int | None, list[BudgetLine]] = defaultdict(list)
    for line in lines:
        children[line.parent_id].append(line)

    def node(line: BudgetLine) -> tuple[BudgetNode, int]:
        built = [node(child) for child in children.get(line.pk, [])]
        if built:
            delta = sum(child_delta for _child, child_delta in built)
            spent = sum(child.executed_won for child, _child_delta in built)
        else:
            delta = budget_delta.get(line.pk, 0)
            spent = executed.get(line.pk, 0)
        result = BudgetNode(
            code=line.code,
            name=line.name,
            kind=line.kind,
            budget_won=line.budget_won + delta,
            executed_won=spent,
            children=[child for child, _child_delta in built],
            category=line.category,
            pk=line.pk,
        )
        return result, delta

    roots = children.get(None, [])
    return node(roots[0])[0] if roots else None


def _transfer_deltas(transfers) -> dict[int, int]:
    delta: dict[int, int] = defaultdict(int)
    for from_id, to_id, amount in transfers:
        delta[from_id] -= amount
        delta[to_id] += amount
    return delta


def _tree(*, year: int, as_of: dt.date, with_ledger: bool = True) -> BudgetNode | None:
    lines = list(BudgetLine.objects.filter(fiscal_year__year=year).order_by("sort_order", "id"))
    if not lines:
        return None
    transfers = Transfer.objects.filter(
        fiscal_year_id=lines[0].fiscal_year_id, transferred_on__lte=as_of
    ).values_list("from_line_id", "to_line_id", "amount_won")
    executed = {}
    if with_ledger:
        # By line ids rather than a join to the year: SQLite then reads the covering index
        # (line, spent_on, amount_won) and never the table.
        executed = dict(
            Expenditure.objects.filter(line_id__in=[line.pk for line in lines], spent_on__lte=as_of)
            .values("line_id")
            .annotate(total=Sum("amount_won"))
            .values_list("line_id", "total")
            .order_by()
        )
    return _build(lines, _transfer_deltas(transfers), executed)


def budget_execution(*, year: int, as_of: dt.date) -> BudgetNode | None:
    """The root of the year's tree: budgets after the transfers made up to `as_of` and the
    ledger up to `as_of` (refunds negative), rolled up. None when the year has no budget.
    Three queries, whatever the size of the ledger."""
    return _tree(year=year, as_of=as_of)


def budget_current(*, year: int) -> BudgetNode | None:
    """The tree with every transfer and ledger entry recorded so far, whatever its date."""
    return budget_execution(year=year, as_of=dt.date.max)


def line_remaining(line: BudgetLine) -> int:
    """A leaf's budget after every transfer, less everything booked on it so far."""
    moved = Transfer.objects.filter(Q(from_line=line) | Q(to_line=line)).values_list(
        "from_line_id", "to_line_id", "amount_won"
    )
    delta = _transfer_deltas(moved).get(line.pk, 0)
    spent = Expenditure.objects.filter(line=line).aggregate(total=Sum("amount_won"))["total"]
    return line.budget_won + delta - (spent or 0)


def budget_rule_violations(*, year: int) -> list[str]:
    """The budget rules this year's tree breaks (Korean sentences); [] when it keeps them all.

    Children add up to their parent (budgets after every transfer, at every node), and
    일반관리비 ≤ 2% of (인건비 + 운영비 + 사업비), the categories being known by their key.
    """
    root = _tree(year=year, as_of=dt.date.max, with_ledger=False)
    if root is None:
        return []
    problems: list[str] = []
    for _depth, node in root.walk():
        if node.children:
            total = sum(child.budget_won for child in node.children)
            if total != node.budget_won:
                problems.append(
                    _(
                        "'%(name)s'의 예산액 %(budget)s이(가) 하위 항목 합계 %(total)s과(와) "
                        "다릅니다."
                    )
                    % {
                        "name": node.name,
                        "budget": format_won(node.budget_won),
                        "total": format_won(total),
                    }
                )
    by_category: dict[str, int] = defaultdict(int)
    for child in root.children:
        if child.category:
            by_category[child.category] += child.budget_won
    if Category.ADMINISTRATION in by_category:
        base = sum(
            by_category[key] for key in (Category.PERSONNEL, Category.OPERATING, Category.PROGRAM)
        )
        admin = by_category[Category.ADMINISTRATION]
        # Integers only: admin ≤ base × 2 / 100.
        if admin * 100 > base * 2:
            problems.append(
                _(
                    "일반관리비 %(admin)s이(가) 인건비·운영비·사업비 합계 %(base)s의 2%%"
                    "(%(limit)s)를 넘습니다."
                )
                % {
                    "admin": format_won(admin),
                    "base": format_won(base),
                    "limit": format_won(base * 2 // 100),
                }
            )
    return problems


def monthly_execution(*, year: int, as_of: dt.date) -> list[tuple[int, int]]:
    """(month, executed won) for January to the as-of month (or December), net of refunds.

    Summed per day in the database (at most 366 rows) and per month here: a month function
    in SQL would run once per entry, in Python, on SQLite."""
    per_day = (
        Expenditure.objects.filter(
            line__fiscal_year__year=year, spent_on__year=year, spent_on__lte=as_of
        )
        .values("spent_on")
        .annotate(total=Sum("amount_won"))
        .values_list("spent_on", "total")
        .order_by()
    )
    sums: dict[int, int] = defaultdict(int)
    for day, total in per_day:
        sums[day.month] += total
    last = as_of.month if as_of.year == year else (12 if as_of.year > year else 0)
    return [(month, sums.get(month, 0)) for month in range(1, last + 1)]


def fiscal_years() -> list[int]:
    return list(
        FiscalYear.objects.filter(lines__isnull=False).distinct().values_list("year", flat=True)
    )


def leaf_lines(*, year: int) -> list[BudgetLine]:
    """The lines of a year that take ledger entries, in tree order."""
    lines = list(BudgetLine.objects.filter(fiscal_year__year=year).order_by("sort_order", "id"))
    parents = {line.parent_id for line in lines}
    return [line for line in lines if line.pk not in parents]


@dataclass(frozen=True)
class LedgerFilters:
    year: int
    line: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    counterparty: str = ""


def expenditure_list(filters: LedgerFilters) -> QuerySet[Expenditure]:
    queryset = Expenditure.objects.filter(line__fiscal_year__year=filters.year)
    if filters.line:
        queryset = queryset.filter(line_id=filters.line)
    if filters.start:
        queryset = queryset.filter(spent_on__gte=filters.start)
    if filters.end:
        queryset = queryset.filter(spent_on__lte=filters.end)
    if filters.counterparty:
        queryset = queryset.filter(counterparty__icontains=filters.counterparty)
    return queryset.select_related("line", "created_by", "override_by").order_by("-spent_on", "-id")


def expenditure_page(filters: LedgerFilters, page_number: object) -> Page:
    """A page of the ledger, each entry with its `history` (who entered it, one query)."""
    page = Paginator(expenditure_list(filters), PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    attach_history(page.object_list)
    return page


def ledger_total(filters: LedgerFilters) -> int:
    return expenditure_list(filters).aggregate(total=Sum("amount_won"))["total"] or 0


def transfer_list(*, year: int) -> QuerySet[Transfer]:
    return Transfer.objects.filter(fiscal_year__year=year).select_related(
        "from_line", "to_line", "made_by"
    )


def latest_year() -> int | None:
    return (
        FiscalYear.objects.filter(lines__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def expenditure_get(pk: int) -> Expenditure | None:
    return Expenditure.objects.filter(pk=pk).first()


def budget_line_changes(*, year: int, limit: int = 30) -> list:
    """The latest changes to the year's budget lines (who imported what, old → new), newest
    first: the overview's 변경 이력."""
    by_line = history_for_each(BudgetLine.objects.filter(fiscal_year__year=year))
    changes = [change for line_changes in by_line.values() for change in line_changes]
    changes.sort(key=lambda change: (change.at, change.pk), reverse=True)
    return changes[:limit]
