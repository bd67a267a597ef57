"""The catalog's writes: products, their certifications and images, categories, and the
product search index.

Every write reindexes the products it touched in the same transaction (as the registry does),
so a product is findable exactly when its row is committed.
"""

import io
import re
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ieum.core import search
from ieum.core.districts import District
from ieum.core.logs import service
from ieum.core.permissions import has_permission

from ..choices import ProductCertification, ProductStatus, VendorStatus
from ..models import Category, Product, ProductCertificate, ProductImage, Vendor

PRODUCT_FIELDS = (
    "name",
    "category",
    "price_won",
    "tax_type",
    "unit",
    "min_order_quantity",
    "lead_time_days",
    "stock_status",
    "description",
    "classification_number",
    "delivery_districts",
    "certifications",
)
CLASSIFICATION_NUMBER = re.compile(r"^[0-9]{10}$")
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_SIDE = 1200
IMAGE_MAX_PIXELS = 40_000_000  # refused before decoding: a small file can hold a huge picture
IMAGE_MAX_COUNT = 10
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
_REINDEX_CHUNK = 2000
CATALOG_VERSION_KEY = "mall:catalog-version"
# Product.certification_flags: one bit per certification, in the order of the choices. A new
# certification goes at the end of the choices (or run `ieum search_reindex` after adding it).
CERTIFICATION_BITS = {kind: 1 << index for index, kind in enumerate(ProductCertification.values)}


def catalog_changed() -> None:
    """Tell the search that the catalog changed: its cached facet counts are dropped at once
    in this process (and within the cache timeout in the others, with a per-process cache)."""
    try:
        cache.incr(CATALOG_VERSION_KEY)
    except ValueError:
        cache.set(CATALOG_VERSION_KEY, 1, timeout=None)


def _category_paths() -> dict[int, list[str]]:
    """{category id: [root name, …, own name]} for every category (the tree is small)."""
    rows = {
        pk: (name, parent)
        for pk, name, parent in Category.objects.values_list("pk", "name", "parent_id")
    }

    def path(pk: int) -> list[str]:
        names = []
        while pk is not None and len(names) < 20:
            name, pk = rows[pk]
            names.append(name)
        return names[::-1]

    return {pk: path(pk) for pk in rows}


def product_reindex(product_ids: Iterable[int]) -> None:
    """Rebuild what is derived from these products' rows: their search entries (name,
    description, vendor, category path and certification labels, in Korean whatever the
    request's language) and their certification flags. Call it after writing products or
    certificates in bulk."""
    ids = list(product_ids)
    if not ids:
        return
    paths = _category_paths()
    with translation.override("ko"):
        labels = {value: str(label) for value, label in ProductCertification.choices}
    for start in range(0, len(ids), _REINDEX_CHUNK):
        chunk = ids[start : start + _REINDEX_CHUNK]
        kinds: dict[int, list[str]] = {}
        for product_id, kind in ProductCertificate.objects.filter(product_id__in=chunk).values_list(
            "product_id", "kind"
        ):
            kinds.setdefault(product_id, []).append(kind)
        documents, changed_flags = {}, []
        rows = Product.objects.filter(pk__in=chunk).values_list(
            "pk", "name", "description", "vendor__enterprise__name", "category_id",
            "certification_flags",
        )  # fmt: skip
        for pk, name, description, vendor_name, category_id, flags in rows:
            held = kinds.get(pk, [])
            words = [name, description, vendor_name, *paths.get(category_id, [])]
            documents[pk] = " ".join(words + [labels.get(kind, kind) for kind in held])
            wanted = sum(CERTIFICATION_BITS.get(kind, 0) for kind in set(held))
            if wanted != flags:
                changed_flags.append(Product(pk=pk, certification_flags=wanted))
        Product.objects.bulk_update(changed_flags, ["certification_flags"], batch_size=500)
        search.index_objects(PRODUCT_KIND, documents)
    catalog_changed()


PRODUCT_KIND = search.register_kind(
    "mall.product",
    code=2,
    rebuild=lambda: product_reindex(Product.objects.values_list("pk", flat=True)),
)


def _check_actor(actor, vendor: Vendor) -> None:
    """Staff may change any product, an enterprise member only its own vendor's."""
    if has_permission(actor, "mall.manage"):
        return
    if has_permission(actor, "mall.sell") and actor.enterprise_id == vendor.enterprise_id:
        return
    raise PermissionDenied(_("다른 기업의 상품은 고칠 수 없습니다."))


