"""The buying journey in a real browser (Playwright driving Debian's chromium): a buyer searches,
puts a product in the cart and asks for a quote, the vendor answers with an itemised quote, and
the buyer orders from it."""

import re

import pytest
from playwright.sync_api import expect

from ieum.conftest import PASSWORD
from ieum.core.testing import needs_chromium
from ieum.mall.services.catalog import product_reindex

from .factories import BuyerFactory, ProductFactory, VendorFactory, VendorMemberFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


@pytest.fixture
def journey_data(db):
    """The database rows, written before the browser starts: once Playwright's event loop runs,
    ORM calls would open connections of their own that outlive the test."""
    vendor = VendorFactory(enterprise__name="햇살공방")
    seller = VendorMemberFactory(username="haessal", enterprise=vendor.enterprise)
    buyer = BuyerFactory(username="eunpyeong", institution__name="은평구청")
    for user in (seller, buyer):
        user.set_password(PASSWORD)
        user.save()
    brush = ProductFactory(
        vendor=vendor, name="대나무 칫솔", price_won=2_500, min_order_quantity=50, unit="개"
    )
    other = ProductFactory(name="업사이클 가방", price_won=35_000)
    product_reindex([brush.pk, other.pk])


def _signed_in(browser, live_server, username: str):
    page = browser.new_context(locale="ko-KR").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("사용자 이름").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_load_state()
    return page


def test_buyer_asks_for_a_quote_vendor_answers_buyer_orders(live_server, journey_data, chromium):
    buyer = _signed_in(chromium, live_server, "eunpyeong")
    buyer.goto(f"{live_server.url}/mall/search/")
    buyer.get_by_label("상품 검색").fill("대나무칫솔을")  # no space, with a particle
    results = buyer.locator("#results")
    expect(results.get_by_role("link", name="대나무 칫솔")).to_be_visible()
    expect(results.get_by_text("업사이클 가방")).to_have_count(0)
    results.get_by_role("link", name="대나무 칫솔").click()

    buyer.get_by_label("수량").fill("100")
    buyer.get_by_role("button", name="장바구니에 담기").click()
    buyer.wait_for_url("**/mall/cart/")
    expect(buyer.get_by_text("250,000원").first).to_be_visible()
    buyer.get_by_label("요청 사항").first.fill("11월 행사용입니다.")
    buyer.get_by_role("button", name="견적 요청", exact=True).click()
    expect(buyer.get_by_text("입점기업이 견적서를 준비하고 있습니다.")).to_be_visible()

    seller = _signed_in(chromium, live_server, "haessal")
    seller.goto(f"{live_server.url}/mall/vendor/quotes/")
    seller.locator("table a").first.click()
    expect(seller.get_by_text("11월 행사용입니다.")).to_be_visible()
    expect(seller.get_by_label("단가 1")).to_have_value("2500")
    seller.get_by_label("단가 1").fill("2200")
    seller.get_by_label("품명 2").fill("배송비")
    seller.get_by_label("수량 2").fill("1")
    seller.get_by_label("단가 2").fill("20000")
    seller.get_by_role("button", name="견적서 보내기").click()
    expect(seller.get_by_text("견적서를 보냈습니다.")).to_be_visible()
    expect(seller.get_by_text("240,000원").first).to_be_visible()

    buyer.goto(f"{live_server.url}/mall/quotes/")
    expect(buyer.locator("table").get_by_text("견적 도착")).to_be_visible()
    buyer.locator("table a").first.click()
    expect(buyer.get_by_role("link", name="한/글(HWPX) 내려받기")).to_be_visible()
    with buyer.expect_download() as download:
        buyer.get_by_role("link", name="엑셀(XLSX) 내려받기").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    buyer.get_by_role("button", name="이 견적으로 주문").click()
    buyer.wait_for_url("**/mall/orders/*/")
    expect(buyer.get_by_role("heading", level=1)).to_contain_text("주문 접수")
    expect(buyer.get_by_text("240,000원").first).to_be_visible()

    # Read from the pages, not the ORM: in Playwright's event loop the ORM would open a
    # connection of its own that outlives the test.
    number = buyer.url.rstrip("/").rsplit("/", 1)[-1]
    assert re.fullmatch(r"\d{8}-0001", number)
    seller.goto(f"{live_server.url}/mall/vendor/orders/")
    expect(seller.get_by_role("link", name=number)).to_be_visible()
