"""The booking journey in a real browser (Playwright driving Debian's chromium): an enterprise
member finds a free room that needs approval and books it, staff approve it in the console, and
the room's week calendar shows it confirmed."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from ieum.accounts.services import user_create
from ieum.conftest import PASSWORD
from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.core.testing import needs_chromium
from ieum.enterprises.models import Enterprise
from ieum.organization.models import Department

from .factories import RoomFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


@pytest.fixture
def journey_data(db):
    """Rows written before the browser starts (see the chromium fixture)."""
    from django.utils import timezone

    enterprise = Enterprise.objects.create(name="햇살협동조합", brn="1168200276")
    user_create(
        actor=system_actor(),
        username="haessal",
        password=PASSWORD,
        role=Role.ENTERPRISE,
        enterprise=enterprise,
    )
    user_create(
        actor=system_actor(),
        username="manager",
        password=PASSWORD,
        role=Role.STAFF,
        department=Department.objects.create(name="공간운영실"),
    )
    room = RoomFactory(name="멀티미디어룸", capacity=20, needs_approval=True)
    RoomFactory(facility=room.facility, name="소회의실", capacity=2)
    day = timezone.localdate() + dt.timedelta(days=3)
    while day.weekday() > 4:
        day += dt.timedelta(days=1)
    return {"room": room.pk, "day": day}


def _signed_in(browser, live_server, username: str):
    page = browser.new_context(locale="ko-KR").new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("사용자 이름").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_load_state()
    return page


def test_member_books_staff_approve_calendar_shows_it(live_server, journey_data, chromium):
    day = journey_data["day"]
    member = _signed_in(chromium, live_server, "haessal")
    member.goto(f"{live_server.url}/spaces/")
    member.get_by_label("날짜").fill(f"{day:%Y-%m-%d}")
    member.get_by_label("시작").fill("14:00")
    member.get_by_label("종료").fill("16:00")
    member.get_by_label("인원").fill("12")
    member.get_by_role("button", name="빈 공간 찾기").click()
    results = member.locator("#availability")
    expect(results.get_by_role("link", name="멀티미디어룸 예약")).to_be_visible()
    expect(results.get_by_text("소회의실")).to_have_count(0)
    results.get_by_role("link", name="멀티미디어룸 예약").click()

    expect(member.get_by_label("예상 인원")).to_have_value("12")
    expect(member.get_by_label("시작")).to_have_value("14:00")
    member.get_by_label("행사·회의명").fill("봄 네트워크 데이")
    member.get_by_role("button", name="예약하기").click()
    expect(member.get_by_text("센터 직원이 승인하면 확정됩니다")).to_be_visible()
    expect(member.get_by_text("승인 대기").first).to_be_visible()

    staff = _signed_in(chromium, live_server, "manager")
    staff.goto(f"{live_server.url}/console/spaces/")
    expect(staff.get_by_role("link", name="봄 네트워크 데이")).to_be_visible()
    staff.get_by_role("button", name="봄 네트워크 데이 승인").click()
    expect(staff.get_by_text("봄 네트워크 데이 예약을 승인했습니다.")).to_be_visible()
    expect(staff.get_by_text("승인을 기다리는 예약이 없습니다.")).to_be_visible()

    week = f"{live_server.url}/spaces/rooms/{journey_data['room']}/?view=week&date={day:%Y-%m-%d}"
    member.goto(week)
    calendar = member.locator("#calendar")
    booking = calendar.locator("li.booking-confirmed")
    expect(booking).to_have_count(1)
    expect(booking).to_contain_text("14:00~16:00")
    expect(booking).to_contain_text("봄 네트워크 데이")
    expect(calendar.get_by_text("승인 대기")).to_have_count(0)
    # Next week, through htmx, and back.
    calendar.get_by_role("link", name="다음").click()
    expect(member.locator("#calendar li.booking-confirmed")).to_have_count(0)
    member.locator("#calendar").get_by_role("link", name="이전").click()
    expect(member.locator("#calendar li.booking-confirmed")).to_have_count(1)
