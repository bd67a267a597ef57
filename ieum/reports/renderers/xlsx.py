"""The report's tables as a workbook: one sheet per table, numbers stored as numbers.

Money is stored in won (the raw integer) with the number format '#,##0,' so that Excel shows
it in 천원 exactly as the report prints it, while a sum or a filter works on the real amount.
Rates are stored as the printed percentage (57.6) with the format '0.0"%"'.
"""

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ieum.core.spreadsheets import append, new_workbook, workbook_bytes
from ieum.reports.model import CellKind, Report, Table

NUMBER_FORMATS = {
    CellKind.WON: "#,##0,",
    CellKind.RATE: '0.0"%"',
    CellKind.COUNT: "#,##0",
    CellKind.NUMBER: "#,##0.##",
}
SHEET_NAME_LIMIT = 31
FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


def render(report: Report) -> bytes:
    workbook = new_workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in report.tables():
        _sheet(workbook, table, _sheet_name(table.title, used))
    if not workbook.worksheets:
        workbook.create_sheet(_sheet_name(report.title, used))
    return workbook_bytes(workbook)


def _sheet_name(title: str, used: set[str]) -> str:
    base = " ".join(title.translate(FORBIDDEN).split())[:SHEET_NAME_LIMIT].strip("'") or "표"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    used.add(name.lower())
    return name


def _sheet(workbook, table: Table, name: str) -> None:
    sheet = workbook.create_sheet(name)
    append(sheet, [table.title])
    sheet["A1"].font = Font(bold=True, size=12)
    append(sheet, [table.unit] if table.unit else [])
    header_row = 3
    append(sheet, list(table.columns))
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_width(column) for column in table.columns]
    for row in table.rows:
        values = []
        for index, cell in enumerate(row):
            values.append(cell.value if cell.is_number else cell.text)
            widths[index] = max(widths[index], _width(cell.text))
        append(sheet, values)
        for index, cell in enumerate(row):
            target = sheet.cell(row=sheet.max_row, column=index + 1)
            if cell.is_number:
                target.number_format = (
                    NUMBER_FORMATS[CellKind.COUNT]
                    if cell.kind == CellKind.NUMBER and isinstance(cell.value, int)
                    else NUMBER_FORMATS[cell.kind]
                )
            elif "\n" in cell.text:
                target.alignment = Alignment(wrap_text=True, vertical="top")
    if table.note:
        append(sheet, [])
        append(sheet, [table.note])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _width(text: str) -> int:
    """Display width of the longest line: Hangul and other wide characters count double."""
    longest = 0
    for line in str(text).splitlines() or [""]:
        longest = max(longest, sum(2 if ord(char) > 0x1100 else 1 for char in line))
    return longest
