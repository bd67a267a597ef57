import datetime as dt
import io

import pytest
from django.urls import reverse

from ieum.core.cards import console_cards
from ieum.core.choices import Role
from ieum.organization import demo as organization_demo
from ieum.programs import demo
from ieum.programs.models import BusinessLine, Kpi, KpiValue, Milestone, Narrative

from .factories import BusinessLineFactory, KpiFactory, KpiValueFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data():
    organization_demo.load(io.StringIO())
    demo.load(io.StringIO())


@pytest.fixture
def line():
    return BusinessLineFactory(year=2022, code="7-2", title="시민 소통 및 확산")


def _pages(line: BusinessLine) -> list[str]:
    kpi = KpiFactory(line=line)
    milestone = MilestoneFactory(line=line)
    return [
        reverse("programs:line-list"),
        reverse("programs:line-detail", args=[line.pk]),
        reverse("programs:line-create"),
        reverse("programs:line-edit", args=[line.pk]),
        reverse("programs:kpi-create", args=[line.pk]),
        reverse("programs:kpi-detail", args=[kpi.pk]),
        reverse("programs:kpi-edit", args=[kpi.pk]),
        reverse("programs:milestone-create", args=[line.pk]),
        reverse("programs:milestone-edit", args=[milestone.pk]),
        reverse("programs:narrative-create", args=[line.pk]),
        reverse("programs:change-list"),
        reverse("programs:change-create"),
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.STAFF, 200),
        (Role.ADMIN, 200),
        (Role.CITIZEN, 403),
        (Role.ENTERPRISE, 403),
        (Role.BUYER, 403),
        (None, 302),
    ],
)
def test_page_permissions(client, make_user, line, role, status):
    if role is not None:
        client.force_login(make_user(role))
    for url in _pages(line):
        assert client.get(url).status_code == status, url


def test_citizen_cannot_post_a_value(client, make_user, line):
    kpi = KpiFactory(line=line)
    client.force_login(make_user(Role.CITIZEN))

    response = client.post(
        reverse("programs:kpi-detail", args=[kpi.pk]),
        {"as_of": "2022-10-31", "value": "5", "source": "x"},
    )

    assert response.status_code == 403
    assert not KpiValue.objects.exists()


def test_line_list_filters_by_department(staff_client, demo_data):
    from ieum.organization.models import Department

    research = Department.objects.get(name="시민경제연구실")

    page = staff_client.get(
        reverse("programs:line-list"), {"year": 2022, "department": research.pk}
    ).content.decode()

    assert "사회적경제 성과관리 연구" in page
    assert "가치플랫폼 캐빈닷넷 운영" not in page


def test_line_page_shows_latest_figures_milestones_and_narrative(staff_client, demo_data):
    line = BusinessLine.objects.get(year=2022, code="1-1")

    page = staff_client.get(reverse("programs:line-detail", args=[line.pk])).content.decode()

    assert "665,593회" in page
    assert "~ &#x27;22.12월" in page or "~ '22.12월" in page
    assert "플랫폼 페이지뷰 665,593회, 사용자수 137,693명" in page
    assert "가치협력실" in page


def test_staff_adds_a_value_on_the_line_page(staff_client, line):
    kpi = KpiFactory(line=line, key="instagram-followers", name="인스타그램 팔로워", unit="명")

    response = staff_client.post(
        reverse("programs:line-detail", args=[line.pk]),
        {"kpi": kpi.pk, "as_of": "2022-10-31", "value": "2602", "source": "인스타그램 관리자 화면"},
    )

    assert response.status_code == 302
    value = KpiValue.objects.get(kpi=kpi)
    assert (value.as_of, int(value.value), value.source) == (
        dt.date(2022, 10, 31),
        2602,
        "인스타그램 관리자 화면",
    )
    page = staff_client.get(reverse("programs:line-detail", args=[line.pk])).content.decode()
    assert "2,602명" in page


def test_a_value_without_a_source_is_refused_on_the_field(staff_client, line):
    kpi = KpiFactory(line=line)

    response = staff_client.post(
        reverse("programs:kpi-detail", args=[kpi.pk]),
        {"as_of": "2022-10-31", "value": "5", "source": " "},
    )

    assert response.status_code == 400
    assert 'id="id_source_error"' in response.content.decode()
    assert not KpiValue.objects.exists()


