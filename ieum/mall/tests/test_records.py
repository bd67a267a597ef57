import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hwpx import HwpxDocument
from hwpx.tools.package_validator import validate_package
from hwpx.tools.validator import validate_document
from openpyxl import load_workbook

from ieum.core.permissions import system_actor
from ieum.mall.choices import OrderStatus, TargetKind
from ieum.mall.exports.records import records_hwpx, records_xlsx
from ieum.mall.selectors.records import purchase_orders, purchase_records
from ieum.mall.services.institutions import purchase_target_set

from .factories import BuyerFactory, InstitutionFactory, ProductFactory, VendorFactory, placed_order

pytestmark = pytest.mark.django_db

START, END = dt.date(2022, 1, 1), dt.date(2022, 9, 30)
SEOUL = timezone.get_fixed_timezone(9 * 60)


@pytest.fixture
def data(institution):
    """은평구청 buys from vendors of every kind; 마포구청 buys nothing in the period."""
    buyer = BuyerFactory(institution=institution)
    bought = buyer.institution
    idle = InstitutionFactory(name="마포구청")
    vendors = {
        kind: VendorFactory(kind=kind)
        for kind in (
            "social_enterprise",
            "pre_regional",
            "pre_ministry",
            "cooperative",
            "social_venture",
        )
    }
    products = {kind: ProductFactory(vendor=vendor) for kind, vendor in vendors.items()}

    def buy(kind, won, day, **extra):
        return placed_order(
            institution=bought,
            vendor=vendors[kind],
            placed_at=day,
            lines=[(products[kind], 1, won)],
            **extra,
        )

    buy("social_enterprise", 100_000, dt.date(2022, 1, 10))
    buy("pre_regional", 50_000, dt.date(2022, 3, 2))
    buy("pre_ministry", 30_000, dt.date(2022, 4, 5))
    buy("cooperative", 20_000, dt.date(2022, 5, 6))
    buy("social_venture", 10_000, dt.date(2022, 6, 7))
    # The last minutes of the period count (Seoul time); cancelled and returned orders do not.
    buy("social_enterprise", 5_000, dt.datetime(2022, 9, 30, 23, 50, tzinfo=SEOUL))
    buy("social_enterprise", 999_000, dt.date(2022, 2, 1), status=OrderStatus.CANCELLED)
    buy("cooperative", 500_000, dt.date(2022, 2, 1), status=OrderStatus.RETURNED)
    # Outside the period, by Seoul's calendar.
    buy("social_enterprise", 7_000, dt.datetime(2021, 12, 31, 23, 50, tzinfo=SEOUL))
    buy("social_enterprise", 8_000, dt.datetime(2022, 10, 1, 0, 10, tzinfo=SEOUL))
    # Another institution's order in the period, from the same vendor.
    placed_order(
        institution=InstitutionFactory(name="서울시청"),
        vendor=vendors["cooperative"],
        placed_at=dt.date(2022, 7, 1),
        lines=[(products["cooperative"], 2, 40_000)],
    )
    purchase_target_set(
        actor=system_actor(),
        institution=bought,
        year=2022,
        kind=TargetKind.AMOUNT,
        target_won=500_000,
    )
    return {"buyer": buyer, "bought": bought, "idle": idle}


def test_purchases_by_kind_against_the_target(data):
    records = purchase_records(institution=data["bought"], start=START, end=END)

    row = records.rows[0]
    assert [(a.label, a.won) for a in row.by_kind] == [
        ("사회적기업", 105_000),
        ("예비사회적기업", 80_000),
        ("협동조합", 20_000),
        ("사회적협동조합", 0),
        ("마을기업", 0),
        ("자활기업", 0),
        ("기타", 10_000),
    ]
    assert row.total_won == 215_000
    assert row.order_count == 6
    assert row.target_won == 500_000
    assert row.rate == Decimal("43.0")
    orders = purchase_orders(institution=data["bought"], start=START, end=END)
    assert [o.total_won for o in orders] == [100_000, 50_000, 30_000, 20_000, 10_000, 5_000]


def test_every_institution_is_listed_including_those_that_bought_nothing(data):
    records = purchase_records(start=START, end=END)

    by_name = {row.institution.name: row for row in records.rows}
    assert by_name["은평구청"].total_won == 215_000
    assert by_name["서울시청"].total_won == 80_000
    assert not by_name["마포구청"].has_purchases
    assert by_name["마포구청"].total_won == 0
    assert records.totals.total_won == 295_000
    nothing = purchase_records(start=START, end=END, only_without_purchases=True)
    assert "마포구청" in [row.institution.name for row in nothing.rows]
    assert not {"은평구청", "서울시청"} & {row.institution.name for row in nothing.rows}


