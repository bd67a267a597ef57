"""The report as an HWPX document (한/글): outline headings, paragraphs and real tables.

Written with the shared `ieum.core.hwpx.HwpxWriter`; the tests run python-hwpx's own validators
(hwpx.tools.package_validator and hwpx.tools.validator) on every file this produces.
"""

from ieum.core.hwpx import HwpxWriter
from ieum.reports.model import Bullets, Paragraph, Report, Section, Table

BULLET_MARKS = {1: "- ", 2: "  · "}
HEAD_NAMESPACE = "{http://www.hancom.co.kr/hwpml/2011/head}"
# The skeleton's section outline (secPr outlineShapeIDRef) points at numbering 1.
OUTLINE_NUMBERING_ID = "1"


def render(report: Report) -> bytes:
    writer = HwpxWriter()
    _keep_the_reports_own_numbers(writer.document)
    writer.title(report.title)
    writer.paragraph(report.subtitle)
    for section in report.sections:
        _section(writer, section, depth=1)
    return writer.to_bytes()


def _section(writer: HwpxWriter, section: Section, *, depth: int) -> None:
    writer.heading(section.heading, level=depth)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            writer.paragraph(block.text)
        elif isinstance(block, Bullets):
            mark = BULLET_MARKS.get(block.level, "  · ")
            for item in block.items:
                writer.paragraph(mark + item)
        elif isinstance(block, Table):
            _table(writer, block)
    for subsection in section.subsections:
        _section(writer, subsection, depth=depth + 1)


def _table(writer: HwpxWriter, table: Table) -> None:
    if table.unit:
        writer.paragraph(table.unit)
    writer.table(
        table.columns, [[cell.text for cell in row] for row in table.rows], caption=table.title
    )
    if table.note:
        writer.paragraph(table.note)


def _keep_the_reports_own_numbers(document) -> None:
    """Hancom numbers outline headings itself ('1.', '가.', '1)' …); the report's headings carry
    the numbers the center uses ('1', '①'), so the outline's number texts are emptied. The
    headings stay outline levels, so Hancom's navigation and table of contents still work."""
    for header in document.oxml.headers:
        for numbering in header.element.iter(f"{HEAD_NAMESPACE}numbering"):
            if numbering.get("id") != OUTLINE_NUMBERING_ID:
                continue
            for head in numbering.iter(f"{HEAD_NAMESPACE}paraHead"):
                head.text = ""
        header.mark_dirty()
