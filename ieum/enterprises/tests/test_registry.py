"""The registry's staff pages, services and API: search, filters, detail, edits, access."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ieum.accounts.services import api_token_create
from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.enterprises import services
from ieum.enterprises.models import Contact, Enterprise, SupportRecord

from .factories import valid_brn

pytestmark = pytest.mark.django_db


def make(name: str, n: int, **fields) -> Enterprise:
    return services.enterprise_create(actor=system_actor(), name=name, brn=valid_brn(n), **fields)


def listed_names(response) -> list[str]:
    return [e.name for e in response.context["page_obj"]]


@pytest.fixture
def registry():
    bamboo = make(
        "대나무칫솔 협동조합",
        1,
        district="마포구",
        industry="환경·재활용",
        business_description="대나무 칫솔과 샴푸바를 만듭니다.",
    )
    lunch = make(
        "햇살나눔 도시락",
        2,
        district="은평구",
        industry="식품·외식",
        business_description="어르신 도시락 배달",
    )
    care = make(
        "다온케어 사회적협동조합", 3, address="서울특별시 강남구 테헤란로 1", industry="돌봄·복지"
    )
    services.certification_add(
        actor=system_actor(),
        enterprise=bamboo,
        kind="social_enterprise",
        number="2021-101",
        certified_on=dt.date(2021, 6, 30),
        round="1차",
    )
    services.certification_add(
        actor=system_actor(), enterprise=lunch, kind="village", certified_on=dt.date(2019, 3, 2)
    )
    services.certification_add(
        actor=system_actor(),
        enterprise=care,
        kind="social_cooperative",
        certified_on=dt.date(2021, 1, 5),
    )
    return {"bamboo": bamboo, "lunch": lunch, "care": care}


def test_search_finds_spacing_and_particle_variants(staff_client, registry):
    url = reverse("enterprises:enterprise-list")
    assert listed_names(staff_client.get(url, {"q": "대나무 칫솔"})) == ["대나무칫솔 협동조합"]
    assert listed_names(staff_client.get(url, {"q": "샴푸바를"})) == ["대나무칫솔 협동조합"]
    assert listed_names(staff_client.get(url, {"q": "도시락을"})) == ["햇살나눔 도시락"]
    assert listed_names(staff_client.get(url, {"q": "햇살"})) == ["햇살나눔 도시락"]
    assert listed_names(staff_client.get(url, {"q": "자전거"})) == []


def test_search_by_brn_with_or_without_hyphens(staff_client, registry):
    brn = registry["care"].brn
    url = reverse("enterprises:enterprise-list")
    formatted = f"{brn[:3]}-{brn[3:5]}-{brn[5:]}"
    assert listed_names(staff_client.get(url, {"q": formatted})) == ["다온케어 사회적협동조합"]
    assert listed_names(staff_client.get(url, {"q": brn})) == ["다온케어 사회적협동조합"]


def test_filters_kind_district_industry_and_year(staff_client, registry):
    url = reverse("enterprises:enterprise-list")
    assert listed_names(staff_client.get(url, {"kind": "village"})) == ["햇살나눔 도시락"]
    assert listed_names(staff_client.get(url, {"district": "강남구"})) == [
        "다온케어 사회적협동조합"
    ]
    assert listed_names(staff_client.get(url, {"industry": "환경·재활용"})) == [
        "대나무칫솔 협동조합"
    ]
    assert sorted(listed_names(staff_client.get(url, {"cert_year": "2021"}))) == [
        "다온케어 사회적협동조합",
        "대나무칫솔 협동조합",
    ]


def test_sorting_by_recent_certification(staff_client, registry):
    response = staff_client.get(reverse("enterprises:enterprise-list"), {"sort": "certified"})
    # The signed-in staff fixture brings an enterprise with no certification: it comes last.
    assert listed_names(response) == [
        "대나무칫솔 협동조합",
        "다온케어 사회적협동조합",
        "햇살나눔 도시락",
        "소속협동조합",
    ]


def test_htmx_request_gets_only_the_results(staff_client, registry):
    response = staff_client.get(
        reverse("enterprises:enterprise-list"), {"q": "도시락"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "햇살나눔 도시락" in body
    assert "<html" not in body


def test_pagination_keeps_filters(staff_client):
    for n in range(30):
        make(f"페이지기업{n:02d}", 100 + n, district="중구")
    response = staff_client.get(reverse("enterprises:enterprise-list"), {"district": "중구"})
    assert response.context["page_obj"].paginator.count == 30
    assert "district=%EC%A4%91%EA%B5%AC&amp;page=2" in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(staff_client, django_assert_max_num_queries):
    for n in range(60):
        enterprise = make(f"기업{n:02d}", 200 + n)
        services.certification_add(
            actor=system_actor(),
            enterprise=enterprise,
            kind="cooperative",
            certified_on=dt.date(2020, 1, 1),
        )
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("enterprises:enterprise-list"), {"q": "기업"})
    assert response.status_code == 200


def test_detail_query_count_is_bounded(staff_client, registry, django_assert_max_num_queries):
    enterprise = registry["bamboo"]
    for day in range(1, 20):
        services.support_record_add(
            actor=system_actor(),
            enterprise=enterprise,
            occurred_on=dt.date(2022, 5, day),
            source="spaces",
            category="입주 지원",
            title=f"지원 {day}",
        )
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("enterprises:enterprise-detail", args=[enterprise.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("입주 지원") == 19


def test_contacts_are_shown_to_staff_only(client, staff_client, make_user, member_enterprise):
    Contact.objects.create(enterprise=member_enterprise, name="김담당", phone="010-1234-5678")
    url = reverse("enterprises:enterprise-detail", args=[member_enterprise.pk])
    assert "010-1234-5678" in staff_client.get(url).content.decode()
    client.force_login(make_user(Role.ENTERPRISE))
    member_view = client.get(url)
    assert member_view.status_code == 200
    assert "010-1234-5678" not in member_view.content.decode()


def test_member_cannot_see_another_enterprise(client, make_user, registry):
    client.force_login(make_user(Role.ENTERPRISE))
    url = reverse("enterprises:enterprise-detail", args=[registry["care"].pk])
    assert client.get(url).status_code == 403


def test_support_history_timeline_is_newest_first(staff_client, registry):
    enterprise = registry["lunch"]
    services.support_record_add(
        actor=system_actor(),
        enterprise=enterprise,
        occurred_on=dt.date(2022, 3, 1),
        source="programs",
        category="컨설팅",
        title="마케팅 컨설팅",
    )
    services.support_record_add(
        actor=system_actor(),
        enterprise=enterprise,
        occurred_on=dt.date(2022, 9, 1),
        source="spaces",
        category="입주",
        title="가락 클러스터 입주",
    )
    body = staff_client.get(
        reverse("enterprises:enterprise-detail", args=[enterprise.pk])
    ).content.decode()
    assert body.index("가락 클러스터 입주") < body.index("마케팅 컨설팅")
    assert SupportRecord.objects.filter(enterprise=enterprise).count() == 2


def test_create_refuses_bad_brn_with_message_on_the_field(staff_client):
    response = staff_client.post(
        reverse("enterprises:enterprise-create"),
        {"name": "새기업", "brn": "116-82-00275", "district": ""},
    )
    assert response.status_code == 400
    assert "검증번호가 맞지 않습니다" in str(response.context["form"].errors["brn"])
    assert not Enterprise.objects.filter(name="새기업").exists()


def test_create_reads_district_from_address_and_is_searchable(staff_client):
    response = staff_client.post(
        reverse("enterprises:enterprise-create"),
        {"name": "우리동네 수선집", "brn": "134-86-72683", "address": "서울 관악구 신림로 1"},
    )
    enterprise = Enterprise.objects.get(brn="1348672683")
    assert response.status_code == 302
    assert enterprise.district == "관악구"
    listed = staff_client.get(reverse("enterprises:enterprise-list"), {"q": "수선"})
    assert listed_names(listed) == ["우리동네 수선집"]


def test_update_reindexes_the_new_name(staff_client, registry):
    enterprise = registry["lunch"]
    data = {"name": "달빛반찬 마을기업", "brn": enterprise.brn, "district": "은평구"}
    response = staff_client.post(
        reverse("enterprises:enterprise-update", args=[enterprise.pk]), data
    )
    assert response.status_code == 302
    url = reverse("enterprises:enterprise-list")
    assert listed_names(staff_client.get(url, {"q": "달빛반찬"})) == ["달빛반찬 마을기업"]
    assert listed_names(staff_client.get(url, {"q": "햇살나눔"})) == []


def test_duplicate_brn_is_refused():
    make("첫째", 7)
    with pytest.raises(ValidationError) as error:
        make("둘째", 7)
    assert "brn" in error.value.message_dict


def test_unknown_district_is_refused():
    with pytest.raises(ValidationError) as error:
        make("부산기업", 8, district="해운대구")
    assert "서울시 자치구가 아닙니다" in error.value.message_dict["district"][0]


def test_api_lists_and_reads_enterprises_for_staff(client, staff_user, make_user, registry):
    _, token = api_token_create(user=staff_user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listing = client.get("/api/enterprises/", {"q": "도시락"}, **auth).json()
    assert listing["count"] == 1
    assert listing["results"][0]["name"] == "햇살나눔 도시락"
    detail = client.get(f"/api/enterprises/{registry['bamboo'].pk}", **auth).json()
    assert detail["certifications"][0]["number"] == "2021-101"
    _, citizen_token = api_token_create(user=make_user(Role.CITIZEN))
    refused = client.get("/api/enterprises/", HTTP_AUTHORIZATION=f"Bearer {citizen_token}")
    assert refused.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_industry_filter_offers_a_new_industry_right_after_it_is_saved(staff_client):
    make("첫기업", 301, industry="돌봄·복지")
    url = reverse("enterprises:enterprise-list")
    assert staff_client.get(url).context["industries"] == ["돌봄·복지"]
    make("둘째기업", 302, industry="도시농업")
    assert staff_client.get(url).context["industries"] == ["도시농업", "돌봄·복지"]


def test_list_shows_each_current_kind_once(staff_client):
    enterprise = make("두번지정 마을기업", 401)
    services.certification_add(
        actor=system_actor(),
        enterprise=enterprise,
        kind="village",
        certified_on=dt.date(2015, 1, 1),
    )
    services.certification_add(
        actor=system_actor(),
        enterprise=enterprise,
        kind="village",
        certified_on=dt.date(2021, 1, 1),
    )
    body = staff_client.get(reverse("enterprises:enterprise-list"), {"q": "두번지정"})
    assert body.content.decode().count('<span class="badge">마을기업</span>') == 1


def test_staff_add_and_remove_a_contact_on_the_detail_page(staff_client, member_enterprise):
    detail = reverse("enterprises:enterprise-detail", args=[member_enterprise.pk])
    add = reverse("enterprises:contact-create", args=[member_enterprise.pk])
    response = staff_client.post(add, {"contact-name": "박담당", "contact-phone": "02-123-4567"})
    assert response.status_code == 302
    assert "02-123-4567" in staff_client.get(detail).content.decode()
    refused = staff_client.post(add, {"contact-name": "", "contact-email": "메일아님"})
    assert refused.status_code == 302
    assert Contact.objects.filter(enterprise=member_enterprise).count() == 1
    contact = Contact.objects.get(enterprise=member_enterprise)
    delete = reverse("enterprises:contact-delete", args=[member_enterprise.pk, contact.pk])
    staff_client.post(delete)
    assert not Contact.objects.filter(enterprise=member_enterprise).exists()


def test_a_member_cannot_add_contacts(client, make_user, member_enterprise):
    client.force_login(make_user(Role.ENTERPRISE))
    add = reverse("enterprises:contact-create", args=[member_enterprise.pk])
    assert client.post(add, {"contact-name": "침입자"}).status_code == 403
    assert not Contact.objects.exists()
