"""core.history: what a recorded change holds (readable old and new values), when nothing is
written, who is named, and the order a page shows it in."""

import datetime as dt
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from ieum.budget.choices import Category, LineKind
from ieum.budget.models import BudgetLine, Expenditure, FiscalYear
from ieum.core.choices import ChangeAction, Role
from ieum.core.history import attach_history, history_for, record, snapshot
from ieum.core.models import Change
from ieum.enterprises.models import Certification

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    year = FiscalYear.objects.create(year=2022)
    root = BudgetLine.objects.create(
        fiscal_year=year, code="T", kind=LineKind.ROOT, name="총계", budget_won=1_000_000
    )
    return BudgetLine.objects.create(
        fiscal_year=year,
        code="P",
        parent=root,
        kind=LineKind.CATEGORY,
        category=Category.PERSONNEL,
        name="인건비",
        budget_won=600_000,
    )


def test_snapshot_makes_values_readable(line):
    entry = Expenditure.objects.create(
        line=line, spent_on=dt.date(2022, 10, 31), amount_won=5_000, counterparty="가게"
    )
    values = snapshot(entry, ["line", "spent_on", "amount_won", "kind", "counterparty"])
    assert values == {
        "line": "2022 P 인건비",
        "spent_on": "2022-10-31",
        "amount_won": 5000,
        "kind": "지출",
        "counterparty": "가게",
    }


def test_record_keeps_only_changed_fields_with_old_and_new(line, make_user):
    actor = make_user(Role.STAFF, display_name="김담당")
    before = snapshot(line, ["name", "budget_won", "category"])
    line.budget_won = 650_000
    line.category = Category.OPERATING
    line.save()

    change = record(actor=actor, obj=line, action=ChangeAction.CHANGED, before=before, note="추경")

    assert change.changes == {"budget_won": [600_000, 650_000], "category": ["인건비", "운영비"]}
    assert change.actor == actor
    assert change.actor_name == "김담당"
    assert change.note == "추경"
    assert history_for(line) == [change]


def test_record_writes_nothing_when_a_change_changed_nothing(line, staff_user):
    before = snapshot(line, ["name", "budget_won"])
    assert record(actor=staff_user, obj=line, action=ChangeAction.CHANGED, before=before) is None
    assert not Change.objects.exists()


def test_a_decision_is_written_even_without_changed_fields(line, staff_user):
    before = snapshot(line, ["name"])
    change = record(
        actor=staff_user, obj=line, action=ChangeAction.APPROVED, before=before, note="서류 확인"
    )
    assert change is not None
    assert change.changes == {}


def test_record_without_before_lists_every_value_set(line, staff_user):
    change = record(actor=staff_user, obj=line, action=ChangeAction.CREATED)
    assert change.changes["name"] == [None, "인건비"]
    assert change.changes["parent"] == [None, "2022 T 총계"]
    assert change.changes["budget_won"] == [None, 600_000]
    assert "created_at" not in change.changes
    assert "id" not in change.changes


def test_related_rows_are_recorded_as_their_names(staff_user, member_enterprise):
    enterprise = member_enterprise
    before = snapshot(enterprise, ["certifications"])
    Certification.objects.create(
        enterprise=enterprise, kind="social_enterprise", certified_on=dt.date(2020, 1, 2)
    )
    change = record(actor=staff_user, obj=enterprise, action=ChangeAction.CHANGED, before=before)
    old, new = change.changes["certifications"]
    assert old == []
    assert len(new) == 1
    assert history_for(enterprise)[0].rows[0].label == str(Certification._meta.verbose_name_plural)


def test_actor_name_outlives_the_account(line, make_user):
    actor = make_user(Role.STAFF, display_name="박퇴사")
    record(actor=actor, obj=line, action=ChangeAction.CREATED)
    actor.delete()
    change = Change.objects.get()
    assert change.actor is None
    assert change.actor_name == "박퇴사"


def test_history_is_newest_first_and_per_object(line, staff_user):
    other = BudgetLine.objects.get(code="T")
    old = record(actor=staff_user, obj=line, action=ChangeAction.CREATED)
    Change.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=1))
    new = record(actor=staff_user, obj=line, action=ChangeAction.APPROVED)
    record(actor=staff_user, obj=other, action=ChangeAction.CREATED)

    assert [change.pk for change in history_for(line)] == [new.pk, old.pk]
    lines = [line, other]
    attach_history(lines)
    assert [change.pk for change in line.history] == [new.pk, old.pk]
    assert len(other.history) == 1


def test_the_include_shows_who_when_what_and_why(line, make_user):
    actor = make_user(Role.STAFF, display_name="김담당")
    before = snapshot(line, ["budget_won"])
    line.budget_won = 650_000
    line.save()
    change = record(actor=actor, obj=line, action=ChangeAction.CHANGED, before=before, note="추경")
    Change.objects.filter(pk=change.pk).update(
        at=dt.datetime(2022, 10, 31, 9, 5, tzinfo=dt.UTC)  # 18:05 in Seoul
    )

    html = unescape(render_to_string("includes/history.html", {"changes": history_for(line)}))

    assert "변경 이력" in html
    assert "'22.10.31. 18:05" in html
    assert "김담당" in html
    assert "예산액(교부액): 600,000 → 650,000" in html
    assert "추경" in html


def test_the_include_says_when_nothing_was_recorded():
    assert "기록된 변경이 없습니다." in render_to_string("includes/history.html", {"changes": []})
