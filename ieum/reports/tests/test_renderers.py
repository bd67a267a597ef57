import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from hwpx import HwpxDocument
from hwpx.tools.package_validator import validate_package
from hwpx.tools.validator import validate_document
from openpyxl import load_workbook

from ieum.reports.renderers import FORMATS, render

pytestmark = pytest.mark.django_db

STAFFING_QUOTA = ["정원", "24", "1", "1", "5", "7", "10"]
STAFFING_CURRENT = ["현원", "24", "1", "1", "3", "9", "10"]
BUDGET_TOTAL = ["총계", "4,642,570", "2,672,752", "57.6%"]


def test_html_prints_the_tables(report):
    page = render(report, "html").decode()

    assert page.startswith("<!doctype html>")
    assert "<h1>2022 주요업무보고</h1>" in page
    assert "<h2>2 조직 운영</h2>" in page
    cells = [
        re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", page)
    ]
    assert all(value in cells for value in ["4,642,570", "2,672,752", "57.6%"])
    assert '<td class="num">4,642,570</td>' in page
    assert "(단위: 천원)" in page or "단위: 천원" in page


def _hwpx_tables(data: bytes) -> list[list[list[str]]]:
    document = HwpxDocument.open(data)
    return [
        [[table.cell(r, c).text for c in range(table.column_count)] for r in range(table.row_count)]
        for table in document.tables.all
    ]


def test_hwpx_passes_the_package_validator_and_holds_real_tables(report):
    data = render(report, "hwpx")

    package = validate_package(data)
    assert package.ok, package.errors
    document = validate_document(data)
    assert document.ok, document.errors
    tables = _hwpx_tables(data)
    staffing = next(table for table in tables if table[0][0] == "구분 (직위)")
    assert staffing[1] == STAFFING_QUOTA
    assert staffing[2] == STAFFING_CURRENT
    budget = next(table for table in tables if table[0][1] == "예산액 (교부액)")
    assert budget[1] == BUDGET_TOTAL
    paragraphs = [paragraph.text for paragraph in HwpxDocument.open(data).paragraphs]
    assert "2 조직 운영" in paragraphs


def _docx_tables(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def test_docx_has_headings_and_real_tables_with_a_header_row(report):
    document = Document(io.BytesIO(render(report, "docx")))

    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "2 조직 운영" in headings
    tables = _docx_tables(document)
    staffing = next(table for table in tables if table[0][0] == "구분 (직위)")
    assert staffing[1:3] == [STAFFING_QUOTA, STAFFING_CURRENT]
    budget = next(table for table in tables if table[0][0:2] == ["구분", "예산액 (교부액)"])
    assert budget[1] == BUDGET_TOTAL
    header_cell = document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert header_cell.bold


def test_docx_sizes_columns_by_their_text_and_does_not_repeat_the_heading(report):
    document = Document(io.BytesIO(render(report, "docx")))

    texts = [p.text for p in document.paragraphs]
    # '주요기능' is the heading; the table's caption would only repeat it.
    assert texts.count("주요기능") == 1
    duties = next(
        table
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells] == ["구분", "담당 업무"]
    )
    name, duties_column = duties.columns[0].width, duties.columns[1].width
    assert duties_column > name


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="libreoffice is not installed")
def test_docx_converts_to_pdf_with_libreoffice(report, tmp_path: Path):
    source = tmp_path / "report.docx"
    source.write_bytes(render(report, "docx"))

    subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [
            shutil.which("libreoffice"),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    pdf = tmp_path / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 5_000


def test_xlsx_puts_each_table_on_its_own_sheet_with_numbers(report):
    workbook = load_workbook(io.BytesIO(render(report, "xlsx")))

    assert len(workbook.sheetnames) == len(report.tables())
    assert len(set(workbook.sheetnames)) == len(workbook.sheetnames)
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    sheet = workbook["2022년 예산 현황"]
    header = [cell.value for cell in sheet[3]]
    assert header == ["구분", "예산액 (교부액)", "집행액", "집행률"]
    assert sheet["A3"].font.bold
    total = [cell.value for cell in sheet[4]]
    assert total[0] == "총계"
    assert total[1] == 4_642_570_000  # won, stored as a number
    assert isinstance(total[1], int)
    assert sheet["B4"].number_format == "#,##0,"  # shown in 천원
    assert total[3] == pytest.approx(57.6)
    staffing = workbook["인력"]
    assert [cell.value for cell in staffing[4]] == ["정원", 24, 1, 1, 5, 7, 10]
    assert staffing.column_dimensions["A"].width >= 10


def test_xlsx_sheet_names_are_cut_and_made_unique():
    from ieum.reports.renderers.xlsx import _sheet_name

    used: set[str] = set()
    long = "가" * 40
    first, second = _sheet_name(long, used), _sheet_name(long, used)
    assert len(first) == 31
    assert len(second) <= 31
    assert first != second
    assert _sheet_name("a/b:c", used) == "a b c"


def test_json_is_the_report_model(report):
    data = json.loads(render(report, "json"))

    assert data == json.loads(json.dumps(report.to_dict()))
    tables = [
        block
        for section in data["sections"]
        for sub in section["subsections"]
        for block in sub["blocks"]
        if block["type"] == "table"
    ]
    budget = next(table for table in tables if table["key"] == "budget")
    assert budget["rows"][0][1] == {"value": 4_642_570_000, "text": "4,642,570", "kind": "won"}
    assert "총계" in render(report, "json").decode()  # not escaped to \\u


def test_no_renderer_reads_data():
    """Renderers lay out the model; figures come only from the builder."""
    folder = Path(__file__).resolve().parent.parent / "renderers"
    for path in folder.glob("*.py"):
        source = path.read_text()
        assert not re.search(r"ieum\.\w+\.selectors|from ieum\.\w+ import selectors", source), path
        assert "ieum.core.money" not in source, path
        assert "reports.builder" not in source, path


def test_every_format_is_registered():
    assert set(FORMATS) == {"html", "hwpx", "docx", "xlsx", "json"}


def test_hwpx_outline_numbers_are_left_to_the_report(report):
    """Hancom would print '1. 1 운영 현황' if the outline kept its own numbers."""
    import zipfile

    header = zipfile.ZipFile(io.BytesIO(render(report, "hwpx"))).read("Contents/header.xml")
    outline = re.search(rb'<hh:numbering id="1".*?</hh:numbering>', header, re.S).group(0)
    assert b"^1." not in outline
    assert b"^2." not in outline
