"""Reading XLSX/CSV into numbered rows, writing XLSX, and the import report files."""

import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from ieum.core.tabular import (
    ImportReport,
    RowError,
    TabularError,
    cell_text,
    header_note,
    locate_header,
    normalize_header,
    plain_text,
    read_table,
    stated_unit,
    write_xlsx,
)


def excel_day(year: int, month: int, day: int) -> dt.datetime:
    """A date cell as openpyxl reads it: a naive datetime at midnight."""
    return dt.datetime.combine(dt.date(year, month, day), dt.time())


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for number, values in enumerate(rows, 1):
        for column, value in enumerate(values, 1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_header_loses_every_space():
    assert normalize_header(" 기 관 명 ") == "기관명"
    assert normalize_header("\ufeff사업자\u3000등록번호") == "사업자등록번호"


def test_header_reads_full_width_forms_as_plain_ones():
    assert normalize_header("예산액（천원）") == "예산액(천원)"
    assert normalize_header("ｃｏｄｅ １") == "code1"


def test_cell_text_reads_excel_numbers_and_dates_as_people_write_them():
    assert cell_text(1168200276.0) == "1168200276"
    assert cell_text(excel_day(2022, 10, 31)) == "2022-10-31"
    assert cell_text(None) == ""
    assert cell_text("  a b ") == "a b"


def test_utf8_csv_with_bom_keeps_row_numbers_and_skips_empty_rows(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("기 관 명,지역\n가나다,서울\n,\n라마바,경기\n".encode("utf-8-sig"))

    table = read_table(path)

    assert table.headers == ["기관명", "지역"]
    assert table.source_header("기관명") == "기 관 명"
    assert table.header_row == 1
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"기관명": "가나다", "지역": "서울"}),
        (4, {"기관명": "라마바", "지역": "경기"}),
    ]


def test_cp949_csv_is_read(tmp_path):
    path = tmp_path / "national.csv"
    path.write_bytes("기관명,소재지\n햇살협동조합,서울특별시 중구\n".encode("cp949"))

    table = read_table(path)

    assert table.rows[0].values == {"기관명": "햇살협동조합", "소재지": "서울특별시 중구"}


def test_csv_in_another_encoding_is_refused_in_korean():
    with pytest.raises(TabularError, match="UTF-8 또는 CP949"):
        read_table(io.BytesIO(b"name\n\x80\xff\n"), filename="x.csv")


def test_xlsx_first_non_empty_row_is_the_header_and_rows_keep_excel_numbers():
    data = xlsx_bytes(
        [
            [],
            ["기업명", "설립일", "근로자수", None],
            ["가나다", excel_day(2022, 10, 31), 12, None],
            [None, None, None, None],
            ["  라마바 ", None, 3.0, "머리글 없는 칸"],
        ]
    )

    table = read_table(io.BytesIO(data), filename="registry.xlsx")

    assert table.header_row == 2
    assert table.headers == ["기업명", "설립일", "근로자수"]
    assert [row.number for row in table.rows] == [3, 5]
    assert table.rows[0].values == {
        "기업명": "가나다",
        "설립일": excel_day(2022, 10, 31),
        "근로자수": 12,
    }
    assert table.rows[1].values == {"기업명": "라마바", "설립일": "", "근로자수": 3}


def test_header_is_found_by_its_names_below_title_and_unit_rows():
    data = xlsx_bytes(
        [
            ["2022년 예산 현황"],
            [None, None, "(단위: 천원)"],
            [],
            ["코드", "구 분", "예산액"],
            ["0000", "총계", "4,642,570"],
            [],
            ["1000", "인건비", 1536596],
        ]
    )
    table = read_table(io.BytesIO(data), filename="budget.xlsx")
    assert (table.header_row, table.headers) == (1, ["2022년예산현황"])

    found = locate_header(table, lambda name: name in ("코드", "구분", "예산액"))

    assert (found.header_row, found.headers) == (4, ["코드", "구분", "예산액"])
    assert found.source_header("구분") == "구 분"
    assert [row.number for row in found.above] == [1, 2]
    assert found.above[1].cells == (None, None, "(단위: 천원)")
    assert [row.number for row in found.rows] == [5, 7]
    assert found.rows[1].values == {"코드": "1000", "구분": "인건비", "예산액": 1536596}


def test_locate_header_leaves_a_table_whose_header_already_fits_or_has_no_match():
    data = xlsx_bytes([["코드", "구분"], ["1", "a"]])
    table = read_table(io.BytesIO(data), filename="a.xlsx")
    assert locate_header(table, lambda name: name in ("코드", "구분")) is table
    assert locate_header(table, lambda name: name == "없는열") is table


