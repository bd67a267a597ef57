"""Catalog search: Korean recall (spacing, particles), what the words match, facet counts on a
known data set, sorts, suspended vendors, and the search page (htmx, links, query ceiling)."""

import datetime as dt

import pytest
from django.urls import reverse

from ieum.core.models import SearchEntry
from ieum.core.permissions import system_actor
from ieum.core.search import rebuild_all
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.mall.choices import VendorStatus
from ieum.mall.models import Product, ProductCertificate
from ieum.mall.selectors import catalog as catalog_selectors
from ieum.mall.selectors.catalog import product_search
from ieum.mall.services.catalog import category_ensure, product_reindex
from ieum.mall.services.vendors import vendor_suspend

from .factories import ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2022, 9, 1, 9, tzinfo=dt.UTC)


@pytest.fixture
def catalog():
    """Six listed products of three vendors, and one draft."""
    green = VendorFactory(
        enterprise=EnterpriseFactory(name="푸른숲공방", district="은평구"),
        kind="social_enterprise",
    )
    water = VendorFactory(
        enterprise=EnterpriseFactory(name="맑은물 협동조합", district="마포구"), kind="cooperative"
    )
    village = VendorFactory(
        enterprise=EnterpriseFactory(name="햇살마을 부엌", district="은평구"), kind="village"
    )
    bath = category_ensure(actor=system_actor(), path=["생활용품", "욕실용품"])
    detergent = category_ensure(actor=system_actor(), path=["생활용품", "세제"])
    lunch = category_ensure(actor=system_actor(), path=["식품", "도시락"])
    rows = [
        # key, vendor, name, category, price, certifications, sales, description
        ("brush", green, "대나무 칫솔", bath, 3_000, ["eco"], 500_000, ""),
        ("brush4", water, "대나무칫솔 4개입", bath, 12_000, ["eco", "green"], 100_000, ""),
        ("shampoo", green, "고체 샴푸바", bath, 8_000, ["organic"], 900_000, ""),
        (
            "soap",
            water,
            "친환경 주방 세제",
            detergent,
            55_000,
            ["green", "excellent_procurement"],
            0,
            "대나무 숯 성분으로 기름때를 지웁니다.",
        ),
        ("meal", village, "한식 도시락", lunch, 7_000, ["haccp"], 2_000_000, "국내산 쌀로 지은 밥"),
        ("party", village, "단체 도시락 세트", lunch, 150_000, [], 50_000, ""),
    ]
    products = {}
    for minutes, (key, vendor, name, category, price, certs, sales, description) in enumerate(rows):
        product = ProductFactory(
            vendor=vendor,
            name=name,
            category=category,
            price_won=price,
            sales_won=sales,
            description=description,
            published_at=START + dt.timedelta(minutes=minutes),
        )
        ProductCertificate.objects.bulk_create(
            ProductCertificate(product=product, kind=kind) for kind in certs
        )
        products[key] = product
    products["draft"] = ProductFactory(
        vendor=green, name="대나무 도마", category=bath, status="draft", published_at=None
    )
    product_reindex([p.pk for p in products.values()])
    return products


def names(result) -> list[str]:
    return [product.name for product in result.products]


def found(catalog, **arguments) -> set[str]:
    keys = {product.pk: key for key, product in catalog.items()}
    return {keys[product.pk] for product in product_search(**arguments).products}


def counts(result, facet: str) -> dict[str, int]:
    return {entry.value: entry.count for entry in result.facets[facet]}


# --- recall ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["대나무칫솔", "대나무 칫솔", "대나무 칫솔을", "칫솔"])
def test_spacing_and_particles_do_not_matter(catalog, query):
    assert found(catalog, q=query) == {"brush", "brush4"}


@pytest.mark.parametrize("query", ["샴푸바를", "샴푸바", "고체샴푸바", "샴푸"])
def test_a_particle_on_the_query_still_finds_the_product(catalog, query):
    assert found(catalog, q=query) == {"shampoo"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("국내산 쌀", {"meal"}),  # description
        ("맑은물", {"brush4", "soap"}),  # vendor name
        ("햇살마을", {"meal", "party"}),
        ("욕실용품", {"brush", "brush4", "shampoo"}),  # category
        ("식품", {"meal", "party"}),  # parent category
        ("녹색인증", {"brush4", "soap"}),  # certification label
        ("대나무", {"brush", "brush4", "soap"}),  # names and a description, not the draft
    ],
)
def test_description_vendor_category_and_certification_words_match(catalog, query, expected):
    assert found(catalog, q=query) == expected


