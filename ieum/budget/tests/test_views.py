"""Staff pages: permissions, the figures shown, the forms, imports, downloads, query ceilings."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ieum.budget import demo
from ieum.budget.importing import budget_import, ledger_import
from ieum.budget.models import BudgetLine, Expenditure, Transfer
from ieum.core.cards import console_cards
from ieum.core.choices import ImportJobStatus, Role
from ieum.core.models import ImportJob
from ieum.core.permissions import system_actor
from ieum.core.testing import run_queued_tasks

from .factories import SMALL, budget_table, ledger_table

pytestmark = pytest.mark.django_db

PAGES = [
    ("budget:overview", "budget.view"),
    ("budget:expenditure-list", "budget.view"),
    ("budget:transfer-list", "budget.view"),
    ("budget:budget-export", "budget.view"),
    ("budget:expenditure-export", "budget.view"),
    ("budget:expenditure-create", "budget.edit"),
    ("budget:transfer-create", "budget.edit"),
    ("budget:budget-import", "budget.edit"),
    ("budget:ledger-import", "budget.edit"),
]


@pytest.fixture
def small():
    assert budget_import(actor=system_actor(), year=2024, table=budget_table(SMALL)).accepted
    return {line.code: line for line in BudgetLine.objects.filter(fiscal_year__year=2024)}


@pytest.fixture
def seed():
    demo.load(io.StringIO())


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.STAFF, 200),
        (Role.ADMIN, 200),
        (Role.CITIZEN, 403),
        (Role.ENTERPRISE, 403),
        (Role.BUYER, 403),
    ],
)
@pytest.mark.parametrize(("url_name", "_permission"), PAGES)
def test_page_permissions(client, make_user, small, role, status, url_name, _permission):
    client.force_login(make_user(role))
    response = client.get(reverse(url_name), {"year": 2024, "as_of": "2024-12-31"})
    assert response.status_code == status


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("budget:overview"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_overview_shows_the_seed_figures_and_chart(staff_client, seed):
    response = staff_client.get(reverse("budget:overview"), {"year": 2022, "as_of": "2022-10-31"})
    html = response.content.decode()
    for text in ("4,642,570", "2,672,752", "57.6%", "70.2%", "71.0%", "49.8%", "50.0%", "67.5%"):
        assert text in html
    assert "<svg" in html and "10월" in html and "백만원" in html
    assert "예산 규칙 경고" not in html


def test_overview_warns_about_broken_rules(staff_client):
    rows = [list(row) for row in SMALL]
    rows[4][4] = 310_000
    budget_import(actor=system_actor(), year=2024, table=budget_table(rows))
    response = staff_client.get(reverse("budget:overview"), {"year": 2024})
    assert "예산 규칙 경고" in response.content.decode()


def test_overview_query_count_is_bounded(staff_client, small, django_assert_max_num_queries):
    rows = [(f"2024-01-{1 + i % 28:02d}", "A1", 100, f"거래처{i}", "") for i in range(300)]
    assert ledger_import(actor=system_actor(), year=2024, table=ledger_table(rows)).accepted
    with django_assert_max_num_queries(14):
        response = staff_client.get(reverse("budget:overview"), {"year": 2024})
    assert response.status_code == 200


def test_ledger_filters_and_query_count(staff_client, seed, django_assert_max_num_queries):
    line = BudgetLine.objects.get(fiscal_year__year=2022, code="3120")
    with django_assert_max_num_queries(14):
        response = staff_client.get(
            reverse("budget:expenditure-list"),
            {"year": 2022, "line": line.pk, "start": "2022-06-01", "end": "2022-09-30"},
        )
    html = response.content.decode()
    assert "유통채널 기획전(11번가) 운영" in html
    assert "사회적경제 체험단 운영" not in html  # in October
    assert "-1,250,000원" in html
    response = staff_client.get(
        reverse("budget:expenditure-list"), {"year": 2022, "counterparty": "한국리서치"}
    )
    html = response.content.decode()
    assert "패널조사" in html and "급여" not in html


def test_ledger_pages(staff_client, seed):
    response = staff_client.get(reverse("budget:expenditure-list"), {"year": 2022, "page": 2})
    assert response.status_code == 200
    assert 'rel="prev"' in response.content.decode()


def test_staff_records_an_expenditure(staff_client, small):
    response = staff_client.post(
        reverse("budget:expenditure-create") + "?year=2024",
        {
            "line": small["A1"].pk,
            "spent_on": "2024-04-01",
            "amount_won": "120000",
            "kind": "spending",
            "counterparty": "갑",
            "description": "1차",
            "evidence": SimpleUploadedFile("영수증.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 302
    entry = Expenditure.objects.get()
    assert entry.amount_won == 120_000 and entry.evidence.name.endswith(".pdf")


def test_override_field_only_for_those_allowed(client, make_user, small):
    plain = make_user(Role.STAFF)
    officer = make_user(Role.STAFF)
    officer.user_permissions.add(Permission.objects.get(codename="override_expenditure"))
    url = reverse("budget:expenditure-create") + "?year=2024"
    client.force_login(plain)
    assert "override_reason" not in client.get(url).content.decode()
    data = {
        "line": small["A2"].pk,
        "spent_on": "2024-04-01",
        "amount_won": "90000",
        "kind": "spending",
        "override_reason": "긴급",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "남은 예산" in response.content.decode()
    assert not Expenditure.objects.exists()
    client.force_login(officer)
    assert "override_reason" in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
    entry = Expenditure.objects.get()
    assert (entry.override_by, entry.override_reason) == (officer, "긴급")


def test_transfer_form_records_who_and_why(staff_client, staff_user, small):
    response = staff_client.post(
        reverse("budget:transfer-create") + "?year=2024",
        {
            "from_line": small["A1"].pk,
            "to_line": small["A2"].pk,
            "amount_won": "10000",
            "transferred_on": "2024-05-01",
            "reason": "수요 증가",
        },
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    assert transfer.made_by == staff_user and transfer.reason == "수요 증가"
    html = staff_client.get(reverse("budget:transfer-list"), {"year": 2024}).content.decode()
    assert "수요 증가" in html


def post_and_run(client, capture, name, data):
    """Post an import page, run the job it queued as a worker would, return the job's page."""
    with capture(execute=True):
        response = client.post(reverse(name), data)
    assert response.status_code == 302
    run_queued_tasks(raise_failures=False)
    return client.get(response["Location"])


