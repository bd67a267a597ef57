"""The registry journey in a real browser (Playwright driving Debian's chromium)."""

import pytest
from playwright.sync_api import expect

from ieum.conftest import PASSWORD
from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.core.testing import needs_chromium
from ieum.enterprises import services

from .factories import valid_brn

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


@pytest.fixture
def browser_page(chromium):
    page = chromium.new_page(locale="ko-KR")
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def journey_data(make_user):
    """The database rows, written before the browser starts: once Playwright's event loop runs,
    ORM calls would open connections of their own that outlive the test."""
    make_user(Role.STAFF, username="kim")
    services.enterprise_create(
        actor=system_actor(),
        name="햇살나눔 도시락",
        brn=valid_brn(1),
        district="은평구",
        business_description="어르신 도시락 배달",
    )
    services.enterprise_create(
        actor=system_actor(), name="푸른숲 협동조합", brn=valid_brn(2), district="마포구"
    )


def test_staff_searches_in_korean_and_sees_the_bad_row_of_an_import(
    live_server, journey_data, tmp_path, background_worker, browser_page
):
    upload = tmp_path / "기업목록.csv"
    upload.write_text(
        "기업명,사업자등록번호,자치구\n"
        f"새싹공방,{valid_brn(3)},종로구\n"
        "잘못된번호기업,116-82-00275,중구\n",
        encoding="utf-8",
    )

    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("사용자 이름").fill("kim")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url("**/console/")

    page.get_by_role("link", name="기업 등록부").first.click()
    page.get_by_label("검색").fill("도시락을")
    results = page.locator("#results")
    expect(results.get_by_text("푸른숲 협동조합")).to_have_count(0)
    expect(results.get_by_text("햇살나눔 도시락")).to_be_visible()
    assert "q=%EB%8F%84%EC%8B%9C%EB%9D%BD%EC%9D%84" in page.url  # the search is in the address

    page.goto(f"{live_server.url}/enterprises/import/")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="올리고 가져오기").click()
    # The row appears once a worker process has run the job; on a busy machine starting one
    # takes longer than a page step, so this wait is as long as the worker tests' (60 s).
    page.get_by_text("검증번호가 맞지 않습니다").wait_for(timeout=60_000)
    error_row = page.locator("tr", has_text="검증번호가 맞지 않습니다")
    assert "3" in error_row.inner_text()
    assert "사업자등록번호" in error_row.inner_text()
