"""Budget and ledger files (XLSX or CSV, read by ieum.core.tabular) into a fiscal year.

All-or-nothing: one bad row and nothing is written; every bad row is reported with its row
number, its column as written in the file and a Korean reason saying what was expected.

Files are read as people write them: the header is found by its names below merged title
rows, header names ignore spaces, full-width forms (NFKC) and a bracketed note
('예산액 (교부액)'), and amounts may be in 천원 or 백만원 when a unit row above the header
('(단위: 천원)') or the header itself ('예산액(천원)') says so.

Budget file: 코드, 상위코드, 구분, 예산액, and optionally 사업명. 구분 holds either the level
(총계/구분/사업/세부사업, with the name in 사업명: ieum's own format) or, as the seed's table
writes it, the line's name (총계, 인건비, 1. 판로지원 강화, - 민간판로지원). The level of
each line is read from the tree (상위코드); a file without a 총계 row gets a root that is the
sum of its top-level lines. Lines are matched by code, so importing the same file twice
changes nothing.
Ledger file: 집행일자, 예산코드, 금액 (won; 반납·환입 negative), 거래처, 적요, and optionally
유형 (지출/반납/환입). Entries are appended; an entry already in the ledger is refused.
"""

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from ieum.core.choices import ChangeAction
from ieum.core.dates import parse_date
from ieum.core.history import record, snapshot
from ieum.core.imports import bulk_insert
from ieum.core.money import format_won, parse_won
from ieum.core.permissions import require_permission
from ieum.core.tabular import (
    BIGINT_MAX,
    MONEY_UNITS,
    ImportReport,
    RowError,
    Table,
    TableRow,
    TabularError,
    cell_text,
    header_note,
    locate_header,
    plain_text,
    stated_unit,
)

from .choices import NEGATIVE_KINDS, PARENT_KIND, Category, ExpenditureKind, LineKind
from .models import BudgetLine, Expenditure, FiscalYear, Transfer

# ieum's own budget format (the export, the demo); 사업명 may be left out (see above).
BUDGET_HEADERS = ("코드", "상위코드", "구분", "사업명", "예산액")
BUDGET_REQUIRED = ("코드", "상위코드", "구분", "예산액")
LEDGER_HEADERS = ("집행일자", "예산코드", "금액", "거래처", "적요")
LEDGER_OPTIONAL = ("유형",)
LEDGER_REQUIRED = ("집행일자", "예산코드", "금액")

# Other names people give the same columns (compared without spaces and bracketed notes).
SYNONYMS = {
    "코드": ("예산코드", "항목코드"),
    "상위코드": ("상위예산코드", "상위항목코드"),
    "사업명": ("항목명", "세부사업명"),
    "예산액": ("예산", "교부액"),
    "집행일자": ("집행일", "일자"),
    "금액": ("집행액", "집행금액"),
}
_CHUNK = 500  # ids per IN (…) query
_BATCH = 2_000  # rows per executemany
_DECIMAL = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_DASHES = ("-", "–", "—", "－")

_NOISE = re.compile(r"[\s·ㆍ()\[\]0-9.\-]")
_BULLET = re.compile(r"^[\s\-–—·ㆍ•∙○◦●▪■□◇◆※*>]+")

ROOT_WORDS = ("총계", "합계", LineKind.ROOT.value)
LEVEL_WORDS = {
    "구분": LineKind.CATEGORY,
    "비목": LineKind.CATEGORY,
    "사업": LineKind.BUSINESS_LINE,
    "단위사업": LineKind.BUSINESS_LINE,
    "세부사업": LineKind.SUB_LINE,
    **{value: value for value in LineKind.values if value != LineKind.ROOT},
}
KIND_WORDS = {**{word: LineKind.ROOT for word in ROOT_WORDS}, **LEVEL_WORDS}
EXPENDITURE_KIND_WORDS = {
    "지출": ExpenditureKind.SPENDING,
    "반납": ExpenditureKind.RETURN,
    "환입": ExpenditureKind.REFUND,
    **{value: value for value in ExpenditureKind.values},
}
_KIND_AT_DEPTH = (LineKind.ROOT, LineKind.CATEGORY, LineKind.BUSINESS_LINE, LineKind.SUB_LINE)
_DEPTH = {kind: depth for depth, kind in enumerate(_KIND_AT_DEPTH)}
COMPUTED_ROOT_CODE = "총계"


