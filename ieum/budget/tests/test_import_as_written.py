"""Budget files written the way the seed's own table is written: a finance officer copies the
"2022년 예산 현황" table into Excel under a title and a '(단위: 천원)' row, with 구분 holding
the names (총 계, 인 건 비, 1. 판로지원 강화, - 민간판로지원) and 코드/상위코드 beside them.
Each refusal says, per row and column, what was expected; nothing is written."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Alignment

from ieum.budget import demo
from ieum.budget.importing import budget_import, ledger_import
from ieum.budget.models import BudgetLine, Expenditure, FiscalYear
from ieum.budget.selectors import budget_execution, budget_rule_violations
from ieum.core.permissions import system_actor
from ieum.core.tabular import read_table
from ieum.core.testing import run_queued_tasks

pytestmark = pytest.mark.django_db

TITLE = "2022년 예산 현황"
UNIT = "(22.10월말 기준, 단위:천원)"
HEADER = ["코드", "상위 코드", "구 분", "예산액 (교부액)", "집행액", "집행률"]

# The seed's table as printed (천원), with the codes a finance officer adds beside it.
SEED_ROWS = [
    ("0000", "", "총 계", "4,642,570", "2,672,752", "57.6%"),
    ("1000", "0000", "인 건 비", "1,536,596", "1,078,502", "70.2%"),
    ("2000", "0000", "운 영 비", "225,000", "159,713", "71.0%"),
    ("3000", "0000", "총 사 업 비", "2,859,786", "1,423,937", "49.8%"),
    ("3100", "3000", "1. 판로지원 강화", "1,499,556", "714,694", "47.6%"),
    ("3110", "3100", "  - 가치플랫폼 캐빈닷넷 운영", "484,040", "236,014", "48.7%"),
    ("3120", "3100", "  - 민간판로지원", "263,283", "61,337", "23.2%"),
    ("3130", "3100", "  - 공공판로지원 및 함께누리 운영", "752,233", "417,343", "55.5%"),
    ("3200", "3000", "2. 기업 맞춤형 성장지원", "1,158,630", "619,039", "53.4%"),
    ("3210", "3200", "  - 공간 운영", "584,940", "358,180", "61.2%"),
    ("3220", "3200", "  - 마을기업 발굴 및 활성화", "350,813", "130,000", "37.0%"),
    ("3230", "3200", "  - 가치 기반 성장지원", "122,877", "83,000", "68%"),
    ("3240", "3200", "  - 사회적경제 연구", "100,000", "47,859", "47.9%"),
    ("3300", "3000", "3. 인재양성·홍보", "201,600", "90,204", "44.7%"),
    ("3310", "3300", "  - 대상 및 분야별 교육", "100,000", "68,258", "68.2%"),
    ("3320", "3300", "  - 시민 소통 및 확산", "101,600", "21,946", "21.6%"),
    (
        "4000",
        "0000",
        "일 반 관 리 비(인건비+운영비+사업비 2% 이하)",
        "21,188",
        "10,600",
        "50%",
    ),
]
FIRST_DATA_ROW = 5  # title, unit row, an empty row, the header


def seed_workbook(rows=SEED_ROWS, *, header=HEADER, unit=UNIT, numbers=False) -> bytes:
    """The table as pasted into Excel: a merged title row, the unit row, a blank row, the
    header, then the rows (amounts as text as pasted, or as numbers with a 천 format)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([None] * (len(header) - 1) + [unit] if unit else [])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        values = list(row)
        if numbers:
            values[3:5] = [int(str(value).replace(",", "")) for value in values[3:5]]
        sheet.append(values)
        if str(values[2]).lstrip().startswith("-"):
            sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(indent=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_of(data: bytes):
    return read_table(io.BytesIO(data), filename="2022 예산.xlsx")


def tree() -> dict[str, tuple]:
    return {
        line.code: (line.parent.code if line.parent else "", line.kind, line.budget_won)
        for line in BudgetLine.objects.filter(fiscal_year__year=2022).select_related("parent")
    }


def demo_tree() -> dict[str, tuple]:
    """The demo's tree (ieum's own format, the seed's figures × 1000): the reference."""
    kinds = {"총계": "root", "구분": "category", "사업": "business_line", "세부사업": "sub_line"}
    return {
        code: (parent, kinds[kind], amount * 1000)
        for code, parent, kind, _name, amount in demo.BUDGET
    }


@pytest.mark.parametrize("numbers", [False, True], ids=["pasted text", "numbers"])
def test_the_seed_table_as_a_finance_officer_writes_it_is_imported(numbers):
    result = budget_import(
        actor=system_actor(), year=2022, table=table_of(seed_workbook(numbers=numbers))
    )
    assert (result.accepted, result.errors, result.created, result.rows) == (True, [], 17, 17)
    assert tree() == demo_tree()
    lines = {line.code: line for line in BudgetLine.objects.all()}
    assert lines["0000"].budget_won == 4_642_570_000  # 총계 4,642,570천원
    categories = {
        lines[code].category: lines[code].budget_won for code in ("1000", "2000", "3000", "4000")
    }
    assert categories == {
        "personnel": 1_536_596_000,
        "operating": 225_000_000,
        "program": 2_859_786_000,
        "administration": 21_188_000,
    }
    assert sum(categories.values()) == 4_642_570_000
    assert (lines["3100"].budget_won, lines["3200"].budget_won, lines["3300"].budget_won) == (
        1_499_556_000,
        1_158_630_000,
        201_600_000,
    )
    # Names as written, without the list marks and indentation of the sub-lines.
    assert lines["3120"].name == "민간판로지원"
    assert lines["3100"].name == "1. 판로지원 강화"
    assert lines["1000"].name == "인 건 비"
    assert budget_rule_violations(year=2022) == []
    root = budget_execution(year=2022, as_of=dt.date(2022, 10, 31))
    assert [leaf.code for leaf in root.leaves()] == [
        "1000",
        "2000",
        "3110",
        "3120",
        "3130",
        "3210",
        "3220",
        "3230",
        "3240",
        "3310",
        "3320",
        "4000",
    ]


def test_the_seed_table_imported_twice_changes_nothing():
    assert budget_import(actor=system_actor(), year=2022, table=table_of(seed_workbook())).accepted
    again = budget_import(actor=system_actor(), year=2022, table=table_of(seed_workbook()))
    assert (again.created, again.updated, again.skipped) == (0, 0, 17)


def test_without_a_total_row_the_root_is_the_sum_of_the_top_level_lines():
    rows = [(code, "" if parent == "0000" else parent, *rest) for code, parent, *rest in SEED_ROWS]
    result = budget_import(actor=system_actor(), year=2022, table=table_of(seed_workbook(rows[1:])))
    assert (result.accepted, result.errors, result.created) == (True, [], 17)
    root = BudgetLine.objects.get(kind="root")
    assert (root.code, root.name, root.budget_won) == ("총계", "총계", 4_642_570_000)
    assert {line.code for line in root.children.all()} == {"1000", "2000", "3000", "4000"}
    again = budget_import(actor=system_actor(), year=2022, table=table_of(seed_workbook(rows[1:])))
    assert (again.created, again.updated, again.skipped) == (0, 0, 17)


def test_a_file_without_total_row_adds_to_the_year_and_the_root_follows():
    assert budget_import(actor=system_actor(), year=2022, table=table_of(seed_workbook())).accepted
    rows = [("5000", "", "자산취득비", "10,000", "", "")]
    assert budget_import(
        actor=system_actor(), year=2022, table=table_of(seed_workbook(rows))
    ).accepted
    root = BudgetLine.objects.get(kind="root")
    assert (root.code, root.budget_won) == ("0000", 4_652_570_000)
    added = BudgetLine.objects.get(code="5000")
    assert (added.parent, added.kind, added.category) == (root, "category", "")


def test_units_in_the_header_full_width_forms_and_ieum_format_under_a_title():
    header = ["코드", "상위코드", "구분", "사업명", "예산액（백만원）"]
    rows = [
        ("T", "", "총계", "총계", "4,642.57"),
        ("１０００", "T", "구분", "인건비", "1,536.596"),
        ("3000", "T", "사업비", "총사업비", 3_084.786),  # 구분 naming the category
        ("3100", "３０００", "사업비", "판로지원 강화", "3,084.786"),
        ("4000", "T", "구분", "일반관리비", "21.188"),
    ]
    result = budget_import(
        actor=system_actor(), year=2022, table=table_of(seed_workbook(rows, header=header, unit=""))
    )
    assert (result.accepted, result.errors) == (True, [])
    assert tree() == {
        "T": ("", "root", 4_642_570_000),
        "1000": ("T", "category", 1_536_596_000),
        "3000": ("T", "category", 3_084_786_000),
        "3100": ("3000", "business_line", 3_084_786_000),
        "4000": ("T", "category", 21_188_000),
    }


def test_import_command_and_staff_page_read_the_seed_table(
    tmp_path, staff_client, capsys, django_capture_on_commit_callbacks
):
    path = tmp_path / "2022 예산.xlsx"
    path.write_bytes(seed_workbook())
    call_command("import_budget", str(path), year=2022)
    assert BudgetLine.objects.get(code="0000").budget_won == 4_642_570_000
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("budget:budget-import"),
            {"year": 2023, "file": SimpleUploadedFile("b.xlsx", seed_workbook())},
        )
    assert response.status_code == 302
    run_queued_tasks()
    assert BudgetLine.objects.get(fiscal_year__year=2023, code="0000").budget_won == (4_642_570_000)


