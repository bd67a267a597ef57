import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ieum.mall.choices import OrderStatus, ProductStatus, PromotionSeries
from ieum.mall.models import Promotion, PromotionProduct
from ieum.mall.selectors.promotions import (
    current_promotions,
    promotion_result,
    promotion_sales,
)
from ieum.mall.services.promotions import (
    promotion_create,
    promotion_products_set,
    promotion_update,
)

from .factories import BuyerFactory, InstitutionFactory, ProductFactory, placed_order

pytestmark = pytest.mark.django_db


def png(name="banner.png", size=(40, 20)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 111, 92)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def chuseok(staff_user):
    """The 2021 and 2022 추석 promotions with the seed's sales: 20,679천원 and 35,069천원."""
    buyer = InstitutionFactory()
    curated = ProductFactory.create_batch(3)
    other = ProductFactory()
    last_year = promotion_create(
        actor=staff_user,
        title="2021 추석 기획전",
        series=PromotionSeries.CHUSEOK,
        starts_on=dt.date(2021, 8, 9),
        ends_on=dt.date(2021, 9, 10),
        is_published=True,
    )
    this_year = promotion_create(
        actor=staff_user,
        title="2022 추석 기획전",
        theme="한가위 선물",
        series=PromotionSeries.CHUSEOK,
        starts_on=dt.date(2022, 8, 1),
        ends_on=dt.date(2022, 9, 2),
        is_published=True,
        previous=last_year,
    )
    for promotion in (last_year, this_year):
        promotion_products_set(
            promotion=promotion, actor=staff_user, product_ids=[p.pk for p in curated]
        )

    def sell(product, won, day, **extra):
        placed_order(
            institution=buyer,
            vendor=product.vendor,
            placed_at=day,
            lines=[(product, 1, won)],
            **extra,
        )

    sell(curated[0], 20_000_000, dt.date(2022, 8, 1))
    sell(curated[1], 15_000_000, dt.date(2022, 9, 2))
    sell(curated[2], 69_000, dt.date(2022, 8, 20))
    sell(curated[0], 5_000_000, dt.date(2022, 9, 3))  # after the promotion
    sell(curated[0], 5_000_000, dt.date(2022, 8, 10), status=OrderStatus.CANCELLED)
    sell(curated[1], 3_000_000, dt.date(2022, 8, 10), status=OrderStatus.RETURNED)
    sell(other, 9_000_000, dt.date(2022, 8, 10))  # not curated
    sell(curated[0], 20_000_000, dt.date(2021, 8, 9))
    sell(curated[1], 679_000, dt.date(2021, 9, 10))
    return {"this_year": this_year, "last_year": last_year, "curated": curated, "other": other}


def test_promotion_sales_against_last_year(chuseok):
    result = promotion_result(chuseok["this_year"])

    assert result.sales_won == 35_069_000
    assert result.previous == chuseok["last_year"]
    assert result.previous_sales_won == 20_679_000
    assert str(result.growth) == "69.6"
    assert result.growth_display == "+69.6%"
    assert promotion_sales(chuseok["this_year"], as_of=dt.date(2022, 8, 31)) == 20_069_000


def test_previous_edition_is_found_by_series_without_a_link(chuseok, staff_user):
    promotion_update(promotion=chuseok["this_year"], actor=staff_user, previous=None)
    chuseok["this_year"].refresh_from_db()

    assert promotion_result(chuseok["this_year"]).previous_sales_won == 20_679_000


def test_console_page_shows_sales_growth(staff_client, chuseok, django_assert_max_num_queries):
    url = reverse("mall:promotion-manage", args=[chuseok["this_year"].pk])
    with django_assert_max_num_queries(12):
        response = staff_client.get(url)

    page = response.content.decode()
    assert '<td class="num" id="sales">35,069</td>' in page
    assert '<td class="num" id="previous-sales">20,679</td>' in page
    assert '<span id="growth">+69.6%</span>' in page


def test_promotion_list_query_ceiling(staff_client, chuseok, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("mall:promotion-list"))
    page = response.content.decode()
    assert "2022 추석 기획전" in page and "2021 추석 기획전" in page


def test_period_and_banner_are_checked(staff_user, media_root):
    with pytest.raises(ValidationError) as period:
        promotion_create(
            actor=staff_user,
            title="제로웨이스트",
            starts_on=dt.date(2022, 11, 30),
            ends_on=dt.date(2022, 11, 1),
        )
    assert period.value.message_dict["ends_on"] == ["종료일이 시작일보다 앞설 수 없습니다."]
    fake = SimpleUploadedFile("banner.png", b"not an image at all", content_type="image/png")
    with pytest.raises(ValidationError) as banner:
        promotion_create(
            actor=staff_user,
            title="제로웨이스트",
            starts_on=dt.date(2022, 11, 1),
            ends_on=dt.date(2022, 11, 30),
            banner=fake,
        )
    assert "이미지 파일" in banner.value.message_dict["banner"][0]
    assert not Promotion.objects.exists()
    assert not list(media_root.rglob("*.png"))

    saved = promotion_create(
        actor=staff_user,
        title="제로웨이스트",
        starts_on=dt.date(2022, 11, 1),
        ends_on=dt.date(2022, 11, 30),
        banner=png(),
    )
    assert saved.banner.name.startswith("mall/promotions/")
    with Image.open(saved.banner.path) as image:
        assert image.size == (40, 20)