def _is_whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clean(fields: dict) -> tuple[dict, list[str] | None]:
    """Check the product fields; returns (model fields, certifications or None if not given)."""
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"unknown product fields: {sorted(unknown)}")
    fields = dict(fields)
    errors: dict[str, str] = {}
    if "price_won" in fields:
        price = fields["price_won"]
        if not _is_whole_number(price):
            errors["price_won"] = _("판매가를 원 단위 숫자로 적어 주세요.")
        elif price <= 0:
            errors["price_won"] = _("판매가는 0원보다 커야 합니다.")
    if "min_order_quantity" in fields:
        quantity = fields["min_order_quantity"]
        if not _is_whole_number(quantity) or quantity < 1:
            errors["min_order_quantity"] = _("최소주문수량은 1 이상의 정수여야 합니다.")
    if "lead_time_days" in fields:
        days = fields["lead_time_days"]
        if not _is_whole_number(days) or not 0 <= days <= 365:
            errors["lead_time_days"] = _("납기는 0~365일 사이의 정수로 적어 주세요.")
    if "classification_number" in fields:
        number = (fields["classification_number"] or "").strip()
        if number and not CLASSIFICATION_NUMBER.match(number):
            errors["classification_number"] = _(
                "물품분류번호는 숫자 10자리입니다 (예: 4713150101)."
            )
        fields["classification_number"] = number
    if "category" in fields and not isinstance(fields["category"], Category):
        errors["category"] = _("카테고리를 골라 주세요.")
    if "delivery_districts" in fields:
        districts = list(dict.fromkeys(fields["delivery_districts"] or ()))
        wrong = [d for d in districts if d not in District.values]
        if wrong:
            errors["delivery_districts"] = _("'%(district)s'은(는) 서울시 자치구가 아닙니다.") % {
                "district": wrong[0]
            }
        # Wrapped in commas so a district is found with one LIKE ',은평구,'.
        fields["delivery_districts"] = f",{','.join(districts)}," if districts else ""
    certifications = None
    if "certifications" in fields:
        certifications = list(dict.fromkeys(fields.pop("certifications") or ()))
        wrong = [c for c in certifications if c not in ProductCertification.values]
        if wrong:
            errors["certifications"] = _("알 수 없는 인증입니다: %(kind)s") % {"kind": wrong[0]}
    for name in ("name", "unit", "description"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if errors:
        raise ValidationError(errors)
    return fields, certifications


def product_fields_check(fields: dict) -> None:
    """Raise the ValidationError that `product_create` or `product_update` would raise for these
    fields, without writing (for a form that shows the refusal beside the field)."""
    _clean(fields)


def _save(product: Product, certifications: list[str] | None) -> Product:
    product.full_clean()
    product.save()
    if certifications is not None:
        product.certificates.exclude(kind__in=certifications).delete()
        held = set(product.certificates.values_list("kind", flat=True))
        ProductCertificate.objects.bulk_create(
            ProductCertificate(product=product, kind=kind)
            for kind in certifications
            if kind not in held
        )
    product_reindex([product.pk])
    product.refresh_from_db(fields=["certification_flags"])
    return product


@service
@transaction.atomic
def product_create(*, vendor: Vendor, actor, **fields) -> Product:
    """A new product as a draft (임시 저장); `product_publish` puts it on sale.

    Fields: see PRODUCT_FIELDS (`category` a Category, `delivery_districts` a list of
    districts, empty for all of Seoul, `certifications` a list of ProductCertification values).
    """
    _check_actor(actor, vendor)
    if vendor.status not in (VendorStatus.APPLIED, VendorStatus.APPROVED):
        raise ValidationError(_("입점 신청 중이거나 입점한 기업만 상품을 등록할 수 있습니다."))
    required = {"name", "category", "price_won"} - set(fields)
    if required:
        raise ValidationError({name: _("이 항목은 꼭 적어야 합니다.") for name in required})
    model_fields, certifications = _clean(fields)
    product = Product(
        vendor=vendor,
        vendor_kind=vendor.kind,
        district=vendor.district,
        status=ProductStatus.DRAFT,
        **model_fields,
    )
    return _save(product, certifications or [])


@service
@transaction.atomic
def product_update(*, product: Product, actor, **fields) -> Product:
    """Change a product's fields (only those given); validated like `product_create`."""
    _check_actor(actor, product.vendor)
    model_fields, certifications = _clean(fields)
    for name, value in model_fields.items():
        setattr(product, name, value)
    return _save(product, certifications)


def _locked(product: Product) -> Product:
    return Product.objects.select_for_update().select_related("vendor").get(pk=product.pk)


@service
@transaction.atomic
def product_publish(*, product: Product, actor) -> Product:
    """Put a draft or stopped product on sale; only an approved vendor's."""
    _check_actor(actor, product.vendor)
    locked = _locked(product)
    if locked.vendor.status != VendorStatus.APPROVED:
        raise ValidationError(_("입점 승인된 기업의 상품만 판매할 수 있습니다."))
    if locked.status == ProductStatus.PUBLISHED:
        raise ValidationError(_("이미 판매 중인 상품입니다."))
    now = timezone.now()
    Product.objects.filter(pk=locked.pk).update(
        status=ProductStatus.PUBLISHED,
        published_at=locked.published_at or now,
        suspended_at=None,
        updated_at=now,
    )
    catalog_changed()
    product.refresh_from_db()
    return product


@service
@transaction.atomic
def product_suspend(*, product: Product, actor) -> Product:
    """Take a product off sale (판매 중지); it can be published again."""
    _check_actor(actor, product.vendor)
    locked = _locked(product)
    if locked.status != ProductStatus.PUBLISHED:
        raise ValidationError(_("판매 중인 상품만 판매 중지할 수 있습니다."))
    now = timezone.now()
    Product.objects.filter(pk=locked.pk).update(
        status=ProductStatus.SUSPENDED, suspended_at=now, updated_at=now
    )
    catalog_changed()
    product.refresh_from_db()
    return product


def _image_content(file) -> tuple[ContentFile, str, tuple[int, int]]:
    """The upload as a checked, at most IMAGE_MAX_SIDE px, re-encoded image and its suffix."""
    if file.size > IMAGE_MAX_BYTES:
        raise ValidationError({"image": _("이미지 파일은 5MB 이하만 올릴 수 있습니다.")})
    not_an_image = ValidationError(
        {"image": _("이미지 파일이 아닙니다. JPEG, PNG, GIF, WEBP 파일을 올려 주세요.")}
    )
    try:
        file.seek(0)
        with Image.open(file) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise not_an_image
            if probe.width * probe.height > IMAGE_MAX_PIXELS:
                raise ValidationError({"image": _("이미지의 가로·세로 크기가 너무 큽니다.")})
            probe.verify()
        file.seek(0)
        with Image.open(file) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        image.convert("RGBA").save(buffer, "PNG", optimize=True)
        suffix = "png"
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True)
        suffix = "jpg"
    return ContentFile(buffer.getvalue()), suffix, image.size


