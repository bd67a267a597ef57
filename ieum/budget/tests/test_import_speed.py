"""The ledger import validates in memory and writes in bulk: its queries do not grow with the
rows, and its one short write transaction checks again the budgets that changed meanwhile."""

import datetime as dt

import pytest

from ieum.budget.importing import (
    LEDGER_HEADERS,
    LEDGER_OPTIONAL,
    LEDGER_REQUIRED,
    _columns,
    _write_ledger,
    budget_import,
    ledger_import,
)
from ieum.budget.models import BudgetLine, Expenditure
from ieum.core.permissions import system_actor

from .factories import SMALL, budget_table, ledger_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    budget_import(year=2024, table=budget_table(SMALL), actor=system_actor())
    return 2024


def rows(count: int) -> list[tuple]:
    return [(dt.date(2024, 3, 1), "A1", 10, "갑", f"적요 {n}") for n in range(count)]


def test_ledger_import_queries_do_not_grow_with_the_rows(year, django_assert_max_num_queries):
    actor = system_actor()
    with django_assert_max_num_queries(30):
        small = ledger_import(year=year, table=ledger_table(rows(10)), actor=actor)
    assert small.accepted
    Expenditure.objects.all().delete()
    # A fixed number of reads, then one INSERT per batch (SQLite takes ~80 rows a batch).
    with django_assert_max_num_queries(30 + 3_000 // 50):
        large = ledger_import(year=year, table=ledger_table(rows(3_000)), actor=actor)
    assert large.accepted and Expenditure.objects.count() == 3_000


def test_the_write_checks_again_a_budget_spent_since_the_file_was_checked(year):
    """Another entry booked between the check and the write: the rows that no longer fit are
    refused with the usual reason, and nothing is written."""
    line = BudgetLine.objects.get(fiscal_year__year=year, code="A1")
    table = ledger_table([(dt.date(2024, 3, 1), "A1", 200_000, "갑", "x")] * 2)
    columns, _errors = _columns(table, LEDGER_REQUIRED, LEDGER_HEADERS + LEDGER_OPTIONAL)
    entries = [
        Expenditure(line=line, spent_on=dt.date(2024, 3, 1), amount_won=100_000, kind="spending")
        for _ in range(2)
    ]
    seen = {line.pk: 300_000}
    Expenditure.objects.create(
        line=line, spent_on=dt.date(2024, 2, 1), amount_won=150_000, kind="spending"
    )
    errors = _write_ledger(year, entries, [2, 3], seen, columns)
    assert [(error.row, error.column) for error in errors] == [(3, "금액")]
    assert "남은 예산" in errors[0].reason
    assert Expenditure.objects.count() == 1
    # Unchanged budgets are not checked again: the write goes through.
    assert _write_ledger(year, entries[:1], [2], {line.pk: 150_000}, columns) == []
    assert Expenditure.objects.count() == 2


def test_the_write_refuses_rows_booked_since_the_file_was_checked(year):
    """The same file imported twice at once: the second waits on the lines' locks, finds the
    first's entries in the ledger and is refused row by row, writing nothing."""
    line = BudgetLine.objects.get(fiscal_year__year=year, code="A1")
    table = ledger_table([(dt.date(2024, 3, 1), "A1", 1_000, "갑", "x")] * 2)
    columns, _errors = _columns(table, LEDGER_REQUIRED, LEDGER_HEADERS + LEDGER_OPTIONAL)

    def entries():
        return [
            Expenditure(
                line=line,
                spent_on=dt.date(2024, 3, 1),
                amount_won=1_000,
                kind="spending",
                counterparty="갑",
                description=f"적요 {n}",
            )
            for n in range(2)
        ]

    seen = {line.pk: 300_000}
    assert _write_ledger(year, entries(), [2, 3], seen, columns) == []
    errors = _write_ledger(year, entries(), [2, 3], seen, columns)
    assert [(error.row, error.column) for error in errors] == [(2, "금액"), (3, "금액")]
    assert "이미 장부에 있는 집행" in errors[0].reason
    assert Expenditure.objects.count() == 2