def _word(value: object) -> str:
    """A cell as a word to compare: plain forms, no spaces ('총 계' → '총계')."""
    return re.sub(r"\s", "", plain_text(value))


def _line_name(value: object) -> str:
    """A name as written, without the list mark and indentation the seed's table puts before
    sub-lines ('  - 민간판로지원' → '민간판로지원') and with runs of spaces made one."""
    return re.sub(r"\s+", " ", _BULLET.sub("", cell_text(value))).strip()


def category_of(name: str) -> str:
    """The category key a category's name stands for ('인 건 비' → personnel), '' if none.

    '일반관리비(인건비+운영비+사업비 2% 이하)' is 일반관리비: the name is read up to its first
    bracket, and 일반관리비 is tested before the words it contains.
    """
    head = _NOISE.sub("", unicodedata.normalize("NFKC", name).split("(")[0])
    if head.startswith("일반관리비"):
        return Category.ADMINISTRATION
    if head in ("인건비",):
        return Category.PERSONNEL
    if head in ("운영비", "경상운영비"):
        return Category.OPERATING
    if head in ("사업비", "총사업비", "직접사업비"):
        return Category.PROGRAM
    return ""


def _category_head(name: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", name).split("(")[0])


@dataclass
class ImportResult(ImportReport):
    """The report plus the row count; with errors nothing was written and the counts are 0."""

    rows: int = 0
    accepted: bool = False
    ignored_columns: list[str] = field(default_factory=list)


# columns -----------------------------------------------------------------------------------


def _canonical(header: str, names: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The column a (normalised) header stands for, and the unit its brackets state.

    '예산액(교부액)' → ('예산액', None); '예산액(천원)' → ('예산액', '천원');
    '금액(단위:원)' → ('금액', '원').
    """
    base, unit = header_note(header)
    unit = unit or None
    for name in names:
        if base == name or base in SYNONYMS.get(name, ()):
            return name, unit
    return None, None


@dataclass
class _Columns:
    """Where each expected column is in the table, and the unit its amounts are written in."""

    table: Table
    keys: dict[str, str]
    units: dict[str, str]
    stated_unit: str | None = None
    stated_row: int = 0

    def source(self, name: str) -> str:
        return self.table.source_header(self.keys.get(name, name))

    def unit(self, name: str) -> str:
        return self.units.get(name) or self.stated_unit or "원"


def _columns(
    table: Table, required: tuple[str, ...], known: tuple[str, ...]
) -> tuple[_Columns, list[RowError]]:
    """Find the header by its names (below any title or unit rows), map the columns, read
    the unit stated above the header; every required column missing is an error."""

    def is_name(header: str) -> bool:
        return _canonical(header, known)[0] is not None

    errors: list[RowError] = []
    try:
        table = locate_header(table, is_name, least=min(2, len(required)))
    except TabularError as exc:
        return _Columns(table, {}, {}), [RowError(0, "", str(exc))]
    keys: dict[str, str] = {}
    units: dict[str, str] = {}
    for header in table.headers:
        name, unit = _canonical(header, known)
        if name is None or name in keys:
            continue
        keys[name] = header
        if unit:
            units[name] = unit
    columns = _Columns(table, keys, units)
    unit, row_number = stated_unit(table)
    if unit:
        columns.stated_unit, columns.stated_row = unit, row_number
    missing = [name for name in required if name not in keys]
    for name in missing:
        errors.append(
            RowError(
                table.header_row,
                "",
                _(
                    "'%(column)s' 열이 없습니다. %(row)s행을 열 이름으로 읽었습니다 "
                    "(필요한 열: %(all)s)."
                )
                % {"column": name, "row": table.header_row, "all": ", ".join(required)},
            )
        )
    if not errors and not table.rows:
        errors.append(RowError(table.header_row, "", _("열 이름 아래에 가져올 행이 없습니다.")))
    return columns, errors


class _Reader:
    def __init__(self, columns: _Columns, row: TableRow):
        self.columns, self.row = columns, row
        self.errors: list[RowError] = []

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.row.number, self.columns.source(column), reason))

    def value(self, column: str) -> object:
        key = self.columns.keys.get(column)
        return self.row.values.get(key, "") if key else ""

    def text(self, column: str) -> str:
        """The cell as trimmed text in plain forms (codes, words)."""
        return plain_text(self.value(column))

    def amount(self, column: str) -> int | None:
        """Whole won, from a number or text in the column's unit (원 unless stated), within
        what the database holds."""
        won = self._amount(column)
        if won is not None and abs(won) > BIGINT_MAX:
            self.error(
                column,
                _("금액 '%(value)s'은(는) 너무 큽니다 (%(limit)s원까지).")
                % {"value": cell_text(self.value(column)), "limit": f"{BIGINT_MAX:,}"},
            )
            return None
        return won

    def _amount(self, column: str) -> int | None:
        value = self.value(column)
        unit = self.columns.unit(column)
        factor = MONEY_UNITS[unit]
        text = plain_text(value) if isinstance(value, str) else value
        if cell_text(text) == "":
            self.error(column, _("금액이 비어 있습니다."))
            return None
        if text in _DASHES:
            return 0
        if factor == 1:
            try:
                return parse_won(text)
            except ValueError as exc:
                hint = _("원 단위 정수로 적어 주세요 (예: 1,234,000).")
                self.error(column, f"{exc} {hint}")
                return None
        if isinstance(text, str):
            text = text.removesuffix(unit).strip()
        number = None
        if isinstance(text, int | float) and not isinstance(text, bool):
            number = Decimal(repr(text))
        elif isinstance(text, str) and _DECIMAL.match(text):
            try:
                number = Decimal(text.replace(",", ""))
            except InvalidOperation:
                number = None
        where = (
            _("%(row)s행의 '단위: %(unit)s'") % {"row": self.columns.stated_row, "unit": unit}
            if column not in self.columns.units
            else _("열 이름 '%(header)s'") % {"header": self.columns.source(column)}
        )
        if number is None:
            self.error(
                column,
                _(
                    "금액 '%(value)s'을(를) 읽을 수 없습니다. %(unit)s 단위 숫자로 적어 주세요 "
                    "(예: 1,536,596; 단위는 %(where)s에서 읽었습니다)."
                )
                % {"value": cell_text(value), "unit": unit, "where": where},
            )
            return None
        won = number * factor
        if won != won.to_integral_value():
            self.error(
                column,
                _(
                    "금액 '%(value)s' %(unit)s은(는) 원 단위로 떨어지지 않습니다 "
                    "(단위는 %(where)s에서 읽었습니다)."
                )
                % {"value": cell_text(value), "unit": unit, "where": where},
            )
            return None
        return int(won)


# budget ------------------------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    code: str
    parent_code: str
    name: str
    budget_won: int
    order: int
    declared: str | None = None  # the level 구분 states, if it states one
    hint: str = ""  # the category 구분 names when 사업명 holds the line's name
    is_root: bool = False
    kind: str = ""
    category: str = ""
    children: list[str] = field(default_factory=list)


def _read_budget_row(columns: _Columns, row: TableRow, order: int) -> tuple[_Line | None, list]:
    reader = _Reader(columns, row)
    code = reader.text("코드")
    if not code:
        reader.error("코드", _("코드가 비어 있습니다."))
    elif len(code) > 30:
        reader.error("코드", _("코드는 30자까지 쓸 수 있습니다."))
    parent_code = reader.text("상위코드")
    written = reader.value("구분")
    word = _word(written)
    declared = KIND_WORDS.get(word)
    has_name_column = "사업명" in columns.keys
    name, hint = _line_name(reader.value("사업명")), ""
    if name:
        # ieum's format: 구분 is the level, or the category the line belongs to.
        hint = "" if declared or not word else _line_name(written)
    elif declared in LEVEL_WORDS.values() or not word:
        # A level word, or nothing, with nowhere else for the name.
        if has_name_column:
            reader.error("사업명", _("사업명이 비어 있습니다."))
        else:
            reader.error(
                "구분",
                _(
                    "구분에 항목 이름이 없습니다 ('%(word)s'). 항목 이름(총계, 인건비, "
                    "1. 판로지원 강화 …)을 적거나 사업명 열을 두어 주세요."
                )
                % {"word": cell_text(written)},
            )
    else:
        # The seed's format: 구분 is the line's name (총계, 인 건 비, - 민간판로지원).
        name = _line_name(written)
    if len(name) > 200:
        reader.error("사업명" if has_name_column else "구분", _("이름은 200자까지 쓸 수 있습니다."))
    budget_won = reader.amount("예산액")
    if budget_won is not None and budget_won < 0:
        reader.error("예산액", _("예산액은 0 이상이어야 합니다."))
    is_root = declared == LineKind.ROOT or (
        not declared and not hint and not parent_code and _word(name) in ROOT_WORDS
    )
    if is_root and parent_code:
        reader.error("상위코드", _("총계 항목에는 상위코드가 없어야 합니다."))
    if parent_code and parent_code == code:
        reader.error("상위코드", _("자기 자신을 상위 항목으로 둘 수 없습니다."))
    if reader.errors:
        return None, reader.errors
    line = _Line(
        row.number,
        code,
        parent_code,
        name,
        budget_won,
        order,
        declared=declared,
        hint=hint,
        is_root=is_root,
    )
    return line, []


def budget_import(*, year: int, table: Table, actor) -> ImportResult:
    """Create or update the year's budget lines (matched by code) from `table`."""
    require_permission(actor, "budget.edit")
    columns, errors = _columns(table, BUDGET_REQUIRED, BUDGET_HEADERS)
    table = columns.table
    result = ImportResult(rows=len(table.rows))
    if errors:
        result.errors = errors
        return result
    lines: dict[str, _Line] = {}
    for order, row in enumerate(table.rows, 1):
        line, row_errors = _read_budget_row(columns, row, order)
        errors.extend(row_errors)
        if line is None:
            continue
        if line.code in lines:
            errors.append(
                RowError(
                    row.number,
                    columns.source("코드"),
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
    errors.extend(_tree_errors(year, columns, lines, stored, booked))
    if errors:
        result.errors = sorted(errors, key=lambda e: e.row)
        return result
    result.created, result.updated, result.skipped = _write_budget(year, lines, stored, actor=actor)
    result.accepted = True
    return result


def _tree_errors(
    year: int,
    columns: _Columns,
    lines: dict[str, _Line],
    stored: dict[str, BudgetLine],
    booked: set[str],
) -> list[RowError]:
    """Place every line in the tree: its level from its ancestors, the root (the file's 총계,
    the year's, or the sum of the top-level lines), and the rules of the tree. Sets `kind`,
    `category` and top-level lines' `parent_code`; may add the computed root to `lines`."""
    errors: list[RowError] = []
    parent_column, kind_column = columns.source("상위코드"), columns.source("구분")
    roots = [line for line in lines.values() if line.is_root]
    stored_roots = [code for code, line in stored.items() if line.kind == LineKind.ROOT]
    tops = [line for line in lines.values() if not line.is_root and not line.parent_code]
    if len(roots) > 1:
        for line in roots[1:]:
            errors.append(
                RowError(
                    line.number,
                    kind_column,
                    _("총계 항목은 하나만 둘 수 있습니다 (%(first)s행).")
                    % {"first": roots[0].number},
                )
            )
    elif roots and any(code != roots[0].code for code in stored_roots):
        errors.append(
            RowError(
                roots[0].number,
                columns.source("코드"),
                _("%(year)s년 예산에는 이미 코드 '%(code)s'인 총계 항목이 있습니다.")
                % {"year": year, "code": stored_roots[0]},
            )
        )
    elif not roots and not stored_roots and not tops:
        errors.append(
            RowError(
                columns.table.header_row,
                "",
                _(
                    "총계 항목(상위코드 없음)이 없습니다. 총계 행을 두거나, 맨 위 구분 "
                    "항목(인건비, 운영비 …)의 상위코드를 비워 두면 총계를 합계로 만듭니다."
                ),
            )
        )
    if roots:
        for line in tops:
            errors.append(
                RowError(
                    line.number,
                    parent_column,
                    _(
                        "상위코드가 비어 있습니다. 총계 행(%(row)s행)이 있는 파일에서는 "
                        "총계만 상위코드 없이 둡니다: 상위코드에 '%(code)s'처럼 적어 주세요."
                    )
                    % {"row": roots[0].number, "code": roots[0].code},
                )
            )
        tops = []

    # The level of each line is its depth in the tree.
    depth: dict[str, int | None] = {}

    def depth_of(code: str) -> int | None:
        chain: list[str] = []
        while code not in depth:
            line = lines.get(code)
            if line is None:
                depth[code] = _DEPTH[stored[code].kind] if code in stored else None
                break
            if line.is_root:
                depth[code] = 0
                break
            if not line.parent_code:
                depth[code] = 1
                break
            if code in chain:
                cycle = chain[chain.index(code) :]
                for member in cycle:
                    depth[member] = None
                    errors.append(
                        RowError(
                            lines[member].number,
                            parent_column,
                            _("상위코드가 돌고 돌아 제자리로 옵니다 (%(path)s).")
                            % {"path": " → ".join([*cycle, cycle[0]])},
                        )
                    )
                break
            chain.append(code)
            code = line.parent_code
        value = depth[code]
        for member in reversed(chain):
            if member not in depth:
                value = None if value is None else value + 1
                depth[member] = value
            else:
                value = depth[member]
        return depth[chain[0]] if chain else depth[code]

    for line in lines.values():
        parent = line.parent_code
        if parent and parent not in lines and parent not in stored:
            errors.append(
                RowError(
                    line.number,
                    parent_column,
                    _("상위코드 '%(code)s'인 항목이 파일에도 %(year)s년 예산에도 없습니다.")
                    % {"code": parent, "year": year},
                )
            )
            continue
        level = depth_of(line.code)
        if level is None:
            continue
        if level >= len(_KIND_AT_DEPTH):
            errors.append(
                RowError(
                    line.number,
                    parent_column,
                    _(
                        "예산은 총계·구분·사업·세부사업 네 단계까지입니다: 상위 항목 "
                        "'%(code)s'은(는) 세부사업이라 그 아래에 항목을 둘 수 없습니다."
                    )
                    % {"code": parent},
                )
            )
            continue
        line.kind = _KIND_AT_DEPTH[level]
        if line.declared and line.declared != line.kind:
            if parent:
                errors.append(
                    RowError(
                        line.number,
                        parent_column,
                        _(
                            "%(kind)s 항목은 %(parent)s 항목 아래에만 둘 수 있습니다 "
                            "('%(code)s'은(는) %(actual)s)."
                        )
                        % {
                            "kind": LineKind(line.declared).label,
                            "parent": LineKind(PARENT_KIND[line.declared]).label,
                            "code": parent,
                            "actual": _KIND_AT_DEPTH[level - 1].label,
                        },
                    )
                )
            else:
                errors.append(
                    RowError(
                        line.number,
                        parent_column,
                        _(
                            "상위코드가 비어 있어 맨 위 구분 항목으로 읽었지만 구분은 "
                            "'%(kind)s'입니다. 상위코드를 적어 주세요."
                        )
                        % {"kind": LineKind(line.declared).label},
                    )
                )
            continue
        if parent in booked:
            errors.append(
                RowError(
                    line.number,
                    parent_column,
                    _("상위 항목 '%(code)s'에는 이미 집행 내역이 있어 하위 항목을 둘 수 없습니다.")
                    % {"code": parent},
                )
            )
    if errors:
        return errors

    for line in lines.values():
        if line.kind == LineKind.CATEGORY:
            line.category = category_of(line.hint) or category_of(line.name)
    for line in lines.values():
        if line.hint:
            error = _hint_error(line, lines, stored)
            if error:
                errors.append(RowError(line.number, kind_column, error))
        stored_line = stored.get(line.code)
        if stored_line and stored_line.kind != line.kind and line.code in booked:
            errors.append(
                RowError(
                    line.number,
                    kind_column,
                    _("집행 내역이 있는 항목의 구분은 바꿀 수 없습니다."),
                )
            )
    if not errors and tops:
        _add_computed_root(lines, stored, tops, stored_roots, columns.table.header_row)
    return errors


def _hint_error(line: _Line, lines: dict[str, _Line], stored: dict[str, BudgetLine]) -> str:
    """'' when the category 구분 names is the one the line is, or sits under."""
    code = line.code
    while True:
        node = lines.get(code)
        kind = node.kind if node else stored[code].kind
        if kind == LineKind.CATEGORY:
            break
        code = node.parent_code if node else stored[code].parent.code
    if node:
        key, name = node.category, node.name
    else:
        key, name = stored[code].category, stored[code].name
    wanted = category_of(line.hint)
    if (wanted and wanted == key) or _category_head(line.hint) == _category_head(name):
        return ""
    return _(
        "구분 '%(word)s'을(를) 알 수 없습니다: 이 항목은 구분 '%(name)s'에 속합니다. 구분에는 "
        "단계(총계, 구분, 사업, 세부사업)나 속한 구분의 이름(예: %(name)s)을 적어 주세요."
    ) % {"word": line.hint, "name": name}


def _add_computed_root(
    lines: dict[str, _Line],
    stored: dict[str, BudgetLine],
    tops: list[_Line],
    stored_roots: list[str],
    number: int,
) -> None:
    """A file without a 총계 row: the root is the year's (or a new one coded '총계') and its
    budget the sum of its children once the file is in (the file's top-level lines and the
    year's categories the file does not restate)."""
    if stored_roots:
        code = stored_roots[0]
        name = stored[code].name
    else:
        code, name = COMPUTED_ROOT_CODE, _("총계")
        while code in lines or code in stored:
            code = f"{code}_"
    for line in tops:
        line.parent_code = code
    children = [line.budget_won for line in lines.values() if line.parent_code == code]
    children += [
        line.budget_won
        for line in stored.values()
        if line.parent_id and line.parent.code == code and line.code not in lines
    ]
    lines[code] = _Line(number, code, "", name, sum(children), 0, is_root=True, kind=LineKind.ROOT)


# What a budget line's history shows when an import creates or changes it.
LINE_HISTORY_FIELDS = ["name", "category", "budget_won", "parent"]


@transaction.atomic
def _write_budget(
    year: int, lines: dict[str, _Line], stored: dict[str, BudgetLine], *, actor
) -> tuple[int, int, int]:
    """Write the lines, parents first; each line created or changed is recorded in its
    history (core.history) with the person who imported the file."""
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
        before = None
        if existing is None:
            existing = BudgetLine(fiscal_year=fiscal_year, code=line.code, **values)
            created += 1
        elif any(getattr(existing, name) != value for name, value in values.items()):
            before = snapshot(existing, LINE_HISTORY_FIELDS)
            for name, value in values.items():
                setattr(existing, name, value)
            updated += 1
        else:
            skipped += 1
            continue
        existing.full_clean()
        existing.save()
        record(
            actor=actor,
            obj=existing,
            action=ChangeAction.CHANGED if before else ChangeAction.CREATED,
            before=before,
            fields=LINE_HISTORY_FIELDS,
            note=_("%(code)s %(name)s, 예산 가져오기") % {"code": line.code, "name": line.name},
        )
        by_code[line.code] = existing
    return created, updated, skipped


# ledger ------------------------------------------------------------------------------------


def ledger_import(*, year: int, table: Table, actor) -> ImportResult:
    """Append the file's entries to the year's ledger; each on a leaf line of that year."""
    require_permission(actor, "budget.edit")
    columns, errors = _columns(table, LEDGER_REQUIRED, LEDGER_HEADERS + LEDGER_OPTIONAL)
    table = columns.table
    result = ImportResult(rows=len(table.rows))
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
    budget_seen = dict(remaining)
    entries: list[Expenditure] = []
    numbers: list[int] = []
    for row in table.rows:
        reader = _Reader(columns, row)
        day = None
        try:
            day = parse_date(reader.value("집행일자"))
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
        # As written: a counterparty's '㈜' stays '㈜' (NFKC would make it '(주)').
        counterparty = cell_text(reader.value("거래처"))
        description = cell_text(reader.value("적요"))
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
        numbers.append(row.number)
    if errors:
        result.errors = errors
        return result
    errors = _write_ledger(year, entries, numbers, budget_seen, columns)
    if errors:
        result.errors = errors
        return result
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


def _over_budget(
    entries: list[Expenditure], numbers: list[int], remaining: dict[int, int], column: str
) -> list[RowError]:
    """The rows that spend beyond their line's remaining budget, taken in file order (a
    refund earlier in the file makes room for spending after it)."""
    errors, left = [], dict(remaining)
    for entry, number in zip(entries, numbers, strict=True):
        line = entry.line
        if entry.amount_won > left[line.pk]:
            errors.append(
                RowError(
                    number,
                    column,
                    _("'%(name)s'의 남은 예산 %(left)s을(를) 넘습니다.")
                    % {"name": line.name, "left": format_won(left[line.pk])},
                )
            )
        else:
            left[line.pk] -= entry.amount_won
    return errors


def _already_booked(rows: list[tuple[Expenditure, int]], column: str) -> list[RowError]:
    """The rows identical to an entry booked on their line since the file was checked (the
    same file imported twice at once: the second waits on the lines' locks, then finds the
    first's entries here)."""
    booked = Counter(
        Expenditure.objects.filter(line_id__in={entry.line_id for entry, _n in rows}).values_list(
            "line_id", "spent_on", "amount_won", "counterparty", "description"
        )
    )
    errors = []
    for entry, number in rows:
        signature = (
            entry.line_id,
            entry.spent_on,
            entry.amount_won,
            entry.counterparty,
            entry.description,
        )
        if booked[signature]:
            booked[signature] -= 1
            errors.append(
                RowError(
                    number,
                    column,
                    _("이미 장부에 있는 집행입니다 (같은 날짜·예산코드·금액·거래처·적요)."),
                )
            )
    return errors


@transaction.atomic
def _write_ledger(
    year: int,
    entries: list[Expenditure],
    numbers: list[int],
    budget_seen: dict[int, int],
    columns: _Columns,
) -> list[RowError]:
    """Write the checked entries in one short transaction: the file's lines are locked (as
    expenditure_create locks its line), and their remaining budgets are read again; only if
    another entry or transfer changed one since the file was checked are that line's rows
    checked again, for entries already booked and for the budget. Rows are inserted in bulk
    (core.imports.bulk_insert): the file was validated in memory, field by field and against
    the check constraints, which the database enforces again on insert."""
    line_ids = sorted({entry.line_id for entry in entries})
    for start in range(0, len(line_ids), _CHUNK):
        list(
            BudgetLine.objects.select_for_update()
            .filter(pk__in=line_ids[start : start + _CHUNK])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    now = _remaining_by_line(year)
    changed = {pk for pk in line_ids if now.get(pk, 0) != budget_seen.get(pk, 0)}
    if changed:
        again = [(e, n) for e, n in zip(entries, numbers, strict=True) if e.line_id in changed]
        column = columns.source("금액")
        errors = _already_booked(again, column) or _over_budget(
            [e for e, _n in again], [n for _e, n in again], now, column
        )
        if errors:
            transaction.set_rollback(True)
            return errors
    bulk_insert(Expenditure, entries, batch_size=_BATCH)
    return []
