"""Spreadsheets in and out: read an XLSX or CSV into a header and numbered rows, write XLSX,
and the import report every importer returns (row, column, Korean reason for each bad row).

Row numbers are the ones Excel shows (1-based, counting blank rows), so staff can find a
reported row in the file they uploaded. The first non-empty row is the header unless an
importer knows its names: `locate_header` then finds it below merged title and unit rows.
"""

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

# Spreadsheets are written through core.spreadsheets (text stays text); write_xlsx is kept
# importable from here for the callers that always have.
from .spreadsheets import add_table_sheet, new_workbook, workbook_bytes
from .spreadsheets import write_xlsx as write_xlsx

_SPACES = re.compile(r"\s+")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003)
REPORT_SUFFIXES = (".json", ".xlsx")


class TabularError(ValueError):
    """The file cannot be read as a table at all; the message is Korean, for the user."""


@dataclass(frozen=True)
class RowError:
    """One problem in an imported file: the spreadsheet row, the column header as written in
    the file ("" when the whole row or file is concerned) and a Korean reason."""

    row: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"행 {self.row}" if self.row else "파일"
        if self.column:
            where = f"{where} · {self.column}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class TableRow:
    """A data row: its spreadsheet row number and {normalised header: cell value}.

    Empty cells are "" so callers can test truthiness; other values keep their type
    (XLSX numbers and dates stay numbers and datetimes). `cells` are the row as read, every
    column, so `locate_header` can take another row as the header.
    """

    number: int
    values: dict[str, object]
    cells: tuple[object, ...] = ()


@dataclass(frozen=True)
class Table:
    headers: list[str]
    source_headers: dict[str, str]
    header_row: int
    rows: list[TableRow]
    # The header row's own cells and the non-empty rows above it (a title, a unit row).
    header_cells: tuple[object, ...] = ()
    above: tuple[TableRow, ...] = ()

    def source_header(self, header: str) -> str:
        """The header as written in the file, for messages ('기 관 명' rather than '기관명')."""
        return self.source_headers.get(header, header)


def normalize_header(value: object) -> str:
    """Header text without any whitespace, full-width characters read as their plain forms
    (NFKC): '기 관 명 ' → '기관명', '예산액（천원）' → '예산액(천원)'."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", cell_text(value))).lstrip("\ufeff")


def plain_text(value: object) -> str:
    """A cell as trimmed text in its plain forms (NFKC): full-width digits, letters, brackets
    and commas read as ASCII ('１２３－４５' → '123-45'). For codes, numbers and choice words;
    names and addresses are kept as written (NFKC would turn '㈜' into '(주)')."""
    return unicodedata.normalize("NFKC", cell_text(value)).strip()


# Won per money unit, longest first so '백만원' is not read as '만원'.
MONEY_UNITS = {"백만원": 1_000_000, "억원": 100_000_000, "천원": 1_000, "만원": 10_000, "원": 1}
_STATED_UNIT = re.compile(r"단위\s*:?\s*(" + "|".join(MONEY_UNITS) + ")")
_HEADER_NOTE = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")


def header_note(header: str) -> tuple[str, str]:
    """A normalised header without its bracketed notes, and the money unit a note states:
    '판매가(천원)' → ('판매가', '천원'), '판매가(단위:원)' → ('판매가', '원'),
    '근로자수(명)' → ('근로자수', '')."""
    unit = ""
    for match in _HEADER_NOTE.finditer(header):
        note = (match.group(1) or match.group(2) or "").removeprefix("단위").lstrip(":")
        if note in MONEY_UNITS:
            unit = note
    return _HEADER_NOTE.sub("", header), unit


def stated_unit(table: Table) -> tuple[str, int]:
    """The money unit a row above the header states ('(단위: 천원)', also a cell of the header
    row itself), and that row's number; ('', 0) when none does. The last one stated wins."""
    unit, row_number = "", 0
    for row in (*table.above, TableRow(table.header_row, {}, table.header_cells)):
        for cell in row.cells:
            if match := _STATED_UNIT.search(plain_text(cell)):
                unit, row_number = match.group(1), row.number
    return unit, row_number


def cell_text(value: object) -> str:
    """A cell as trimmed text: '' for empty, 12 for 12.0, ISO for dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _is_blank(values: Sequence[object]) -> bool:
    return all(cell_text(v) == "" for v in values)


def read_table(source: str | Path | IO[bytes], *, filename: str | None = None) -> Table:
    """Read the first sheet of an XLSX, or a CSV (UTF-8 with or without BOM, or CP949).

    The first non-empty row is the header; fully empty rows are skipped; columns without a
    header are ignored. `filename` names an uploaded file (its suffix chooses the format).
    Raises TabularError with a Korean message when the file cannot be read.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TabularError(f"파일 '{path}'을(를) 열 수 없습니다.") from exc
    else:
        data = source.read()
    suffix = Path(filename or "").suffix.lower()
    if data.startswith(_OLE_MAGIC) or suffix == ".xls":
        raise TabularError(
            "XLS(Excel 97-2003) 형식은 읽을 수 없습니다. "
            "Excel에서 'Excel 통합 문서(*.xlsx)'로 다시 저장해 주세요."
        )
    if suffix in _XLSX_SUFFIXES or (not suffix and data.startswith(_ZIP_MAGIC)):
        raw_rows = _xlsx_rows(data)
    elif suffix in (".csv", ""):
        raw_rows = _csv_rows(data)
    else:
        raise TabularError("XLSX 또는 CSV 파일만 읽을 수 있습니다.")
    return _table(raw_rows)


