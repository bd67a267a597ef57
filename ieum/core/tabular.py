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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

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
    """The file cannot be read as a table at all; the message is Korean, for the user.
    `errors` are the row errors it stands for (one, the message, unless cells are named)."""

    def __init__(self, message: str, *, errors: list["RowError"] | None = None):
        super().__init__(message)
        self.errors = errors or [RowError(0, "", message)]


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
    """No cell holds anything but spaces (what cell_text reads as '')."""
    for value in values:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        return False
    return True


@dataclass(frozen=True)
class ReadLimits:
    """What read_table accepts (settings IMPORT_MAX_*): the file's bytes, the bytes an XLSX
    unpacks to, the compression ratio of any part above RATIO_FLOOR bytes, the data rows and
    the columns. Each is checked before or while reading, never after the whole is in memory."""

    max_bytes: int = 20 * 1024 * 1024
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 100
    max_rows: int = 200_000
    max_columns: int = 200

    @classmethod
    def from_settings(cls) -> "ReadLimits":
        from django.conf import settings

        default = cls()
        return cls(
            max_bytes=getattr(settings, "IMPORT_MAX_BYTES", default.max_bytes),
            max_unpacked_bytes=getattr(
                settings, "IMPORT_MAX_UNPACKED_BYTES", default.max_unpacked_bytes
            ),
            max_ratio=getattr(settings, "IMPORT_MAX_RATIO", default.max_ratio),
            max_rows=getattr(settings, "IMPORT_MAX_ROWS", default.max_rows),
            max_columns=getattr(settings, "IMPORT_MAX_COLUMNS", default.max_columns),
        )


# The largest whole numbers the database holds: BigIntegerField (money) and IntegerField.
BIGINT_MAX = 2**63 - 1
INT_MAX = 2**31 - 1

# Small parts (styles, the workbook's own XML) compress far better than data and are harmless.
RATIO_FLOOR = 1024 * 1024
# C0 control characters and DEL; tab, line feed and carriage return are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _size(count: int) -> str:
    """Bytes as people read a file's size: '20 MB', '1.5 MB', '900 KB'."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):,.1f}".removesuffix(".0") + " MB"
    return f"{max(count // 1024, 1):,} KB"


def file_size_error(size: int, limits: ReadLimits | None = None) -> str:
    """The Korean refusal of a file over the size limit ('' when it is within)."""
    limits = limits or ReadLimits.from_settings()
    if size <= limits.max_bytes:
        return ""
    return _(
        "파일이 너무 큽니다 (%(size)s). 가져올 수 있는 파일은 %(limit)s까지입니다. "
        "파일을 나눠 올려 주세요."
    ) % {"size": _size(size), "limit": _size(limits.max_bytes)}


def read_table(
    source: str | Path | IO[bytes],
    *,
    filename: str | None = None,
    limits: ReadLimits | None = None,
) -> Table:
    """Read the first sheet of an XLSX, or a CSV (UTF-8 with or without BOM, or CP949).

    The first non-empty row is the header; fully empty rows are skipped; columns without a
    header are ignored. `filename` names an uploaded file (its suffix chooses the format).
    Raises TabularError with a Korean message when the file cannot be read, is over one of
    `limits` (the settings' IMPORT_MAX_* by default), or holds control characters (every
    such cell is reported with its row and column in the error's `errors`).
    """
    limits = limits or ReadLimits.from_settings()
    if isinstance(source, str | Path):
        path = Path(source)
        filename = filename or path.name
        try:
            if message := file_size_error(path.stat().st_size, limits):
                raise TabularError(message)
            with path.open("rb") as file:
                data = file.read(limits.max_bytes + 1)
        except OSError as exc:
            raise TabularError(f"파일 '{path}'을(를) 열 수 없습니다.") from exc
    else:
        data = source.read(limits.max_bytes + 1)
    if message := file_size_error(len(data), limits):
        raise TabularError(message)
    suffix = Path(filename or "").suffix.lower()
    if data.startswith(_OLE_MAGIC) or suffix == ".xls":
        raise TabularError(
            "XLS(Excel 97-2003) 형식은 읽을 수 없습니다. "
            "Excel에서 'Excel 통합 문서(*.xlsx)'로 다시 저장해 주세요."
        )
    if suffix in _XLSX_SUFFIXES or (not suffix and data.startswith(_ZIP_MAGIC)):
        _check_archive(data, limits)
        raw_rows = _xlsx_rows(data, limits)
    elif suffix in (".csv", ""):
        raw_rows = _csv_rows(data, limits)
    else:
        raise TabularError("XLSX 또는 CSV 파일만 읽을 수 있습니다.")
    return _table(_bounded(raw_rows, limits))


def _check_archive(data: bytes, limits: ReadLimits) -> None:
    """Refuse a zip bomb from the archive's directory alone, before anything is unpacked.

    Python's zipfile never inflates a member beyond the size the directory declares (it stops
    there, and a wrong checksum is an error), so the declared sizes bound what reading costs.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TabularError(
            "XLSX 파일을 열 수 없습니다. 파일이 손상되었거나 다른 형식입니다."
        ) from exc
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked_bytes:
        raise TabularError(
            _(
                "압축을 풀면 %(size)s가 되는 파일이라 읽지 않았습니다. 가져올 수 있는 파일은 "
                "압축을 푼 크기가 %(limit)s까지입니다. 파일을 나눠 올려 주세요."
            )
            % {"size": _size(unpacked), "limit": _size(limits.max_unpacked_bytes)}
        )
    for member in members:
        if member.file_size <= RATIO_FLOOR:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_ratio:
            raise TabularError(
                _(
                    "파일 안의 '%(name)s'이(가) %(ratio)s배로 압축되어 있어 읽지 않았습니다 "
                    "(압축률 한도 %(limit)s배). 빈 셀이나 같은 값이 지나치게 많은 파일입니다."
                )
                % {"name": member.filename, "ratio": f"{ratio:,.0f}", "limit": limits.max_ratio}
            )


