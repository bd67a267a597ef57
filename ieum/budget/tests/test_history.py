"""The history of ledger entries and transfers: the services record who entered an entry or
made a transfer (with an override's or a transfer's reason), and the ledger shows it."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from ieum.budget.choices import Category, LineKind
from ieum.budget.models import BudgetLine, FiscalYear
from ieum.budget.services import expenditure_record, transfer_make
from ieum.core.choices import ChangeAction, Role
from ieum.core.history import history_for

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 3, 4)


@pytest.fixture
def leaves():
    year = FiscalYear.objects.create(year=2024)
    root = BudgetLine.objects.create(
        fiscal_year=year, code="T", kind=LineKind.ROOT, name="총계", budget_won=300_000
    )
    category = BudgetLine.objects.create(
        fiscal_year=year,
        code="B",
        parent=root,
        kind=LineKind.CATEGORY,
        category=Category.PROGRAM,
        name="사업비",
        budget_won=300_000,
    )
    business = BudgetLine.objects.create(
        fiscal_year=year,
        code="A",
        parent=category,
        kind=LineKind.BUSINESS_LINE,
        name="사업 A",
        budget_won=300_000,
    )
    return [
        BudgetLine.objects.create(
            fiscal_year=year,
            code=code,
            parent=business,
            kind=LineKind.SUB_LINE,
            name=name,
            budget_won=150_000,
        )
        for code, name in (("A1", "세부 a1"), ("A2", "세부 a2"))
    ]


def test_an_entry_records_who_entered_it(leaves, make_user):
    clerk = make_user(Role.STAFF, display_name="최회계")
    entry = expenditure_record(
        line=leaves[0], spent_on=DAY, amount_won=80_000, counterparty="갑", actor=clerk
    )
    (change,) = history_for(entry)
    assert change.action == ChangeAction.CREATED
    assert change.actor == clerk
    assert change.changes["amount_won"] == [None, 80_000]
    assert change.changes["line"] == [None, "2024 A1 세부 a1"]


def test_a_transfer_records_who_made_it_and_why(leaves, staff_user):
    transfer = transfer_make(
        actor=staff_user,
        from_line=leaves[0],
        to_line=leaves[1],
        amount_won=10_000,
        reason="강사비 부족",
        transferred_on=DAY,
    )
    (change,) = history_for(transfer)
    assert change.actor == staff_user
    assert change.note == "강사비 부족"
    assert change.changes["amount_won"] == [None, 10_000]


def test_the_ledger_shows_who_entered_each_entry(leaves, staff_client, make_user):
    clerk = make_user(Role.STAFF, display_name="최회계")
    expenditure_record(line=leaves[0], spent_on=DAY, amount_won=80_000, actor=clerk)

    html = unescape(
        staff_client.get(reverse("budget:expenditure-list"), {"year": 2024}).content.decode()
    )

    assert "변경 이력 1건" in html
    assert "최회계 · <strong>등록</strong>" in html
    assert "금액: 80,000" in html


def test_a_budget_import_records_each_line_it_creates_or_changes(staff_client, staff_user):
    from ieum.budget.importing import budget_import

    from .factories import SMALL, budget_table

    assert budget_import(actor=staff_user, year=2024, table=budget_table(SMALL)).accepted
    changed = [
        (code, parent, kind, name, 400_000 if code == "A2" else amount)
        for code, parent, kind, name, amount in SMALL
    ]
    changed = [
        (code, parent, kind, name, amount + 320_000 if code in ("T", "B", "A") else amount)
        for code, parent, kind, name, amount in changed
    ]
    result = budget_import(actor=staff_user, year=2024, table=budget_table(changed))
    assert (result.accepted, result.updated) == (True, 4)

    line = BudgetLine.objects.get(fiscal_year__year=2024, code="A2")
    latest, first = history_for(line)
    assert (first.action, latest.action) == (ChangeAction.CREATED, ChangeAction.CHANGED)
    assert latest.actor == staff_user
    assert latest.changes == {"budget_won": [80_000, 400_000]}
    assert "A2 세부 a2" in latest.note

    html = unescape(staff_client.get(reverse("budget:overview"), {"year": 2024}).content.decode())
    assert "변경 이력" in html
    assert "80,000 → 400,000" in html
