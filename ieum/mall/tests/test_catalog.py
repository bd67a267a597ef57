"""Products: validation refusals, publishing rules, images (really checked and resized),
categories, the vendor's product pages and the public product, vendor and category pages."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.mall.choices import ProductStatus, VendorStatus
from ieum.mall.models import Category, Product, ProductImage, Promotion
from ieum.mall.selectors.catalog import product_search
from ieum.mall.services.catalog import (
    category_ensure,
    product_create,
    product_image_add,
    product_image_remove,
    product_publish,
    product_reindex,
    product_suspend,
    product_update,
)

from .factories import BuyerFactory, CategoryFactory, ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor(member_enterprise):
    return VendorFactory(enterprise=member_enterprise)


@pytest.fixture
def category():
    return category_ensure(actor=system_actor(), path=["생활용품", "욕실용품"])


def create(vendor, default_category, **fields):
    values = {"name": "대나무 칫솔", "category": default_category, "price_won": 6000, **fields}
    return product_create(vendor=vendor, actor=system_actor(), **values)


def image_file(size=(2400, 1600), mode="RGB", fmt="JPEG", name="photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size, "green" if mode == "RGB" else (0, 128, 0, 128)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


# --- product services --------------------------------------------------------------------


def test_create_makes_a_draft_with_the_vendors_kind_and_district(vendor, category):
    product = create(
        vendor,
        category,
        classification_number="4713150101",
        delivery_districts=["은평구", "마포구"],
        certifications=["eco", "green"],
    )
    assert product.status == ProductStatus.DRAFT
    assert (product.vendor_kind, product.district) == (vendor.kind, vendor.district)
    assert product.delivery_district_codes == ["은평구", "마포구"]
    assert sorted(c.kind for c in product.certificates.all()) == ["eco", "green"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"price_won": 0}, "price_won", "판매가는 0원보다 커야 합니다."),
        ({"price_won": -500}, "price_won", "판매가는 0원보다 커야 합니다."),
        ({"price_won": "6000원"}, "price_won", "판매가를 원 단위 숫자로 적어 주세요."),
        (
            {"min_order_quantity": 0},
            "min_order_quantity",
            "최소주문수량은 1 이상의 정수여야 합니다.",
        ),
        ({"classification_number": "47131501"}, "classification_number", "숫자 10자리"),
        ({"classification_number": "47131501AB"}, "classification_number", "숫자 10자리"),
        ({"classification_number": "4713-15010"}, "classification_number", "숫자 10자리"),
        ({"delivery_districts": ["해운대구"]}, "delivery_districts", "서울시 자치구가 아닙니다"),
        ({"certifications": ["iso9001"]}, "certifications", "알 수 없는 인증"),
        ({"category": None}, "category", "카테고리를 골라 주세요."),
        ({"lead_time_days": 400}, "lead_time_days", "0~365일"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(vendor, category, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        create(vendor, category, **fields)
    assert message in refused.value.message_dict[field][0]
    assert not Product.objects.exists()


def test_update_refuses_a_price_of_zero_and_keeps_the_old_one(vendor, category):
    product = create(vendor, category)
    with pytest.raises(ValidationError) as refused:
        product_update(product=product, actor=system_actor(), price_won=0, name="바뀐 이름")
    assert refused.value.message_dict == {"price_won": ["판매가는 0원보다 커야 합니다."]}
    product.refresh_from_db()
    assert (product.price_won, product.name) == (6000, "대나무 칫솔")


def test_update_replaces_the_certifications_and_reindexes(vendor, category):
    product = create(vendor, category, certifications=["eco"])
    product_update(
        product=product, actor=system_actor(), name="고체 샴푸바", certifications=["organic"]
    )
    assert [c.kind for c in product.certificates.all()] == ["organic"]
    product_publish(product=product, actor=system_actor())
    assert [p.pk for p in product_search(q="샴푸바").products] == [product.pk]
    assert product_search(q="칫솔").total == 0


def test_only_an_approved_vendor_publishes(category):
    waiting = VendorFactory(status=VendorStatus.APPLIED, approved_on=None)
    product = create(waiting, category)
    with pytest.raises(ValidationError, match="입점 승인된 기업의 상품만"):
        product_publish(product=product, actor=system_actor())
    product.refresh_from_db()
    assert product.status == ProductStatus.DRAFT


def test_a_rejected_vendor_cannot_add_products(category):
    rejected = VendorFactory(status=VendorStatus.REJECTED, approved_on=None)
    with pytest.raises(ValidationError, match="상품을 등록할 수 있습니다"):
        create(rejected, category)


def test_publish_and_suspend_transitions(vendor, category):
    product = create(vendor, category)
    with pytest.raises(ValidationError, match="판매 중인 상품만"):
        product_suspend(product=product, actor=system_actor())
    product_publish(product=product, actor=system_actor())
    assert product.status == ProductStatus.PUBLISHED
    first_published = product.published_at
    with pytest.raises(ValidationError, match="이미 판매 중인"):
        product_publish(product=product, actor=system_actor())
    product_suspend(product=product, actor=system_actor())
    assert product.status == ProductStatus.SUSPENDED
    assert product.suspended_at is not None
    assert product_search().total == 0
    product_publish(product=product, actor=system_actor())
    assert product.published_at == first_published
    assert product_search().total == 1


def test_a_member_of_another_enterprise_cannot_change_the_product(make_user, category):
    other_vendor = VendorFactory()
    product = create(other_vendor, category)
    outsider = make_user(Role.ENTERPRISE)  # belongs to member_enterprise, not other_vendor's
    with pytest.raises(PermissionDenied):
        product_update(product=product, actor=outsider, price_won=1)
    with pytest.raises(PermissionDenied):
        product_publish(product=product, actor=outsider)


def test_category_ensure_creates_missing_levels_once():
    leaf = category_ensure(actor=system_actor(), path=["생활용품", " 친환경  세제 "])
    again = category_ensure(actor=system_actor(), path=["생활용품", "친환경 세제"])
    assert leaf == again
    assert leaf.name == "친환경 세제"
    assert leaf.parent.name == "생활용품"
    assert Category.objects.count() == 2
    with pytest.raises(ValidationError):
        category_ensure(actor=system_actor(), path=["생활용품", ""])


# --- images ------------------------------------------------------------------------------


def test_a_large_photo_is_resized_to_1200_px_and_stored(vendor, category):
    product = create(vendor, category)
    stored = product_image_add(
        actor=system_actor(), product=product, file=image_file((2400, 1600)), alt="칫솔 사진"
    )
    assert (stored.width, stored.height) == (1200, 800)
    with stored.image.open("rb") as data, Image.open(data) as read_back:
        assert read_back.size == (1200, 800)
        assert read_back.format == "JPEG"
    assert stored.image.name.startswith("mall/products/")


def test_a_transparent_png_stays_a_png(vendor, category):
    product = create(vendor, category)
    stored = product_image_add(
        actor=system_actor(),
        product=product,
        file=image_file((300, 1800), "RGBA", "PNG", "logo.png"),
    )
    with stored.image.open("rb") as data, Image.open(data) as read_back:
        assert (read_back.format, read_back.size, read_back.mode) == ("PNG", (200, 1200), "RGBA")


def test_a_small_photo_keeps_its_size(vendor, category):
    product = create(vendor, category)
    stored = product_image_add(actor=system_actor(), product=product, file=image_file((640, 480)))
    assert (stored.width, stored.height) == (640, 480)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.jpg", b"this is not an image at all"),
        SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        SimpleUploadedFile("doc.pdf", b"%PDF-1.4 ..."),
    ],
)
def test_a_file_that_is_not_an_image_is_refused(vendor, category, upload):
    product = create(vendor, category)
    with pytest.raises(ValidationError) as refused:
        product_image_add(actor=system_actor(), product=product, file=upload)
    assert "이미지 파일이 아닙니다" in refused.value.message_dict["image"][0]
    assert not ProductImage.objects.exists()


def test_an_image_over_5_mb_is_refused(vendor, category):
    product = create(vendor, category)
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        product_image_add(actor=system_actor(), product=product, file=big)
    assert refused.value.message_dict["image"] == ["이미지 파일은 5MB 이하만 올릴 수 있습니다."]


def test_removing_an_image_deletes_the_file(vendor, category, django_capture_on_commit_callbacks):
    product = create(vendor, category)
    stored = product_image_add(actor=system_actor(), product=product, file=image_file((100, 100)))
    storage, name = stored.image.storage, stored.image.name
    with django_capture_on_commit_callbacks(execute=True):
        product_image_remove(image=stored, actor=system_actor())
    assert not storage.exists(name)
    assert not ProductImage.objects.exists()


# --- vendor pages ------------------------------------------------------------------------


def test_vendor_creates_edits_publishes_and_adds_a_photo(client, member, vendor, category):
    client.force_login(member)
    form = {
        "name": "고체 샴푸바",
        "category": str(category.pk),
        "price_won": "8000",
        "tax_type": "taxable",
        "unit": "개",
        "min_order_quantity": "10",
        "lead_time_days": "5",
        "stock_status": "in_stock",
        "classification_number": "5313150101",
        "certifications": ["eco"],
        "delivery_districts": ["은평구"],
    }
    response = client.post(reverse("mall:product-create"), form)
    product = Product.objects.get(vendor=vendor)
    assert response["Location"] == reverse("mall:product-update", args=[product.pk])
    refused = client.post(
        reverse("mall:product-update", args=[product.pk]), {**form, "price_won": "0"}
    )
    assert refused.status_code == 400
    assert "판매가는 0원보다 커야 합니다." in refused.content.decode()
    client.post(reverse("mall:product-publish", args=[product.pk]))
    product.refresh_from_db()
    assert product.status == ProductStatus.PUBLISHED
    upload = client.post(
        reverse("mall:productimage-create", args=[product.pk]),
        {"image-image": image_file((1600, 1600)), "image-alt": "샴푸바"},
    )
    assert upload.status_code == 302
    assert product.images.get().width == 1200
    bad = client.post(
        reverse("mall:productimage-create", args=[product.pk]),
        {"image-image": SimpleUploadedFile("x.jpg", b"not an image")},
    )
    assert bad.status_code == 400
    assert "이미지 파일이 아닙니다" in bad.content.decode()


def test_a_vendor_cannot_touch_another_vendors_product(client, member, vendor, category):
    other = ProductFactory(name="남의 상품")
    client.force_login(member)
    assert client.get(reverse("mall:product-update", args=[other.pk])).status_code == 404
    assert client.post(reverse("mall:product-suspend", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("mall:productimage-create", args=[other.pk]), {"image-image": image_file()}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == ProductStatus.PUBLISHED
    assert not other.images.exists()


def test_an_applied_vendor_cannot_open_product_pages(client, member, member_enterprise):
    VendorFactory(enterprise=member_enterprise, status=VendorStatus.APPLIED, approved_on=None)
    client.force_login(member)
    assert client.get(reverse("mall:product-create")).status_code == 403


def test_vendor_edit_page_query_ceiling(
    client, member, vendor, category, django_assert_max_num_queries
):
    product = create(vendor, category, certifications=["eco"])
    for _ in range(3):
        product_image_add(actor=system_actor(), product=product, file=image_file((50, 50)))
    client.force_login(member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("mall:product-update", args=[product.pk]))
    assert response.status_code == 200


# --- public pages ------------------------------------------------------------------------


@pytest.fixture
def listed(vendor, category):
    product = create(
        vendor,
        category,
        description="생분해 손잡이",
        classification_number="4713150101",
        tax_type="exempt",
        certifications=["eco"],
        delivery_districts=["은평구", "마포구"],
    )
    product_publish(product=product, actor=system_actor())
    product_image_add(
        actor=system_actor(), product=product, file=image_file((800, 600)), alt="칫솔 사진"
    )
    return product


def test_product_page_shows_what_a_buyer_needs(client, listed, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("mall:product-detail", args=[listed.pk]))
    page = response.content.decode()
    for text in (
        "대나무 칫솔",
        "6,000원",
        "면세 상품",
        "4713150101",
        "은평구, 마포구",
        "친환경(환경표지)",
        "사회적기업",
        "생활용품",
        "욕실용품",
        listed.vendor.enterprise.name,
        'alt="칫솔 사진"',
    ):
        assert text in page, text
    assert reverse("mall:cart-add", args=[listed.pk]) not in page  # anonymous: sign in first


def test_an_approved_buyer_gets_the_cart_form(client, listed):
    client.force_login(BuyerFactory())
    page = client.get(reverse("mall:product-detail", args=[listed.pk])).content.decode()
    assert reverse("mall:cart-add", args=[listed.pk]) in page


def test_drafts_and_stopped_products_are_not_public(client, vendor, category):
    draft = create(vendor, category)
    assert client.get(reverse("mall:product-detail", args=[draft.pk])).status_code == 404


def test_vendor_page_lists_its_products(client, vendor, django_assert_max_num_queries):
    products = ProductFactory.create_batch(30, vendor=vendor)
    ProductFactory(vendor=vendor, name="임시상품", status="draft", published_at=None)
    product_reindex([p.pk for p in products])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("mall:vendor-detail", args=[vendor.pk]))
    page = response.content.decode()
    assert vendor.enterprise.name in page
    assert "판매 상품 30개" in page
    assert "임시상품" not in page


def test_category_page_shows_the_category_and_everything_below(
    client, vendor, django_assert_max_num_queries
):
    soap = category_ensure(actor=system_actor(), path=["생활용품", "비누"])
    detergent = category_ensure(actor=system_actor(), path=["생활용품", "세제"])
    food = category_ensure(actor=system_actor(), path=["식품"])
    ProductFactory.create_batch(3, vendor=vendor, category=soap)
    ProductFactory.create_batch(2, vendor=vendor, category=detergent)
    ProductFactory(vendor=vendor, category=food, name="도시락")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("mall:category-detail", args=[soap.parent_id]))
    page = response.content.decode()
    assert "상품 5개" in page
    assert "도시락" not in page
    assert '비누 <span class="count">(3)</span>' in page
    assert client.get(reverse("mall:category-detail", args=[99999])).status_code == 404


def test_home_page_shows_categories_newest_and_running_promotions(
    client, listed, django_assert_max_num_queries
):
    CategoryFactory(name="식품")
    assert 'id="promotions-title"' not in client.get(reverse("mall:home")).content.decode()
    today = timezone.localdate()
    Promotion.objects.create(
        title="추석 기획전",
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=3),
        is_published=True,
    )
    with django_assert_max_num_queries(8):
        response = client.get(reverse("mall:home"))
    page = response.content.decode()
    assert "식품" in page
    assert "대나무 칫솔" in page
    assert "추석 기획전" in page