def _bounded(
    raw_rows: Iterable[tuple[int, Sequence[object]]], limits: ReadLimits
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """The non-blank rows as they are read, refused as soon as there are more than the header
    and max_rows others, or one has a value beyond the last column read."""
    counted = 0
    allowed = limits.max_rows + 1  # the header
    for number, values in raw_rows:
        if len(values) > limits.max_columns:
            extra = values[limits.max_columns :]
            if extra.count(None) + extra.count("") != len(extra):
                raise TabularError(
                    _(
                        "%(row)s행에 %(limit)s번째 열보다 뒤에 값이 있습니다. 가져올 수 있는 "
                        "열은 %(limit)s개까지입니다."
                    )
                    % {"row": number, "limit": limits.max_columns}
                )
            values = values[: limits.max_columns]
        if _is_blank(values):
            continue
        counted += 1
        if counted > allowed:
            raise TabularError(
                _(
                    "데이터가 %(limit)s행을 넘습니다. 한 번에 %(limit)s행까지 가져올 수 "
                    "있으니 파일을 나눠 올려 주세요."
                )
                % {"limit": f"{limits.max_rows:,}"}
            )
        yield number, tuple(values)


class _StreamedSheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet without its size scan. openpyxl looks for the sheet's
    <dimension> when it opens a sheet and, in a file without one, parses up to the end of
    <sheetData>: the whole sheet, before the first row is read (minutes for a zip bomb, even
    with a row limit). ieum reads rows without dimensions anyway (reset_dimensions)."""

    def _get_size(self) -> None:
        self.reset_dimensions()


def _first_sheet(data: bytes) -> tuple[ExcelReader, ReadOnlyWorksheet | None]:
    """The workbook's parts a sheet needs (shared strings, date formats) and its first
    worksheet, opened as a stream; load_workbook would open (and size) every sheet."""
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        for sheet, rel in reader.parser.find_sheets():
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
                return reader, _StreamedSheet(
                    reader.wb, sheet.name, rel.target, reader.shared_strings
                )
    except BaseException:
        reader.archive.close()
        raise
    return reader, None


def _xlsx_rows(data: bytes, limits: ReadLimits) -> Iterator[tuple[int, Sequence[object]]]:
    """The first sheet's rows, streamed: the sheet's XML is parsed as rows are taken, so memory
    holds the rows kept, not the sheet, and a limit stops the reading where it is reached."""
    try:
        reader, sheet = _first_sheet(data)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise TabularError(
            "XLSX 파일을 열 수 없습니다. 파일이 손상되었거나 다른 형식입니다."
        ) from exc
    try:
        if sheet is None:
            raise TabularError("파일이 비어 있습니다.")
        try:
            yield from enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as exc:
            # A damaged part (bad checksum, broken XML) shows only when it is read.
            raise TabularError(
                "XLSX 파일을 열 수 없습니다. 파일이 손상되었거나 다른 형식입니다."
            ) from exc
    finally:
        reader.archive.close()


def _csv_rows(data: bytes, limits: ReadLimits) -> Iterator[tuple[int, Sequence[object]]]:
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
    del data
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline="")), 1)
    except csv.Error as exc:
        raise TabularError(f"CSV 파일을 읽을 수 없습니다: {exc}") from exc


def _control_errors(header_cells: tuple[object, ...], rows) -> list["RowError"]:
    """Every cell holding a control character (NUL and the like: no spreadsheet shows them
    and the database refuses NUL), with its row and its column's header."""
    errors = []
    for number, cells in rows:
        texts = [cell for cell in cells if isinstance(cell, str)]
        if not texts or not _CONTROL.search("".join(texts)):
            continue
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and (match := _CONTROL.search(cell)):
                header = cell_text(header_cells[index]) if index < len(header_cells) else ""
                errors.append(
                    RowError(
                        number,
                        header or get_column_letter(index + 1),
                        _(
                            "보이지 않는 제어 문자(코드 %(code)s)가 들어 있습니다. "
                            "지우고 다시 올려 주세요."
                        )
                        % {"code": f"U+{ord(match.group()):04X}"},
                    )
                )
    return errors


def _table(raw_rows: Iterable[tuple[int, Sequence[object]]]) -> Table:
    """The table of non-blank rows (as _bounded yields them): the first is the header."""
    rows = iter(raw_rows)
    first = next(rows, None)
    if first is None:
        raise TabularError("파일이 비어 있습니다.")
    header_row, values = first
    kept = list(rows)
    errors = _control_errors(tuple(values), [(header_row, tuple(values)), *kept])
    if errors:
        raise TabularError(
            _("보이지 않는 제어 문자가 든 칸이 %(count)s개 있습니다. 처음 것: %(first)s")
            % {"count": len(errors), "first": errors[0]},
            errors=errors,
        )
    return _headed(header_row, tuple(values), kept, ())


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
