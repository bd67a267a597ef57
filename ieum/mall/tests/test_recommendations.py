import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ieum.core.permissions import system_actor
from ieum.mall.choices import ProductStatus, VendorStatus
from ieum.mall.models import BuyingNeed, ProductCertificate
from ieum.mall.selectors.recommendations import recommendations
from ieum.mall.services.catalog import product_reindex
from ieum.mall.services.institutions import buying_need_delete, buying_need_save

from .factories import BuyerFactory, CategoryFactory, ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    """Cleaning products under 생활용품 › 세제, a few of which fit 은평구's need."""
    living = CategoryFactory(name="생활용품")
    detergent = CategoryFactory(name="세제", parent=living)
    office = CategoryFactory(name="사무용품")
    social = VendorFactory(kind="social_enterprise")
    coop = VendorFactory(kind="cooperative")

    def product(name, price, *, vendor=social, category=detergent, certs=(), **fields):
        item = ProductFactory(
            name=name, price_won=price, vendor=vendor, category=category, **fields
        )
        for code in certs:
            ProductCertificate.objects.create(product=item, kind=code)
        return item

    products = {
        "best": product("친환경 주방세제", 12_000, certs=["eco"], sales_won=900_000),
        "second": product(
            "친환경 세탁세제",
            14_000,
            certs=["eco", "green"],
            sales_won=500_000,
            delivery_districts=",은평구,마포구,",
        ),
        "pricey": product("친환경 대용량 세제", 40_000, certs=["eco"], sales_won=990_000),
        "no_cert": product("주방세제", 9_000, sales_won=800_000),
        "coop": product("협동조합 세제", 11_000, vendor=coop, certs=["eco"], sales_won=100),
        "far": product(
            "친환경 세제 (강남 배송)", 10_000, certs=["eco"], delivery_districts=",강남구,"
        ),
        "draft": product("친환경 세제 시제품", 10_000, certs=["eco"], status=ProductStatus.DRAFT),
        "office": product("친환경 복사지", 10_000, category=office, certs=["eco"]),
        "suspended_vendor": product(
            "친환경 세제 (정지 기업)",
            10_000,
            vendor=VendorFactory(status=VendorStatus.SUSPENDED, kind="social_enterprise"),
            certs=["eco"],
        ),
    }
    product_reindex([p.pk for p in products.values()])
    return {"living": living, "detergent": detergent, **products}


@pytest.fixture
def buyer():
    return BuyerFactory()


def test_products_meet_every_condition_with_their_reasons(buyer, catalog):
    buying_need_save(
        actor=system_actor(),
        institution=buyer.institution,
        title="청사 청소용 세제",
        category=catalog["living"],
        certifications=["eco"],
        vendor_kinds=["social_enterprise"],
        max_unit_price_won=15_000,
        delivery_district="은평구",
    )

    found = recommendations(institution=buyer.institution)

    assert [r.product for r in found] == [catalog["best"], catalog["second"]]
    assert found[0].reasons == [
        "'생활용품' 분류",
        "친환경 인증 보유",
        "사회적기업 제품",
        "단가 12,000원 ≤ 최대 15,000원",
        "은평구 배송 가능",
    ]


def test_keywords_use_the_korean_search(buyer, catalog):
    buying_need_save(
        actor=system_actor(), institution=buyer.institution, title="세탁", keywords="세탁세제를"
    )

    found = recommendations(institution=buyer.institution)

    assert [r.product for r in found] == [catalog["second"]]
    assert found[0].reasons == ["'세탁세제를' 검색어 일치"]


def test_products_meeting_more_conditions_rank_first(buyer, catalog):
    buying_need_save(
        actor=system_actor(),
        institution=buyer.institution,
        title="세제",
        category=catalog["detergent"],
    )
    buying_need_save(
        actor=system_actor(),
        institution=buyer.institution,
        title="저렴한 친환경",
        certifications=["eco", "green"],
        max_unit_price_won=20_000,
    )

    found = recommendations(institution=buyer.institution)

    assert found[0].product == catalog["second"]
    assert found[0].score == 4
    assert [n.title for n in found[0].needs] == ["세제", "저렴한 친환경"]
    rest = [r.product for r in found[1:]]
    # Then by sales among products meeting one condition.
    assert rest[:3] == [catalog["pricey"], catalog["best"], catalog["no_cert"]]
    assert catalog["draft"] not in rest and catalog["suspended_vendor"] not in rest


