"""Entries and transfers: the remaining-budget limit, its override with a reason, the audit."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from ieum.budget.importing import budget_import
from ieum.budget.models import BudgetLine, Expenditure, Transfer
from ieum.budget.selectors import budget_execution, line_remaining
from ieum.budget.services import expenditure_record, transfer_make
from ieum.core.choices import Role
from ieum.core.permissions import system_actor

from .factories import SMALL, budget_table

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 3, 1)


@pytest.fixture
def lines():
    assert budget_import(actor=system_actor(), year=2024, table=budget_table(SMALL)).accepted
    return {line.code: line for line in BudgetLine.objects.filter(fiscal_year__year=2024)}


@pytest.fixture
def finance_officer(make_user):
    user = make_user(Role.STAFF)
    user.user_permissions.add(Permission.objects.get(codename="override_expenditure"))
    return user


def nodes(as_of=dt.date(2024, 12, 31)):
    return {n.code: n for _d, n in budget_execution(year=2024, as_of=as_of).walk()}


def test_expenditure_within_budget_is_recorded(lines, staff_user):
    entry = expenditure_record(
        line=lines["A2"], spent_on=DAY, amount_won=80_000, counterparty="갑", actor=staff_user
    )
    assert entry.kind == "spending"
    assert line_remaining(lines["A2"]) == 0


def test_expenditure_beyond_remaining_budget_is_refused(lines, staff_user):
    with pytest.raises(ValidationError) as error:
        expenditure_record(
            actor=system_actor(),
            line=lines["A2"],
            spent_on=DAY,
            amount_won=80_001,
            override_by=staff_user,
        )
    assert "남은 예산" in str(error.value)
    assert not Expenditure.objects.exists()


def test_override_refused_without_reason(lines, finance_officer):
    with pytest.raises(ValidationError) as error:
        expenditure_record(
            actor=system_actor(),
            line=lines["A2"],
            spent_on=DAY,
            amount_won=90_000,
            override_by=finance_officer,
        )
    assert "override_reason" in error.value.message_dict


def test_override_with_permission_and_reason_is_stored(lines, finance_officer):
    entry = expenditure_record(
        actor=system_actor(),
        line=lines["A2"],
        spent_on=DAY,
        amount_won=90_000,
        override_by=finance_officer,
        override_reason="긴급 행사 추가 대관",
    )
    entry.refresh_from_db()
    assert entry.override_by == finance_officer
    assert entry.override_reason == "긴급 행사 추가 대관"
    assert nodes()["A2"].remaining_won == -10_000


def test_admin_may_override(lines, make_user):
    admin = make_user(Role.ADMIN)
    entry = expenditure_record(
        actor=system_actor(),
        line=lines["A2"],
        spent_on=DAY,
        amount_won=90_000,
        override_by=admin,
        override_reason="승인",
    )
    assert entry.override_by == admin


def test_refund_restores_remaining_budget(lines):
    expenditure_record(actor=system_actor(), line=lines["A2"], spent_on=DAY, amount_won=80_000)
    refund = expenditure_record(
        actor=system_actor(),
        line=lines["A2"],
        spent_on=DAY,
        amount_won=-5_000,
        kind="return",
        description="반납",
    )
    assert refund.kind == "return"
    assert line_remaining(lines["A2"]) == 5_000


def test_refund_kind_must_be_negative(lines):
    with pytest.raises(ValidationError):
        expenditure_record(
            actor=system_actor(), line=lines["A2"], spent_on=DAY, amount_won=5_000, kind="refund"
        )


def test_expenditure_on_a_parent_line_is_refused(lines):
    with pytest.raises(ValidationError) as error:
        expenditure_record(actor=system_actor(), line=lines["A"], spent_on=DAY, amount_won=1_000)
    assert "하위 항목" in str(error.value)


def test_expenditure_outside_the_fiscal_year_is_refused(lines):
    with pytest.raises(ValidationError):
        expenditure_record(
            actor=system_actor(), line=lines["A2"], spent_on=dt.date(2025, 1, 2), amount_won=1_000
        )


def test_transfer_moves_budget_and_keeps_parents_in_step(lines, staff_user):
    transfer = transfer_make(
        actor=staff_user,
        from_line=lines["A1"],
        to_line=lines["P"],
        amount_won=50_000,
        reason="인건비 부족분 보전",
        transferred_on=dt.date(2024, 6, 1),
    )
    assert transfer.made_by == staff_user and transfer.made_at is not None
    after, before = nodes(), nodes(as_of=dt.date(2024, 5, 31))
    assert after["A1"].budget_won == 250_000
    assert after["A"].budget_won == 330_000
    assert after["B"].budget_won == 330_000
    assert after["P"].budget_won == 650_000
    assert after["T"].budget_won == 999_600
    assert before["A1"].budget_won == 300_000  # not yet made on the earlier date


def test_transfer_beyond_source_remaining_is_refused(lines):
    expenditure_record(actor=system_actor(), line=lines["A2"], spent_on=DAY, amount_won=70_000)
    with pytest.raises(ValidationError) as error:
        transfer_make(
            actor=system_actor(),
            from_line=lines["A2"],
            to_line=lines["A1"],
            amount_won=10_001,
            reason="x",
            transferred_on=DAY,
        )
    assert "남은 예산" in str(error.value)
    assert not Transfer.objects.exists()


def test_transfer_needs_a_reason_and_two_leaves(lines):
    with pytest.raises(ValidationError):
        transfer_make(
            actor=system_actor(),
            from_line=lines["A1"],
            to_line=lines["A2"],
            amount_won=1,
            reason=" ",
            transferred_on=DAY,
        )
    with pytest.raises(ValidationError):
        transfer_make(
            actor=system_actor(),
            from_line=lines["A"],
            to_line=lines["P"],
            amount_won=1,
            reason="x",
            transferred_on=DAY,
        )
    with pytest.raises(ValidationError):
        transfer_make(
            actor=system_actor(),
            from_line=lines["A1"],
            to_line=lines["A1"],
            amount_won=1,
            reason="x",
            transferred_on=DAY,
        )
    assert not Transfer.objects.exists()


def test_spending_after_a_transfer_in_uses_the_new_budget(lines):
    transfer_make(actor=system_actor(),
        from_line=lines["A1"], to_line=lines["A2"], amount_won=20_000, reason="재배정",
        transferred_on=DAY,
    )  # fmt: skip
    expenditure_record(actor=system_actor(), line=lines["A2"], spent_on=DAY, amount_won=100_000)
    assert line_remaining(lines["A2"]) == 0


def test_a_year_with_ledger_entries_cannot_be_deleted(lines):
    from django.db.models import ProtectedError

    from ieum.budget.models import FiscalYear

    transfer_make(
        actor=system_actor(),
        from_line=lines["A1"],
        to_line=lines["A2"],
        amount_won=1,
        reason="x",
        transferred_on=DAY,
    )
    expenditure_record(actor=system_actor(), line=lines["A2"], spent_on=DAY, amount_won=1_000)
    with pytest.raises(ProtectedError):
        FiscalYear.objects.get(year=2024).delete()
    Expenditure.objects.all().delete()
    FiscalYear.objects.get(year=2024).delete()  # lines and transfers go with their year
    assert not BudgetLine.objects.exists() and not Transfer.objects.exists()
