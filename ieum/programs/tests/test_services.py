import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ieum.programs import figures, selectors, services
from ieum.programs.choices import MilestoneStatus
from ieum.programs.models import KpiValue, ProgramChange

from .factories import BusinessLineFactory, KpiFactory, KpiValueFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2022, 10, 31)


@pytest.fixture
def line():
    return BusinessLineFactory(year=2022, code="1-1", title="가치플랫폼 캐빈닷넷 운영")


@pytest.fixture
def page_views(line):
    kpi = KpiFactory(line=line, key="cabin-page-views", name="플랫폼 페이지뷰", unit="회")
    KpiValueFactory(kpi=kpi, as_of=AS_OF, value=665593, source="캐빈닷넷 통계")
    return kpi


def test_placeholders_are_filled_with_korean_separators_and_units(line, page_views, staff_user):
    rate = KpiFactory(line=line, key="return-intent", unit="%")
    score = KpiFactory(line=line, key="satisfaction", unit="점")
    sales = KpiFactory(line=line, key="sales", unit="원")
    KpiValueFactory(kpi=rate, value=98)
    KpiValueFactory(kpi=score, value=Decimal("4.70"))
    KpiValueFactory(kpi=sales, value=1_888_000_000)
    narrative = services.narrative_save(
        actor=staff_user,
        line=line,
        as_of=AS_OF,
        text="페이지뷰 {kpi:cabin-page-views}, 만족도 {kpi:satisfaction}, "
        "재참여 {kpi:return-intent}, 매출 {kpi:sales}.",
    )

    text = selectors.narrative_render(narrative, as_of=AS_OF)

    assert text == "페이지뷰 665,593회, 만족도 4.7점, 재참여 98%, 매출 1,888백만원."


def test_a_narrative_naming_an_unknown_kpi_is_refused_on_its_field(line, page_views, staff_user):
    with pytest.raises(ValidationError) as caught:
        services.narrative_save(
            actor=staff_user, line=line, as_of=AS_OF, text="사용자 {kpi:cabin-users}명"
        )

    messages = caught.value.message_dict["text"]
    assert any("{kpi:cabin-users}" in m and "성과지표가 없습니다" in m for m in messages)


@pytest.mark.parametrize(
    "text",
    ["{kpi:}", "{kpis:cabin-page-views}", "{kpi:cabin page}", "값 {kpi:cabin-page-views", "{}"],
)
def test_malformed_placeholders_are_refused(line, page_views, text, staff_user):
    with pytest.raises(ValidationError) as caught:
        services.narrative_save(actor=staff_user, line=line, as_of=AS_OF, text=text)

    assert caught.value.message_dict["text"]


def test_a_kpi_of_another_year_is_unknown(page_views, staff_user):
    line_2023 = BusinessLineFactory(year=2023, code="1-1")
    with pytest.raises(ValidationError, match="2023년에 키가 'cabin-page-views'인 성과지표가 없"):
        services.narrative_save(
            actor=staff_user,
            line=line_2023,
            as_of=dt.date(2023, 6, 30),
            text="{kpi:cabin-page-views}",
        )


def test_budget_placeholders_are_filled_from_a_budget_tree(line, monkeypatch, staff_user):
    from dataclasses import dataclass, field

    @dataclass
    class Node:
        code: str
        budget_won: int
        executed_won: int
        children: list = field(default_factory=list)

    tree = Node("total", 4_642_570_000, 2_672_752_000, [Node("1-1", 484_040_000, 236_014_000)])
    nodes = {"total": tree, "1-1": tree.children[0]}
    monkeypatch.setattr(services, "budget_nodes_by_code", lambda year, as_of: nodes)
    monkeypatch.setattr(selectors, "budget_nodes_by_code", lambda year, as_of: nodes)
    narrative = services.narrative_save(
        actor=staff_user,
        line=line,
        as_of=AS_OF,
        text="사업비 {budget:1-1}, 집행 {budget:1-1.executed} ({budget:1-1.rate})",
    )

    assert selectors.narrative_render(narrative, as_of=AS_OF) == (
        "사업비 484백만원, 집행 236백만원 (48.8%)"
    )
    with pytest.raises(ValidationError, match="코드 '9-9'이\\(가\\) 없습니다"):
        services.narrative_save(
            actor=staff_user, line=line, as_of=dt.date(2022, 9, 30), text="{budget:9-9}"
        )


def test_budget_placeholders_use_the_budget_apps_tree(line, staff_user):
    with pytest.raises(ValidationError, match="없습니다"):
        services.narrative_save(
            actor=staff_user, line=line, as_of=AS_OF, text="{budget:no-such-code}"
        )


def test_a_kpi_without_a_value_is_marked_not_blank(line, page_views, staff_user):
    narrative = services.narrative_save(
        actor=staff_user, line=line, as_of=AS_OF, text="{kpi:cabin-page-views}"
    )

    text = selectors.narrative_render(narrative, as_of=dt.date(2022, 1, 31))

    assert text == "(플랫폼 페이지뷰: 2022-01-31 기준 값 없음)"


