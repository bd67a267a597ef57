"""Enterprise import: the national list and ieum's own format, all-or-nothing, partial, re-import,
and the import_enterprises command."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from ieum.core import search
from ieum.core.idnumbers import crn_check_digit, format_brn
from ieum.core.permissions import system_actor
from ieum.core.tabular import RowError, Table, read_table
from ieum.enterprises.importing import enterprise_import
from ieum.enterprises.models import Certification, Enterprise
from ieum.enterprises.services import SEARCH_KIND, certification_add, enterprise_create

from .factories import valid_brn

pytestmark = pytest.mark.django_db


def excel_day(year: int, month: int, day: int) -> dt.datetime:
    """A date cell as openpyxl reads it: a naive datetime at midnight."""
    return dt.datetime.combine(dt.date(year, month, day), dt.time())


NATIONAL = (
    "지역",
    "인증번호",
    "기관명",
    "사업내용",
    "사회적목적실현유형",
    "사회서비스분야",
    "사업자등록번호",
    "대표자",
    "소재지",
    "홈페이지",
    "인증일자",
    "인증회차",
)


def brn(n: int) -> str:
    return format_brn(valid_brn(n))


def valid_crn(n: int) -> str:
    body = f"{110111_000000 + n:012d}"
    return f"{body[:6]}-{body[6:]}{crn_check_digit(body)}"


def xlsx_file(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or list(dict.fromkeys(key for row in rows for key in row))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table(rows: list[dict], headers: list[str] | None = None) -> Table:
    return read_table(io.BytesIO(xlsx_file(rows, headers)), filename="file.xlsx")


def csv_file(path, headers, rows, encoding):
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def row(n: int, **values) -> dict:
    return {"기업명": f"기업{n}", "사업자등록번호": brn(n), "자치구": "마포구", **values}


def national_row(n: int, **values) -> dict:
    return {
        "지역": "서울",
        "인증번호": f"2022-{n:03d}",
        "기관명": f"인증기업{n}",
        "사업내용": "도시락 제조와 배달",
        "사회적목적실현유형": "일자리제공형",
        "사회서비스분야": "기타",
        "사업자등록번호": brn(n),
        "대표자": "김대표",
        "소재지": "서울특별시 은평구 통일로 684",
        "홈페이지": "www.example.org",
        "인증일자": "2022.10.31",
        "인증회차": "2022-3차",
        **values,
    }


def errors_of(result) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in result.errors]


def test_ieum_rows_create_enterprises_with_kinds_certification_and_search():
    result = enterprise_import(
        actor=system_actor(),
        table=table(
            [
                row(
                    1,
                    기업명="대나무칫솔 협동조합",
                    법인등록번호=valid_crn(1),
                    대표자="이대표",
                    소재지="서울 마포구 월드컵로 1",
                    업종="환경·재활용",
                    사업내용="대나무 칫솔과 샴푸바를 만듭니다.",
                    사회적목적실현유형="혼합형",
                    근로자수="12명",
                    설립일="2019-03-02",
                    홈페이지="https://bamboo.example",
                    기업유형="사회적기업, 사회적협동조합",
                    인증번호="2021-101",
                    인증일자="21.06.30",
                    인증회차="2021-2차",
                )
            ]
        ),
    )

    assert (result.created, result.updated, result.skipped, result.errors) == (1, 0, 0, [])
    enterprise = Enterprise.objects.get(brn=valid_brn(1))
    assert enterprise.name == "대나무칫솔 협동조합"
    assert enterprise.crn == valid_crn(1).replace("-", "")
    assert enterprise.district == "마포구"
    assert enterprise.social_purpose == "mixed"
    assert enterprise.employees == 12
    assert enterprise.founded_on == dt.date(2019, 3, 2)
    certifications = {
        c.kind: (c.number, c.certified_on, c.round) for c in enterprise.certifications.all()
    }
    assert certifications == {
        "social_enterprise": ("2021-101", dt.date(2021, 6, 30), "2021-2차"),
        "social_cooperative": ("", None, ""),
    }
    found = Enterprise.objects.filter(pk__in=search.matching_ids(SEARCH_KIND, "샴푸바를"))
    assert list(found) == [enterprise]


def test_one_bad_row_among_good_ones_writes_nothing_and_names_row_column_reason():
    before = Enterprise.objects.count()
    rows = [row(1), row(2, 사업자등록번호="116-82-00277"), row(3)]

    result = enterprise_import(actor=system_actor(), table=table(rows))

    assert Enterprise.objects.count() == before
    assert result.errors == [
        RowError(3, "사업자등록번호", "사업자등록번호 116-82-00277의 검증번호가 맞지 않습니다.")
    ]
    assert (result.created, result.updated, result.skipped, result.accepted) == (0, 0, 0, False)


def test_every_bad_row_is_reported_not_only_the_first():
    rows = [row(1, 자치구="수원시"), row(2), row(3, 기업명=None, 설립일="작년")]

    result = enterprise_import(actor=system_actor(), table=table(rows))

    assert errors_of(result) == [(2, "자치구"), (4, "기업명"), (4, "설립일")]
    assert not Enterprise.objects.filter(brn=valid_brn(2)).exists()


def test_partial_writes_good_rows_and_reports_the_rest():
    rows = [row(1), row(2, 사업자등록번호="12345"), row(3)]

    result = enterprise_import(actor=system_actor(), table=table(rows), partial=True)

    assert (result.created, result.accepted) == (2, True)
    assert errors_of(result) == [(3, "사업자등록번호")]
    assert "숫자 10자리" in result.errors[0].reason
    assert set(Enterprise.objects.values_list("brn", flat=True)) >= {valid_brn(1), valid_brn(3)}


def test_reimport_updates_by_brn_and_never_duplicates():
    rows = [row(1, 기업유형="사회적기업", 인증일자="2022-10-31"), row(2)]
    enterprise_import(actor=system_actor(), table=table(rows))
    count = Enterprise.objects.count()

    again = enterprise_import(actor=system_actor(), table=table(rows))
    assert (again.created, again.updated, again.skipped) == (0, 0, 2)

    rows[1]["업종"] = "돌봄"
    rows[0]["인증번호"] = "2022-007"
    changed = enterprise_import(actor=system_actor(), table=table(rows))

    assert (changed.created, changed.updated, changed.skipped) == (0, 2, 0)
    assert Enterprise.objects.count() == count
    assert Enterprise.objects.get(brn=valid_brn(2)).industry == "돌봄"
    certification = Certification.objects.get(enterprise__brn=valid_brn(1))
    assert (certification.number, certification.certified_on) == ("2022-007", dt.date(2022, 10, 31))


def test_empty_cell_keeps_the_stored_value():
    enterprise = enterprise_create(
        actor=system_actor(),
        name="햇살나눔",
        brn=valid_brn(1),
        district="은평구",
        industry="식품·외식",
    )

    result = enterprise_import(
        actor=system_actor(), table=table([row(1, 기업명="햇살나눔", 업종="-", 자치구="은평구")])
    )

    enterprise.refresh_from_db()
    assert (result.skipped, enterprise.industry) == (1, "식품·외식")


def test_update_is_reindexed_for_search():
    enterprise_create(actor=system_actor(), name="옛이름", brn=valid_brn(1), district="마포구")

    enterprise_import(actor=system_actor(), table=table([row(1, 기업명="새이름 두부공방")]))

    found = Enterprise.objects.filter(pk__in=search.matching_ids(SEARCH_KIND, "두부"))
    assert [e.brn for e in found] == [valid_brn(1)]


def test_cp949_csv_of_the_national_list(tmp_path):
    national = national_row(1, 소재지="서울특별시 중구 세종대로 110", 인증일자="'22.10.31")
    path = csv_file(tmp_path / "인증현황.csv", NATIONAL, [national.values()], "cp949")

    result = enterprise_import(actor=system_actor(), table=read_table(path))

    assert (result.created, result.errors) == (1, [])
    enterprise = Enterprise.objects.get(brn=valid_brn(1))
    assert (enterprise.name, enterprise.district, enterprise.social_purpose) == (
        "인증기업1",
        "중구",
        "jobs",
    )
    assert enterprise.homepage == "http://www.example.org"
    certification = enterprise.certifications.get()
    assert (certification.kind, certification.number, certification.certified_on) == (
        "social_enterprise",
        "2022-001",
        dt.date(2022, 10, 31),
    )
    assert certification.round == "2022-3차"


def test_utf8_bom_csv_with_spaced_headers(tmp_path):
    values = national_row(1)
    headers = ["기 관 명" if header == "기관명" else header for header in NATIONAL[1:]]
    rows = [[values[header] for header in NATIONAL[1:]]]
    path = csv_file(tmp_path / "list.csv", headers, rows, "utf-8-sig")

    result = enterprise_import(actor=system_actor(), table=read_table(path))

    assert result.created == 1
    assert Enterprise.objects.get(brn=valid_brn(1)).name == "인증기업1"


def test_national_list_outside_seoul_is_refused():
    rows = [national_row(1, 지역="경기", 소재지="경기도 수원시"), national_row(2)]

    result = enterprise_import(actor=system_actor(), table=table(rows), partial=True)

    assert errors_of(result) == [(2, "지역")]
    assert "서울시 기업만" in result.errors[0].reason
    assert result.created == 1


def test_xlsx_with_excel_dates_and_numeric_brn():
    rows = [
        row(1, 사업자등록번호=int(valid_brn(1)), 설립일=excel_day(2015, 5, 1), 근로자수=7),
        row(2, 설립일=44865),
        row(3, 설립일="2022.10.31"),
    ]

    result = enterprise_import(actor=system_actor(), table=table(rows))

    assert result.created == 3, result.errors
    founded = dict(Enterprise.objects.values_list("brn", "founded_on"))
    assert founded[valid_brn(1)] == dt.date(2015, 5, 1)
    assert founded[valid_brn(2)] == dt.date(2022, 10, 31)
    assert founded[valid_brn(3)] == dt.date(2022, 10, 31)
    assert Enterprise.objects.get(brn=valid_brn(1)).employees == 7


def test_same_brn_twice_in_the_file_is_an_error_on_the_second_row_naming_both():
    rows = [row(1), row(2), row(1, 기업명="다른 이름")]

    result = enterprise_import(actor=system_actor(), table=table(rows))

    assert errors_of(result) == [(4, "사업자등록번호")]
    assert "2행과 4행" in result.errors[0].reason
    assert not Enterprise.objects.filter(brn=valid_brn(1)).exists()


def test_district_is_read_from_the_address_and_must_be_in_seoul():
    headers = ["기업명", "사업자등록번호", "소재지"]
    rows = [
        {"기업명": "가", "사업자등록번호": brn(1), "소재지": "서울특별시 강서구 공항대로 1"},
        {"기업명": "나", "사업자등록번호": brn(2), "소재지": "부산광역시 강서구 명지동"},
        {"기업명": "다", "사업자등록번호": brn(3), "소재지": "서울 어딘가"},
    ]

    result = enterprise_import(actor=system_actor(), table=table(rows, headers), partial=True)

    assert errors_of(result) == [(3, "소재지"), (4, "소재지")]
    assert Enterprise.objects.get(brn=valid_brn(1)).district == "강서구"


def test_unknown_district_is_refused():
    result = enterprise_import(actor=system_actor(), table=table([row(1, 자치구="해운대구")]))
    assert result.errors == [RowError(2, "자치구", "'해운대구'은(는) 서울시 자치구가 아닙니다.")]


def test_missing_name_is_refused_under_the_header_as_written():
    headers = ["기 업 명", "사업자등록번호", "자치구"]
    rows = [{"기 업 명": "", "사업자등록번호": brn(1), "자치구": "중구"}]

    result = enterprise_import(actor=system_actor(), table=table(rows, headers))

    assert result.errors == [RowError(2, "기 업 명", "기업명이 비어 있습니다.")]


def test_unreadable_date_is_refused():
    result = enterprise_import(
        actor=system_actor(), table=table([row(1, 인증일자="2022년 13월", 기업유형="사회적기업")])
    )
    assert errors_of(result) == [(2, "인증일자")]
    assert "읽을 수 없습니다" in result.errors[0].reason


def test_bad_crn_is_refused():
    good = valid_crn(5)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)

    result = enterprise_import(actor=system_actor(), table=table([row(1, 법인등록번호=bad)]))

    assert errors_of(result) == [(2, "법인등록번호")]
    assert "검증번호" in result.errors[0].reason


def test_crn_of_another_enterprise_is_refused():
    enterprise_create(
        actor=system_actor(),
        name="먼저 온 기업",
        brn=valid_brn(9),
        crn=valid_crn(1),
        district="중구",
    )

    result = enterprise_import(
        actor=system_actor(), table=table([row(1, 법인등록번호=valid_crn(1))])
    )

    assert errors_of(result) == [(2, "법인등록번호")]
    assert "먼저 온 기업" in result.errors[0].reason


def test_social_purpose_and_kind_labels_are_mapped_and_unknown_ones_refused():
    rows = [
        row(1, 사회적목적실현유형="사회서비스 제공형", 기업유형="마을기업/협동조합"),
        row(2, 사회적목적실현유형="기타(창의·혁신)형"),
        row(3, 사회적목적실현유형="공헌형"),
        row(4, 기업유형="사회적기업, 주식회사"),
    ]

    result = enterprise_import(actor=system_actor(), table=table(rows), partial=True)

    assert errors_of(result) == [(4, "사회적목적실현유형"), (5, "기업유형")]
    assert "일자리제공형" in result.errors[0].reason
    first = Enterprise.objects.get(brn=valid_brn(1))
    assert first.social_purpose == "social_service"
    assert set(first.certifications.values_list("kind", flat=True)) == {"village", "cooperative"}
    assert Enterprise.objects.get(brn=valid_brn(2)).social_purpose == "other"


def test_certification_details_need_the_social_enterprise_kind():
    result = enterprise_import(
        actor=system_actor(), table=table([row(1, 기업유형="마을기업", 인증번호="2022-1")])
    )
    assert errors_of(result) == [(2, "인증번호")]


def test_reimport_fills_the_certification_kept_without_details():
    enterprise = enterprise_create(
        actor=system_actor(), name="가", brn=valid_brn(1), district="중구"
    )
    certification_add(actor=system_actor(), enterprise=enterprise, kind="social_enterprise")

    result = enterprise_import(
        actor=system_actor(), table=table([row(1, 기업명="가", 인증일자="2020-01-02")])
    )

    assert result.updated == 1
    assert list(enterprise.certifications.values_list("certified_on", flat=True)) == [
        dt.date(2020, 1, 2)
    ]


def test_dry_run_reports_what_would_happen_and_writes_nothing():
    enterprise_create(actor=system_actor(), name="있는 기업", brn=valid_brn(1), district="중구")
    before = Enterprise.objects.count()

    result = enterprise_import(
        actor=system_actor(), table=table([row(1, 기업명="바뀐 이름"), row(2)]), dry_run=True
    )

    assert (result.created, result.updated, result.accepted) == (1, 1, True)
    assert Enterprise.objects.count() == before
    assert Enterprise.objects.get(brn=valid_brn(1)).name == "있는 기업"


def test_missing_required_columns_are_a_file_error_even_when_partial():
    result = enterprise_import(
        actor=system_actor(), table=table([{"상호": "가", "자치구": "중구"}]), partial=True
    )

    assert [e.reason for e in result.errors] == [
        "기업명(또는 기관명) 열이 없습니다. 1행을 열 이름으로 읽었습니다 "
        "(필요한 열: 기업명(또는 기관명), 사업자등록번호, 자치구 또는 소재지).",
        "사업자등록번호 열이 없습니다. 1행을 열 이름으로 읽었습니다 "
        "(필요한 열: 기업명(또는 기관명), 사업자등록번호, 자치구 또는 소재지).",
    ]
    assert result.ignored_columns == ["상호"]
    assert not result.accepted


def test_progress_is_reported_while_validating():
    calls = []

    enterprise_import(
        actor=system_actor(),
        table=table([row(n) for n in range(1, 251)]),
        progress=lambda processed, total: calls.append((processed, total)),
    )

    assert calls == [(100, 250), (200, 250), (250, 250)]


def test_import_queries_do_not_grow_with_each_row(django_assert_max_num_queries):
    rows = [row(n, 기업유형="사회적기업", 인증일자="2022-10-31") for n in range(1, 1201)]
    imported = table(rows)

    # A handful of queries per batch of 500 rows, none per row.
    with django_assert_max_num_queries(60):
        result = enterprise_import(actor=system_actor(), table=imported)

    assert result.created == 1200
    assert (
        Certification.objects.filter(enterprise__brn__in=[valid_brn(n) for n in (1, 1200)]).count()
        == 2
    )


def test_command_reports_errors_and_exits_with_code_1(tmp_path, capsys):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx_file([row(1), row(2, 자치구="수원시")]))
    report = tmp_path / "report.json"

    with pytest.raises(CommandError) as raised:
        call_command("import_enterprises", str(path), "--report", str(report))

    assert raised.value.returncode == 1
    captured = capsys.readouterr()
    assert "새로 등록 0건" in captured.out
    assert "아무것도 저장하지 않았습니다" in captured.out
    assert "행 3 · 자치구: '수원시'은(는) 서울시 자치구가 아닙니다." in captured.err
    assert json.loads(report.read_text()) == {
        "errors": [
            {"row": 3, "column": "자치구", "reason": "'수원시'은(는) 서울시 자치구가 아닙니다."}
        ],
        "created": 0,
        "updated": 0,
        "skipped": 0,
    }
    assert not Enterprise.objects.filter(brn=valid_brn(1)).exists()


def test_command_partial_saves_good_rows_but_still_exits_with_code_1(tmp_path, capsys):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx_file([row(1), row(2, 자치구="수원시")]))
    report = tmp_path / "report.xlsx"

    with pytest.raises(CommandError):
        call_command("import_enterprises", str(path), "--partial", "--report", str(report))

    assert Enterprise.objects.filter(brn=valid_brn(1)).exists()
    assert "새로 등록 1건" in capsys.readouterr().out
    assert list(load_workbook(report)["오류"].values)[1][:2] == (3, "자치구")


def test_command_success_and_dry_run(tmp_path, capsys):
    path = tmp_path / "list.csv"
    csv_file(
        path, ["기업명", "사업자등록번호", "자치구", "연번"], [["가", brn(1), "중구", "1"]], "utf-8"
    )

    call_command("import_enterprises", str(path), "--dry-run")
    assert not Enterprise.objects.filter(brn=valid_brn(1)).exists()
    out = capsys.readouterr().out
    assert "시험 실행" in out
    assert "무시한 열: 연번" in out

    call_command("import_enterprises", str(path))
    assert Enterprise.objects.filter(brn=valid_brn(1)).exists()


def test_command_refuses_an_unreadable_file(tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_bytes(b"\x80\xff\xfe")

    with pytest.raises(CommandError):
        call_command("import_enterprises", str(path))

    assert "파일: " in capsys.readouterr().err