@service
@transaction.atomic
def product_image_add(*, product: Product, file, alt: str = "", actor) -> ProductImage:
    """Add a photo: refused if it is not a JPEG/PNG/GIF/WEBP image or is over 5 MB; resized
    to at most 1200 px on its long side and stored through Django's default storage."""
    _check_actor(actor, product.vendor)
    count = ProductImage.objects.filter(product=product).count()
    if count >= IMAGE_MAX_COUNT:
        raise ValidationError(
            {
                "image": _("이미지는 상품마다 %(count)d장까지 올릴 수 있습니다.")
                % {"count": IMAGE_MAX_COUNT}
            }
        )
    content, suffix, (width, height) = _image_content(file)
    image = ProductImage(product=product, alt=alt.strip()[:200], sort_order=count)
    image.image.save(f"product-{product.pk}-{uuid.uuid4().hex[:8]}.{suffix}", content, save=False)
    # Known, so set after the file: ImageField reads them back as None from an unsaved content.
    image.width, image.height = width, height
    try:
        image.save()
    except Exception:
        image.image.delete(save=False)
        raise
    return image


@service
@transaction.atomic
def product_image_remove(*, image: ProductImage, actor) -> None:
    """Remove a photo; its file leaves the storage once the removal is committed."""
    _check_actor(actor, image.product.vendor)
    storage, name = image.image.storage, image.image.name
    image.delete()
    transaction.on_commit(lambda: storage.delete(name))


@service
@transaction.atomic
def category_ensure(*, path: list[str], actor) -> Category:
    """The category at `path` (['생활용품', '친환경 세제']), creating the missing levels; staff
    and sellers (whose product files name categories) may add one."""
    if not (has_permission(actor, "mall.manage") or has_permission(actor, "mall.sell")):
        raise PermissionDenied(_("카테고리를 만들 권한이 없습니다."))
    names = [" ".join(str(name).split()) for name in path]
    if not names or not all(names):
        raise ValidationError({"category": _("카테고리 이름이 비어 있습니다.")})
    too_long = [name for name in names if len(name) > 50]
    if too_long:
        raise ValidationError(
            {"category": _("카테고리 이름은 50자까지입니다: %(name)s") % {"name": too_long[0]}}
        )
    parent = None
    for name in names:
        parent, _created = Category.objects.get_or_create(name=name, parent=parent)
    return parent


def products_import(**kwargs):
    """The product import (see ieum.mall.importing.products_import), here for callers that
    look for every catalog write in this module."""
    from ..importing import products_import as run

    return run(**kwargs)
