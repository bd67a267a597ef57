"""The vendor's quote (견적서) as files a public buyer files with a purchase: XLSX and HWPX.

Both carry the same content, built once by `quote_sheet`: the title, the recipient institution,
the supplier (name, brn, representative, address), the itemised lines, the total, the VAT note
for the lines' tax types and the validity date. Labels are Korean whatever the page's language,
because the document goes into the institution's files.
"""

from dataclasses import dataclass

from django.utils import timezone
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ieum.core.dates import format_long
from ieum.core.hwpx import HwpxWriter
from ieum.core.money import format_won
from ieum.core.spreadsheets import append, new_workbook, workbook_bytes
from ieum.mall.choices import TaxType
from ieum.mall.models import Quote

COLUMNS = ("번호", "품명", "단위", "수량", "단가(원)", "금액(원)")
WIDTHS = (6, 36, 8, 10, 14, 16)


@dataclass(frozen=True)
class QuoteLine:
    number: int
    name: str
    unit: str
    quantity: int
    unit_price_won: int
    amount_won: int


@dataclass(frozen=True)
class QuoteSheet:
    title: str
    quoted_on: str
    recipient: str
    supplier: list[tuple[str, str]]
    lines: list[QuoteLine]
    total_won: int
    vat_note: str
    valid_until: str
    note: str

    @property
    def filename_stem(self) -> str:
        return f"견적서-{self.recipient}"


def vat_note(tax_types: set[str]) -> str:
    """What the prices include, from the tax types of the quoted products."""
    if tax_types == {TaxType.EXEMPT}:
        return "면세 품목으로 부가가치세가 없습니다."
    if TaxType.EXEMPT in tax_types:
        return "과세 품목의 금액은 부가가치세 포함, 면세 품목은 부가가치세가 없습니다."
    return "금액은 부가가치세 포함입니다."


def quote_sheet(quote: Quote) -> QuoteSheet:
    """Everything the 견적서 prints, in order. `quote` comes from
    `selectors.orders.quote_for_document` (institution, enterprise and lines loaded)."""
    request = quote.request
    enterprise = request.vendor.enterprise
    items = list(quote.items.all())
    tax_types = {item.product.tax_type if item.product else TaxType.TAXABLE for item in items}
    return QuoteSheet(
        title="견적서",
        quoted_on=format_long(timezone.localdate(quote.created_at)),
        recipient=request.institution.name,
        supplier=[
            ("상호", enterprise.name),
            ("사업자등록번호", enterprise.brn_display),
            ("대표자", enterprise.representative or "-"),
            ("주소", enterprise.address or "-"),
        ],
        lines=[
            QuoteLine(
                number=index,
                name=item.name,
                unit=item.unit,
                quantity=item.quantity,
                unit_price_won=item.unit_price_won,
                amount_won=item.amount_won,
            )
            for index, item in enumerate(items, 1)
        ],
        total_won=quote.total_won,
        vat_note=vat_note(tax_types),
        valid_until=format_long(quote.valid_until),
        note=quote.note,
    )


def quote_xlsx(quote: Quote) -> bytes:
    """One sheet laid out like a paper 견적서; amounts are numbers with thousands separators."""
    sheet_data = quote_sheet(quote)
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "견적서"
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    last_column = get_column_letter(len(COLUMNS))

    append(sheet, [sheet_data.title])
    sheet.merge_cells(f"A1:{last_column}1")
    sheet["A1"].font = Font(bold=True, size=18)
    sheet["A1"].alignment = Alignment(horizontal="center")
    append(sheet, [])
    append(sheet, ["견적일", sheet_data.quoted_on])
    append(sheet, ["수신", f"{sheet_data.recipient} 귀하"])
    append(sheet, ["공급자"])
    sheet.cell(sheet.max_row, 1).font = bold
    for label, value in sheet_data.supplier:
        append(sheet, ["", label, value])
    append(sheet, [])
    append(sheet, list(COLUMNS))
    header_row = sheet.max_row
    for column in range(1, len(COLUMNS) + 1):
        cell = sheet.cell(header_row, column)
        cell.font = bold
        cell.border = box
        cell.alignment = Alignment(horizontal="center")
    for line in sheet_data.lines:
        append(
            sheet,
            [
                line.number,
                line.name,
                line.unit,
                line.quantity,
                line.unit_price_won,
                line.amount_won,
            ],
        )
        _money_row(sheet, sheet.max_row, box)
    append(sheet, ["", "합계", "", "", "", sheet_data.total_won])
    _money_row(sheet, sheet.max_row, box)
    sheet.cell(sheet.max_row, 2).font = bold
    sheet.cell(sheet.max_row, 6).font = bold
    append(sheet, [])
    append(sheet, ["", sheet_data.vat_note])
    append(sheet, ["", f"견적 유효기간: {sheet_data.valid_until}까지"])
    if sheet_data.note:
        append(sheet, ["", f"비고: {sheet_data.note}"])
    sheet.print_title_rows = f"{header_row}:{header_row}"
    return workbook_bytes(workbook)


def _money_row(sheet, row: int, border: Border) -> None:
    for column in range(1, len(COLUMNS) + 1):
        cell = sheet.cell(row, column)
        cell.border = border
        if column >= 4:
            cell.number_format = "#,##0"


def quote_hwpx(quote: Quote) -> bytes:
    """The same 견적서 as an HWPX (한/글) document with real tables."""
    sheet_data = quote_sheet(quote)
    writer = HwpxWriter()
    writer.title(sheet_data.title)
    writer.paragraph(f"견적일: {sheet_data.quoted_on}")
    writer.paragraph(f"수신: {sheet_data.recipient} 귀하", bold=True)
    writer.paragraph("공급자", bold=True)
    writer.table(("구분", "내용"), sheet_data.supplier, caption="공급자")
    writer.paragraph("아래와 같이 견적합니다.")
    rows = [
        (
            str(line.number),
            line.name,
            line.unit,
            f"{line.quantity:,}",
            f"{line.unit_price_won:,}",
            f"{line.amount_won:,}",
        )
        for line in sheet_data.lines
    ]
    rows.append(("", "합계", "", "", "", f"{sheet_data.total_won:,}"))
    writer.table(COLUMNS, rows, caption="견적 품목")
    writer.paragraph(f"합계 금액: {format_won(sheet_data.total_won)}", bold=True)
    writer.paragraph(sheet_data.vat_note)
    writer.paragraph(f"견적 유효기간: {sheet_data.valid_until}까지")
    if sheet_data.note:
        writer.paragraph(f"비고: {sheet_data.note}")
    return writer.to_bytes()
