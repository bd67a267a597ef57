"""Enterprise export: what the XLSX holds, and that the importer reads it back unchanged."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from openpyxl import load_workbook

from ieum.core.idnumbers import crn_check_digit, format_brn
from ieum.core.permissions import system_actor
from ieum.core.tabular import read_table
from ieum.enterprises.exports import HEADERS, enterprise_export
from ieum.enterprises.importing import HEADER_KEYS, enterprise_import
from ieum.enterprises.models import Certification, Enterprise
from ieum.enterprises.services import certification_add, enterprise_create

from .factories import valid_brn

pytestmark = pytest.mark.django_db

CRN = "110111000001" + str(crn_check_digit("110111000001"))


def excel_day(year: int, month: int, day: int) -> dt.datetime:
    """A date cell as openpyxl reads it: a naive datetime at midnight."""
    return dt.datetime.combine(dt.date(year, month, day), dt.time())


@pytest.fixture
def registry():
    bamboo = enterprise_create(
        actor=system_actor(),
        name="대나무칫솔 협동조합",
        brn=valid_brn(1),
        crn=CRN,
        representative="이대표",
        address="서울특별시 마포구 월드컵로 1",
        industry="환경·재활용",
        business_description="대나무 칫솔을 만듭니다.\n샴푸바도 만듭니다.",
        social_purpose="mixed",
        social_service_field="환경",
        employees=12,
        founded_on=dt.date(2019, 3, 2),
        homepage="https://bamboo.example",
    )
    certification_add(
        actor=system_actor(),
        enterprise=bamboo,
        kind="social_enterprise",
        number="2019-1",
        certified_on=dt.date(2019, 6, 1),
    )
    certification_add(
        actor=system_actor(),
        enterprise=bamboo,
        kind="social_enterprise",
        number="2022-9",
        certified_on=dt.date(2022, 10, 31),
        round="2022-3차",
    )
    certification_add(actor=system_actor(), enterprise=bamboo, kind="cooperative")
    certification_add(
        actor=system_actor(),
        enterprise=bamboo,
        kind="village",
        certified_on=dt.date(2015, 1, 1),
        ended_on=dt.date(2018, 1, 1),
    )
    plain = enterprise_create(
        actor=system_actor(), name="=수식처럼 보이는 이름", brn=valid_brn(2), district="중구"
    )
    return [bamboo, plain]


def exported(data: bytes) -> tuple[tuple, list[dict]]:
    """The header row and the data rows as {header: value}."""
    headers, *rows = load_workbook(io.BytesIO(data)).active.values
    return headers, [dict(zip(headers, values, strict=True)) for values in rows]


def test_export_has_the_ieum_headers_and_one_row_per_enterprise(registry):
    data = enterprise_export(Enterprise.objects.filter(pk__in=[e.pk for e in registry]))

    headers, rows = exported(data)
    assert headers == HEADERS
    bamboo = next(r for r in rows if r["기업명"] == "대나무칫솔 협동조합")
    assert bamboo["사업자등록번호"] == format_brn(valid_brn(1))
    assert bamboo["법인등록번호"] == f"{CRN[:6]}-{CRN[6:]}"
    assert bamboo["자치구"] == "마포구"
    assert bamboo["사회적목적실현유형"] == "혼합형"
    assert bamboo["근로자수"] == 12
    assert bamboo["설립일"] == excel_day(2019, 3, 2)
    assert bamboo["기업유형"] == "사회적기업, 협동조합"
    assert (bamboo["인증번호"], bamboo["인증일자"], bamboo["인증회차"]) == (
        "2022-9",
        excel_day(2022, 10, 31),
        "2022-3차",
    )
    plain = next(r for r in rows if r["사업자등록번호"] == format_brn(valid_brn(2)))
    assert plain["기업명"] == "=수식처럼 보이는 이름"
    assert plain["기업유형"] is None


def test_every_export_header_is_read_by_the_importer():
    assert set(HEADERS) <= set(HEADER_KEYS)


def test_export_then_import_round_trip(registry):
    fields = [
        f.name
        for f in Enterprise._meta.concrete_fields
        if f.name not in ("id", "created_at", "updated_at")
    ]
    before = {e.brn: model_to_dict(e, fields=fields) for e in registry}
    data = enterprise_export(Enterprise.objects.filter(pk__in=[e.pk for e in registry]))

    same = enterprise_import(
        actor=system_actor(), table=read_table(io.BytesIO(data), filename="export.xlsx")
    )
    assert (same.created, same.updated, same.skipped, same.errors) == (0, 0, 2, [])

    Certification.objects.filter(enterprise__in=registry).delete()
    Enterprise.objects.filter(pk__in=[e.pk for e in registry]).delete()
    again = enterprise_import(
        actor=system_actor(), table=read_table(io.BytesIO(data), filename="export.xlsx")
    )

    assert (again.created, again.errors) == (2, [])
    after = {
        e.brn: model_to_dict(e, fields=fields) for e in Enterprise.objects.filter(brn__in=before)
    }
    assert after == before
    kinds = Certification.objects.filter(enterprise__brn=valid_brn(1)).values_list(
        "kind", "number", "certified_on"
    )
    assert sorted(kinds) == [
        ("cooperative", "", None),
        ("social_enterprise", "2022-9", dt.date(2022, 10, 31)),
    ]


def test_export_queries_stay_flat_as_the_registry_grows(registry, django_assert_max_num_queries):
    for n in range(10, 60):
        enterprise_create(
            actor=system_actor(), name=f"기업{n}", brn=valid_brn(n), district="은평구"
        )

    with django_assert_max_num_queries(3):
        enterprise_export(Enterprise.objects.all())


def test_export_command_writes_the_file(registry, tmp_path, capsys):
    out = tmp_path / "registry.xlsx"

    call_command("export_enterprises", str(out))

    assert {r["기업명"] for r in exported(out.read_bytes())[1]} >= {"대나무칫솔 협동조합"}
    assert "내보냈습니다" in capsys.readouterr().out