def test_import_page_shows_row_errors_and_writes_nothing(
    staff_client, django_capture_on_commit_callbacks
):
    csv = "코드,상위코드,구분,사업명,예산액\nT,,총계,총계,100\nA,X,구분,인건비,100\n"
    response = post_and_run(
        staff_client,
        django_capture_on_commit_callbacks,
        "budget:budget-import",
        {"year": 2024, "file": SimpleUploadedFile("b.csv", csv.encode())},
    )
    assert ImportJob.objects.get().status == ImportJobStatus.FAILED
    html = response.content.decode()
    assert "상위코드" in html and "아무것도 저장하지 않았습니다" in html
    assert not BudgetLine.objects.exists()


def test_import_pages_import_files(staff_client, django_capture_on_commit_callbacks):
    budget_csv = "코드,상위코드,구분,사업명,예산액\n" + "\n".join(
        f'{c},{p},{k},{n},"{a:,}"' for c, p, k, n, a in SMALL
    )
    post_and_run(
        staff_client,
        django_capture_on_commit_callbacks,
        "budget:budget-import",
        {"year": 2024, "file": SimpleUploadedFile("b.csv", budget_csv.encode())},
    )
    assert BudgetLine.objects.filter(fiscal_year__year=2024).count() == len(SMALL)
    ledger_csv = '집행일자,예산코드,금액,거래처,적요\n\'24.10.31,A1,"1,000",갑,x\n'
    page = post_and_run(
        staff_client,
        django_capture_on_commit_callbacks,
        "budget:ledger-import",
        {"year": 2024, "file": SimpleUploadedFile("l.csv", ledger_csv.encode())},
    )
    assert Expenditure.objects.get().spent_on == dt.date(2024, 10, 31)
    assert "모든 행을 저장했습니다" in page.content.decode()


def test_exports_hold_numbers(staff_client, seed):
    response = staff_client.get(
        reverse("budget:budget-export"), {"year": 2022, "as_of": "2022-10-31"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:8] == (
        "0000",
        None,
        "총계",
        "총계",
        4_642_570_000,
        2_672_752_000,
        1_969_818_000,
        57.6,
    )
    response = staff_client.get(reverse("budget:expenditure-export"), {"year": 2022})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("집행일자", "예산코드", "금액", "거래처", "적요")
    assert sum(row[2] for row in rows[1:]) == 2_672_752_000


def test_console_card_shows_latest_rate(staff_user, seed):
    cards = [card for card in console_cards(staff_user) if "예산 집행률" in card.title]
    assert cards and cards[0].value == "57.6%"


def test_transfer_list_query_count_is_bounded(
    staff_client, staff_user, small, django_assert_max_num_queries
):
    from ieum.budget.services import transfer_make

    for day in range(1, 21):
        transfer_make(
            actor=staff_user,
            from_line=small["A1"],
            to_line=small["A2"],
            amount_won=100,
            reason=f"재배정 {day}",
            transferred_on=dt.date(2024, 5, day),
        )
    with django_assert_max_num_queries(10):
        response = staff_client.get(reverse("budget:transfer-list"), {"year": 2024})
    assert "재배정 20" in response.content.decode()


def test_ledger_filter_by_htmx_returns_only_the_results(staff_client, seed):
    response = staff_client.get(
        reverse("budget:expenditure-list"),
        {"year": 2022, "counterparty": "회계법인"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<form" not in html and "외부 회계감사 수수료" in html and "2건" in html
