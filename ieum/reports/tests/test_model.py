import datetime as dt
import json
from decimal import Decimal

import pytest

from ieum.reports.model import Bullets, Cell, CellKind, Paragraph, Report, Section, Table


def _report():
    table = Table(
        key="budget",
        title="예산 현황",
        unit="(단위: 천원)",
        columns=["구분", "예산액", "집행률"],
        rows=[
            [
                Cell("총계", "총계"),
                Cell("4,642,570", 4_642_570_000, CellKind.WON),
                Cell("57.6%", Decimal("57.6"), CellKind.RATE),
            ]
        ],
    )
    return Report(
        title="2022 주요업무보고",
        subtitle="2022. 10. 31.",
        year=2022,
        as_of=dt.date(2022, 10, 31),
        sections=[
            Section(
                number="2",
                title="조직 운영",
                blocks=[Paragraph("문단"), Bullets(["하나", "둘"], level=2)],
                subsections=[Section(title="예산 현황", blocks=[table])],
            )
        ],
    )


def test_to_dict_keeps_raw_won_and_rendered_text():
    data = _report().to_dict()

    assert data["title"] == "2022 주요업무보고"
    assert data["as_of"] == "2022-10-31"
    section = data["sections"][0]
    assert section["number"] == "2"
    assert section["blocks"] == [
        {"type": "paragraph", "text": "문단"},
        {"type": "bullets", "level": 2, "items": ["하나", "둘"]},
    ]
    table = section["subsections"][0]["blocks"][0]
    assert table["type"] == "table"
    assert table["unit"] == "(단위: 천원)"
    assert table["columns"] == ["구분", "예산액", "집행률"]
    assert table["rows"][0][1] == {"value": 4_642_570_000, "text": "4,642,570", "kind": "won"}
    assert table["rows"][0][2] == {"value": 57.6, "text": "57.6%", "kind": "rate"}
    json.dumps(data, ensure_ascii=False)  # serialisable as it is


def test_report_finds_tables_by_key_in_subsections():
    assert _report().table("budget").row_texts() == [["총계", "4,642,570", "57.6%"]]
    with pytest.raises(KeyError):
        _report().table("nothing")


def test_table_refuses_a_row_of_the_wrong_width():
    with pytest.raises(ValueError, match="row 1 has 1 cells for 2 columns"):
        Table(key="t", title="t", columns=["a", "b"], rows=[[Cell("x")]])


def test_model_is_immutable():
    report = _report()
    with pytest.raises(AttributeError):
        report.title = "다른 제목"
    assert isinstance(report.sections[0].blocks[1].items, tuple)