def test_a_kpi_named_by_a_narrative_cannot_be_renamed_or_deleted(line, page_views, staff_user):
    services.narrative_save(actor=staff_user, line=line, as_of=AS_OF, text="{kpi:cabin-page-views}")

    with pytest.raises(ValidationError, match="키를 바꿀 수 없습니다"):
        services.kpi_save(
            actor=staff_user, kpi=page_views, line=line, key="views", name="뷰", unit="회"
        )
    with pytest.raises(ValidationError, match="지울 수 없습니다"):
        services.kpi_delete(actor=staff_user, kpi=page_views)


def test_kpi_keys_are_unique_within_a_year(line, page_views, staff_user):
    with pytest.raises(ValidationError, match="이미 있습니다"):
        services.kpi_save(
            actor=staff_user, line=line, key="cabin-page-views", name="중복", unit="회"
        )
    other_year = BusinessLineFactory(year=2023, code="1-1")
    assert services.kpi_save(
        actor=staff_user, line=other_year, key="cabin-page-views", name="뷰", unit="회"
    ).pk


def test_a_manual_value_needs_a_source_and_a_past_date(page_views, staff_user):
    with pytest.raises(ValidationError) as caught:
        services.kpi_value_record(
            actor=staff_user, kpi=page_views, as_of=dt.date(2999, 1, 1), value=1, source="  "
        )

    assert set(caught.value.message_dict) == {"as_of", "source"}


def test_a_second_value_for_the_same_date_corrects_the_first(page_views, staff_user):
    services.kpi_value_record(
        actor=staff_user, kpi=page_views, as_of=AS_OF, value=665600, source="정정"
    )

    assert KpiValue.objects.filter(kpi=page_views).count() == 1
    assert selectors.kpi_value(page_views, as_of=AS_OF).value == Decimal(665600)


def test_milestone_month_ranges_are_checked_and_shown_as_the_seed_writes_them(line, staff_user):
    open_ended = services.milestone_save(
        actor=staff_user, line=line, text="SNS 운영", end_year=2022, end_month=12
    )
    span = services.milestone_save(
        actor=staff_user,
        line=line,
        text="몰 운영",
        start_year=2022,
        start_month=11,
        end_year=2022,
        end_month=12,
    )
    one = services.milestone_save(
        actor=staff_user,
        line=line,
        text="정산",
        start_year=2022,
        start_month=12,
        end_year=2022,
        end_month=12,
    )

    assert [open_ended.period_display, span.period_display, one.period_display] == [
        "~ '22.12월",
        "'22.11월~12월",
        "'22.12월",
    ]
    with pytest.raises(ValidationError, match="시작 월보다 앞설 수 없습니다"):
        services.milestone_save(
            actor=staff_user,
            line=line,
            text="x",
            start_year=2022,
            start_month=12,
            end_year=2022,
            end_month=11,
        )
    with pytest.raises(ValidationError, match="1에서 12"):
        services.milestone_save(actor=staff_user, line=line, text="x", end_year=2022, end_month=13)


def test_milestone_status_changes(line, staff_user):
    milestone = MilestoneFactory(line=line)

    services.milestone_status_set(
        actor=staff_user, milestone=milestone, status=MilestoneStatus.DONE
    )

    milestone.refresh_from_db()
    assert milestone.status == "완료"
    with pytest.raises(ValidationError):
        services.milestone_status_set(actor=staff_user, milestone=milestone, status="보류")


def test_a_sub_line_must_sit_under_a_top_line_of_its_year(line, staff_user):
    with pytest.raises(ValidationError, match="같은 연도"):
        services.line_save(actor=staff_user, year=2023, code="1-1", title="x", parent=line)
    with pytest.raises(ValidationError, match="이미 있습니다"):
        services.line_save(actor=staff_user, year=2022, code="1-1", title="중복")


def test_changes_share_last_years_text_by_name(line, staff_user):
    first = services.program_change_save(
        actor=staff_user,
        year=2022,
        name="민간판로지원",
        tag="확대",
        text="컨설팅 강화",
        previous_text="판로지원",
    )
    services.program_change_save(
        actor=staff_user,
        year=2022,
        name="민간판로지원",
        tag="종료",
        text="유통전략 종료",
        previous_text="판로지원\n유통전략",
    )

    first.refresh_from_db()
    assert first.previous_list == ["판로지원", "유통전략"]
    rows = selectors.program_change_table(year=2022)
    assert [(r.name, [c.tag for c in r.changes]) for r in rows] == [
        ("민간판로지원", ["확대", "종료"])
    ]
    with pytest.raises(ValidationError):
        services.program_change_save(actor=staff_user, year=2022, name="x", tag="보류", text="x")
    assert ProgramChange.objects.count() == 2


def test_figure_formats():
    assert figures.format_figure(Decimal("35069000"), "원") == "35,069천원"
    assert figures.format_figure(Decimal("118864"), "회/월") == "118,864회/월"
    assert figures.format_figure(None, "명") == "-"