def _xlsx_rows(data: bytes) -> list[tuple[int, Sequence[object]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise TabularError(
            "XLSX 파일을 열 수 없습니다. 파일이 손상되었거나 다른 형식입니다."
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        # Some writers record a wrong sheet size; reading without it numbers rows correctly.
        sheet.reset_dimensions()
        return [
            (number, values)
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)
        ]
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[tuple[int, Sequence[object]]]:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TabularError(
            "파일의 글자 인코딩을 읽을 수 없습니다. "
            "UTF-8 또는 CP949(EUC-KR)로 저장한 CSV 파일을 올려 주세요."
        )
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline="")), 1))
    except csv.Error as exc:
        raise TabularError(f"CSV 파일을 읽을 수 없습니다: {exc}") from exc


def _table(raw_rows: Iterable[tuple[int, Sequence[object]]]) -> Table:
    rows = iter(raw_rows)
    first = next(((number, values) for number, values in rows if not _is_blank(values)), None)
    if first is None:
        raise TabularError("파일이 비어 있습니다.")
    header_row, values = first
    return _headed(
        header_row,
        tuple(values),
        ((number, tuple(cells)) for number, cells in rows if not _is_blank(cells)),
        (),
    )


def _headed(
    header_row: int,
    header_cells: tuple[object, ...],
    rows: Iterable[tuple[int, tuple[object, ...]]],
    above: tuple[TableRow, ...],
) -> Table:
    columns: list[tuple[int, str]] = []
    source_headers: dict[str, str] = {}
    for index, value in enumerate(header_cells):
        header = normalize_header(value)
        if not header:
            continue
        if header in source_headers:
            raise TabularError(f"{header_row}행의 열 이름 '{header}'이(가) 두 번 나옵니다.")
        source_headers[header] = cell_text(value).lstrip("\ufeff")
        columns.append((index, header))
    data_rows = [
        TableRow(
            number=number,
            values={
                header: _cell_value(cells[index]) if index < len(cells) else ""
                for index, header in columns
            },
            cells=cells,
        )
        for number, cells in rows
    ]
    return Table(
        headers=[header for _, header in columns],
        source_headers=source_headers,
        header_row=header_row,
        rows=data_rows,
        header_cells=header_cells,
        above=above,
    )


def locate_header(
    table: Table, is_name: Callable[[str], bool], *, least: int = 2, within: int = 30
) -> Table:
    """The table read again with its header on the first row holding at least `least` cells
    that `is_name` accepts (given normalised text), searched from the top of the file.

    For files people lay out as reports: a merged title row, a '(단위: 천원)' row, then the
    header. Rows above the header are kept in `above` (an importer reads its unit there).
    The table is returned unchanged when its header already qualifies, when no row within
    the first `within` rows does, or when it was built without cells (tests, demo data).
    """
    if sum(1 for header in table.headers if is_name(header)) >= least:
        return table
    if not table.header_cells:
        return table
    candidates = [
        *table.above,
        TableRow(table.header_row, {}, table.header_cells),
        *table.rows,
    ]
    for position, row in enumerate(candidates[:within]):
        if sum(1 for cell in row.cells if is_name(normalize_header(cell))) >= least:
            return _headed(
                row.number,
                row.cells,
                ((later.number, later.cells) for later in candidates[position + 1 :]),
                tuple(candidates[:position]),
            )
    return table


def _cell_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value


@dataclass
class ImportReport:
    """What an import did: counts, and every bad row. Shared by every importer's result."""

    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    skipped: int = 0

    def as_dict(self) -> dict:
        return {
            "errors": [error.as_dict() for error in self.errors],
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
        }

    def to_json(self) -> bytes:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2).encode()

    def to_xlsx(self) -> bytes:
        """Two sheets: 요약 (the counts) and 오류 (행, 열, 사유)."""
        workbook = new_workbook(write_only=True)
        add_table_sheet(
            workbook,
            "요약",
            ("구분", "건수"),
            (
                ("새로 등록", self.created),
                ("수정", self.updated),
                ("변경 없음", self.skipped),
                ("오류", len(self.errors)),
            ),
            (14, 10),
        )
        add_table_sheet(
            workbook,
            "오류",
            ("행", "열", "사유"),
            ((error.row, error.column, error.reason) for error in self.errors),
            (8, 20, 80),
        )
        return workbook_bytes(workbook)

    def write(self, path: str | Path) -> None:
        """Save as JSON or XLSX, chosen by the file's suffix."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in REPORT_SUFFIXES:
            raise ValueError("보고서 파일은 .json 또는 .xlsx로 끝나야 합니다.")
        path.write_bytes(self.to_json() if suffix == ".json" else self.to_xlsx())
