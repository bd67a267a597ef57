import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from ieum.core.choices import Role
from ieum.core.permissions import permission_table
from ieum.organization import cards, demo
from ieum.organization.models import Center, Department, Facility, StaffingPlan

from .factories import ContractEventFactory, DepartmentFactory, FacilityFactory, PositionFactory

pytestmark = pytest.mark.django_db


class _TableRows(HTMLParser):
    """Rows of every table on a page as lists of cell texts, to check figures by position."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(response) -> list[list[str]]:
    parser = _TableRows()
    parser.feed(response.content.decode())
    return parser.rows


@pytest.fixture
def demo_data():
    demo.load(io.StringIO())


def test_public_home_works_on_an_empty_database(client):
    response = client.get(reverse("organization:home"))

    assert response.status_code == 200
    assert reverse("login") in response.content.decode()
    assert "센터 소개가 아직 등록되지 않았습니다." in response.content.decode()


def test_public_home_shows_the_center_from_the_demo(client, demo_data):
    response = client.get(reverse("organization:home"))

    page = response.content.decode()
    assert "서울특별시 사회적경제지원센터" in page
    assert "사회적경제기업 온라인 쇼핑몰 운영" in page
    assert "서울시 은평구 통일로 684(서울혁신파크 미래청 1층)" in page
    assert ["상암 소셜박스", "마포구 증산로 87", "1,541 (연면적)"] in table_rows(response)
    assert reverse("login") in page


def test_staffing_page_shows_the_seed_table(staff_client, demo_data):
    response = staff_client.get(reverse("organization:staffing"))

    rows = table_rows(response)
    assert ["정원", "24", "1", "1", "5", "7", "10"] in rows
    assert ["현원", "24", "1", "1", "3", "9", "10"] in rows
    assert ["직책 (호칭)", "", "센터장", "본부장", "실장", "책임팀장", "선임"] in rows
    assert "2022. 10. 31. 기준" in response.content.decode()


def test_staffing_page_for_a_year_without_a_plan_says_so(staff_client, demo_data):
    response = staff_client.get(reverse("organization:staffing"), {"year": 2019})

    assert "2019년 인력 현황이 없습니다." in response.content.decode()


def test_staffing_page_ignores_an_unreadable_year(staff_client, demo_data):
    response = staff_client.get(reverse("organization:staffing"), {"year": "작년"})

    assert ["정원", "24", "1", "1", "5", "7", "10"] in table_rows(response)


def test_overview_shows_contract_history_with_korean_dates(staff_client, demo_data):
    page = staff_client.get(reverse("organization:overview")).content.decode()

    assert "2013. 01. 23." in page
    assert "계약기간 2021. 01. 23. ~ 2024. 01. 22." in page
    assert "「서울특별시 사회적경제 기본조례」 (제10조 등)" in page
    assert "그 밖에 사회적경제 활성화 및 생태계 조성에 필요하다고 인정되는 사업" in page


def test_overview_without_a_center_invites_staff_to_register_it(staff_client):
    response = staff_client.get(reverse("organization:overview"))

    assert response.status_code == 200
    assert reverse("organization:center-edit") in response.content.decode()


def test_department_list_shows_offices_and_duties(staff_client, demo_data):
    page = staff_client.get(reverse("organization:department-list")).content.decode()

    assert "조직 (1본부 5실)" in page
    assert "서울형 사회가치지표(S-SVI) 운영 및 관리" in page


def test_edit_links_are_shown_only_to_users_who_may_edit(staff_client, demo_data, monkeypatch):
    edit_url = reverse("organization:center-edit")
    assert edit_url in staff_client.get(reverse("organization:overview")).content.decode()

    monkeypatch.setitem(permission_table(), "organization.edit", frozenset({Role.ADMIN}))

    page = staff_client.get(reverse("organization:overview")).content.decode()
    assert edit_url not in page
    assert reverse("organization:staffing-edit", args=[2022]) not in page


def _edit_urls() -> list[str]:
    event = ContractEventFactory()
    facility = FacilityFactory(center=event.center)
    department = DepartmentFactory()
    position = PositionFactory(grade=1)
    return [
        reverse("organization:center-edit"),
        reverse("organization:contract-event-create"),
        reverse("organization:contract-event-edit", args=[event.pk]),
        reverse("organization:contract-event-delete", args=[event.pk]),
        reverse("organization:facility-create"),
        reverse("organization:facility-edit", args=[facility.pk]),
        reverse("organization:department-edit", args=[department.pk]),
        reverse("organization:staffing-edit", args=[2023]),
        reverse("organization:position-edit", args=[position.pk]),
    ]


VIEW_URL_NAMES = ["organization:overview", "organization:department-list", "organization:staffing"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.STAFF, 200), (Role.ADMIN, 200), (Role.ENTERPRISE, 403), (Role.CITIZEN, 403),
     (Role.BUYER, 403)],
)  # fmt: skip
def test_organization_pages_by_role(client, make_user, role, expected):
    client.force_login(make_user(role))

    urls = [reverse(name) for name in VIEW_URL_NAMES] + _edit_urls()

    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, expected)


def test_organization_pages_send_anonymous_visitors_to_login(client):
    urls = [reverse(name) for name in VIEW_URL_NAMES] + _edit_urls()

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_citizen_cannot_post_a_staffing_plan(client, make_user, demo_data):
    client.force_login(make_user(Role.CITIZEN))

    response = client.post(
        reverse("organization:staffing-edit", args=[2023]), {"as_of": "2023-10-31"}
    )

    assert response.status_code == 403
    assert not StaffingPlan.objects.filter(year=2023).exists()


def _staffing_post(**overrides) -> dict:
    data = {"as_of": "2023-10-31", "note": "정규직 기준"}
    for grade, (quota, current) in {1: (1, 1), 2: (1, 1), 3: (5, 4), 4: (7, 8), 5: (10, 9)}.items():
        data[f"quota_{grade}"] = quota
        data[f"current_{grade}"] = current
    return {**data, **overrides}


def test_staff_saves_a_new_year_of_staffing(staff_client, demo_data):
    response = staff_client.post(
        reverse("organization:staffing-edit", args=[2023]), _staffing_post(), follow=True
    )

    assert response.redirect_chain[-1][0] == f"{reverse('organization:staffing')}?year=2023"
    assert "2023년 인력 현황을 저장했습니다." in response.content.decode()
    assert ["현원", "23", "1", "1", "4", "8", "9"] in table_rows(response)


def test_negative_staffing_figure_is_shown_beside_its_field(staff_client, demo_data):
    response = staff_client.post(
        reverse("organization:staffing-edit", args=[2022]), _staffing_post(current_3=-1)
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_current_3_error"' in page
    assert "3급 현원은(는) 0명 이상이어야 합니다." in page
    plan = StaffingPlan.objects.get(year=2022)
    assert plan.as_of == dt.date(2022, 10, 31)
    assert list(plan.lines.values_list("current", flat=True)) == [1, 1, 3, 9, 10]


def test_staffing_edit_form_is_prefilled_with_the_year(staff_client, demo_data):
    response = staff_client.get(reverse("organization:staffing-edit", args=[2022]))

    assert response.context["form"]["quota_4"].value() == 7
    assert response.context["form"]["as_of"].value() == dt.date(2022, 10, 31)


def test_staff_edits_the_center(staff_client, demo_data):
    center = Center.objects.get()
    response = staff_client.post(
        reverse("organization:center-edit"),
        {
            "name": center.name,
            "operator": center.operator,
            "operator_representatives": center.operator_representatives,
            "legal_bases": center.legal_bases,
            "address": "서울시 은평구 통일로 684",
            "area_m2": "1070",
            "main_facilities": center.main_facilities,
            "mandate_items": center.mandate_items,
        },
        follow=True,
    )

    assert "센터 정보를 저장했습니다." in response.content.decode()
    assert Center.objects.get().address == "서울시 은평구 통일로 684"


def test_staff_registers_the_center_on_an_empty_database(staff_client):
    response = staff_client.post(
        reverse("organization:center-edit"), {"name": "서울특별시 사회적경제지원센터"}
    )

    assert response.status_code == 302
    assert Center.objects.get().name == "서울특별시 사회적경제지원센터"


def test_staff_adds_a_facility_and_its_district_comes_from_the_address(staff_client, demo_data):
    response = staff_client.post(
        reverse("organization:facility-create"),
        {"name": "성수 공간", "address": "서울시 성동구 왕십리로 1", "sort_order": 9},
    )

    assert response.status_code == 302
    assert Facility.objects.get(name="성수 공간").district == "성동구"


def test_staff_adds_a_contract_event(staff_client, demo_data):
    staff_client.post(
        reverse("organization:contract-event-create"),
        {
            "occurred_on": "2024-01-23",
            "description": "센터 위수탁 재계약",
            "term_start": "2024-01-23",
            "term_end": "2027-01-22",
        },
    )

    page = staff_client.get(reverse("organization:overview")).content.decode()
    assert "계약기간 2024. 01. 23. ~ 2027. 01. 22." in page


def test_department_cycle_is_refused_on_the_edit_page(staff_client, demo_data):
    headquarters = Department.objects.get(name="미래전략본부")
    office = Department.objects.get(name="지역상생실")

    response = staff_client.post(
        reverse("organization:department-edit", args=[headquarters.pk]),
        {"name": "미래전략본부", "parent": office.pk, "duties": "", "sort_order": 0},
    )

    assert response.status_code == 400
    assert 'id="id_parent_error"' in response.content.decode()
    headquarters.refresh_from_db()
    assert headquarters.parent is None


def _grow(extra: int) -> None:
    """More of everything the organization pages list, to show query counts stay flat."""
    center = Center.objects.get()
    headquarters = Department.objects.get(name="미래전략본부")
    for _ in range(extra):
        ContractEventFactory(center=center)
        FacilityFactory(center=center)
        DepartmentFactory(parent=headquarters, duties="업무 하나\n업무 둘")


# Two of each count are the session and the signed-in user.
@pytest.mark.parametrize(
    ("url_name", "ceiling"),
    [("organization:overview", 5), ("organization:department-list", 3),
     ("organization:staffing", 6)],
)  # fmt: skip
def test_organization_pages_keep_a_flat_query_count(
    staff_client, demo_data, url_name, ceiling, django_assert_max_num_queries
):
    _grow(25)

    with django_assert_max_num_queries(ceiling):
        response = staff_client.get(reverse(url_name))

    assert response.status_code == 200


def test_public_home_keeps_a_flat_query_count(client, demo_data, django_assert_max_num_queries):
    _grow(25)

    with django_assert_max_num_queries(3):
        response = client.get(reverse("organization:home"))

    assert response.status_code == 200


def test_console_card_shows_current_over_quota(staff_client, demo_data):
    page = staff_client.get(reverse("core:console")).content.decode()

    assert "24 / 24명" in page
    assert "2022. 10. 31. 기준" in page


def test_console_card_is_withheld_without_permission_or_plan(make_user, demo_data):
    assert cards.staffing(make_user(Role.CITIZEN)) is None

    StaffingPlan.objects.all().delete()

    assert cards.staffing(make_user(Role.STAFF)) is None
