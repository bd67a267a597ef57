"""The report as a Word document: headings, paragraphs and real tables with a header row."""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ieum.reports.model import Bullets, Paragraph, Report, Section, Table

FONT = "맑은 고딕"
TEXT_WIDTH_CM = 16.0  # A4/Letter less the default margins


def render(report: Report) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    # East Asian text takes its font from w:eastAsia, which python-docx does not set.
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    title = document.add_heading(report.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(report.subtitle)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in report.sections:
        _section(document, section, depth=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _section(document, section: Section, depth: int) -> None:
    document.add_heading(section.heading, level=min(depth, 9))
    for block in section.blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            style = "List Bullet" if block.level <= 1 else "List Bullet 2"
            for item in block.items:
                document.add_paragraph(item, style=style)
        elif isinstance(block, Table):
            _table(document, block, heading=section.title)
    for subsection in section.subsections:
        _section(document, subsection, depth + 1)


def _table(document, table: Table, *, heading: str = "") -> None:
    # A caption that repeats the heading just above it is left out (the HTML hides it too).
    if table.title != heading or table.unit:
        caption = document.add_paragraph()
        if table.title != heading:
            caption.add_run(table.title).bold = True
        if table.unit:
            caption.add_run(f"  {table.unit}" if table.title != heading else table.unit)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, column in enumerate(table.columns):
        cell = grid.rows[0].cells[index]
        cell.paragraphs[0].add_run(column).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The header repeats on every page the table spans.
    grid.rows[0]._tr.get_or_add_trPr().append(_repeat_header())
    for row_index, row in enumerate(table.rows, start=1):
        for column_index, value in enumerate(row):
            cell = grid.rows[row_index].cells[column_index]
            cell.text = value.text
            if value.is_number:
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _column_widths(grid, table)
    if table.note:
        document.add_paragraph(table.note)


def _column_widths(grid, table: Table) -> None:
    """Share the text width between columns by how long their texts are (a short figure column
    stays narrow, a description column gets room), within a minimum and a cap per column."""
    weights = []
    for index, column in enumerate(table.columns):
        longest = _text_width(column)
        for row in table.rows:
            longest = max(longest, _text_width(row[index].text))
        weights.append(min(max(longest, 6), 40))
    total = sum(weights)
    grid.autofit = False
    for index, weight in enumerate(weights):
        width = Cm(TEXT_WIDTH_CM * weight / total)
        grid.columns[index].width = width  # w:gridCol, which LibreOffice reads
        for cell in grid.columns[index].cells:  # w:tcW, which Word reads
            cell.width = width


def _text_width(text: str) -> int:
    """Display width of the longest line: Hangul and other wide characters count double."""
    return max(
        (sum(2 if ord(char) > 0x1100 else 1 for char in line) for line in text.splitlines()),
        default=0,
    )


def _repeat_header():
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    return element