def test_the_xlsx_reads_back_with_the_figures(data):
    institution = data["bought"]
    records = purchase_records(institution=institution, start=START, end=END)
    orders = purchase_orders(institution=institution, start=START, end=END)

    book = load_workbook(io.BytesIO(records_xlsx(records, institution=institution, orders=orders)))

    sheet = book["우선구매 실적"]
    assert sheet["A1"].value == "은평구청 2022년 사회적경제기업 제품 우선구매 실적"
    assert sheet["A2"].value == "기간: 2022. 01. 01. ~ 2022. 09. 30."
    rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["사회적기업"] == 105_000
    assert rows["예비사회적기업"] == 80_000
    assert rows["사회적협동조합"] == 0
    assert rows["합계"] == 215_000
    assert rows["2022년 목표액"] == 500_000
    assert rows["달성률(%)"] == 43.0
    detail = list(book["주문 내역"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 6
    assert sum(row[5] for row in detail) == 215_000


def test_the_hwpx_reads_back_with_the_figures(data):
    institution = data["bought"]
    records = purchase_records(institution=institution, start=START, end=END)
    orders = purchase_orders(institution=institution, start=START, end=END)

    data_bytes = records_hwpx(records, institution=institution, orders=orders)

    assert validate_package(data_bytes).ok
    assert validate_document(data_bytes).ok
    document = HwpxDocument.open(data_bytes)
    text = document.text.plain()
    assert "은평구청 2022년 사회적경제기업 제품 우선구매 실적" in text
    kinds, order_table = document.tables.all
    cells = {kinds.cell(r, 0).text: kinds.cell(r, 1).text for r in range(1, kinds.row_count)}
    assert cells["예비사회적기업"] == "80,000"
    assert cells["합계"] == "215,000"
    assert cells["달성률"] == "43.0%"
    assert order_table.row_count == 7


def test_the_staff_files_list_every_institution(data):
    records = purchase_records(start=START, end=END)

    book = load_workbook(io.BytesIO(records_xlsx(records)))
    hwpx = HwpxDocument.open(records_hwpx(records))

    sheet = book.active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["마포구청"][9] == 0
    assert rows["은평구청"][9] == 215_000
    assert rows["합계"][9] == 295_000
    table = hwpx.tables.all[0]
    names = [table.cell(r, 0).text for r in range(table.row_count)]
    assert {"마포구청", "은평구청", "서울시청", "합계"} <= set(names)


def test_buyer_page_shows_only_their_own_institution(client, data):
    other_buyer = BuyerFactory(institution=InstitutionFactory(name="서울시청-구매"))
    client.force_login(data["buyer"])
    query = {"start": "2022-01-01", "end": "2022-09-30", "institution": data["idle"].pk}

    page = client.get(reverse("mall:record-list"), query).content.decode()

    assert "은평구청 우선구매 실적" in page
    assert "215,000원" in page and "43.0%" in page
    assert "마포구청" not in page
    client.force_login(other_buyer)
    other = client.get(reverse("mall:record-list"), query).content.decode()
    assert "215,000원" not in other
    assert "은평구청" not in other


def test_buyer_downloads_their_record(client, data):
    client.force_login(data["buyer"])
    query = {"start": "2022-01-01", "end": "2022-09-30"}

    xlsx = client.get(reverse("mall:record-download"), {**query, "format": "xlsx"})
    hwpx = client.get(reverse("mall:record-download"), {**query, "format": "hwpx"})
    bad = client.get(reverse("mall:record-download"), {**query, "format": "pdf"})

    assert load_workbook(io.BytesIO(xlsx.content)).active["A1"].value.startswith("은평구청")
    assert "filename" in xlsx["Content-Disposition"]
    assert validate_package(hwpx.content).ok
    assert bad.status_code == 404


def test_staff_page_filters_institutions_without_purchases(staff_client, data):
    query = {"start": "2022-01-01", "end": "2022-09-30"}
    everything = staff_client.get(reverse("mall:console-record-list"), query).content.decode()
    nothing = staff_client.get(
        reverse("mall:console-record-list"), {**query, "nothing": "on"}
    ).content.decode()

    assert "은평구청" in everything and "마포구청" in everything
    assert "215" in everything  # 천원
    assert "마포구청" in nothing and "은평구청" not in nothing
    download = staff_client.get(
        reverse("mall:console-record-download"), {**query, "nothing": "on", "format": "xlsx"}
    )
    names = [r[0] for r in load_workbook(io.BytesIO(download.content)).active.values]
    assert "마포구청" in names and "은평구청" not in names


def test_a_reversed_period_is_refused_in_korean(staff_client, data):
    response = staff_client.get(
        reverse("mall:console-record-list"), {"start": "2022-09-30", "end": "2022-01-01"}
    )
    assert "종료일이 시작일보다 앞설 수 없습니다." in response.content.decode()


def test_non_staff_cannot_see_every_institution(client, data):
    client.force_login(data["buyer"])
    assert client.get(reverse("mall:console-record-list")).status_code == 403
    assert client.get(reverse("mall:console-record-download")).status_code == 403


def test_record_pages_query_ceilings(client, staff_client, data, django_assert_max_num_queries):
    for _ in range(30):
        InstitutionFactory()
    query = {"start": "2022-01-01", "end": "2022-09-30"}
    with django_assert_max_num_queries(8):
        assert staff_client.get(reverse("mall:console-record-list"), query).status_code == 200
    client.force_login(data["buyer"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("mall:record-list"), query).status_code == 200


def test_the_period_defaults_to_the_year_so_far(client, data):
    client.force_login(data["buyer"])
    today = timezone.localdate()

    page = client.get(reverse("mall:record-list")).content.decode()

    assert f'value="{today.year}-01-01"' in page
    assert f'value="{today.isoformat()}"' in page
