"""Budget and ledger files: accepted, and every bad-input case refused with nothing written."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from ieum.budget.importing import budget_import, ledger_import
from ieum.budget.models import BudgetLine, Expenditure, FiscalYear
from ieum.core.permissions import system_actor
from ieum.core.tabular import read_table

from .factories import SMALL, budget_table, ledger_table

pytestmark = pytest.mark.django_db


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def budget():
    assert budget_import(actor=system_actor(), year=2024, table=budget_table(SMALL)).accepted


def test_budget_file_is_imported_with_categories_known():
    result = budget_import(actor=system_actor(), year=2024, table=budget_table(SMALL))
    assert (result.created, result.errors) == (7, [])
    categories = dict(BudgetLine.objects.filter(kind="category").values_list("code", "category"))
    assert categories == {"P": "personnel", "B": "program", "G": "administration"}


def test_budget_import_twice_changes_nothing():
    budget_import(actor=system_actor(), year=2024, table=budget_table(SMALL))
    result = budget_import(actor=system_actor(), year=2024, table=budget_table(SMALL))
    assert (result.created, result.updated, result.skipped) == (0, 0, 7)


def test_budget_xlsx_with_text_amounts(tmp_path):
    rows = [(code, parent, kind, name, f"{amount:,}") for code, parent, kind, name, amount in SMALL]
    path = tmp_path / "budget.xlsx"
    path.write_bytes(xlsx(["코드", "상위코드", "구 분", "사업명", "예산액"], rows))
    assert budget_import(actor=system_actor(), year=2024, table=read_table(path)).accepted
    assert BudgetLine.objects.get(code="A1").budget_won == 300_000


BAD_BUDGET = {
    "duplicate code": (5, "A1", "코드", "두 번"),
    "missing parent": (5, "X", "상위코드", "없습니다"),
    "ambiguous amount": (6, "1,234.5", "예산액", "정수"),
    "text amount": (6, "약 100만", "예산액", "읽을 수 없습니다"),
    "unknown kind": (2, "관항목", "구분", "알 수 없습니다"),
    "wrong level": (5, "T", "상위코드", "아래에만"),
}


@pytest.mark.parametrize("case", sorted(BAD_BUDGET))
def test_bad_budget_row_writes_nothing(case):
    index, value, column, words = BAD_BUDGET[case]
    rows = [list(row) for row in SMALL]
    position = {"코드": 0, "상위코드": 1, "구분": 2, "예산액": 4}[column]
    rows[index][position] = value
    result = budget_import(actor=system_actor(), year=2024, table=budget_table(rows))
    assert not result.accepted
    assert any(e.column == column and words in e.reason for e in result.errors), result.errors
    assert result.errors[0].row == index + 2
    assert not BudgetLine.objects.exists()
    assert not FiscalYear.objects.exists()


def test_budget_file_without_a_column_is_refused():
    result = budget_import(
        actor=system_actor(),
        year=2024,
        table=read_table(io.BytesIO("코드,사업명\nT,총계\n".encode()), filename="a.csv"),
    )
    assert "'상위코드' 열이 없습니다" in result.errors[0].reason
    assert not BudgetLine.objects.exists()


LEDGER_OK = [
    ("2024-01-10", "A1", "120,000", "갑", "1차"),
    ("2024.02.10", "A1", 30000, "을", "2차"),
    ("'24.03.01", "A1", "-1,000", "갑", "환입"),
    (45352, "A2", 10_000, "병", "엑셀 날짜"),  # 2024-03-01
]


def test_ledger_file_is_imported(budget):
    result = ledger_import(actor=system_actor(), year=2024, table=ledger_table(LEDGER_OK))
    assert (result.created, result.errors) == (4, [])
    assert sum(Expenditure.objects.values_list("amount_won", flat=True)) == 159_000
    assert Expenditure.objects.get(amount_won=-1_000).kind == "refund"


def test_the_same_ledger_file_imported_twice_is_refused_the_second_time(budget):
    assert ledger_import(actor=system_actor(), year=2024, table=ledger_table(LEDGER_OK)).accepted
    again = ledger_import(actor=system_actor(), year=2024, table=ledger_table(LEDGER_OK))
    assert not again.accepted
    assert len(again.errors) == len(LEDGER_OK)
    assert all("이미 장부에 있는" in error.reason for error in again.errors)
    assert sum(Expenditure.objects.values_list("amount_won", flat=True)) == 159_000


BAD_LEDGER = {
    "impossible date": (0, "2024-02-30", "집행일자", "없는 날짜"),
    "other year": (0, "2023-12-31", "집행일자", "회계연도"),
    "unknown code": (1, "Z9", "예산코드", "없습니다"),
    "non-leaf line": (1, "A", "예산코드", "하위 항목"),
    "ambiguous amount": (2, "1.000.000", "금액", "읽을 수 없습니다"),
    "zero amount": (2, "0", "금액", "0이 아니어야"),
    "beyond budget": (2, "300,001", "금액", "남은 예산"),
}


@pytest.mark.parametrize("case", sorted(BAD_LEDGER))
def test_bad_ledger_row_writes_nothing(budget, case):
    position, value, column, words = BAD_LEDGER[case]
    rows = [list(row) for row in LEDGER_OK]
    rows[1][position] = value
    result = ledger_import(actor=system_actor(), year=2024, table=ledger_table(rows))
    assert not result.accepted
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert words in result.errors[0].reason
    assert not Expenditure.objects.exists()


def test_ledger_for_a_year_without_budget_is_refused():
    result = ledger_import(actor=system_actor(), year=2024, table=ledger_table(LEDGER_OK))
    assert "예산이 없습니다" in result.errors[0].reason


def test_import_commands_print_row_errors_and_exit_1(tmp_path, capsys):
    path = tmp_path / "budget.csv"
    rows = [",".join(["코드", "상위코드", "구분", "사업명", "예산액"])]
    rows += [f'{c},{p},{k},{n},"{a:,}"' for c, p, k, n, a in SMALL]
    rows.append("X1,NOPE,세부사업,유령,1000")
    path.write_text("\n".join(rows), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_budget", str(path), year=2024)
    assert "행 9 · 상위코드:" in capsys.readouterr().err
    assert not BudgetLine.objects.exists()


def test_import_commands_then_status_json(tmp_path, capsys):
    budget_path, ledger_path = tmp_path / "budget.xlsx", tmp_path / "ledger.xlsx"
    budget_path.write_bytes(xlsx(["코드", "상위코드", "구분", "사업명", "예산액"], SMALL))
    ledger_path.write_bytes(xlsx(["집행일자", "예산코드", "금액", "거래처", "적요"], LEDGER_OK))
    call_command("import_budget", str(budget_path), year=2024)
    call_command("import_ledger", str(ledger_path), year=2024)
    capsys.readouterr()
    call_command("budget_status", year=2024, as_of="2024-02-29", format="json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"code", "name", "budget_won", "executed_won", "rate", "children"}
    assert (data["code"], data["budget_won"], data["executed_won"], data["rate"]) == (
        "T",
        999_600,
        150_000,
        15.0,
    )
    a1 = data["children"][1]["children"][0]["children"][0]
    assert (a1["code"], a1["executed_won"], a1["rate"], a1["children"]) == ("A1", 150_000, 50.0, [])
    call_command("budget_status", year=2024, as_of="2024-12-31", format="table")
    table = capsys.readouterr().out
    assert "단위: 천원" in table and "    세부 a1" in table and "49.7%" in table


def test_status_for_a_year_without_budget_fails():
    with pytest.raises(CommandError):
        call_command("budget_status", year=1999, as_of="1999-12-31")