def replaced(index: int, column: int, value) -> list[tuple]:
    rows = [list(row) for row in SEED_ROWS]
    rows[index][column] = value
    return rows


# case: (rows, row number reported, column as written in the file, words of the reason)
REFUSED = {
    "unreadable amount in 천원": (
        replaced(2, 3, "약 22만"),
        FIRST_DATA_ROW + 2,
        "예산액 (교부액)",
        "천원 단위 숫자로 적어 주세요",
    ),
    "amount not whole won": (
        replaced(2, 3, "225,000.0005"),
        FIRST_DATA_ROW + 2,
        "예산액 (교부액)",
        "원 단위로 떨어지지 않습니다",
    ),
    "negative amount": (
        replaced(2, 3, "-225,000"),
        FIRST_DATA_ROW + 2,
        "예산액 (교부액)",
        "0 이상",
    ),
    "empty amount": (replaced(2, 3, None), FIRST_DATA_ROW + 2, "예산액 (교부액)", "비어 있습니다"),
    "top-level line beside a 총계 row": (
        replaced(2, 1, ""),
        FIRST_DATA_ROW + 2,
        "상위 코드",
        "총계만 상위코드 없이",
    ),
    "a fifth level": (
        [*SEED_ROWS, ("3121", "3120", "- 온라인", "1", "", "")],
        FIRST_DATA_ROW + len(SEED_ROWS),
        "상위 코드",
        "네 단계까지",
    ),
    "a cycle": (replaced(4, 1, "3110"), FIRST_DATA_ROW + 4, "상위 코드", "돌고 돌아"),
    "unknown parent": (replaced(5, 1, "9999"), FIRST_DATA_ROW + 5, "상위 코드", "없습니다"),
    "no name": (replaced(5, 2, "세부사업"), FIRST_DATA_ROW + 5, "구 분", "항목 이름이 없습니다"),
    "two totals": (
        [*SEED_ROWS, ("9000", "", "합 계", "1", "", "")],
        FIRST_DATA_ROW + len(SEED_ROWS),
        "구 분",
        "하나만",
    ),
    "a code twice": (replaced(6, 0, "3110"), FIRST_DATA_ROW + 6, "코드", "두 번"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_bad_row_in_the_seed_table_is_refused_saying_what_was_expected(case):
    rows, number, column, words = REFUSED[case]
    result = budget_import(actor=system_actor(), year=2022, table=table_of(seed_workbook(rows)))
    assert not result.accepted
    assert any(
        (error.row, error.column) == (number, column) and words in error.reason
        for error in result.errors
    ), result.errors
    assert not BudgetLine.objects.exists()
    assert not FiscalYear.objects.exists()


IEUM_HEADER = ["코드", "상위코드", "구분", "사업명", "예산액(천원)"]
IEUM_REFUSED = {
    "구분 naming another category": (
        [
            ("T", "", "총계", "총계", 300),
            ("P", "T", "구분", "인건비", 100),
            ("B", "T", "구분", "사업비", 200),
            ("A", "B", "인건비", "사업 A", 200),
        ],
        8,
        "구분",
        "이 항목은 구분 '사업비'에 속합니다",
    ),
    "a level word on a top-level line without 총계": (
        [("P", "", "구분", "인건비", 100), ("A", "", "사업", "사업 A", 200)],
        6,
        "상위코드",
        "맨 위 구분 항목으로 읽었지만 구분은 '사업'",
    ),
    "a level word against the tree": (
        [("T", "", "총계", "총계", 100), ("P", "T", "세부사업", "인건비", 100)],
        6,
        "상위코드",
        "세부사업 항목은 사업 항목 아래에만",
    ),
    "no root anywhere": (
        [("P", "X", "구분", "인건비", 100)],
        4,
        "",
        "총계 항목(상위코드 없음)이 없습니다",
    ),
}


def test_without_any_root_both_the_root_and_the_unknown_parent_are_reported():
    data = seed_workbook([("P", "X", "구분", "인건비", 100)], header=IEUM_HEADER, unit="")
    result = budget_import(actor=system_actor(), year=2022, table=table_of(data))
    assert [(error.row, error.column) for error in result.errors] == [(4, ""), (5, "상위코드")]


@pytest.mark.parametrize("case", sorted(IEUM_REFUSED))
def test_a_bad_row_in_ieum_format_under_a_title_is_refused(case):
    rows, number, column, words = IEUM_REFUSED[case]
    data = seed_workbook(rows, header=IEUM_HEADER, unit="")
    result = budget_import(actor=system_actor(), year=2022, table=table_of(data))
    assert not result.accepted
    assert any(
        (error.row, error.column) == (number, column) and words in error.reason
        for error in result.errors
    ), result.errors
    assert not BudgetLine.objects.exists()


def test_a_header_without_a_needed_column_names_the_row_it_read():
    header = ["코드", "구 분", "예산액 (교부액)", "집행액", "집행률", "비고"]
    rows = [
        (code, name, budget, spent, rate, "") for code, _p, name, budget, spent, rate in SEED_ROWS
    ]
    result = budget_import(
        actor=system_actor(), year=2022, table=table_of(seed_workbook(rows, header=header))
    )
    assert [str(error) for error in result.errors] == [
        "행 4: '상위코드' 열이 없습니다. 4행을 열 이름으로 읽었습니다 "
        "(필요한 열: 코드, 상위코드, 구분, 예산액)."
    ]


def test_the_ledger_is_read_the_same_way_and_keeps_counterparties_as_written():
    assert budget_import(actor=system_actor(), year=2022, table=table_of(seed_workbook())).accepted
    header = ["집행 일자", "예산코드", "금 액", "거래처", "적요"]
    rows = [
        ("2022.01.10", "２０００", "1,200", "㈜한빛사무기기", "복합기 임차료"),
        ("2022-02-28", "3120", "300.5", "서울에너지공사", "관리비"),
    ]
    data = seed_workbook(rows, header=header, unit="(단위: 천원)")
    result = ledger_import(actor=system_actor(), year=2022, table=table_of(data))
    assert (result.accepted, result.errors, result.created) == (True, [], 2)
    assert sorted(Expenditure.objects.values_list("line__code", "amount_won", "counterparty")) == [
        ("2000", 1_200_000, "㈜한빛사무기기"),
        ("3120", 300_500, "서울에너지공사"),
    ]
