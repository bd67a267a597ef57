"""The monthly settlement of a facility as an XLSX: amounts by kind (청구, 납부, 미납) and the
month's invoices, amounts as numbers in won. Written in Korean, whatever the page's language,
because the settlement it feeds is Korean."""

from django.utils import translation
from openpyxl.styles import Font

from ieum.core.spreadsheets import append, new_workbook, workbook_bytes

from .choices import InvoiceKind, InvoiceStatus
from .selectors.fees import Settlement

SUMMARY_HEADERS = ("구분", "건수", "청구액(원)", "납부액(원)", "미납액(원)")
INVOICE_HEADERS = (
    "번호",
    "구분",
    "납부자",
    "내용",
    "금액(원)",
    "발행일",
    "납부기한",
    "상태",
    "납부일",
)


def settlement_title(settlement: Settlement) -> str:
    return f"{settlement.facility.name} {settlement.month:%Y년 %m월} 수익금 정산"


def settlement_filename(settlement: Settlement) -> str:
    name = settlement.facility.short_name or settlement.facility.name
    return f"{name}_수익금정산_{settlement.month:%Y-%m}.xlsx"


def _bold_row(sheet) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def settlement_xlsx(settlement: Settlement) -> bytes:
    """Sheet 정산: title, then one row per kind and 합계; sheet 청구 내역: the invoices."""
    with translation.override("ko"):
        book = new_workbook()
        summary = book.active
        summary.title = "정산"
        append(summary, [settlement_title(settlement)])
        summary["A1"].font = Font(bold=True, size=14)
        append(summary, [])
        append(summary, list(SUMMARY_HEADERS))
        _bold_row(summary)
        for line in settlement.lines:
            append(
                summary, [line.label, line.count, line.invoiced_won, line.paid_won, line.unpaid_won]
            )
        append(
            summary,
            [
                "합계",
                settlement.count,
                settlement.invoiced_won,
                settlement.paid_won,
                settlement.unpaid_won,
            ],
        )
        _bold_row(summary)
        for column, width in zip("ABCDE", (14, 8, 16, 16, 16), strict=True):
            summary.column_dimensions[column].width = width

        sheet = book.create_sheet("청구 내역")
        append(sheet, list(INVOICE_HEADERS))
        _bold_row(sheet)
        for invoice in settlement.invoices:
            append(
                sheet,
                [
                    invoice.pk,
                    str(InvoiceKind(invoice.kind).label),
                    invoice.payer,
                    invoice.description,
                    invoice.amount_won,
                    invoice.issued_on,
                    invoice.due_on,
                    str(InvoiceStatus(invoice.status).label),
                    invoice.paid_on,
                ],
            )
        for cell in sheet["F"][1:] + sheet["G"][1:] + sheet["I"][1:]:
            cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        for column, width in zip("ABCDEFGHI", (8, 10, 24, 36, 14, 12, 12, 8, 12), strict=True):
            sheet.column_dimensions[column].width = width
        return workbook_bytes(book)
