"""Product import: all-or-nothing, partial, bad cells with row and column, brns that are not
vendors, re-import, reports, the import_products command and the vendor's upload page."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ieum.core.choices import Role
from ieum.core.idnumbers import format_brn
from ieum.core.models import ImportJob
from ieum.core.permissions import system_actor
from ieum.core.tabular import RowError, read_table
from ieum.core.testing import run_queued_tasks
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.mall.choices import ProductStatus, VendorStatus
from ieum.mall.importing import HEADERS, products_import
from ieum.mall.models import Category, Product
from ieum.mall.selectors.catalog import product_search

from .factories import VendorFactory

pytestmark = pytest.mark.django_db


def xlsx(rows: list[dict], headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table(rows: list[dict], headers=HEADERS):
    return read_table(io.BytesIO(xlsx(rows, headers)), filename="products.xlsx")


@pytest.fixture
def vendor(member_enterprise):
    return VendorFactory(enterprise=member_enterprise)


def row(vendor, n: int = 1, **values) -> dict:
    return {
        "상품명": f"대나무 칫솔 {n}",
        "카테고리": "생활용품>욕실용품",
        "판매가": "6,000",
        "단위": "세트",
        "최소주문수량": 10,
        "재고상태": "재고 있음",
        "상품설명": "생분해 손잡이",
        "인증": "친환경, 녹색인증",
        "물품분류번호": 4713150101,
        "사업자등록번호": format_brn(vendor.enterprise.brn),
        **values,
    }


def test_import_publishes_products_with_categories_and_certifications(vendor):
    result = products_import(
        actor=system_actor(), table=table([row(vendor, 1), row(vendor, 2, 인증="우수조달")])
    )
    assert (result.created, result.updated, result.errors, result.accepted) == (2, 0, [], True)
    product = Product.objects.get(name="대나무 칫솔 1")
    assert product.status == ProductStatus.PUBLISHED
    assert product.published_at is not None
    assert (product.price_won, product.unit, product.min_order_quantity) == (6000, "세트", 10)
    assert product.classification_number == "4713150101"
    assert (product.category.name, product.category.parent.name) == ("욕실용품", "생활용품")
    assert sorted(c.kind for c in product.certificates.all()) == ["eco", "green"]
    assert (product.vendor_kind, product.district) == (vendor.kind, vendor.district)
    assert Category.objects.count() == 2
    assert product_search(q="대나무칫솔").total == 2
    assert product_search(certifications=["excellent_procurement"]).total == 1


def test_draft_flag_keeps_new_products_off_sale(vendor):
    products_import(actor=system_actor(), table=table([row(vendor)]), draft=True)
    product = Product.objects.get()
    assert (product.status, product.published_at) == (ProductStatus.DRAFT, None)
    assert product_search().total == 0


def test_one_bad_row_and_nothing_is_written(vendor):
    rows = [row(vendor, 1), row(vendor, 2, 판매가=0), row(vendor, 3)]
    result = products_import(actor=system_actor(), table=table(rows))
    assert not result.accepted
    assert result.created == 0
    assert result.errors == [RowError(3, "판매가", "판매가는 0원보다 커야 합니다.")]
    assert not Product.objects.exists()
    assert not Category.objects.exists()


def test_partial_writes_the_good_rows(vendor):
    rows = [row(vendor, 1), row(vendor, 2, 판매가="abc"), row(vendor, 3)]
    result = products_import(actor=system_actor(), table=table(rows), partial=True)
    assert (result.accepted, result.created) == (True, 2)
    assert [e.row for e in result.errors] == [3]
    assert sorted(Product.objects.values_list("name", flat=True)) == [
        "대나무 칫솔 1",
        "대나무 칫솔 3",
    ]


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"상품명": ""}, "상품명", "상품명이 비어 있습니다."),
        ({"카테고리": "생활용품>>세제"}, "카테고리", "빈 단계가 있습니다"),
        ({"판매가": -100}, "판매가", "판매가는 0원보다 커야 합니다."),
        ({"판매가": "1,2,3"}, "판매가", "읽을 수 없습니다"),
        ({"최소주문수량": 0}, "최소주문수량", "1 이상의 정수"),
        ({"최소주문수량": "열개"}, "최소주문수량", "1 이상의 정수"),
        ({"재고상태": "많음"}, "재고상태", "재고상태 '많음'을(를) 알 수 없습니다"),
        ({"인증": "친환경, ISO9001"}, "인증", "인증 'ISO9001'을(를) 알 수 없습니다"),
        ({"물품분류번호": "47131501"}, "물품분류번호", "숫자 10자리"),
        ({"물품분류번호": "47131501AB"}, "물품분류번호", "숫자 10자리"),
        ({"사업자등록번호": "123-45-67891"}, "사업자등록번호", "사업자등록번호"),
        ({"과세구분": "영세"}, "과세구분", "과세구분 '영세'을(를) 알 수 없습니다"),
        ({"배송가능지역": "은평구, 해운대구"}, "배송가능지역", "'해운대구'은(는) 서울시 자치구가"),
    ],
)
def test_bad_cells_are_reported_with_row_and_column(vendor, values, column, reason):
    result = products_import(
        actor=system_actor(), table=table([row(vendor, 1), row(vendor, 2, **values)])
    )
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.column) == (3, column)
    assert reason in error.reason
    assert not Product.objects.exists()


def test_a_brn_that_is_not_a_vendor_is_refused(vendor):
    outsider = EnterpriseFactory()
    result = products_import(
        actor=system_actor(),
        table=table([row(vendor), row(vendor, 2, 사업자등록번호=outsider.brn)]),
    )
    assert result.errors == [
        RowError(
            3,
            "사업자등록번호",
            f"사업자등록번호 {format_brn(outsider.brn)}은(는) 함께누리 입점기업이 아닙니다.",
        )
    ]


@pytest.mark.parametrize("status", [VendorStatus.APPLIED, VendorStatus.SUSPENDED])
def test_a_vendor_that_does_not_sell_is_refused(status):
    waiting = VendorFactory(status=status)
    result = products_import(actor=system_actor(), table=table([row(waiting)]))
    assert "입점 승인 상태가 아닙니다" in result.errors[0].reason
    assert not Product.objects.exists()


def test_missing_required_columns_are_reported(vendor):
    result = products_import(
        actor=system_actor(), table=table([{"상품명": "칫솔"}], headers=["상품명", "비고"])
    )
    reasons = " ".join(e.reason for e in result.errors)
    for column in ("카테고리", "판매가", "사업자등록번호"):
        assert f"{column} 열이 없습니다" in reasons
    assert result.ignored_columns == ["비고"]


def test_reimport_changes_nothing_and_a_new_price_updates(vendor):
    rows = [row(vendor, 1), row(vendor, 2)]
    products_import(actor=system_actor(), table=table(rows))
    again = products_import(actor=system_actor(), table=table(rows))
    assert (again.created, again.updated, again.skipped) == (0, 0, 2)
    changed = products_import(
        actor=system_actor(), table=table([row(vendor, 1, 판매가=6500, 인증="우수조달")])
    )
    assert (changed.created, changed.updated) == (0, 1)
    product = Product.objects.get(name="대나무 칫솔 1")
    assert product.price_won == 6500
    assert [c.kind for c in product.certificates.all()] == ["excellent_procurement"]
    assert Product.objects.count() == 2


def test_the_same_product_twice_in_a_file_is_refused(vendor):
    result = products_import(actor=system_actor(), table=table([row(vendor, 1), row(vendor, 1)]))
    assert result.errors[0].row == 3
    assert "2행에도 있습니다" in result.errors[0].reason


def test_dry_run_counts_but_writes_nothing(vendor):
    result = products_import(
        actor=system_actor(), table=table([row(vendor, 1), row(vendor, 2)]), dry_run=True
    )
    assert (result.accepted, result.created) == (True, 2)
    assert not Product.objects.exists()


def test_import_queries_do_not_grow_with_each_row(vendor, django_assert_max_num_queries):
    rows = [row(vendor, n, 카테고리=f"생활용품>분류{n % 3}") for n in range(200)]
    parsed = table(rows)
    with django_assert_max_num_queries(60):
        result = products_import(actor=system_actor(), table=parsed)
    assert result.created == 200


# --- the command -------------------------------------------------------------------------


def test_command_imports_and_writes_a_json_report(tmp_path, vendor, capsys):
    source = tmp_path / "products.xlsx"
    source.write_bytes(xlsx([row(vendor, 1), row(vendor, 2)]))
    report = tmp_path / "report.json"
    call_command("import_products", str(source), "--report", str(report))
    assert Product.objects.count() == 2
    assert json.loads(report.read_text()) == {
        "errors": [],
        "created": 2,
        "updated": 0,
        "skipped": 0,
    }
    assert "새 상품 2개" in capsys.readouterr().out


def test_command_fails_with_errors_and_an_xlsx_report(tmp_path, vendor):
    source = tmp_path / "products.xlsx"
    source.write_bytes(xlsx([row(vendor, 1), row(vendor, 2, 물품분류번호="12")]))
    report = tmp_path / "report.xlsx"
    with pytest.raises(CommandError, match="오류 1건"):
        call_command("import_products", str(source), "--report", str(report))
    assert not Product.objects.exists()
    errors = load_workbook(report)["오류"]
    assert [cell.value for cell in errors[2]] == [
        3,
        "물품분류번호",
        "물품분류번호는 숫자 10자리입니다 (예: 4713150101).",
    ]


def test_command_exit_code_is_1_on_errors_even_when_partial(tmp_path, vendor):
    source = tmp_path / "products.csv"
    lines = [",".join(HEADERS[:4] + ("사업자등록번호",))]
    lines.append(f"칫솔,생활용품>욕실용품,6000,개,{vendor.enterprise.brn}")
    lines.append(f"빗,생활용품>욕실용품,0,개,{vendor.enterprise.brn}")
    source.write_text("\n".join(lines), encoding="utf-8")
    stderr = io.StringIO()
    # run_from_argv (the `ieum` script) exits with the CommandError's return code.
    with pytest.raises(CommandError) as failed:
        call_command("import_products", str(source), "--partial", stderr=stderr)
    assert failed.value.returncode == 1
    assert list(Product.objects.values_list("name", flat=True)) == ["칫솔"]
    assert "행 3 · 판매가: 판매가는 0원보다 커야 합니다." in stderr.getvalue()


# --- the vendor's upload page ------------------------------------------------------------


@pytest.fixture
def member_client(client, make_user, vendor):
    client.force_login(make_user(Role.ENTERPRISE))
    return client


def upload(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("products.xlsx", xlsx(rows))


def _upload_and_run(client, capture, rows_or_file, **fields):
    """Post the upload page, run the job it queued as a worker would, return the job's page."""
    file = rows_or_file if isinstance(rows_or_file, SimpleUploadedFile) else upload(rows_or_file)
    with capture(execute=True):
        response = client.post(reverse("mall:product-upload"), {"file": file, **fields})
    assert response.status_code == 302
    run_queued_tasks()
    return client.get(response["Location"])


