"""Enterprise files written the way people write them: a merged title and a note above the
header, header names with spaces and full-width brackets, values with full-width digits and
hyphens, '１２명', '－' for nothing. Each refusal says, per row and column, what was expected."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from ieum.core.idnumbers import format_brn
from ieum.core.permissions import system_actor
from ieum.core.tabular import RowError, read_table
from ieum.enterprises.importing import enterprise_import
from ieum.enterprises.models import Enterprise

from .factories import valid_brn
from .test_import import valid_crn

pytestmark = pytest.mark.django_db

TITLE = "2024년 서울시 사회적기업 인증 현황"
NOTE = "(2024. 6. 30. 기준)"
HEADER = [
    "기 관 명",
    "사업자 등록번호",
    "법인등록번호",
    "대 표 자",
    "소 재 지",
    "근로자수（명）",
    "인증일자",
    "사회적목적 실현유형",
    "홈페이지",
]
FIRST_DATA_ROW = 5  # title, note, an empty row, the header


def full_width(text: str) -> str:
    """ASCII digits and hyphens as their full-width forms ('12-3' → '１２－３')."""
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-."})


def workbook(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([NOTE])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table(rows, header=HEADER):
    return read_table(io.BytesIO(workbook(rows, header)), filename="인증현황.xlsx")


def as_written(n: int, **changes) -> list[object]:
    values = {
        "name": f"  ㈜함께 웃는 세상 {n} ",
        "brn": full_width(format_brn(valid_brn(n))),
        "crn": full_width(valid_crn(n)),
        "representative": " 김 하나 ",
        "address": "서울특별시 마포구  월드컵로 1 ",
        "employees": "１２ 명",
        "certified_on": full_width("2022.10.31"),
        "purpose": "일자리 제공형",
        "homepage": "－",
    }
    values.update(changes)
    return list(values.values())


def test_a_file_as_people_write_it_imports_to_the_right_records():
    result = enterprise_import(
        actor=system_actor(), table=table([as_written(1), as_written(2, employees=3)])
    )

    assert (result.errors, result.created, result.accepted) == ([], 2, True)
    assert result.ignored_columns == []
    enterprise = Enterprise.objects.get(brn=valid_brn(1))
    # Names and addresses as written, trimmed: ㈜ stays ㈜, inner spaces stay.
    assert enterprise.name == "㈜함께 웃는 세상 1"
    assert enterprise.representative == "김 하나"
    assert enterprise.address == "서울특별시 마포구  월드컵로 1"
    # Codes and numbers in their plain forms.
    assert enterprise.crn == valid_crn(1).replace("-", "")
    assert (enterprise.district, enterprise.employees) == ("마포구", 12)
    assert enterprise.social_purpose == "jobs"
    assert enterprise.homepage == ""
    certification = enterprise.certifications.get()
    assert (certification.kind, certification.certified_on) == (
        "social_enterprise",
        dt.date(2022, 10, 31),
    )
    assert Enterprise.objects.get(brn=valid_brn(2)).employees == 3


def test_importing_the_same_file_again_changes_nothing():
    rows = [as_written(1)]
    enterprise_import(actor=system_actor(), table=table(rows))
    again = enterprise_import(actor=system_actor(), table=table(rows))
    assert (again.created, again.updated, again.skipped) == (0, 0, 1)


def test_bad_cells_are_reported_under_the_header_as_written_with_what_was_expected():
    rows = [
        as_written(1, employees="열두 명"),
        as_written(2, brn=full_width("123-45-678")),
        as_written(3, certified_on="２０２２년 １３월"),
    ]

    result = enterprise_import(actor=system_actor(), table=table(rows))

    first = FIRST_DATA_ROW
    assert result.errors == [
        RowError(
            first,
            "근로자수（명）",
            "근로자수 '열두 명'을(를) 읽을 수 없습니다. "
            "0 이상의 정수로 적어 주세요 (예: 12 또는 12명).",
        ),
        RowError(
            first + 1,
            "사업자 등록번호",
            "사업자등록번호는 숫자 10자리여야 합니다 (예: 123-45-67890).",
        ),
        RowError(
            first + 2, "인증일자", "날짜 '2022년 13월'을(를) 읽을 수 없습니다 (예: 2022-10-31)."
        ),
    ]
    assert not Enterprise.objects.exists()


def test_a_missing_column_names_the_header_row_found_below_the_title():
    header = [name for name in HEADER if name != "사업자 등록번호"]
    rows = [[cell for i, cell in enumerate(as_written(1)) if i != 1]]

    result = enterprise_import(actor=system_actor(), table=table(rows, header))

    assert result.errors == [
        RowError(
            4,
            "",
            "사업자등록번호 열이 없습니다. 4행을 열 이름으로 읽었습니다 "
            "(필요한 열: 기업명(또는 기관명), 사업자등록번호, 자치구 또는 소재지).",
        )
    ]


def test_a_file_without_a_recognisable_header_says_which_row_was_read():
    book = Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(["가", "나", "다"])
    buffer = io.BytesIO()
    book.save(buffer)

    result = enterprise_import(
        actor=system_actor(), table=read_table(io.BytesIO(buffer.getvalue()), filename="x.xlsx")
    )

    reasons = [error.reason for error in result.errors]
    assert "기업명(또는 기관명) 열이 없습니다. 1행을 열 이름으로 읽었습니다" in reasons[0]
    assert reasons[-1] == "자치구 또는 소재지 열이 있어야 합니다. 1행을 열 이름으로 읽었습니다."


def test_a_header_found_below_the_title_naming_a_column_twice_is_a_file_error():
    header = [*HEADER, "기관명"]
    result = enterprise_import(actor=system_actor(), table=table([as_written(1)], header))
    assert result.errors == [RowError(0, "", "4행의 열 이름 '기관명'이(가) 두 번 나옵니다.")]
    assert not result.accepted