def test_unrelated_words_find_nothing(catalog):
    result = product_search(q="노트북")
    assert (result.total, result.products, result.pages) == (0, [], 1)


# --- facets ------------------------------------------------------------------------------


def test_facet_counts_over_the_whole_catalog(catalog):
    result = product_search()
    assert result.total == 6
    assert [(f.label, f.count) for f in result.facets["category"]] == [("생활용품", 4), ("식품", 2)]
    assert counts(result, "certification") == {
        "eco": 2,
        "green": 2,
        "excellent_procurement": 1,
        "haccp": 1,
        "organic": 1,
    }
    assert counts(result, "vendor_kind") == {
        "social_enterprise": 2,
        "cooperative": 2,
        "village": 2,
    }
    assert counts(result, "district") == {"은평구": 4, "마포구": 2}
    assert counts(result, "price_band") == {"u10k": 3, "u50k": 1, "u100k": 1, "u1m": 1}


def test_facets_count_the_current_results(catalog):
    result = product_search(q="대나무")
    assert result.total == 3
    assert counts(result, "district") == {"은평구": 1, "마포구": 2}
    assert counts(result, "certification") == {"eco": 2, "green": 2, "excellent_procurement": 1}
    assert [(f.label, f.count) for f in result.facets["category"]] == [("생활용품", 3)]


def test_a_facet_ignores_its_own_selection_but_not_the_others(catalog):
    result = product_search(certifications=["eco"])
    assert result.total == 2
    assert counts(result, "certification")["green"] == 2  # still offered
    assert [f.value for f in result.facets["certification"] if f.selected] == ["eco"]
    assert counts(result, "vendor_kind") == {"social_enterprise": 1, "cooperative": 1}
    assert counts(result, "district") == {"은평구": 1, "마포구": 1}


def test_values_within_a_facet_are_alternatives_and_facets_combine(catalog):
    assert found(catalog, certifications=["eco", "haccp"]) == {"brush", "brush4", "meal"}
    assert found(catalog, certifications=["eco", "haccp"], districts=["은평구"]) == {
        "brush",
        "meal",
    }
    assert found(catalog, vendor_kinds=["village"], price_band="u1m") == {"party"}


def test_category_facet_drills_down_to_the_children(catalog):
    household = catalog["brush"].category.parent
    result = product_search(category=household.pk)
    assert result.total == 4
    assert [(f.label, f.count) for f in result.facets["category"]] == [("세제", 1), ("욕실용품", 3)]
    assert [node.name for node in result.category_path] == ["생활용품"]


def test_price_band_filter_and_counts(catalog):
    result = product_search(price_band="u10k", sort="price_asc")
    assert names(result) == ["대나무 칫솔", "한식 도시락", "고체 샴푸바"]
    assert counts(result, "price_band")["u50k"] == 1  # the other bands stay countable


def test_unknown_filter_values_are_ignored(catalog):
    result = product_search(
        certifications=["iso"], vendor_kinds=["x"], districts=["해운대구"], price_band="cheap"
    )
    assert result.total == 6


# --- sorts -------------------------------------------------------------------------------


def test_sorts(catalog):
    assert names(product_search(sort="price_asc"))[0] == "대나무 칫솔"
    assert names(product_search(sort="price_desc"))[:2] == ["단체 도시락 세트", "친환경 주방 세제"]
    assert names(product_search(sort="sales"))[:3] == ["한식 도시락", "고체 샴푸바", "대나무 칫솔"]
    assert names(product_search(sort="newest"))[0] == "단체 도시락 세트"


def test_relevance_puts_name_matches_first(catalog):
    catalog["soap"].published_at = START + dt.timedelta(days=1)  # the newest of the three
    catalog["soap"].save()
    assert names(product_search(q="대나무")) == [
        "대나무칫솔 4개입",
        "대나무 칫솔",
        "친환경 주방 세제",
    ]


