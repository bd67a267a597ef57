"""Writing HWPX documents (한/글), the Korean public sector's format, with python-hwpx.

One writer for every app: the business report, the mall's quotes and purchase records. It
builds from python-hwpx's blank skeleton, top to bottom (title, headings, paragraphs, real
tables with a bold header row); the package's validators (hwpx.tools.package_validator and
hwpx.tools.validator) accept what it writes.
"""

from collections.abc import Sequence

from hwpx import HwpxDocument


class HwpxWriter:
    """A new HWPX document, written in reading order; `document` is python-hwpx's, for the
    few things a caller needs beyond these (the report's outline numbering)."""

    def __init__(self) -> None:
        self.document = HwpxDocument.new()
        self._runs: dict[tuple[bool, int | None], str] = {}

    def _run(self, *, bold: bool = False, size: int | None = None) -> str:
        key = (bold, size)
        if key not in self._runs:
            options = {"bold": bold} if size is None else {"bold": bold, "size": size}
            self._runs[key] = self.document.styles.ensure_run(**options)
        return self._runs[key]

    def title(self, text: str, *, size: int = 20) -> None:
        self.paragraph(text, bold=True, size=size)

    def paragraph(self, text: str, *, bold: bool = False, size: int | None = None) -> None:
        if bold or size is not None:
            run = self._run(bold=bold, size=size)
            self.document.add_paragraph(text, char_pr_id_ref=run, inherit_style=False)
        else:
            self.document.add_paragraph(text, inherit_style=False)

    def heading(self, text: str, *, level: int) -> None:
        self.document.add_heading(text, level=min(max(level, 1), 10))

    def table(
        self, columns: Sequence[str], rows: Sequence[Sequence[str]], *, caption: str = ""
    ) -> None:
        """A table whose first row holds `columns` in bold; cell text may span lines."""
        grid = self.document.add_table(1 + len(rows), len(columns))
        if caption:
            grid.set_caption(caption)
        bold = self._run(bold=True)
        # One look-up of the cell grid: set_cell_text(r, c) rebuilds it for every cell.
        cells = [[entry.cell for entry in row] for row in grid.get_cell_map()]
        for index, column in enumerate(columns):
            cells[0][index].set_text(column)
            for paragraph in cells[0][index].paragraphs:
                for run in paragraph.runs:
                    run.char_pr_id_ref = bold
        for row_index, row in enumerate(rows, start=1):
            for column_index, text in enumerate(row):
                cells[row_index][column_index].set_text(text, split_paragraphs=True)
        grid.mark_dirty()

    def to_bytes(self) -> bytes:
        return self.document.to_bytes()
