"""Purchase records as files for an institution's priority-purchase report (우선구매 실적):
XLSX (amounts as numbers in won) and HWPX (한/글, real tables). Both are written in Korean,
whatever the page's language, because the report they feed is Korean."""

from django.utils import timezone, translation
from openpyxl.styles import Font

from ieum.core import dates, money
from ieum.core.hwpx import HwpxWriter
from ieum.core.spreadsheets import append, new_workbook, workbook_bytes

from ..selectors.records import InstitutionRecord, PurchaseRecords


def record_title(records: PurchaseRecords, institution=None) -> str:
    who = f"{institution.name} " if institution is not None else "공공기관별 "
    return f"{who}{records.year}년 사회적경제기업 제품 우선구매 실적"


def record_period(records: PurchaseRecords) -> str:
    return f"기간: {dates.format_long(records.start)} ~ {dates.format_long(records.end)}"


def record_filename(records: PurchaseRecords, institution, extension: str) -> str:
    who = institution.name if institution is not None else "공공기관별"
    return f"{who}_우선구매실적_{records.start:%Y%m%d}-{records.end:%Y%m%d}.{extension}"


def _rate_text(row: InstitutionRecord) -> str:
    return "-" if row.rate is None else f"{row.rate}%"


def _kind_rows(row: InstitutionRecord) -> list[tuple[str, int]]:
    return [(amount.label, amount.won) for amount in row.by_kind]


def _order_rows(orders) -> list[tuple]:
    return [
        (
            order.number,
            timezone.localdate(order.placed_at),
            order.vendor.enterprise.name,
            order.get_vendor_kind_display() or "-",
            order.get_status_display(),
            order.total_won,
        )
        for order in orders
    ]


ORDER_HEADERS = ("주문번호", "주문일", "입점기업", "기업 유형", "상태", "금액(원)")


# XLSX


def _sheet_title(sheet, title: str, period: str) -> None:
    append(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    append(sheet, [period])
    append(sheet, [])


def _header(sheet, headers) -> None:
    append(sheet, list(headers))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def records_xlsx(records: PurchaseRecords, *, institution=None, orders=()) -> bytes:
    """One institution's record (by kind, target, rate, then its orders on a second sheet), or
    every institution's in one table."""
    with translation.override("ko"):
        book = new_workbook()
        sheet = book.active
        sheet.title = "우선구매 실적"
        _sheet_title(sheet, record_title(records, institution), record_period(records))
        if institution is not None:
            row = records.rows[0]
            _header(sheet, ("구분", "구매액(원)"))
            for label, won in _kind_rows(row):
                append(sheet, [label, won])
            append(sheet, ["합계", row.total_won])
            append(sheet, [f"{records.year}년 목표액", row.target_won])
            append(sheet, ["달성률(%)", None if row.rate is None else float(row.rate)])
            sheet.column_dimensions["A"].width = 20
            sheet.column_dimensions["B"].width = 18
            detail = book.create_sheet("주문 내역")
            _header(detail, ORDER_HEADERS)
            for values in _order_rows(orders):
                append(detail, list(values))
            for letter, width in zip("ABCDEF", (16, 12, 30, 20, 14, 16), strict=True):
                detail.column_dimensions[letter].width = width
        else:
            _header(
                sheet,
                (
                    "기관명",
                    "기관 유형",
                    *(f"{label}(원)" for label in records.kind_labels),
                    "합계(원)",
                    "목표액(원)",
                    "달성률(%)",
                    "주문 건수",
                ),
            )
            for row in [*records.rows, records.totals]:
                inst = row.institution
                append(
                    sheet,
                    [
                        inst.name if inst else "합계",
                        inst.get_kind_display() if inst else "",
                        *(won for _label, won in _kind_rows(row)),
                        row.total_won,
                        row.target_won if inst else None,
                        None if row.rate is None or not inst else float(row.rate),
                        row.order_count,
                    ],
                )
            sheet.column_dimensions["A"].width = 28
        return workbook_bytes(book)


# HWPX


def records_hwpx(records: PurchaseRecords, *, institution=None, orders=()) -> bytes:
    """The same record as `records_xlsx`, as a 한/글 document; amounts in won with separators."""
    with translation.override("ko"):
        writer = HwpxWriter()
        writer.title(record_title(records, institution), size=16)
        writer.paragraph(record_period(records))
        if institution is not None:
            row = records.rows[0]
            rows = [(label, f"{won:,}") for label, won in _kind_rows(row)]
            rows += [
                ("합계", f"{row.total_won:,}"),
                (f"{records.year}년 목표액", money.format_won(row.target_won).removesuffix("원")),
                ("달성률", _rate_text(row)),
            ]
            writer.paragraph("(단위: 원)")
            writer.table(("구분", "구매액"), rows, caption="유형별 구매 실적")
            order_rows = [
                (number, dates.format_short(day), vendor, kind, status, f"{won:,}")
                for number, day, vendor, kind, status, won in _order_rows(orders)
            ]
            if order_rows:
                writer.paragraph("주문 내역", bold=True)
                writer.table(ORDER_HEADERS, order_rows, caption="주문 내역")
        else:
            headers = ("기관명", *records.kind_labels, "합계", "목표액", "달성률")
            rows = []
            for row in [*records.rows, records.totals]:
                inst = row.institution
                rows.append(
                    (
                        inst.name if inst else "합계",
                        *(money.format_thousand_won(won) for _label, won in _kind_rows(row)),
                        money.format_thousand_won(row.total_won),
                        money.format_thousand_won(row.target_won) if inst else "",
                        _rate_text(row) if inst else "",
                    )
                )
            writer.paragraph("(단위: 천원)")
            writer.table(headers, rows, caption="기관별 구매 실적")
        return writer.to_bytes()
