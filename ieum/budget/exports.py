"""XLSX downloads of the budget tree and the ledger; amounts are stored as numbers (won).

The ledger sheet starts with the ledger import's headers, so it can be imported again.
"""

import datetime as dt
from collections.abc import Iterable

from django.utils import translation

from ieum.core.spreadsheets import write_xlsx

from .choices import ExpenditureKind, LineKind
from .models import Expenditure
from .selectors import BudgetNode

TREE_HEADERS = (
    "코드",
    "상위코드",
    "구분",
    "사업명",
    "예산액(전용 반영, 원)",
    "집행액(원)",
    "잔액(원)",
    "집행률(%)",
)
LEDGER_HEADERS = (
    "집행일자",
    "예산코드",
    "금액",
    "거래처",
    "적요",
    "유형",
    "사업명",
    "초과 승인 사유",
)


def _rows(node: BudgetNode, parent: str = "") -> Iterable[tuple]:
    with translation.override("ko"):
        kind = str(LineKind(node.kind).label)
    value = node.rate
    yield (
        node.code,
        parent,
        kind,
        node.name,
        node.budget_won,
        node.executed_won,
        node.remaining_won,
        None if value is None else float(value),
    )
    for child in node.children:
        yield from _rows(child, node.code)


def budget_tree_export(root: BudgetNode, *, as_of: dt.date) -> bytes:
    return write_xlsx(
        TREE_HEADERS,
        _rows(root),
        title=f"예산 집행 {as_of.isoformat()}",
        widths=(10, 10, 10, 36, 18, 18, 18, 10),
    )


def ledger_export(entries: Iterable[Expenditure]) -> bytes:
    with translation.override("ko"):
        kinds = {value: str(label) for value, label in ExpenditureKind.choices}
    return write_xlsx(
        LEDGER_HEADERS,
        (
            (
                entry.spent_on,
                entry.line.code,
                entry.amount_won,
                entry.counterparty,
                entry.description,
                kinds[entry.kind],
                entry.line.name,
                entry.override_reason,
            )
            for entry in entries
        ),
        title="집행 내역",
        widths=(12, 10, 16, 24, 40, 8, 30, 30),
    )
