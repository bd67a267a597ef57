"""Quote requests, the vendor's itemised quote or decline, ordering from a valid quote, and the
견적서 files (XLSX read back with openpyxl, HWPX unzipped and validated with python-hwpx)."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hwpx.tools.package_validator import validate_package
from hwpx.tools.validator import validate_document
from openpyxl import load_workbook

from ieum.core.idnumbers import format_brn
from ieum.core.permissions import system_actor
from ieum.enterprises.tests.factories import valid_brn
from ieum.mall.choices import OrderStatus, QuoteRequestStatus, TaxType
from ieum.mall.exports import quotes as quote_files
from ieum.mall.models import Order, Quote, QuoteRequest
from ieum.mall.selectors import orders as selectors
from ieum.mall.services import orders as services

from .factories import BuyerFactory, ProductFactory, VendorFactory, VendorMemberFactory

pytestmark = pytest.mark.django_db
BRN = valid_brn(99_001)


@pytest.fixture
def vendor():
    return VendorFactory(
        enterprise__name="푸른숲 협동조합",
        enterprise__brn=BRN,
        enterprise__representative="김나눔",
        enterprise__address="서울특별시 은평구 통일로 684",
    )


@pytest.fixture
def seller(vendor):
    return VendorMemberFactory(enterprise=vendor.enterprise)


@pytest.fixture
def buyer():
    return BuyerFactory(institution__name="마포구청")


@pytest.fixture
def detergent(vendor):
    return ProductFactory(
        vendor=vendor, name="친환경 세제", price_won=8_000, unit="통", min_order_quantity=5
    )


@pytest.fixture
def rice(vendor):
    return ProductFactory(
        vendor=vendor, name="급식용 쌀", price_won=52_000, unit="포", tax_type=TaxType.EXEMPT
    )


@pytest.fixture
def request_(buyer, detergent):
    [request] = services.quote_request_create(
        user=buyer,
        items=[(detergent, 20)],
        message="다음 달 행사용",
        delivery_address="마포구청 본관",
    )
    return request


def _in(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _submit(request, seller, detergent, **extra) -> Quote:
    return services.quote_submit(
        request=request,
        user=seller,
        lines=[
            {"product": detergent, "quantity": 20, "unit_price_won": 7_500},
            {"name": "배송비", "unit": "식", "quantity": 1, "unit_price_won": 30_000},
        ],
        **{"valid_until": _in(14), **extra},
    )


def test_one_request_per_vendor(buyer, detergent):
    brush = ProductFactory(vendor=VendorFactory(), name="대나무 칫솔")

    requests = services.quote_request_create(
        user=buyer, items=[(detergent, 5), (brush, 100)], needed_by=_in(10)
    )

    assert [r.vendor for r in requests] == [detergent.vendor, brush.vendor]
    assert [(i.product, i.quantity) for i in requests[1].items.all()] == [(brush, 100)]
    assert all(r.institution == buyer.institution for r in requests)
    assert all(r.status == QuoteRequestStatus.REQUESTED for r in requests)


def test_a_request_refuses_bad_quantities_and_past_dates(buyer, detergent):
    with pytest.raises(ValidationError, match="최소 주문 수량은 5통"):
        services.quote_request_create(user=buyer, items=[(detergent, 4)])
    with pytest.raises(ValidationError) as refused:
        services.quote_request_create(user=buyer, items=[(detergent, 5)], needed_by=_in(-1))
    assert "needed_by" in refused.value.message_dict
    assert not QuoteRequest.objects.exists()


def test_the_vendor_quotes_line_by_line(request_, seller, detergent):
    quote = _submit(request_, seller, detergent, note="부가세 포함")

    lines = [
        (i.name, i.unit, i.quantity, i.unit_price_won, i.amount_won) for i in quote.items.all()
    ]
    assert lines == [
        ("친환경 세제", "통", 20, 7_500, 150_000),
        ("배송비", "식", 1, 30_000, 30_000),
    ]
    assert quote.total_won == 180_000
    request_.refresh_from_db()
    assert request_.status == QuoteRequestStatus.QUOTED


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"name": "배송비", "quantity": 1, "unit_price_won": 0}, "0원보다 큰"),
        ({"name": "배송비", "quantity": 1, "unit_price_won": -5}, "0원보다 큰"),
        ({"name": "배송비", "quantity": "한 개", "unit_price_won": 5}, "정수"),
        ({"name": "배송비", "quantity": 0, "unit_price_won": 5}, "정수"),
        ({"name": " ", "quantity": 1, "unit_price_won": 5}, "품명"),
    ],
)
def test_a_quote_refuses_bad_lines(request_, seller, line, message):
    with pytest.raises(ValidationError, match=message):
        services.quote_submit(request=request_, user=seller, lines=[line], valid_until=_in(7))
    assert not Quote.objects.exists()


def test_a_quote_needs_a_future_validity_and_at_least_one_line(request_, seller, detergent):
    with pytest.raises(ValidationError) as refused:
        _submit(request_, seller, detergent, valid_until=_in(-1))
    assert "valid_until" in refused.value.message_dict
    with pytest.raises(ValidationError, match="하나 이상"):
        services.quote_submit(request=request_, user=seller, lines=[], valid_until=_in(1))


def test_only_the_requested_vendor_quotes_its_own_products(request_, seller, buyer):
    stranger = VendorMemberFactory(enterprise=VendorFactory().enterprise)
    foreign = ProductFactory(vendor=VendorFactory())
    line = {"name": "세제", "quantity": 1, "unit_price_won": 1_000}

    for user in (stranger, buyer):
        with pytest.raises(PermissionDenied):
            services.quote_submit(request=request_, user=user, lines=[line], valid_until=_in(3))
    with pytest.raises(ValidationError, match="다른 입점기업의 상품"):
        services.quote_submit(
            request=request_,
            user=seller,
            lines=[{"product": foreign, "quantity": 1, "unit_price_won": 1_000}],
            valid_until=_in(3),
        )


def test_a_request_is_answered_once(request_, seller, detergent):
    _submit(request_, seller, detergent)

    with pytest.raises(ValidationError, match="'견적 도착' 상태의 견적 요청에는 답할 수 없습니다"):
        _submit(request_, seller, detergent)
    with pytest.raises(ValidationError):
        services.quote_decline(request=request_, user=seller, reason="재고 없음")


def test_the_vendor_declines_with_a_reason(request_, seller):
    with pytest.raises(ValidationError) as refused:
        services.quote_decline(request=request_, user=seller, reason=" ")
    assert "reason" in refused.value.message_dict

    declined = services.quote_decline(request=request_, user=seller, reason="재고가 없습니다")

    assert declined.status == QuoteRequestStatus.DECLINED
    assert declined.decline_reason == "재고가 없습니다"


def test_the_buyer_orders_from_a_valid_quote(request_, seller, buyer, detergent):
    quote = _submit(request_, seller, detergent)

    order = services.order_from_quote(user=buyer, quote=quote)

    assert order.quote == quote and order.status == OrderStatus.PLACED
    assert order.total_won == 180_000
    assert order.delivery_address == "마포구청 본관"
    lines = [(line.product_name, line.quantity, line.amount_won) for line in order.lines.all()]
    assert lines == [("친환경 세제", 20, 150_000), ("배송비", 1, 30_000)]
    request_.refresh_from_db()
    assert request_.status == QuoteRequestStatus.ORDERED
    detergent.refresh_from_db()
    assert (detergent.sales_won, detergent.order_count) == (150_000, 1)
    with pytest.raises(ValidationError, match="'주문 완료' 상태의 견적으로는"):
        services.order_from_quote(user=buyer, quote=quote)
    assert Order.objects.count() == 1


def test_an_expired_quote_cannot_be_ordered(request_, seller, buyer, detergent):
    quote = _submit(request_, seller, detergent)
    Quote.objects.filter(pk=quote.pk).update(valid_until=_in(-1))

    with pytest.raises(ValidationError, match="유효기간"):
        services.order_from_quote(user=buyer, quote=quote)
    assert not Order.objects.exists()


def test_the_daily_chore_expires_quotes_past_their_validity_and_tells_the_buyer(
    request_, seller, buyer, detergent, django_capture_on_commit_callbacks
):
    from ieum.accounts.tests.mail import committed, to

    buyer.email = "buyer@example.kr"
    buyer.save()
    quote = _submit(request_, seller, detergent)
    Quote.objects.filter(pk=quote.pk).update(valid_until=_in(-1))
    with committed(django_capture_on_commit_callbacks) as sent:
        assert services.quotes_expire(actor=system_actor(), on=timezone.localdate()) == 1
    request_.refresh_from_db()
    assert request_.status == QuoteRequestStatus.EXPIRED
    [message] = sent
    assert to(message) == buyer.email and "유효기간" in message.subject
    with pytest.raises(ValidationError, match="'유효기간 만료' 상태의 견적으로는"):
        services.order_from_quote(user=buyer, quote=quote)
    assert services.quotes_expire(actor=system_actor(), on=timezone.localdate()) == 0


def test_a_quote_valid_today_is_not_expired(request_, seller, detergent):
    _submit(request_, seller, detergent)
    assert services.quotes_expire(actor=system_actor(), on=timezone.localdate()) == 0
    request_.refresh_from_db()
    assert request_.status == QuoteRequestStatus.QUOTED


def test_another_institution_cannot_order_or_cancel_the_quote(request_, seller, detergent):
    quote = _submit(request_, seller, detergent)
    stranger = BuyerFactory()

    with pytest.raises(PermissionDenied):
        services.order_from_quote(user=stranger, quote=quote)
    with pytest.raises(PermissionDenied):
        services.quote_request_cancel(request=request_, user=stranger)
    assert not Order.objects.exists()


def test_the_buyer_withdraws_a_request(request_, buyer, seller, detergent):
    services.quote_request_cancel(request=request_, user=buyer)
    request_.refresh_from_db()

    assert request_.status == QuoteRequestStatus.CANCELLED
    with pytest.raises(ValidationError):
        _submit(request_, seller, detergent)


# ---------------------------------------------------------------------------------------------
# 견적서 files


@pytest.fixture
def quote(request_, seller, detergent, rice, buyer):
    services.quote_submit(
        request=request_,
        user=seller,
        lines=[
            {"product": detergent, "quantity": 20, "unit_price_won": 7_500},
            {"product": rice, "quantity": 3, "unit_price_won": 50_000},
        ],
        valid_until=dt.date(2099, 12, 31),
        note="납품 후 세금계산서 발행",
    )
    return selectors.quote_for_document(user=buyer, pk=request_.pk)


def _xlsx_text(data: bytes) -> tuple[list[list[object]], object]:
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    return [row for row in rows if row], sheet


def test_the_quote_xlsx_reads_back(quote):
    rows, sheet = _xlsx_text(quote_files.quote_xlsx(quote))

    assert sheet.title == "견적서"
    assert rows[0] == ["견적서"]
    assert ["수신", "마포구청 귀하"] in rows
    assert ["상호", "푸른숲 협동조합"] in rows
    assert ["사업자등록번호", format_brn(BRN)] in rows
    assert ["대표자", "김나눔"] in rows
    assert ["주소", "서울특별시 은평구 통일로 684"] in rows
    assert [1, "친환경 세제", "통", 20, 7_500, 150_000] in rows
    assert [2, "급식용 쌀", "포", 3, 50_000, 150_000] in rows
    assert ["합계", 300_000] in rows
    text = " ".join(str(cell) for row in rows for cell in row)
    assert "과세 품목의 금액은 부가가치세 포함, 면세 품목은 부가가치세가 없습니다." in text
    assert "견적 유효기간: 2099. 12. 31.까지" in text
    assert "비고: 납품 후 세금계산서 발행" in text
    amount_cell = next(c for row in sheet.iter_rows() for c in row if c.value == 300_000)
    assert amount_cell.number_format == "#,##0"


def test_the_quote_hwpx_holds_the_same_and_validates(quote):
    data = quote_files.quote_hwpx(quote)

    package = validate_package(data)
    assert package.ok, package.errors
    document = validate_document(data)
    assert document.ok, document.errors
    section = zipfile.ZipFile(io.BytesIO(data)).read("Contents/section0.xml").decode()
    for text in (
        "견적서",
        "수신: 마포구청 귀하",
        "푸른숲 협동조합",
        format_brn(BRN),
        "김나눔",
        "서울특별시 은평구 통일로 684",
        "친환경 세제",
        "150,000",
        "합계 금액: 300,000원",
        "면세 품목은 부가가치세가 없습니다",
        "견적 유효기간: 2099. 12. 31.까지",
    ):
        assert text in section, text


@pytest.mark.parametrize(
    ("tax_types", "note"),
    [
        ({TaxType.TAXABLE}, "금액은 부가가치세 포함입니다."),
        ({TaxType.EXEMPT}, "면세 품목으로 부가가치세가 없습니다."),
        ({TaxType.TAXABLE, TaxType.EXEMPT}, "과세 품목의 금액은 부가가치세 포함"),
    ],
)
def test_the_vat_note_follows_the_tax_types(tax_types, note):
    assert quote_files.vat_note(tax_types).startswith(note)