def test_pages(catalog):
    first = product_search(sort="price_asc", per_page=4)
    second = product_search(sort="price_asc", per_page=4, page=2)
    assert (first.pages, first.has_next, second.has_previous) == (2, True, True)
    assert len(first.products) == 4
    assert names(second) == ["친환경 주방 세제", "단체 도시락 세트"]
    assert product_search(per_page=4, page=99).page == 2


def test_a_suspended_vendor_leaves_results_and_counts(catalog, staff_user):
    assert product_search().total == 6
    vendor_suspend(vendor=catalog["meal"].vendor, actor=staff_user, reason="점검")
    result = product_search()
    assert result.total == 4
    assert "village" not in counts(result, "vendor_kind")
    assert found(catalog, q="도시락") == set()


def test_an_unapproved_vendors_product_is_never_listed(catalog):
    applied = VendorFactory(status=VendorStatus.APPLIED, approved_on=None)
    stray = ProductFactory(vendor=applied, name="대나무 빨대")
    product_reindex([stray.pk])
    assert found(catalog, q="빨대") == set()


# --- the page ----------------------------------------------------------------------------


def test_search_page_shows_results_and_facets(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = client.get(reverse("mall:product-search"), {"q": "대나무칫솔", "cert": "eco"})
    page = response.content.decode()
    assert "상품 2개" in page
    assert "대나무칫솔 4개입" in page
    assert "한식 도시락" not in page
    assert '<input type="hidden" name="cert" value="eco" form="search-form">' in page
    # The district link keeps the query and the chosen certification.
    assert "?q=%EB%8C%80%EB%82%98%EB%AC%B4%EC%B9%AB%EC%86%94&amp;cert=eco&amp;district=" in page


def test_search_page_query_count_does_not_grow(client, catalog, django_assert_max_num_queries):
    vendor = catalog["brush"].vendor
    more = ProductFactory.create_batch(40, vendor=vendor, category=catalog["brush"].category)
    product_reindex([p.pk for p in more])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("mall:product-search"), {"sort": "newest", "page": "2"})
    assert response.status_code == 200


def test_htmx_gets_only_the_results(client, catalog):
    response = client.get(
        reverse("mall:product-search"), {"q": "샴푸바를"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "고체 샴푸바" in page


def test_category_links_lead_to_the_category_page_with_the_query(client, catalog):
    bath = catalog["brush"].category
    page = client.get(reverse("mall:product-search"), {"q": "대나무"}).content.decode()
    household = reverse("mall:category-detail", args=[bath.parent_id])
    assert f'href="{household}?q=%EB%8C%80%EB%82%98%EB%AC%B4"' in page
    response = client.get(reverse("mall:category-detail", args=[bath.pk]), {"q": "대나무"})
    assert "상품 2개" in response.content.decode()


def test_search_reindex_rebuilds_products_and_their_flags(catalog):
    Product.objects.update(certification_flags=0)
    SearchEntry.objects.filter(kind="mall.product").delete()
    assert product_search(q="칫솔").total == 0
    counts_by_kind = rebuild_all()
    assert counts_by_kind["mall.product"] == 7
    assert found(catalog, q="대나무칫솔") == {"brush", "brush4"}
    assert found(catalog, certifications=["green"]) == {"brush4", "soap"}


@pytest.mark.parametrize("dense", [False, True], ids=["few matches", "many matches"])
def test_relevance_and_sorts_page_the_same_however_the_page_is_read(catalog, monkeypatch, dense):
    if dense:
        monkeypatch.setattr(catalog_selectors, "DENSE_MATCHES", 0)
    pages = [names(product_search(q="대나무", per_page=1, page=n)) for n in (1, 2, 3)]
    assert pages == [["대나무칫솔 4개입"], ["대나무 칫솔"], ["친환경 주방 세제"]]
    assert names(product_search(q="대나무", per_page=2, page=2)) == ["친환경 주방 세제"]
    assert names(product_search(q="대나무", sort="price_asc")) == [
        "대나무 칫솔",
        "대나무칫솔 4개입",
        "친환경 주방 세제",
    ]
    assert names(product_search(q="대나무", sort="sales", certifications=["green"])) == [
        "대나무칫솔 4개입",
        "친환경 주방 세제",
    ]