def test_vendor_uploads_its_own_products_through_a_job(
    member_client, vendor, django_capture_on_commit_callbacks
):
    rows = [row(vendor, 1), row(vendor, 2, 사업자등록번호="")]
    page = _upload_and_run(member_client, django_capture_on_commit_callbacks, rows)
    assert page.status_code == 200
    text = page.content.decode()
    assert "완료" in text and "products.xlsx" in text
    job = ImportJob.objects.get()
    assert (job.kind, job.options, job.created_count) == (
        "mall.products",
        {"vendor_id": vendor.pk, "draft": False},
        2,
    )
    assert Product.objects.filter(vendor=vendor).count() == 2
    # The upload page lists it; the report downloads.
    assert "products.xlsx" in member_client.get(reverse("mall:product-upload")).content.decode()
    report = member_client.get(reverse("mall:product-upload-job-report", args=[job.pk]))
    assert report.status_code == 200
    file = member_client.get(reverse("mall:product-upload-job-file", args=[job.pk]))
    downloaded = read_table(io.BytesIO(b"".join(file.streaming_content)), filename="x.xlsx")
    assert len(downloaded.rows) == 2


def test_vendor_upload_refuses_another_enterprises_rows(
    member_client, vendor, django_capture_on_commit_callbacks
):
    other = VendorFactory()
    rows = [row(vendor, 1), row(other, 2)]
    page = _upload_and_run(member_client, django_capture_on_commit_callbacks, rows)
    text = page.content.decode()
    assert f"다른 기업(사업자등록번호 {format_brn(other.enterprise.brn)})의 상품은" in text
    assert "아무것도 저장하지 않았습니다" in text
    assert not Product.objects.exists()
    _upload_and_run(member_client, django_capture_on_commit_callbacks, rows, partial="on")
    assert list(Product.objects.values_list("vendor", flat=True)) == [vendor.pk]


