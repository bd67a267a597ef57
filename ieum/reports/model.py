"""The report as data: sections, paragraphs, bullets and tables, free of any file format.

The builder fills it once; every renderer (HTML, HWPX, DOCX, XLSX, JSON) only lays it out.
A table cell carries both the raw figure (`value`) and the text the report prints (`text`),
so a spreadsheet can store numbers while a document prints '4,642,570'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

CellValue = int | Decimal | str | None


class CellKind:
    """What a cell's `value` is, so a spreadsheet can store it as a number."""

    TEXT = "text"
    COUNT = "count"  # an integer count (persons, items)
    WON = "won"  # integer won; `text` shows it in the table's unit (천원)
    RATE = "rate"  # a percentage, Decimal with one decimal; `text` is '57.6%'
    NUMBER = "number"  # any other number (an area in ㎡)


NUMERIC_KINDS = frozenset({CellKind.COUNT, CellKind.WON, CellKind.RATE, CellKind.NUMBER})


def _tuple(items) -> tuple:
    return tuple(items)


@dataclass(frozen=True)
class Cell:
    text: str
    value: CellValue = None
    kind: str = CellKind.TEXT

    @property
    def is_number(self) -> bool:
        return self.kind in NUMERIC_KINDS and self.value is not None

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, Decimal):
            # One decimal, exactly as printed: 57.6 (JSON has no decimal type).
            value = float(value)
        return {"value": value, "text": self.text, "kind": self.kind}


def text_cell(text: str) -> Cell:
    return Cell(text=text, value=text or None, kind=CellKind.TEXT)


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = field(default="paragraph", init=False)

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.kind, "text": self.text}


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    level: int = 1
    kind: str = field(default="bullets", init=False)

    def __post_init__(self):
        object.__setattr__(self, "items", _tuple(self.items))

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.kind, "level": self.level, "items": list(self.items)}


@dataclass(frozen=True)
class Table:
    """A table: a header row (`columns`) and body rows of cells.

    `key` is a stable identifier (e.g. 'budget') that a spreadsheet uses for its sheet and a
    test uses to find the table; `title` is the caption printed above it; `unit` is the note
    printed at its top right, e.g. '(단위: 천원)'; `note` is printed under it.
    """

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    unit: str = ""
    note: str = ""
    kind: str = field(default="table", init=False)

    def __post_init__(self):
        object.__setattr__(self, "columns", _tuple(self.columns))
        object.__setattr__(self, "rows", tuple(_tuple(row) for row in self.rows))
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.key!r} row {number} has {len(row)} cells "
                    f"for {len(self.columns)} columns"
                )

    def row_texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "key": self.key,
            "title": self.title,
            "unit": self.unit,
            "note": self.note,
            "columns": list(self.columns),
            "rows": [[cell.to_dict() for cell in row] for row in self.rows],
        }


Block = Paragraph | Bullets | Table


@dataclass(frozen=True)
class Section:
    """A numbered part of the report ('1', '2') or an untitled-number sub-part ('□ 시설현황')."""

    title: str
    number: str = ""
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "blocks", _tuple(self.blocks))
        object.__setattr__(self, "subsections", _tuple(self.subsections))

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def tables(self) -> list[Table]:
        found = [block for block in self.blocks if isinstance(block, Table)]
        for subsection in self.subsections:
            found.extend(subsection.tables())
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "blocks": [block.to_dict() for block in self.blocks],
            "subsections": [subsection.to_dict() for subsection in self.subsections],
        }


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    year: int
    as_of: dt.date
    sections: tuple[Section, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "sections", _tuple(self.sections))

    def tables(self) -> list[Table]:
        found: list[Table] = []
        for section in self.sections:
            found.extend(section.tables())
        return found

    def table(self, key: str) -> Table:
        for table in self.tables():
            if table.key == key:
                return table
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "sections": [section.to_dict() for section in self.sections],
        }
