"""Writes of promotions (기획전): the promotion itself, its banner and its curated products."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ieum.core.logs import service
from ieum.core.permissions import require_permission

from ..choices import PromotionSeries
from ..models import Product, Promotion, PromotionProduct

BANNER_MAX_BYTES = 5 * 1024 * 1024
BANNER_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
FIELDS = (
    "title",
    "theme",
    "series",
    "description",
    "starts_on",
    "ends_on",
    "is_published",
    "previous",
)


def _check_banner(banner) -> None:
    """Refuse anything that is not a reasonably small JPEG, PNG, GIF or WebP image."""
    if banner.size > BANNER_MAX_BYTES:
        raise ValidationError({"banner": _("배너 이미지는 5MB 이하여야 합니다.")})
    try:
        banner.seek(0)
        with Image.open(banner) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            {"banner": _("배너는 이미지 파일(JPEG, PNG, GIF, WebP)이어야 합니다.")}
        ) from None
    finally:
        banner.seek(0)
    if image_format not in BANNER_FORMATS:
        raise ValidationError({"banner": _("배너는 JPEG, PNG, GIF, WebP 이미지여야 합니다.")})


def _validate(promotion: Promotion, fields: dict) -> None:
    errors = {}
    title = (fields.get("title") or "").strip()
    if not title:
        errors["title"] = _("기획전명을 입력하세요.")
    starts_on: dt.date | None = fields.get("starts_on")
    ends_on: dt.date | None = fields.get("ends_on")
    if starts_on is None:
        errors["starts_on"] = _("시작일을 입력하세요.")
    if ends_on is None:
        errors["ends_on"] = _("종료일을 입력하세요.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("종료일이 시작일보다 앞설 수 없습니다.")
    if fields.get("series", PromotionSeries.OTHER) not in PromotionSeries.values:
        errors["series"] = _("기획전 구분을 고르세요.")
    previous: Promotion | None = fields.get("previous")
    if previous is not None:
        if promotion.pk and previous.pk == promotion.pk:
            errors["previous"] = _("기획전을 자기 자신과 비교할 수 없습니다.")
        elif starts_on and previous.starts_on >= starts_on:
            errors["previous"] = _("비교할 기획전은 이 기획전보다 먼저 열린 것이어야 합니다.")
    if errors:
        raise ValidationError(errors)


def _apply(promotion: Promotion, fields: dict, banner) -> Promotion:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown promotion fields: {sorted(unknown)}")
    _validate(promotion, {**{f: getattr(promotion, f) for f in FIELDS}, **fields})
    if banner is not None:
        _check_banner(banner)
    for name, value in fields.items():
        setattr(promotion, name, value.strip() if isinstance(value, str) else value)
    promotion.full_clean(exclude=["banner"])
    if banner is not None:
        promotion.banner.save(banner.name, banner, save=False)
    promotion.save()
    return promotion


@service
@transaction.atomic
def promotion_create(*, actor, banner=None, **fields) -> Promotion:
    """Create a promotion: title, theme, series, description, starts_on, ends_on, is_published,
    previous (the same promotion a year before) and an optional banner image."""
    require_permission(actor, "mall.manage")
    return _apply(Promotion(), fields, banner)


@service
@transaction.atomic
def promotion_update(*, promotion: Promotion, actor, banner=None, **fields) -> Promotion:
    """Change any of the fields `promotion_create` takes; a new banner replaces the old one."""
    require_permission(actor, "mall.manage")
    promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
    return _apply(promotion, fields, banner)


@service
@transaction.atomic
def promotion_products_set(*, promotion: Promotion, actor, product_ids: Iterable[int]) -> int:
    """Make the curated products exactly `product_ids`, in that order; returns their number."""
    require_permission(actor, "mall.manage")
    ids = list(dict.fromkeys(int(pk) for pk in product_ids))
    found = set(Product.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {
                "product_ids": _("없는 상품 번호: %(ids)s")
                % {"ids": ", ".join(str(pk) for pk in missing)}
            }
        )
    PromotionProduct.objects.filter(promotion=promotion).exclude(product_id__in=ids).delete()
    existing = {
        entry.product_id: entry for entry in PromotionProduct.objects.filter(promotion=promotion)
    }
    changed, created = [], []
    for order, pk in enumerate(ids):
        entry = existing.get(pk)
        if entry is None:
            created.append(PromotionProduct(promotion=promotion, product_id=pk, sort_order=order))
        elif entry.sort_order != order:
            entry.sort_order = order
            changed.append(entry)
    PromotionProduct.objects.bulk_create(created)
    PromotionProduct.objects.bulk_update(changed, ["sort_order"])
    return len(ids)


@service
@transaction.atomic
def promotion_products_add(*, promotion: Promotion, actor, product_ids: Iterable[int]) -> int:
    """Add products at the end of the curated list (already listed ones stay where they are)."""
    current = list(
        PromotionProduct.objects.filter(promotion=promotion)
        .order_by("sort_order", "id")
        .values_list("product_id", flat=True)
    )
    return promotion_products_set(
        promotion=promotion, actor=actor, product_ids=[*current, *product_ids]
    )


@service
@transaction.atomic
def promotion_product_remove(*, promotion: Promotion, actor, product_id: int) -> None:
    require_permission(actor, "mall.manage")
    PromotionProduct.objects.filter(promotion=promotion, product_id=product_id).delete()
