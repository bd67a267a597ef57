"""Bounded uploads: a zip bomb, too many rows or columns, a file too large, control characters
and numbers beyond the database's range are refused with a Korean reason — by read_table, the
import commands, the vendor's upload page and the budget pages, whose imports run on the
worker — quickly and without the memory the file would unpack to."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from ieum.budget.importing import budget_import, ledger_import
from ieum.budget.models import Expenditure
from ieum.budget.tests.factories import SMALL, budget_table, ledger_table
from ieum.core.choices import ImportJobStatus, Role
from ieum.core.idnumbers import format_brn
from ieum.core.imports import import_job_run
from ieum.core.models import ImportJob
from ieum.core.permissions import system_actor
from ieum.core.tabular import BIGINT_MAX, ReadLimits, TabularError, read_table
from ieum.mall.importing import HEADERS, products_import
from ieum.mall.models import Product
from ieum.mall.tests.factories import VendorFactory

ROOT = Path(__file__).resolve().parents[3]
SECONDS = 2.0
MEGABYTES = 200

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def zip_bomb(path: Path, unpacked: int) -> Path:
    """An XLSX whose one sheet is `unpacked` bytes of the same row repeated, written as it is
    compressed (never in memory): a few hundred MB of sheet make a file of a few MB."""
    row = ("<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * 50 + "</row>").encode()
    chunk = row * 1000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_HEAD.encode())
            written = 0
            while written < unpacked:
                sheet.write(chunk)
                written += len(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """Unpacks to 400 MB, twice the default limit (like the 882 MB file of the issue)."""
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "products.xlsx", 400 * 1024 * 1024)


def read_in_child(path: Path, **environment: str) -> dict:
    """read_table in a fresh process: its wall time, its peak resident memory and the refusal."""
    code = (
        "import json, time\n"
        "import django\n"
        "django.setup()\n"
        "from ieum.core.tabular import TabularError, read_table\n"
        "start = time.perf_counter()\n"
        "try:\n"
        f"    read_table({str(path)!r})\n"
        "    message = ''\n"
        "except TabularError as exc:\n"
        "    message = str(exc)\n"
        "seconds = time.perf_counter() - start\n"
        # VmHWM: this process's own peak (ru_maxrss would count the forking parent's too).
        "status = open('/proc/self/status').read()\n"
        "peak = int(status.split('VmHWM:')[1].split()[0]) / 1024\n"
        "print(json.dumps({'seconds': seconds, 'megabytes': peak, 'message': message}))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ieum.settings.test", **environment}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_zip_bomb_is_refused_in_under_two_seconds_and_200_mb(bomb):
    assert bomb.stat().st_size < 5 * 1024 * 1024  # a few MB on disk
    child = read_in_child(bomb)
    assert "압축을 푼 크기가 200 MB까지입니다" in child["message"]
    assert child["seconds"] < SECONDS
    assert child["megabytes"] < MEGABYTES


def test_rows_are_counted_as_the_sheet_is_streamed(bomb):
    """With the size checks lifted, the row limit still stops the bomb after its first rows:
    the sheet is read as a stream, never whole."""
    child = read_in_child(
        bomb,
        IMPORT_MAX_UNPACKED_BYTES=str(10**12),
        IMPORT_MAX_RATIO=str(10**9),
        IMPORT_MAX_ROWS="100",
    )
    assert "데이터가 100행을 넘습니다" in child["message"]
    assert child["seconds"] < SECONDS
    assert child["megabytes"] < MEGABYTES


def test_a_bomb_within_the_unpacked_limit_is_refused_by_its_compression_ratio(tmp_path):
    path = zip_bomb(tmp_path / "small-bomb.xlsx", 120 * 1024 * 1024)
    with pytest.raises(TabularError) as refused:
        read_table(path)
    assert "xl/worksheets/sheet1.xml" in str(refused.value)
    assert "압축률 한도 100배" in str(refused.value)


@pytest.mark.django_db
def test_the_import_command_refuses_the_bomb_quickly(bomb, capsys):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(CommandError):
            call_command("import_products", str(bomb))
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    finally:
        tracemalloc.stop()
    assert "압축을 풀면" in capsys.readouterr().err
    assert seconds < SECONDS
    assert peak < MEGABYTES


@pytest.fixture
def vendor(member_enterprise):
    return VendorFactory(enterprise=member_enterprise)


@pytest.mark.django_db
def test_the_vendor_upload_page_returns_at_once_and_the_job_fails_with_the_reason(
    client, make_user, vendor, bomb, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.ENTERPRISE))
    start = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=False), bomb.open("rb") as file:
        response = client.post(reverse("mall:product-upload"), {"file": file})
    assert time.perf_counter() - start < SECONDS
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.QUEUED  # the request only stored the file

    start = time.perf_counter()
    import_job_run(job.pk)
    assert time.perf_counter() - start < SECONDS
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert "압축을 풀면" in job.errors[0]["reason"]
    page = client.get(response["Location"]).content.decode()
    assert "압축을 푼 크기가 200 MB까지입니다" in page
    assert not Product.objects.exists()


@pytest.mark.django_db
@override_settings(IMPORT_MAX_BYTES=2048)
def test_a_file_over_the_size_limit_is_refused_by_the_upload_forms(staff_client):
    big = SimpleUploadedFile("l.csv", b"a,b\n" + b"1,2\n" * 1000)
    response = staff_client.post(reverse("budget:ledger-import"), {"year": 2024, "file": big})
    assert response.status_code == 400
    assert "2 KB까지입니다" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_the_ledger_page_import_runs_on_the_worker_not_in_the_request(
    staff_client, django_capture_on_commit_callbacks
):
    budget_import(year=2024, table=budget_table(SMALL), actor=system_actor())
    csv = "집행일자,예산코드,금액,거래처,적요\n2024-10-31,A1,1000,갑,x\n".encode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(
            reverse("budget:ledger-import"),
            {"year": 2024, "file": SimpleUploadedFile("l.csv", csv)},
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # the job is queued when the request commits
    assert not Expenditure.objects.exists()
    job = ImportJob.objects.get()
    assert job.options == {"year": 2024}
    import_job_run(job.pk)
    assert Expenditure.objects.get().amount_won == 1000
    page = staff_client.get(response["Location"]).content.decode()
    assert "모든 행을 저장했습니다" in page


def test_too_many_rows_are_refused_with_the_limit_stated():
    csv = "상품명,판매가\n" + "칫솔,1000\n" * 6
    limits = ReadLimits(max_rows=5)
    with pytest.raises(TabularError, match="데이터가 5행을 넘습니다"):
        read_table(io.BytesIO(csv.encode()), filename="p.csv", limits=limits)
    assert len(read_table(io.BytesIO(csv.encode()), filename="p.csv").rows) == 6


def test_a_value_beyond_the_last_column_read_is_refused():
    wide = "상품명,판매가" + "," * 10 + "\n칫솔,1000" + "," * 10 + "덤\n"
    with pytest.raises(TabularError, match="가져올 수 있는 열은 5개까지입니다"):
        read_table(io.BytesIO(wide.encode()), filename="p.csv", limits=ReadLimits(max_columns=5))
    empty_beyond = "상품명,판매가" + "," * 10 + "\n칫솔,1000" + "," * 10 + "\n"
    table = read_table(
        io.BytesIO(empty_beyond.encode()), filename="p.csv", limits=ReadLimits(max_columns=5)
    )
    assert table.rows[0].values["상품명"] == "칫솔"


def test_control_characters_are_refused_with_their_row_and_column():
    csv = "상품명,판매가\n칫솔,1000\n대나무\x00칫솔,2000\n컵,3\x01000\n"
    with pytest.raises(TabularError) as refused:
        read_table(io.BytesIO(csv.encode()), filename="p.csv")
    errors = refused.value.errors
    assert [(error.row, error.column) for error in errors] == [(3, "상품명"), (4, "판매가")]
    assert "제어 문자(코드 U+0000)" in errors[0].reason


@pytest.mark.django_db
def test_the_import_command_reports_each_control_character_by_row_and_column(
    tmp_path, vendor, capsys
):
    source = tmp_path / "products.csv"
    source.write_text(
        ",".join(HEADERS)
        + "\n"
        + f"칫\x00솔,생활용품,6000,,,,,,,{format_brn(vendor.enterprise.brn)},,,\n"
    )
    with pytest.raises(CommandError):
        call_command("import_products", str(source))
    assert "행 2 · 상품명: 보이지 않는 제어 문자(코드 U+0000)" in capsys.readouterr().err
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_a_price_above_the_64_bit_limit_is_a_row_error_not_a_crash(vendor):
    def product(n: int, price: str) -> dict:
        return {
            "상품명": f"칫솔 {n}",
            "카테고리": "생활용품>욕실용품",
            "판매가": price,
            "사업자등록번호": format_brn(vendor.enterprise.brn),
        }

    csv = io.StringIO()
    rows = [product(1, "6,000"), product(2, str(BIGINT_MAX + 1)), product(3, str(BIGINT_MAX))]
    csv.write(",".join(HEADERS) + "\n")
    for row in rows:
        csv.write(",".join(f'"{row.get(header, "")}"' for header in HEADERS) + "\n")
    table = read_table(io.BytesIO(csv.getvalue().encode()), filename="p.csv")
    result = products_import(table=table, actor=system_actor())
    assert [(error.row, error.column) for error in result.errors] == [(3, "판매가")]
    assert "너무 큽니다" in result.errors[0].reason
    assert not Product.objects.exists()
    # The largest price the database holds is stored.
    result = products_import(table=table, actor=system_actor(), partial=True)
    assert Product.objects.get(name="칫솔 3").price_won == BIGINT_MAX


@pytest.mark.django_db
def test_a_ledger_amount_beyond_the_64_bit_limit_is_a_row_error():
    budget_import(year=2024, table=budget_table(SMALL), actor=system_actor())
    table = ledger_table([(dt.date(2024, 3, 1), "A1", str(-(BIGINT_MAX + 1)), "갑", "x")])
    result = ledger_import(year=2024, table=table, actor=system_actor())
    assert not result.accepted
    assert "너무 큽니다" in result.errors[0].reason
    assert not Expenditure.objects.exists()


def test_a_zip_whose_directory_understates_the_sizes_is_refused_not_inflated():
    """The size checks read the zip's directory; a file that lies there is still bounded,
    because a member is never inflated beyond the size its directory declares (the CRC then
    fails), and the refusal is the Korean one for a damaged file, not a traceback."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["상품명", "판매가"])
    for number in range(20_000):
        sheet.append([f"상품{number}" * 5, number])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = bytearray(buffer.getvalue())
    # Every declared uncompressed size, in the local headers and the central directory: 1,000.
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature)
        while at != -1:
            data[at + offset : at + offset + 4] = (1000).to_bytes(4, "little")
            at = data.find(signature, at + 4)

    with pytest.raises(TabularError, match="손상"):
        read_table(io.BytesIO(bytes(data)), filename="liar.xlsx")
