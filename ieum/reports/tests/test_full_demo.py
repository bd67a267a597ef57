"""The report from the demos of organization, budget and programs together."""

import io

import pytest
from docx import Document
from hwpx import HwpxDocument
from hwpx.tools.package_validator import validate_package
from hwpx.tools.validator import validate_document
from openpyxl import load_workbook

from ieum.reports.builder import report_build
from ieum.reports.renderers import render

from .conftest import AS_OF, YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_report(demo_data):
    from ieum.budget import demo as budget_demo
    from ieum.programs import demo as programs_demo

    budget_demo.load(io.StringIO())
    programs_demo.load(io.StringIO())
    return report_build(year=YEAR, as_of=AS_OF)


def test_budget_table_shows_the_seeds_figures(full_report):
    rows = full_report.table("budget").row_texts()

    assert rows[0] == ["총계", "4,642,570", "2,672,752", "57.6%"]
    assert rows[1][1:] == ["1,536,596", "1,078,502", "70.2%"]
    assert [row[3] for row in rows[2:5]] == ["71.0%", "49.8%", "50.0%"]
    assert ["122,877", "83,000", "67.5%"] in [row[1:] for row in rows]


def test_section_3_has_each_business_line(full_report):
    section = full_report.sections[2]

    assert section.heading == "3 주요 업무"
    assert len(section.subsections) == 7
    first = section.subsections[0]
    assert first.heading == "1 민간 판로지원 강화를 통한 가치소비 활성화"
    platform = first.subsections[0]
    assert platform.heading.startswith("① 가치플랫폼 캐빈닷넷 운영")
    titles = [sub.title for sub in platform.subsections]
    assert titles == ["사업개요", "추진현황", "향후계획"]
    overview = platform.subsections[0].blocks[0].items
    assert overview[0].startswith("사업내용 : 사회적경제기업 제품 및 서비스")


def test_business_line_budget_comes_from_its_budget_node(full_report):
    lines = full_report.sections[2].subsections
    platform, private_sales = lines[0].subsections[0], lines[0].subsections[1]

    assert "사업비 : 484백만원" in platform.subsections[0].blocks[0].items
    assert "사업비 : 263백만원" in private_sales.subsections[0].blocks[0].items


def test_program_changes_table(full_report):
    table = full_report.table("program_changes")

    assert table.columns == ("사업명", "'21년", "'22년")
    assert any("[확대]" in row[2] for row in table.row_texts())


def test_every_format_renders_the_full_demo(full_report):
    hwpx = render(full_report, "hwpx")
    assert validate_package(hwpx).ok
    assert validate_document(hwpx).ok
    assert len(HwpxDocument.open(hwpx).tables.all) == len(full_report.tables())
    assert len(Document(io.BytesIO(render(full_report, "docx"))).tables) == len(
        full_report.tables()
    )
    workbook = load_workbook(io.BytesIO(render(full_report, "xlsx")))
    assert len(workbook.sheetnames) == len(full_report.tables())
    assert "665,593" in render(full_report, "html").decode()


def test_preview_query_count_has_a_ceiling(
    staff_client, full_report, django_assert_max_num_queries
):
    from django.urls import reverse

    from ieum.programs.models import Kpi

    # 25 for the report itself, plus at most two per computed KPI (each provider asks its app).
    computed = Kpi.objects.filter(year=YEAR).exclude(provider="").count()
    with django_assert_max_num_queries(25 + 2 * computed):
        response = staff_client.get(
            reverse("reports:report"), {"year": YEAR, "as_of": AS_OF.isoformat()}
        )
    assert response.status_code == 200


def test_section_3_opens_with_the_list_of_lines(full_report):
    blocks = full_report.sections[2].blocks

    assert blocks[0].items == ("1 민간 판로지원 강화를 통한 가치소비 활성화",)
    assert blocks[1].level == 2
    assert blocks[1].items == ("① 가치플랫폼 캐빈닷넷 운영", "② 민간판로지원")
    assert blocks[2].items[-1] == "7 사회적경제 인재양성·홍보"


def test_a_line_with_sub_lines_prints_no_empty_heading(full_report):
    def walk(section):
        yield section
        for subsection in section.subsections:
            yield from walk(subsection)

    for section in walk(full_report.sections[2]):
        if section.title in {"사업개요", "추진현황", "향후계획"}:
            assert section.blocks, section.title


def test_a_kpi_table_says_a_shared_date_and_source_once(full_report):
    platform = full_report.table("kpi-1-1")
    assert platform.columns == ("지표", "실적", "단위")
    assert platform.row_texts()[0] == ["플랫폼 페이지뷰", "665,593회", "회"]
    assert platform.rows[0][1].value == 665593
    assert platform.note.startswith("기준일 '22.10.31. · 출처: ")

    # The mall's figures are as of 09-30, the others 10-31: the date stays a column.
    # and the mall's computed figures name their own source, row by row.
    mall = full_report.table("kpi-2")
    assert mall.columns == ("지표", "실적", "단위", "기준일", "출처")
    sources = {row[0]: row[4] for row in mall.row_texts()}
    assert sources["함께누리몰 주문건수"].startswith("이음 자동 계산")