def test_vendor_upload_reports_a_file_that_is_not_a_table(
    member_client, django_capture_on_commit_callbacks
):
    bad = SimpleUploadedFile("products.xlsx", b"not a zip")
    page = _upload_and_run(member_client, django_capture_on_commit_callbacks, bad)
    assert "XLSX 파일을 열 수 없습니다" in page.content.decode()
    assert ImportJob.objects.get().status == "failed"


def test_another_vendors_upload_job_is_not_found(
    member_client, vendor, django_capture_on_commit_callbacks
):
    _upload_and_run(member_client, django_capture_on_commit_callbacks, [row(vendor, 1)])
    job = ImportJob.objects.get()
    job.options = {"vendor_id": VendorFactory().pk}
    job.save()
    for name in (
        "mall:product-upload-job",
        "mall:product-upload-job-report",
        "mall:product-upload-job-file",
    ):
        assert member_client.get(reverse(name, args=[job.pk])).status_code == 404


def test_upload_template_reads_back_as_a_valid_import(member_client, vendor):
    response = member_client.get(reverse("mall:product-upload-template"))
    parsed = read_table(io.BytesIO(response.content), filename="template.xlsx")
    result = products_import(actor=system_actor(), table=parsed, dry_run=True)
    assert (result.errors, result.created) == ([], 1)


