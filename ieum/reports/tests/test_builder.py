import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from ieum.reports import builder
from ieum.reports.builder import report_build

from .conftest import AS_OF, YEAR

pytestmark = pytest.mark.django_db


def test_report_mirrors_the_seed_sections(report):
    assert report.title == "2022 주요업무보고"
    assert report.subtitle == "2022. 10. 31."
    assert [section.heading for section in report.sections] == [
        "1 운영 현황",
        "2 조직 운영",
        "3 주요 업무",
    ]
    operations = [sub.title for sub in report.sections[0].subsections]
    assert operations == [
        "설립 및 운영 근거",
        "시설개요",
        "위탁법인",
        "센터 설립 및 운영 경과",
        "위탁내용",
        "시설현황",
    ]


def test_staffing_table_is_the_seeds(report):
    table = report.table("staffing")

    assert table.columns == (
        "구분 (직위)",
        "총원",
        "1급 (센터장)",
        "2급 (본부장)",
        "3급 (수석)",
        "4급 (책임)",
        "5급 (선임)",
    )
    texts = table.row_texts()
    assert texts[0] == ["정원", "24", "1", "1", "5", "7", "10"]
    assert texts[1] == ["현원", "24", "1", "1", "3", "9", "10"]
    assert [cell.value for cell in table.rows[1][1:]] == [24, 1, 1, 3, 9, 10]
    heading = report.sections[1].subsections[0].title
    assert heading == "인력 운영 현황(2022. 10. 31. 기준)"


def test_facilities_and_history_come_from_organization(report):
    facilities = report.table("facilities").row_texts()
    assert facilities[1][:3] == ["상암 소셜박스 (시 소유)", "마포구 증산로 87", "1,541 (연면적)"]
    history = report.sections[0].subsections[3].blocks[0].items
    assert "2021. 01. 23. 센터 위수탁 재계약 ('21.01.23.~'24.01.22.)" in history


def test_budget_table_in_thousand_won_in_the_seeds_order(report):
    table = report.table("budget")

    assert table.columns == ("구분", "예산액 (교부액)", "집행액", "집행률")
    assert "단위: 천원" in table.unit
    rows = table.row_texts()
    assert rows[0] == ["총계", "4,642,570", "2,672,752", "57.6%"]
    assert rows[1] == ["인건비", "1,536,596", "1,078,502", "70.2%"]
    assert [row[3] for row in rows[2:5]] == ["71.0%", "49.8%", "50.0%"]
    # 714,694 / 1,499,556 = 47.66%: the seed prints 47.6%, ieum rounds half-up.
    assert rows[5] == ["1. 판로지원 강화", "1,499,556", "714,694", "47.7%"]
    assert rows[6][0] == "- 가치플랫폼 캐빈닷넷 운영"
    # The seed prints 68%; ieum prints what the figures give.
    assert ["- 가치 기반 성장지원", "122,877", "83,000", "67.5%"] in rows
    assert rows[-1] == ["- 시민 소통 및 확산", "101,600", "21,946", "21.6%"]
    assert len(rows) == 1 + 4 + 3 + 9
    total = table.rows[0]
    assert total[1].value == 4_642_570_000
    assert total[3].value == Decimal("57.6")


def test_a_placeholder_error_from_programs_stops_the_report(demo_data, monkeypatch):
    def program_report(*, year, as_of):
        raise ValidationError("'{kpi:unknown}'은(는) 없는 지표입니다.")

    fake = SimpleNamespace(program_changes=lambda *, year: [], program_report=program_report)
    monkeypatch.setattr(builder, "program_selectors", fake)

    with pytest.raises(ValidationError, match="없는 지표"):
        report_build(year=YEAR, as_of=AS_OF)


def test_budget_table_from_the_budget_demo(demo_data):
    from ieum.budget import demo as budget_demo

    budget_demo.load(io.StringIO())

    rows = report_build(year=YEAR, as_of=AS_OF).table("budget").row_texts()

    assert rows[0][1:] == ["4,642,570", "2,672,752", "57.6%"]
    assert rows[1][1:] == ["1,536,596", "1,078,502", "70.2%"]


def _line(title, narrative_problems):
    return SimpleNamespace(
        line=SimpleNamespace(
            title=title,
            number="1",
            code="1",
            purpose="",
            content="",
            method="",
            budget_code="",
        ),
        children=[],
        kpis=[],
        milestones=[],
        narratives=[
            SimpleNamespace(text="페이지뷰 (알 수 없는 지표 pv)", problems=narrative_problems)
        ],
    )


def test_a_narrative_figure_that_cannot_be_filled_stops_the_report(demo_data, monkeypatch):
    fake = SimpleNamespace(
        program_changes=lambda *, year: [],
        program_report=lambda *, year, as_of: [_line("캐빈닷넷 운영", ["알 수 없는 지표 pv"])],
    )
    monkeypatch.setattr(builder, "program_selectors", fake)

    with pytest.raises(ValidationError) as raised:
        report_build(year=YEAR, as_of=AS_OF)

    assert raised.value.messages == ["캐빈닷넷 운영: 알 수 없는 지표 pv"]


def test_a_filled_narrative_is_printed_line_by_line(demo_data, monkeypatch):
    line = _line("캐빈닷넷 운영", [])
    line.narratives[0].text = "첫째 줄 665,593회\n\n둘째 줄"
    fake = SimpleNamespace(
        program_changes=lambda *, year: [], program_report=lambda *, year, as_of: [line]
    )
    monkeypatch.setattr(builder, "program_selectors", fake)

    section = report_build(year=YEAR, as_of=AS_OF).sections[2].subsections[0]

    progress = next(sub for sub in section.subsections if sub.title == "추진현황")
    assert [block.text for block in progress.blocks] == ["첫째 줄 665,593회", "둘째 줄"]