def test_staff_create_a_promotion_from_the_console(staff_client, media_root):
    response = staff_client.post(
        reverse("mall:promotion-create"),
        {
            "title": "2022 제로웨이스트 기획전",
            "theme": "일회용품 줄이기",
            "series": "zero_waste",
            "starts_on": "2022-11-01",
            "ends_on": "2022-11-30",
            "is_published": "on",
            "banner": png(),
        },
    )
    bad = staff_client.post(
        reverse("mall:promotion-create"),
        {
            "title": "잘못된 배너",
            "series": "other",
            "starts_on": "2022-11-01",
            "ends_on": "2022-11-30",
            "banner": SimpleUploadedFile("x.jpg", b"GIF89a nope"),
        },
    )

    promotion = Promotion.objects.get(title="2022 제로웨이스트 기획전")
    assert response.status_code == 302
    assert (promotion.series, promotion.is_published) == ("zero_waste", True)
    assert promotion.banner
    assert bad.status_code == 400
    assert "배너는 이미지 파일" in bad.content.decode()


def test_curated_products_by_number_and_search(staff_client, chuseok):
    promotion = chuseok["this_year"]
    url = reverse("mall:promotion-products", args=[promotion.pk])

    staff_client.post(url, {"product_ids": f"{chuseok['other'].pk}"})
    staff_client.post(url, {"product_ids": "abc"})
    staff_client.post(url, {"product_ids": "99999999"})
    found = staff_client.get(
        reverse("mall:promotion-manage", args=[promotion.pk]),
        {"q": str(chuseok["other"].pk)},
    ).content.decode()

    ids = list(
        PromotionProduct.objects.filter(promotion=promotion)
        .order_by("sort_order")
        .values_list("product_id", flat=True)
    )
    assert ids == [*(p.pk for p in chuseok["curated"]), chuseok["other"].pk]
    # A product already curated is not offered again.
    assert f'name="pick" value="{chuseok["other"].pk}"' not in found
    remove = reverse("mall:promotion-product-remove", args=[promotion.pk, chuseok["other"].pk])
    staff_client.post(remove)
    assert not PromotionProduct.objects.filter(
        promotion=promotion, product=chuseok["other"]
    ).exists()


def test_unknown_products_are_refused(chuseok, staff_user):
    with pytest.raises(ValidationError) as error:
        promotion_products_set(
            promotion=chuseok["this_year"], actor=staff_user, product_ids=[chuseok["other"].pk, 0]
        )
    assert error.value.message_dict["product_ids"] == ["없는 상품 번호: 0"]


def test_only_staff_manage_promotions(client, chuseok):
    buyer = BuyerFactory()
    with pytest.raises(PermissionDenied):
        promotion_create(
            actor=buyer, title="x", starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 1, 2)
        )
    client.force_login(buyer)
    assert client.get(reverse("mall:promotion-create")).status_code == 403
    assert client.get(reverse("mall:promotion-list")).status_code == 403


def test_public_page_shows_published_promotions_and_products_on_sale(
    client, chuseok, staff_user, django_assert_max_num_queries
):
    promotion = chuseok["this_year"]
    hidden = chuseok["curated"][2]
    hidden.status = ProductStatus.SUSPENDED
    hidden.save()

    with django_assert_max_num_queries(6):
        response = client.get(reverse("mall:promotion-detail", args=[promotion.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "한가위 선물" in page
    assert chuseok["curated"][0].name in page
    assert hidden.name not in page
    promotion_update(promotion=promotion, actor=staff_user, is_published=False)
    assert client.get(reverse("mall:promotion-detail", args=[promotion.pk])).status_code == 404


def test_current_promotions_for_the_mall_home(chuseok, staff_user):
    draft = promotion_create(
        actor=staff_user,
        title="준비 중",
        starts_on=dt.date(2022, 8, 1),
        ends_on=dt.date(2022, 8, 31),
    )

    on_day = current_promotions(dt.date(2022, 8, 15))

    assert on_day == [chuseok["this_year"]]
    assert draft not in on_day
    assert current_promotions(dt.date(2022, 9, 3)) == []


def test_home_include_links_the_running_promotions(chuseok):
    from django.template.loader import render_to_string

    html = render_to_string(
        "mall/catalog/_promotions.html",
        {"promotions": current_promotions(dt.date(2022, 8, 15))},
    )

    assert "2022 추석 기획전" in html
    assert reverse("mall:promotion-detail", args=[chuseok["this_year"].pk]) in html
    # Nothing running, nothing shown.
    assert not render_to_string("mall/catalog/_promotions.html", {"promotions": []}).strip()
