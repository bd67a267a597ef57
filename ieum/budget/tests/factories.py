"""Small trees for tests, built through the import service like real files."""

from ieum.budget.importing import BUDGET_HEADERS, LEDGER_HEADERS
from ieum.core.tabular import Table, TableRow


def table(headers, rows) -> Table:
    headers = list(headers)
    return Table(
        headers=headers,
        source_headers={header: header for header in headers},
        header_row=1,
        rows=[
            TableRow(number, dict(zip(headers, values, strict=True)))
            for number, values in enumerate(rows, 2)
        ],
    )


def budget_table(rows) -> Table:
    return table(BUDGET_HEADERS, rows)


def ledger_table(rows) -> Table:
    return table(LEDGER_HEADERS, rows)


# A hand-computed tree (won): 총계 999,600 → 인건비 600,000 | 사업비 380,000 (→ 사업 A
# 380,000 → a1 300,000, a2 80,000) | 일반관리비 19,600 (2%).
SMALL = [
    ("T", "", "총계", "총계", 999_600),
    ("P", "T", "구분", "인건비", 600_000),
    ("B", "T", "구분", "사업비", 380_000),
    ("A", "B", "사업", "사업 A", 380_000),
    ("A1", "A", "세부사업", "세부 a1", 300_000),
    ("A2", "A", "세부사업", "세부 a2", 80_000),
    ("G", "T", "구분", "일반관리비", 19_600),
]