def test_locate_header_refuses_a_found_header_naming_a_column_twice():
    data = xlsx_bytes([["제목"], ["코드", "코 드", "구분"], ["1", "2", "a"]])
    table = read_table(io.BytesIO(data), filename="a.xlsx")
    with pytest.raises(TabularError, match="두 번"):
        locate_header(table, lambda name: name in ("코드", "구분"))


def test_xlsx_is_recognised_without_a_file_name():
    table = read_table(io.BytesIO(xlsx_bytes([["기업명"], ["가"]])))
    assert table.rows[0].values == {"기업명": "가"}


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"\xd0\xcf\x11\xe0rest", "old.xls", "97-2003"),
        (b"not a zip", "broken.xlsx", "XLSX 파일을 열 수 없습니다"),
        (b"%PDF-1.4", "scan.pdf", "XLSX 또는 CSV 파일만"),
        (b"\n,,\n", "empty.csv", "비어 있습니다"),
        ("기업명,기업명\n".encode(), "twice.csv", "두 번 나옵니다"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, filename, message):
    with pytest.raises(TabularError, match=message):
        read_table(io.BytesIO(data), filename=filename)


def test_write_xlsx_reads_back_and_keeps_text_as_text():
    data = write_xlsx(
        ["기업명", "설립일", "근로자수"],
        [['=HYPERLINK("http://x")', dt.date(2020, 1, 2), None], ["나", None, 5]],
        title="기업",
        widths=[20, 12, 8],
    )

    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["기업"]
    assert sheet["A2"].data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    table = read_table(io.BytesIO(data), filename="out.xlsx")
    assert [row.values for row in table.rows] == [
        {"기업명": '=HYPERLINK("http://x")', "설립일": excel_day(2020, 1, 2), "근로자수": ""},
        {"기업명": "나", "설립일": "", "근로자수": 5},
    ]


def report() -> ImportReport:
    return ImportReport(
        errors=[
            RowError(3, "사업자등록번호", "검증번호가 맞지 않습니다."),
            RowError(0, "", "빈 파일"),
        ],
        created=2,
        updated=1,
        skipped=4,
    )


def test_row_error_reads_as_a_line_of_the_report():
    assert str(RowError(3, "열", "사유")) == "행 3 · 열: 사유"
    assert str(RowError(3, "", "사유")) == "행 3: 사유"
    assert str(RowError(0, "", "사유")) == "파일: 사유"


def test_json_report_shape(tmp_path):
    path = tmp_path / "report.json"
    report().write(path)

    assert json.loads(path.read_text()) == {
        "errors": [
            {"row": 3, "column": "사업자등록번호", "reason": "검증번호가 맞지 않습니다."},
            {"row": 0, "column": "", "reason": "빈 파일"},
        ],
        "created": 2,
        "updated": 1,
        "skipped": 4,
    }


def test_xlsx_report_has_counts_and_errors(tmp_path):
    path = tmp_path / "report.xlsx"
    report().write(path)

    workbook = load_workbook(path)
    assert list(workbook["요약"].values) == [
        ("구분", "건수"),
        ("새로 등록", 2),
        ("수정", 1),
        ("변경 없음", 4),
        ("오류", 2),
    ]
    assert list(workbook["오류"].values)[:2] == [
        ("행", "열", "사유"),
        (3, "사업자등록번호", "검증번호가 맞지 않습니다."),
    ]


def test_report_refuses_other_suffixes(tmp_path):
    with pytest.raises(ValueError, match=".json 또는 .xlsx"):
        report().write(tmp_path / "report.txt")


def test_plain_text_reads_full_width_forms_as_ascii():
    assert plain_text(" １２３－４５－６７８９０ ") == "123-45-67890"
    assert plain_text("６，０００원") == "6,000원"
    assert plain_text(None) == ""


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("판매가(천원)", ("판매가", "천원")),
        ("판매가(단위:원)", ("판매가", "원")),
        ("판매가[백만원]", ("판매가", "백만원")),
        ("근로자수(명)", ("근로자수", "")),
        ("판매가", ("판매가", "")),
    ],
)
def test_header_note_splits_a_bracketed_note_and_its_money_unit(header, expected):
    assert header_note(header) == expected


def test_stated_unit_is_read_from_a_row_above_the_header():
    data = xlsx_bytes([["상품 목록"], [None, "(단위 ： 천원)"], ["상품명", "판매가"], ["칫솔", 6]])
    table = locate_header(
        read_table(io.BytesIO(data), filename="x.xlsx"), lambda name: name in ("상품명", "판매가")
    )
    assert stated_unit(table) == ("천원", 2)
    assert stated_unit(read_table(io.BytesIO(xlsx_bytes([["상품명"], ["칫솔"]])))) == ("", 0)