def test_limit_and_no_needs(buyer, catalog):
    assert recommendations(institution=buyer.institution) == []
    buying_need_save(
        actor=system_actor(),
        institution=buyer.institution,
        title="세제",
        category=catalog["living"],
    )
    assert len(recommendations(institution=buyer.institution, limit=2)) == 2


def test_need_validation_in_korean(buyer):
    with pytest.raises(ValidationError) as error:
        buying_need_save(
            actor=system_actor(),
            institution=buyer.institution,
            title=" ",
            certifications=["nope"],
            max_unit_price_won=0,
            delivery_district="부산진구",
        )
    messages = error.value.message_dict
    assert messages["title"] == ["필요한 물품을 적어 주세요."]
    assert messages["certifications"] == ["알 수 없는 인증: nope"]
    assert messages["max_unit_price_won"] == ["최대 단가는 0원보다 커야 합니다."]
    assert messages["delivery_district"] == ["서울시 자치구를 고르세요."]


def test_needs_belong_to_their_institution(buyer, catalog):
    need = buying_need_save(actor=system_actor(), institution=buyer.institution, title="세제")
    other = BuyerFactory()
    with pytest.raises(ValidationError):
        buying_need_save(
            actor=system_actor(), need=need, institution=other.institution, title="가로채기"
        )
    with pytest.raises(ValidationError):
        buying_need_delete(actor=system_actor(), need=need, institution=other.institution)


def test_needs_page_adds_edits_and_deletes(client, buyer, catalog):
    client.force_login(buyer)
    response = client.post(
        reverse("mall:need-list"),
        {
            "title": "청소 세제",
            "category": catalog["detergent"].pk,
            "certifications": ["eco"],
            "max_unit_price_won": "15,000",
            "delivery_district": "은평구",
        },
    )
    need = BuyingNeed.objects.get(institution=buyer.institution)
    assert response.status_code == 302
    assert (need.certifications, need.max_unit_price_won) == (["eco"], 15_000)
    listed = client.get(reverse("mall:need-list")).content.decode()
    assert "친환경(환경표지)" in listed and "최대 15,000원" in listed

    bad = client.post(reverse("mall:need-list"), {"title": "x", "max_unit_price_won": "1.5"})
    assert bad.status_code == 400
    assert "원 단위 정수" in bad.content.decode() or "읽을 수 없습니다" in bad.content.decode()

    client.post(
        reverse("mall:need-update", args=[need.pk]),
        {"title": "청소 세제", "max_unit_price_won": "20000"},
    )
    need.refresh_from_db()
    assert need.max_unit_price_won == 20_000 and need.certifications == []

    page = client.get(reverse("mall:recommendation-list")).content.decode()
    assert "단가 12,000원 ≤ 최대 20,000원" in page

    client.post(reverse("mall:need-delete", args=[need.pk]))
    assert not BuyingNeed.objects.exists()


def test_another_institutions_need_is_not_found(client, buyer):
    need = buying_need_save(
        actor=system_actor(), institution=BuyerFactory().institution, title="남의 수요"
    )
    client.force_login(buyer)
    assert client.get(reverse("mall:need-update", args=[need.pk])).status_code == 404
    assert client.post(reverse("mall:need-delete", args=[need.pk])).status_code == 404
    assert BuyingNeed.objects.filter(pk=need.pk).exists()


def test_recommendation_pages_query_ceilings(client, buyer, catalog, django_assert_max_num_queries):
    for index in range(6):
        buying_need_save(
            actor=system_actor(),
            institution=buyer.institution,
            title=f"수요 {index}",
            category=catalog["living"],
            certifications=["eco"],
        )
    client.force_login(buyer)
    with django_assert_max_num_queries(18):
        assert client.get(reverse("mall:recommendation-list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("mall:need-list")).status_code == 200
