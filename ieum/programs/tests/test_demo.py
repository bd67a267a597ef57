import datetime as dt
import io
from decimal import Decimal

import pytest

from ieum.organization import demo as organization_demo
from ieum.programs import demo, selectors, services
from ieum.programs.models import (
    BusinessLine,
    Kpi,
    KpiValue,
    Milestone,
    Narrative,
    ProgramChange,
)

pytestmark = pytest.mark.django_db

MODELS = [BusinessLine, Kpi, KpiValue, Milestone, Narrative, ProgramChange]
AS_OF = dt.date(2022, 10, 31)


def load() -> str:
    organization_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    return out.getvalue()


def _figure(key: str, as_of=AS_OF):
    return selectors.kpi_value(Kpi.objects.get(year=2022, key=key), as_of=as_of)


def test_demo_twice_gives_the_same_rows():
    load()
    first = {model.__name__: model.objects.count() for model in MODELS}
    first_ids = sorted(KpiValue.objects.values_list("pk", flat=True))

    load()

    assert {model.__name__: model.objects.count() for model in MODELS} == first
    assert sorted(KpiValue.objects.values_list("pk", flat=True)) == first_ids
    assert first == {
        "BusinessLine": 11,
        "Kpi": 120,
        # The mall's seven and the spaces' eighteen figures are computed (their kpis.py).
        "KpiValue": 95,
        "Milestone": 35,
        "Narrative": 9,
        "ProgramChange": 16,
    }


def test_demo_holds_the_seed_figures():
    load()

    assert _figure("cabin-page-views").value == Decimal(665593)
    assert _figure("cabin-page-views").display == "665,593회"
    assert _figure("cabin-users").display == "137,693명"
    assert _figure("cabin-promoted").display == "131개"
    assert _figure("space-gaebong-consulting").display == "6개"
    assert _figure("edu-monthly-satisfaction").display == "4.7점"
    assert _figure("outreach-instagram-followers").display == "2,602명"


def test_demo_mall_figures_are_computed_as_of_the_end_of_september():
    load()

    mall = {key: _figure(key) for key in sorted(demo.COMPUTED_KEYS)}

    assert all(f.computed and f.kpi.provider == f.kpi.key for f in mall.values())
    assert {mall[key].as_of for key in demo.MALL_KEYS} == {dt.date(2022, 9, 30)}
    assert mall["mall-chuseok-sales"].as_of == AS_OF
    assert not KpiValue.objects.filter(kpi__key__in=demo.COMPUTED_KEYS).exists()
    # Earlier report dates are counted up to themselves.
    assert _figure("mall-vendors", as_of=dt.date(2022, 9, 29)).as_of == dt.date(2022, 9, 29)


def test_demo_converts_a_database_loaded_with_manual_mall_figures():
    """A demo database from before the mall's figures were computed holds manual values."""
    load()
    kpi = Kpi.objects.get(year=2022, key="mall-orders")
    kpi.provider = ""
    kpi.counted_until = None
    kpi.save()
    KpiValue.objects.create(
        kpi=kpi, as_of=dt.date(2022, 9, 30), value=9249, source="2022 주요업무보고"
    )

    load()

    kpi.refresh_from_db()
    assert (kpi.provider, kpi.counted_until) == ("mall-orders", dt.date(2022, 9, 30))
    assert not kpi.values.exists()
    assert _figure("mall-orders").computed


def test_demo_lines_have_departments_budget_codes_and_sub_lines():
    load()

    report = selectors.program_report(year=2022, as_of=AS_OF)

    assert [r.line.code for r in report] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [(c.line.number, c.line.title) for c in report[0].children] == [
        ("①", "가치플랫폼 캐빈닷넷 운영"),
        ("②", "민간판로지원"),
    ]
    departments = {r.line.code: r.line.department.name for r in report}
    assert departments["2"] == "지역상생실"
    assert departments["3"] == "경영전략실"
    assert departments["6"] == "시민경제연구실"
    leaves = [c for r in report for c in (r.children or [r])]
    assert [leaf.line.budget_code for leaf in leaves] == [
        "3110", "3120", "3130", "3210", "3220", "3230", "3240", "3310", "3320"
    ]  # fmt: skip
    assert [r.line.budget_code for r in report if r.children] == ["", "3300"]


def test_demo_narratives_render_with_live_figures_and_no_problems():
    load()

    report = selectors.program_report(year=2022, as_of=AS_OF)

    cabin = report[0].children[0].narrative
    assert "플랫폼 페이지뷰 665,593회, 사용자수 137,693명" in cabin.text
    leaves = [c for r in report for c in (r.children or [r])]
    assert all(leaf.narrative and not leaf.narrative.problems for leaf in leaves)
    assert all("{" not in leaf.narrative.text for leaf in leaves)


def test_demo_changes_table_has_the_ten_rows_of_the_seed():
    load()

    rows = selectors.program_change_table(year=2022)

    assert len(rows) == 10
    private = next(r for r in rows if r.name == "민간판로지원")
    assert [c.tag for c in private.changes] == ["확대", "종료", "신규"]
    assert private.previous[0] == "롯데홈쇼핑, 11번가 등 민간 유통 채널 연계 판로지원"
    research = next(r for r in rows if r.name == "사회적경제 성과관리 연구")
    assert [(c.tag, c.text) for c in research.changes] == [
        ("종료", "연구용역"),
        ("지속", "자체연구"),
    ]


def test_demo_milestones_keep_the_seed_periods():
    load()

    periods = {m.text: m.period_display for m in Milestone.objects.all()}

    assert periods["콘텐츠 지속 생산 및 SNS 운영"] == "~ '22.12월"
    assert periods["함께누리몰 운영"] == "'22.11월~12월"
    assert periods["유통채널(쇼핑플랫폼) 기획전 (11번가)"] == "'22.10.6.~11.5."
    assert periods["멘토-멘티 프로그램 성과 공유회"] == "'22.12월"


def test_program_report_query_count_does_not_grow_with_lines(django_assert_max_num_queries):
    load()

    # Five queries of its own, plus the mall's providers (at most two queries each).
    with django_assert_max_num_queries(6 + 2 * len(demo.COMPUTED_KEYS)):
        report = selectors.program_report(year=2022, as_of=AS_OF)
    assert sum(len(r.kpis) + sum(len(c.kpis) for c in r.children) for r in report) == 120


def test_demo_budget_codes_name_nodes_of_the_budget_demo(staff_user):
    from ieum.budget import demo as budget_demo
    from ieum.budget.selectors import budget_execution

    organization_demo.load(io.StringIO())
    budget_demo.load(io.StringIO())
    demo.load(io.StringIO())
    root = budget_execution(year=2022, as_of=AS_OF)
    codes, stack = set(), [root]
    while stack:
        node = stack.pop()
        codes.add(node.code)
        stack.extend(node.children)

    used = set(BusinessLine.objects.exclude(budget_code="").values_list("budget_code", flat=True))
    assert used <= codes
    line = BusinessLine.objects.get(year=2022, code="1-1")
    narrative = services.narrative_save(
        actor=staff_user,
        line=line,
        as_of=dt.date(2022, 9, 30),
        text="사업비 {budget:3110}, 집행률 {budget:3110.rate}",
    )
    assert selectors.narrative_render(narrative, as_of=AS_OF) == "사업비 484백만원, 집행률 48.8%"
