"""Budget and ledger files (XLSX or CSV, read by ieum.core.tabular) into a fiscal year.

All-or-nothing: one bad row and nothing is written; every bad row is reported with its row
number, its column as written in the file and a Korean reason.

Budget file: 코드, 상위코드, 구분 (총계/구분/사업/세부사업), 사업명, 예산액 (won). Lines are
matched by code, so importing the same file twice changes nothing.
Ledger file: 집행일자, 예산코드, 금액 (won; 반납·환입 negative), 거래처, 적요, and optionally
유형 (지출/반납/환입). Entries are appended: importing the same file twice books it twice.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from ieum.core.dates import parse_date
from ieum.core.money import format_won, parse_won
from ieum.core.tabular import ImportReport, RowError, Table, TableRow, cell_text

from .choices import NEGATIVE_KINDS, PARENT_KIND, Category, ExpenditureKind, LineKind
from .models import BudgetLine, Expenditure, FiscalYear, Transfer

BUDGET_HEADERS = ("코드", "상위코드", "구분", "사업명", "예산액")
LEDGER_HEADERS = ("집행일자", "예산코드", "금액", "거래처", "적요")
LEDGER_OPTIONAL = ("유형",)
LEDGER_REQUIRED = ("집행일자", "예산코드", "금액")

_NOISE = re.compile(r"[\s·ㆍ()\[\]0-9.\-]")

KIND_WORDS = {
    "총계": LineKind.ROOT,
    "합계": LineKind.ROOT,
    "구분": LineKind.CATEGORY,
    "비목": LineKind.CATEGORY,
    "사업": LineKind.BUSINESS_LINE,
    "단위사업": LineKind.BUSINESS_LINE,
    "세부사업": LineKind.SUB_LINE,
    **{value: value for value in LineKind.values},
}
EXPENDITURE_KIND_WORDS = {
    "지출": ExpenditureKind.SPENDING,
    "반납": ExpenditureKind.RETURN,
    "환입": ExpenditureKind.REFUND,
    **{value: value for value in ExpenditureKind.values},
}


def category_of(name: str) -> str:
    """The category key a category's name stands for ('인 건 비' → personnel), '' if none.

    '일반관리비(인건비+운영비+사업비 2% 이하)' is 일반관리비: the name is read up to its first
    bracket, and 일반관리비 is tested before the words it contains.
    """
    head = _NOISE.sub("", name.split("(")[0])
    if head.startswith("일반관리비"):
        return Category.ADMINISTRATION
    if head in ("인건비",):
        return Category.PERSONNEL
    if head in ("운영비", "경상운영비"):
        return Category.OPERATING
    if head in ("사업비", "총사업비", "직접사업비"):
        return Category.PROGRAM
    return ""


@dataclass
class ImportResult(ImportReport):
    """The report plus the row count; with errors nothing was written and the counts are 0."""

    rows: int = 0
    accepted: bool = False


def _columns(
    table: Table, required: tuple[str, ...], known: tuple[str, ...]
) -> tuple[dict[str, str], list[RowError]]:
    errors = [
        RowError(
            table.header_row,
            "",
            _(
                "'%(column)s' 열이 없습니다. %(row)s행을 열 이름으로 읽었습니다 "
                "(필요한 열: %(all)s)."
            )
            % {"column": name, "row": table.header_row, "all": ", ".join(required)},
        )
        for name in required
        if name not in table.headers
    ]
    if not errors and not table.rows:
        errors.append(RowError(table.header_row, "", _("열 이름 아래에 가져올 행이 없습니다.")))
    return {name: name for name in known if name in table.headers}, errors


class _Reader:
    def __init__(self, table: Table, row: TableRow):
        self.table, self.row = table, row
        self.errors: list[RowError] = []

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.row.number, self.table.source_header(column), reason))

    def text(self, column: str) -> str:
        return cell_text(self.row.values.get(column, ""))

    def amount(self, column: str) -> int | None:
        value = self.row.values.get(column, "")
        if cell_text(value) == "":
            self.error(column, _("금액이 비어 있습니다."))
            return None
        try:
            return parse_won(value)
        except ValueError as exc:
            hint = _("원 단위 정수로 적어 주세요 (예: 1,234,000).")
            self.error(column, f"{exc} {hint}")
            return None


# budget ------------------------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    code: str
    parent_code: str
    kind: str
    name: str
    budget_won: int
    order: int
    category: str = ""
    children: list[str] = field(default_factory=list)


def _read_budget_row(table: Table, row: TableRow, order: int) -> tuple[_Line | None, list]:
    reader = _Reader(table, row)
    code = reader.text("코드")
    if not code:
        reader.error("코드", _("코드가 비어 있습니다."))
    elif len(code) > 30:
        reader.error("코드", _("코드는 30자까지 쓸 수 있습니다."))
    parent_code = reader.text("상위코드")
    word = reader.text("구분")
    kind = KIND_WORDS.get(re.sub(r"\s", "", word))
    if kind is None:
        reader.error(
            "구분",
            _("구분 '%(kind)s'을(를) 알 수 없습니다 (총계, 구분, 사업, 세부사업 중 하나).")
            % {"kind": word},
        )
    name = reader.text("사업명")
    if not name:
        reader.error("사업명", _("사업명이 비어 있습니다."))
    elif len(name) > 200:
        reader.error("사업명", _("사업명은 200자까지 쓸 수 있습니다."))
    budget_won = reader.amount("예산액")
    if budget_won is not None and budget_won < 0:
        reader.error("예산액", _("예산액은 0 이상이어야 합니다."))
    if kind == LineKind.ROOT and parent_code:
        reader.error("상위코드", _("총계 항목에는 상위코드가 없어야 합니다."))
    if kind and kind != LineKind.ROOT and not parent_code:
        reader.error("상위코드", _("상위코드가 비어 있습니다. 총계만 상위코드 없이 둡니다."))
    if parent_code and parent_code == code:
        reader.error("상위코드", _("자기 자신을 상위 항목으로 둘 수 없습니다."))
    if reader.errors:
        return None, reader.errors
    line = _Line(row.number, code, parent_code, kind, name, budget_won, order)
    if kind == LineKind.CATEGORY:
        line.category = category_of(name)
    return line, []


def budget_import(*, year: int, table: Table) -> ImportResult:
    """Create or update the year's budget lines (matched by code) from `table`."""
    result = ImportResult(rows=len(table.rows))
    _cols, errors = _columns(table, BUDGET_HEADERS, BUDGET_HEADERS)
    if errors:
        result.errors = errors
        return result
    lines: dict[str, _Line] = {}
    for order, row in enumerate(table.rows, 1):
        line, row_errors = _read_budget_row(table, row, order)
        errors.extend(row_errors)
        if line is None:
            continue
        if line.code in lines:
            errors.append(
                RowError(
                    row.number,
                    table.source_header("코드"),
                    _("코드 '%(code)s'이(가) %(first)s행과 %(second)s행에 두 번 나옵니다.")
                    % {"code": line.code, "first": lines[line.code].number, "second": row.number},
                )
            )
            continue
        lines[line.code] = line

    stored = {
        line.code: line
        for line in BudgetLine.objects.filter(fiscal_year__year=year).select_related("parent")
    }
    booked = set(
        Expenditure.objects.filter(line__fiscal_year__year=year)
        .values_list("line__code", flat=True)
        .distinct()
    )
    kinds = {code: line.kind for code, line in stored.items()} | {
        code: line.kind for code, line in lines.items()
    }
    roots = [line for line in lines.values() if line.kind == LineKind.ROOT]
    stored_roots = [code for code, line in stored.items() if line.kind == LineKind.ROOT]
    parent_column = table.source_header("상위코드")
    for line in lines.values():
        if not line.parent_code:
            continue
        parent_kind = kinds.get(line.parent_code)
        if parent_kind is None:
            errors.append(
                RowError(
                    line.number,
                    parent_column,
                    _("상위코드 '%(code)s'인 항목이 파일에도 %(year)s년 예산에도 없습니다.")
                    % {"code": line.parent_code, "year": year},
                )
            )
        elif parent_kind != PARENT_KIND[line.kind]:
            errors.append(
                RowError(
                    line.number,
                    parent_column,
                    _(
                        "%(kind)s 항목은 %(parent)s 항목 아래에만 둘 수 있습니다 "
                        "('%(code)s'은(는) %(actual)s)."
                    )
                    % {
                        "kind": LineKind(line.kind).label,
                        "parent": LineKind(PARENT_KIND[line.kind]).label,
                        "code": line.parent_code,
                        "actual": LineKind(parent_kind).label,
                    },
                )
            )
        elif line.parent_code in booked:
            errors.append(
                RowError(
                    line.number,
                    parent_column,
                    _("상위 항목 '%(code)s'에는 이미 집행 내역이 있어 하위 항목을 둘 수 없습니다.")
                    % {"code": line.parent_code},
                )
            )
    if len(roots) > 1:
        for line in roots[1:]:
            errors.append(
                RowError(
                    line.number,
                    table.source_header("구분"),
                    _("총계 항목은 하나만 둘 수 있습니다 (%(first)s행).")
                    % {"first": roots[0].number},
                )
            )
    elif roots and any(code != roots[0].code for code in stored_roots):
        errors.append(
            RowError(
                roots[0].number,
                table.source_header("코드"),
                _("%(year)s년 예산에는 이미 코드 '%(code)s'인 총계 항목이 있습니다.")
                % {"year": year, "code": stored_roots[0]},
            )
        )
    elif not roots and not stored_roots:
        errors.append(RowError(table.header_row, "", _("총계 항목(상위코드 없음)이 없습니다.")))
    for code, line in lines.items():
        stored_line = stored.get(code)
        if stored_line and stored_line.kind != line.kind and code in booked:
            errors.append(
                RowError(
                    line.number,
                    table.source_header("구분"),
                    _("집행 내역이 있는 항목의 구분은 바꿀 수 없습니다."),
                )
            )
    if errors:
        result.errors = sorted(errors, key=lambda e: e.row)
        return result
    result.created, result.updated, result.skipped = _write_budget(year, lines, stored)
    result.accepted = True
    return result