def test_the_member_is_mailed_when_the_upload_job_ends(
    member_client, vendor, django_capture_on_commit_callbacks
):
    from django.core import mail

    from ieum.accounts.models import User
    from ieum.accounts.tests.mail import run_jobs

    member = User.objects.get(enterprise=vendor.enterprise)
    member.email = "seller@example.kr"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("mall:product-upload"), {"file": upload([row(vendor, 1)])})
    mail.outbox.clear()
    run_jobs(django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == ["seller@example.kr"]
    assert message.subject == "[이음] 상품 올리기 완료: products.xlsx"
    job = ImportJob.objects.get()
    assert reverse("mall:product-upload-job", args=[job.pk]) in message.body


# --- files as people write them ----------------------------------------------------------

AS_WRITTEN_HEADER = [
    "상 품 명",
    "카테고리",
    "판매가",
    "단 위",
    "최소 주문 수량",
    "재고상태",
    "인증",
    "물품분류번호",
    "사업자 등록번호",
    "납기（일）",
    "배송가능지역",
]


def full_width(text: str) -> str:
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-.,"})


def report_workbook(rows, *, header=AS_WRITTEN_HEADER, unit_row="(단위: 천원)") -> bytes:
    """A merged title row, a unit row (or none), the header, then the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2024년 하반기 함께누리 상품 등록"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    if unit_row:
        sheet.append([None] * (len(header) - 1) + [unit_row])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_table(rows, **options):
    return read_table(io.BytesIO(report_workbook(rows, **options)), filename="상품.xlsx")


def written(vendor, n: int, price: object) -> list[object]:
    return [
        f"  대나무 칫솔 ({n}) ",
        "생활용품 ＞ 욕실 용품",
        price,
        "세트",
        "１０세트",
        "재고 있음",
        "친환경，녹색인증",
        full_width("4713150101"),
        full_width(format_brn(vendor.enterprise.brn)),
        "３일",
        "마포구，은평구",
    ]


def test_a_product_file_as_people_write_it_imports_to_the_right_records(vendor):
    prices = ["６", "6,000원", "6천원", 6.5, "１.２"]  # 천원 per the unit row, or stated
    rows = [written(vendor, n, price) for n, price in enumerate(prices, 1)]

    result = products_import(actor=system_actor(), table=report_table(rows))

    assert (result.errors, result.created, result.ignored_columns) == ([], 5, [])
    assert dict(Product.objects.values_list("name", "price_won")) == {
        "대나무 칫솔 (1)": 6000,
        "대나무 칫솔 (2)": 6000,
        "대나무 칫솔 (3)": 6000,
        "대나무 칫솔 (4)": 6500,
        "대나무 칫솔 (5)": 1200,
    }
    product = Product.objects.get(name="대나무 칫솔 (1)")
    assert (product.category.parent.name, product.category.name) == ("생활용품", "욕실 용품")
    assert (product.min_order_quantity, product.lead_time_days) == (10, 3)
    assert product.classification_number == "4713150101"
    assert product.delivery_districts == ",마포구,은평구,"
    assert sorted(c.kind for c in product.certificates.all()) == ["eco", "green"]
    again = products_import(actor=system_actor(), table=report_table(rows))
    assert (again.created, again.updated, again.skipped) == (0, 0, 5)


def test_the_price_unit_may_be_in_the_header_instead(vendor):
    header = [("판매가（천원）" if h == "판매가" else h) for h in AS_WRITTEN_HEADER]
    result = products_import(
        actor=system_actor(),
        table=report_table([written(vendor, 1, "６．５")], header=header, unit_row=None),
    )
    assert result.errors == []
    assert Product.objects.get().price_won == 6500


def test_without_a_stated_unit_prices_are_won(vendor):
    rows = [
        written(vendor, 1, "６,０００원"),
        written(vendor, 2, 7000),
        written(vendor, 3, "8천원"),
    ]
    result = products_import(actor=system_actor(), table=report_table(rows, unit_row=None))
    assert result.errors == []
    assert sorted(Product.objects.values_list("price_won", flat=True)) == [6000, 7000, 8000]


def test_price_refusals_say_what_was_expected_and_where_the_unit_was_read(vendor):
    rows = [
        written(vendor, 1, "6천5백원"),
        written(vendor, 2, "1.2345"),
        written(vendor, 3, "－"),
    ]

    result = products_import(actor=system_actor(), table=report_table(rows))

    assert result.errors == [
        RowError(
            4,
            "판매가",
            "판매가 '6천5백원'을(를) 읽을 수 없습니다. 천원 단위 숫자로 적어 주세요 "
            "(예: 6, 6,000원, 6천원) (단위는 2행의 '단위: 천원'에서 읽었습니다).",
        ),
        RowError(
            5,
            "판매가",
            "판매가 '1.2345'은(는) 천원 단위로 1234.5원이 되어 원 단위로 떨어지지 않습니다 "
            "(단위는 2행의 '단위: 천원'에서 읽었습니다). 원 단위 정수가 되게 적어 주세요.",
        ),
        RowError(6, "판매가", "판매가가 비어 있습니다. 원 단위 금액을 적어 주세요 (예: 6,000)."),
    ]
    assert not Product.objects.exists()


def test_a_header_unit_is_named_in_the_refusal(vendor):
    header = [("판매가(원)" if h == "판매가" else h) for h in AS_WRITTEN_HEADER]
    result = products_import(
        actor=system_actor(),
        table=report_table([written(vendor, 1, "6000.5")], header=header, unit_row=None),
    )
    assert result.errors == [
        RowError(
            3,
            "판매가(원)",
            "판매가 '6000.5'은(는) 원 단위로 6000.5원이 되어 원 단위로 떨어지지 않습니다 "
            "(단위는 열 이름 '판매가(원)'에서 읽었습니다). 원 단위 정수가 되게 적어 주세요.",
        )
    ]


def test_counts_with_a_word_other_than_their_unit_are_refused_with_an_example(vendor):
    row = written(vendor, 1, 6)
    row[4], row[9] = "10박스", "사흘"

    result = products_import(actor=system_actor(), table=report_table([row]))

    assert result.errors == [
        RowError(
            4,
            "납기（일）",
            "납기는 0~365일 사이의 정수로 적어 주세요 (예: 3 또는 3일).",
        ),
        RowError(
            4,
            "최소 주문 수량",
            "최소주문수량은 1 이상의 정수여야 합니다 (예: 10, 10개, 10세트).",
        ),
    ]


def test_a_missing_column_names_the_header_row_found_below_the_title(vendor):
    header = [h for h in AS_WRITTEN_HEADER if h != "카테고리"]
    row = written(vendor, 1, 6)
    del row[1]

    result = products_import(actor=system_actor(), table=report_table([row], header=header))

    assert result.errors == [
        RowError(
            3,
            "",
            "카테고리 열이 없습니다. 3행을 열 이름으로 읽었습니다 "
            "(필요한 열: 상품명, 카테고리, 판매가, 사업자등록번호).",
        )
    ]