def test_an_unknown_placeholder_is_shown_on_the_narrative_field(staff_client, line):
    response = staff_client.post(
        reverse("programs:narrative-create", args=[line.pk]),
        {"as_of": "2022-10-31", "period_label": "10월말", "text": "팔로워 {kpi:no-such-kpi}"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_text_error"' in page
    assert "{kpi:no-such-kpi}" in page
    assert not Narrative.objects.exists()


def test_narrative_is_saved_and_rendered(staff_client, line):
    kpi = KpiFactory(line=line, key="subscribers", unit="명")
    KpiValueFactory(kpi=kpi, value=9971)

    response = staff_client.post(
        reverse("programs:narrative-create", args=[line.pk]),
        {"as_of": "2022-10-31", "period_label": "10월말", "text": "구독 {kpi:subscribers}(누적)"},
    )

    assert response.status_code == 302
    page = staff_client.get(reverse("programs:line-detail", args=[line.pk])).content.decode()
    assert "구독 9,971명(누적)" in page


def test_milestone_status_is_updated_from_the_line_page(staff_client, line):
    milestone = MilestoneFactory(line=line)

    response = staff_client.post(
        reverse("programs:milestone-status", args=[milestone.pk]), {"status": "완료"}
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == "완료"


def test_changes_table_shows_tags(staff_client, demo_data):
    page = staff_client.get(reverse("programs:change-list"), {"year": 2022}).content.decode()

    assert "[종료]" in page
    assert "유통전략개발 지원사업 종료" in page
    assert "&#x27;21년" in page or "'21년" in page


def test_console_card_counts_kpis_updated_this_month(staff_user, line):
    KpiValueFactory(kpi=KpiFactory(line=line))
    KpiValueFactory(kpi=KpiFactory(line=line))

    cards = [c for c in console_cards(staff_user) if c.title == "이번 달 갱신된 성과지표"]

    assert [c.value for c in cards] == ["2개"]


def test_line_list_query_count_ceiling(staff_client, demo_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = staff_client.get(reverse("programs:line-list"), {"year": 2022})
    assert response.status_code == 200


def test_line_page_query_count_ceiling(staff_client, demo_data, django_assert_max_num_queries):
    line = BusinessLine.objects.get(year=2022, code="3")
    # The page's own queries, plus one per computed KPI for the table and once more for a
    # narrative of another date that names it (each provider asks its app once).
    computed = Kpi.objects.filter(line=line).exclude(provider="").count()
    with django_assert_max_num_queries(14 + 2 * computed):
        response = staff_client.get(reverse("programs:line-detail", args=[line.pk]))
    assert response.status_code == 200
    assert Kpi.objects.filter(line=line).count() == 27
    assert Milestone.objects.filter(line=line).count() == 3


def test_staff_registers_a_line_and_a_kpi_through_the_pages(staff_client, department):
    response = staff_client.post(
        reverse("programs:line-create"),
        {
            "year": 2023,
            "code": "1",
            "number": "1",
            "title": "새 사업",
            "department": department.pk,
            "budget_code": "3110",
            "sort_order": 1,
        },
    )
    assert response.status_code == 302
    line = BusinessLine.objects.get(year=2023, code="1")
    assert line.department == department

    response = staff_client.post(
        reverse("programs:kpi-create", args=[line.pk]),
        {"key": "new-followers", "name": "팔로워", "unit": "명", "provider": "", "sort_order": 1},
    )
    assert response.status_code == 302
    assert Kpi.objects.get(key="new-followers").year == 2023

    response = staff_client.post(
        reverse("programs:kpi-create", args=[line.pk]),
        {"key": "new-followers", "name": "중복", "unit": "명", "provider": "", "sort_order": 2},
    )
    assert response.status_code == 400
    assert 'id="id_key_error"' in response.content.decode()


@pytest.mark.parametrize(
    "model", ["businessline", "programchange", "kpi", "kpivalue", "milestone", "narrative"]
)
def test_admin_lists_every_model(client, make_user, demo_data, model):
    client.force_login(make_user(Role.ADMIN, is_superuser=True, is_staff=True))

    response = client.get(reverse(f"admin:programs_{model}_changelist"))

    assert response.status_code == 200


def test_line_page_reads_figures_as_of_a_chosen_date(staff_client, line):
    kpi = KpiFactory(line=line, unit="명")
    KpiValueFactory(kpi=kpi, as_of=dt.date(2022, 6, 30), value=1200)
    KpiValueFactory(kpi=kpi, as_of=dt.date(2022, 10, 31), value=2602)
    url = reverse("programs:line-detail", args=[line.pk])

    june = staff_client.get(url, {"as_of": "2022-07-01"}).content.decode()
    latest = staff_client.get(url).content.decode()

    assert "1,200명" in june and "2,602명" not in june
    assert "2,602명" in latest


def test_staff_set_a_counted_until_date_and_the_pages_show_it(staff_client, line):
    response = staff_client.post(
        reverse("programs:kpi-create", args=[line.pk]),
        {
            "key": "mall-orders",
            "name": "함께누리몰 주문건수",
            "unit": "건",
            "provider": "mall-orders",
            "counted_until": f"{line.year}-09-30",
            "sort_order": 1,
        },
    )
    kpi = Kpi.objects.get(line=line, key="mall-orders")
    detail = staff_client.get(reverse("programs:kpi-detail", args=[kpi.pk])).content.decode()
    line_page = staff_client.get(
        reverse("programs:line-detail", args=[line.pk]), {"as_of": f"{line.year}-10-31"}
    ).content.decode()

    assert response.status_code == 302
    assert kpi.counted_until == dt.date(line.year, 9, 30)
    assert "집계 기준일" in detail
    assert f"{line.year % 100:02d}.09.30." in line_page
    assert "집계 기준일" in line_page