_DEPTH = {LineKind.ROOT: 0, LineKind.CATEGORY: 1, LineKind.BUSINESS_LINE: 2, LineKind.SUB_LINE: 3}


@transaction.atomic
def _write_budget(
    year: int, lines: dict[str, _Line], stored: dict[str, BudgetLine]
) -> tuple[int, int, int]:
    fiscal_year, _created = FiscalYear.objects.get_or_create(year=year)
    by_code = dict(stored)
    created = updated = skipped = 0
    for line in sorted(lines.values(), key=lambda item: (_DEPTH[item.kind], item.order)):
        values = {
            "parent": by_code[line.parent_code] if line.parent_code else None,
            "kind": line.kind,
            "category": line.category,
            "name": line.name,
            "budget_won": line.budget_won,
            "sort_order": line.order,
        }
        existing = by_code.get(line.code)
        if existing is None:
            existing = BudgetLine(fiscal_year=fiscal_year, code=line.code, **values)
            created += 1
        elif any(getattr(existing, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(existing, name, value)
            updated += 1
        else:
            skipped += 1
            continue
        existing.full_clean()
        existing.save()
        by_code[line.code] = existing
    return created, updated, skipped


# ledger ------------------------------------------------------------------------------------


def ledger_import(*, year: int, table: Table) -> ImportResult:
    """Append the file's entries to the year's ledger; each on a leaf line of that year."""
    result = ImportResult(rows=len(table.rows))
    _cols, errors = _columns(table, LEDGER_REQUIRED, LEDGER_HEADERS + LEDGER_OPTIONAL)
    lines = {
        line.code: line
        for line in BudgetLine.objects.filter(fiscal_year__year=year).select_related("fiscal_year")
    }
    if not errors and not lines:
        errors.append(
            RowError(
                0, "", _("%(year)s년 예산이 없습니다. 예산을 먼저 가져오세요.") % {"year": year}
            )
        )
    if errors:
        result.errors = errors
        return result
    parents = {line.parent_id for line in lines.values()}
    remaining = _remaining_by_line(year)
    # The ledger grows by appending, so a file imported twice would book everything twice:
    # a row identical to an entry already in the ledger is refused.
    booked = Counter(
        Expenditure.objects.filter(line__fiscal_year__year=year).values_list(
            "line_id", "spent_on", "amount_won", "counterparty", "description"
        )
    )
    entries: list[Expenditure] = []
    for row in table.rows:
        reader = _Reader(table, row)
        day = None
        try:
            day = parse_date(row.values.get("집행일자", ""))
        except ValueError as exc:
            reader.error("집행일자", str(exc))
        if day is not None and day.year != year:
            reader.error(
                "집행일자",
                _("집행일자 %(day)s은(는) %(year)s 회계연도가 아닙니다.")
                % {"day": day.isoformat(), "year": year},
            )
        code = reader.text("예산코드")
        line = lines.get(code)
        if not code:
            reader.error("예산코드", _("예산코드가 비어 있습니다."))
        elif line is None:
            reader.error(
                "예산코드",
                _("예산코드 '%(code)s'은(는) %(year)s년 예산에 없습니다.")
                % {"code": code, "year": year},
            )
        elif line.pk in parents:
            reader.error(
                "예산코드",
                _("'%(code)s %(name)s'은(는) 하위 항목이 있어 집행을 기록할 수 없습니다.")
                % {"code": code, "name": line.name},
            )
        amount = reader.amount("금액")
        if amount == 0:
            reader.error("금액", _("금액은 0이 아니어야 합니다."))
        kind = None
        if amount:
            word = reader.text("유형")
            if word:
                kind = EXPENDITURE_KIND_WORDS.get(word)
                if kind is None:
                    reader.error(
                        "유형",
                        _("유형 '%(kind)s'을(를) 알 수 없습니다 (지출, 반납, 환입 중 하나).")
                        % {"kind": word},
                    )
            else:
                kind = ExpenditureKind.SPENDING if amount > 0 else ExpenditureKind.REFUND
            if kind == ExpenditureKind.SPENDING and amount < 0:
                reader.error("금액", _("지출 금액은 양수여야 합니다."))
            elif kind in NEGATIVE_KINDS and amount > 0:
                reader.error("금액", _("반납·환입은 음수 금액으로 적어 주세요."))
        counterparty, description = reader.text("거래처"), reader.text("적요")
        if len(counterparty) > 200:
            reader.error("거래처", _("거래처는 200자까지 쓸 수 있습니다."))
        if len(description) > 300:
            reader.error("적요", _("적요는 300자까지 쓸 수 있습니다."))
        if not reader.errors and line is not None and amount is not None:
            signature = (line.pk, day, amount, counterparty, description)
            if booked[signature]:
                booked[signature] -= 1
                reader.error(
                    "금액",
                    _("이미 장부에 있는 집행입니다 (같은 날짜·예산코드·금액·거래처·적요)."),
                )
        if not reader.errors and line is not None and amount is not None:
            left = remaining[line.pk]
            if amount > left:
                reader.error(
                    "금액",
                    _("'%(name)s'의 남은 예산 %(left)s을(를) 넘습니다.")
                    % {"name": line.name, "left": format_won(left)},
                )
            else:
                remaining[line.pk] = left - amount
        if reader.errors:
            errors.extend(reader.errors)
            continue
        entries.append(
            Expenditure(
                line=line,
                spent_on=day,
                amount_won=amount,
                kind=kind,
                counterparty=counterparty,
                description=description,
            )
        )
    if errors:
        result.errors = errors
        return result
    _write_ledger(entries)
    result.created = len(entries)
    result.accepted = True
    return result


def _remaining_by_line(year: int) -> dict[int, int]:
    """Each line's budget after every transfer less its entries so far (lines with any)."""
    remaining: dict[int, int] = defaultdict(int)
    lines = BudgetLine.objects.filter(fiscal_year__year=year).values_list("pk", "budget_won")
    for pk, budget in lines:
        remaining[pk] = budget
    for from_id, to_id, amount in Transfer.objects.filter(Q(fiscal_year__year=year)).values_list(
        "from_line_id", "to_line_id", "amount_won"
    ):
        remaining[from_id] -= amount
        remaining[to_id] += amount
    for line_id, total in (
        Expenditure.objects.filter(line__fiscal_year__year=year)
        .values("line_id")
        .annotate(total=Sum("amount_won"))
        .values_list("line_id", "total")
        .order_by()
    ):
        remaining[line_id] -= total
    return dict(remaining)


@transaction.atomic
def _write_ledger(entries: list[Expenditure]) -> None:
    for entry in entries:
        entry.full_clean(exclude=["evidence"])
    Expenditure.objects.bulk_create(entries, batch_size=500)
