"""The one door every spreadsheet ieum writes goes through (XLSX and CSV).

Text from people (a vendor's quote line, an enterprise's name, a booking's title, a report's
narrative) must stay text when a spreadsheet opens the file. openpyxl stores a string starting
with '=' as a formula, and Excel or LibreOffice runs a CSV cell starting with '=', '+', '-',
'@', a tab or a carriage return (OWASP "CSV injection"). So:

- XLSX: every string is stored as a text cell (data type "s"), never a formula or an error
  code; characters XML cannot hold (NUL and other C0 controls but tab and newline) are
  dropped instead of crashing the download. Numbers, dates and booleans stay what they are,
  so a sum or a filter in Excel works on them; a negative *number* stays a number.
- CSV: risky text is prefixed with a single quote, as OWASP recommends.
- A formula ieum writes on purpose is wrapped in `Formula` and only then written as one.

`new_workbook` / `append` / `workbook_bytes` are the XLSX door (`workbook_bytes` also turns any
stray formula cell of a normal workbook back into text before saving), `write_xlsx` the one-sheet
table most exports need, `write_csv` the CSV door. No other module creates an openpyxl
`Workbook` or a `csv.writer`: ieum/core/tests/test_spreadsheet_safety.py checks the source.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from numbers import Number

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# What a spreadsheet may read as the start of a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULAS = "_ieum_formulas"


class Formula(str):
    """A formula ieum writes on purpose ('=SUM(B2:B9)'); the only text written as one."""


def is_risky(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula."""
    return text.startswith(FORMULA_STARTS)


def xlsx_text(text: str) -> str:
    """`text` without the characters an XLSX cannot hold (NUL, other C0 controls)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def cell(sheet, value: object, *, font: Font | None = None) -> Cell:
    """A cell for `sheet.append` (normal or write-only sheet): text is text, numbers numbers."""
    if isinstance(value, Formula):
        target = WriteOnlyCell(sheet, value=str(value))
        target.data_type = "f"
        # openpyxl keeps a plain str: the sheet remembers which cells are formulas on purpose.
        sheet.__dict__.setdefault(_FORMULAS, set()).add(id(target))
    elif isinstance(value, str):
        target = WriteOnlyCell(sheet, value=xlsx_text(value))
        target.data_type = "s"
    else:
        target = WriteOnlyCell(sheet, value=_plain_value(value))
    if font is not None:
        target.font = font
    return target


def _plain_value(value: object) -> object:
    if value is None or isinstance(value, Number | dt.date | dt.time):
        return value
    if isinstance(value, dt.timedelta):
        return value
    # Anything else (a lazy translation, an enum label) is written as its text.
    return str(value)


def append(sheet, values: Iterable[object], *, font: Font | None = None) -> int:
    """Append a row through the guard; returns the row's number (1-based)."""
    sheet.append([cell(sheet, value, font=font) for value in values])
    return getattr(sheet, "max_row", 0)


def new_workbook(*, write_only: bool = False) -> Workbook:
    """An empty workbook (without its default sheet when write-only)."""
    return Workbook(write_only=write_only)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved file. In a normal workbook any formula cell not written as `Formula` is turned
    back into text first, whatever way it was set (`sheet["A1"] = …`, `sheet.cell(…)`)."""
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            meant = sheet.__dict__.get(_FORMULAS, set())
            for row in sheet.iter_rows():
                for target in row:
                    if target.data_type in ("f", "e") and id(target) not in meant:
                        target.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_table_sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] | None = None,
) -> None:
    """A sheet with a bold, frozen header row, then `rows` (streamed into a write-only book)."""
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths or (), 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    append(sheet, headers, font=Font(bold=True))
    for row in rows:
        append(sheet, row)


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str = "Sheet1",
    widths: Sequence[int] | None = None,
) -> bytes:
    """An XLSX with one sheet: a bold, frozen header row, then `rows` (streamed).

    None leaves a cell empty; dates are written as Excel dates; text is always text.
    """
    workbook = new_workbook(write_only=True)
    add_table_sheet(workbook, title, headers, rows, widths)
    return workbook_bytes(workbook)


def csv_text(value: object) -> str:
    """A CSV field: risky text gets a leading single quote; numbers and dates as written."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if is_risky(value) else value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float | Decimal):
        return str(value)
    text = str(value)
    return "'" + text if is_risky(text) else text


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV in UTF-8 with a BOM (so Excel reads the Korean), every field through `csv_text`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([csv_text(header) for header in headers])
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()
