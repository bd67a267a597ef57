"""The report as an HWPX document (한/글): outline headings, paragraphs and real tables.

Built with python-hwpx from its blank skeleton; the tests run the package's own validators
(hwpx.tools.package_validator and hwpx.tools.validator) on every file this produces.
"""

from hwpx import HwpxDocument

from ieum.reports.model import Bullets, Paragraph, Report, Section, Table

BULLET_MARKS = {1: "- ", 2: "  · "}
HEAD_NAMESPACE = "{http://www.hancom.co.kr/hwpml/2011/head}"
# The skeleton's section outline (secPr outlineShapeIDRef) points at numbering 1.
OUTLINE_NUMBERING_ID = "1"


def render(report: Report) -> bytes:
    document = HwpxDocument.new()
    _keep_the_reports_own_numbers(document)
    title_run = document.styles.ensure_run(bold=True, size=20)
    bold_run = document.styles.ensure_run(bold=True)
    document.add_paragraph(report.title, char_pr_id_ref=title_run, inherit_style=False)
    document.add_paragraph(report.subtitle, inherit_style=False)
    for section in report.sections:
        _section(document, section, depth=1, bold_run=bold_run)
    return document.to_bytes()


def _section(document, section: Section, *, depth: int, bold_run: str) -> None:
    document.add_heading(section.heading, level=min(depth, 10))
    for block in section.blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph(block.text, inherit_style=False)
        elif isinstance(block, Bullets):
            mark = BULLET_MARKS.get(block.level, "  · ")
            for item in block.items:
                document.add_paragraph(mark + item, inherit_style=False)
        elif isinstance(block, Table):
            _table(document, block, bold_run=bold_run)
    for subsection in section.subsections:
        _section(document, subsection, depth=depth + 1, bold_run=bold_run)


def _table(document, table: Table, *, bold_run: str) -> None:
    if table.unit:
        document.add_paragraph(table.unit, inherit_style=False)
    grid = document.add_table(1 + len(table.rows), len(table.columns))
    grid.set_caption(table.title)
    # One look-up of the cell grid: set_cell_text(r, c) rebuilds it for every cell.
    cells = [[entry.cell for entry in row] for row in grid.get_cell_map()]
    for index, column in enumerate(table.columns):
        cells[0][index].set_text(column)
        for paragraph in cells[0][index].paragraphs:
            for run in paragraph.runs:
                run.char_pr_id_ref = bold_run
    for row_index, row in enumerate(table.rows, start=1):
        for column_index, cell in enumerate(row):
            cells[row_index][column_index].set_text(cell.text, split_paragraphs=True)
    grid.mark_dirty()
    if table.note:
        document.add_paragraph(table.note, inherit_style=False)


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
