"""A vendor's own products, the orders it received and its answers to quote requests: an
approved vendor only (else 403); another vendor's product, order or quote request is not
found (404)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from ieum.core.api import Id, Line

from .. import access
from ..choices import ProductStatus
from ..models import Category, Product
from ..selectors import catalog as catalog_selectors
from ..selectors import orders as order_selectors
from ..services import catalog as catalog_services
from ..services import orders as order_services
from .common import found, page, transition, visible_order, with_category_paths
from .schemas import (
    InvoiceIn,
    ListQuery,
    OrderDetailOut,
    OrderPage,
    ProductDetailOut,
    ProductIn,
    ProductPage,
    ProductPatch,
    QuoteAnswerIn,
    QuoteRequestOut,
    QuoteRequestPage,
    TransitionIn,
)

router = Router()


def _product_fields(data: dict) -> dict:
    """Schema fields → the catalog services' fields (a category id becomes the Category)."""
    if "category_id" in data:
        category = Category.objects.filter(pk=data.pop("category_id")).first()
        if category is None:
            raise ValidationError({"category": _("카테고리를 골라 주세요.")})
        data["category"] = category
    return data


def _vendor_product(vendor, product_id: int) -> Product:
    product = (
        vendor.products.select_related("vendor__enterprise")
        .prefetch_related("certificates", "images")
        .get(pk=product_id)
    )
    with_category_paths([product])
    return product


@router.get(
    "/vendor/products",
    response=ProductPage,
    summary="우리 기업 상품 (입점기업)",
    operation_id="ieum_mall_api_vendor_product_list",
)
def vendor_product_list(request, params: Query[ListQuery]):
    vendor = access.member_vendor(request.auth)
    products = (
        catalog_selectors.vendor_products(vendor)
        .defer(None)
        .select_related("vendor__enterprise")
        .prefetch_related("certificates")
    )
    if params.status in ProductStatus.values:
        products = products.filter(status=params.status)
    listed = page(products, params)
    with_category_paths(listed["items"])
    return listed


@router.post(
    "/vendor/products",
    response={201: ProductDetailOut},
    summary="상품 등록",
    operation_id="ieum_mall_api_vendor_product_create",
)
def vendor_product_create(request, payload: ProductIn):
    """A new product, saved as a draft (임시 저장) unless `publish` puts it on sale."""
    vendor = access.member_vendor(request.auth)
    fields = _product_fields(payload.dict(exclude={"publish"}))
    product = catalog_services.product_create(vendor=vendor, actor=request.auth, **fields)
    if payload.publish:
        product = catalog_services.product_publish(product=product, actor=request.auth)
    return Status(201, _vendor_product(vendor, product.pk))


@router.patch(
    "/vendor/products/{product_id}",
    response=ProductDetailOut,
    summary="상품 수정",
    operation_id="ieum_mall_api_vendor_product_update",
)
def vendor_product_update(request, product_id: Id, payload: ProductPatch):
    """Change the given fields; `status` starts or stops selling."""
    vendor = access.member_vendor(request.auth)
    with found(_("우리 기업의 상품이 아닙니다.")):
        product = vendor.products.select_related("vendor").get(pk=product_id)
    fields = payload.dict(exclude_unset=True)
    status = fields.pop("status", None)
    if fields:
        product = catalog_services.product_update(
            product=product, actor=request.auth, **_product_fields(fields)
        )
    if status == ProductStatus.PUBLISHED:
        catalog_services.product_publish(product=product, actor=request.auth)
    elif status == ProductStatus.SUSPENDED:
        catalog_services.product_suspend(product=product, actor=request.auth)
    return _vendor_product(vendor, product.pk)


@router.get(
    "/vendor/orders",
    response=OrderPage,
    summary="받은 주문 (입점기업)",
    operation_id="ieum_mall_api_vendor_order_list",
)
def vendor_order_list(request, params: Query[ListQuery]):
    access.member_vendor(request.auth)
    orders = order_selectors.order_list(user=request.auth, status=params.status)
    return page(orders.select_related("quote"), params)


@router.get(
    "/vendor/orders/{number}",
    response=OrderDetailOut,
    summary="주문 정보 (입점기업)",
    operation_id="ieum_mall_api_vendor_order_detail",
)
def vendor_order_detail(request, number: Line):
    access.member_vendor(request.auth)
    return visible_order(request.auth, number)


@router.post(
    "/vendor/orders/{number}/transition",
    response=OrderDetailOut,
    summary="주문 상태 변경 (입점기업)",
    operation_id="ieum_mall_api_vendor_order_transition",
)
def vendor_order_transition(request, number: Line, payload: TransitionIn):
    """주문 확인(confirmed), 배송(shipped), 배송 완료(delivered), 반품 완료, 취소 (with a note)."""
    access.member_vendor(request.auth)
    return transition(request.auth, number, payload)


@router.post(
    "/vendor/orders/{number}/invoice",
    response=OrderDetailOut,
    summary="세금계산서 등록",
    operation_id="ieum_mall_api_vendor_order_invoice",
)
def vendor_order_invoice(request, number: Line, payload: InvoiceIn):
    access.member_vendor(request.auth)
    order = order_services.order_record_invoice(
        order=visible_order(request.auth, number),
        user=request.auth,
        number=payload.number,
        issued_on=payload.issued_on,
    )
    return visible_order(request.auth, order.number)


@router.get(
    "/vendor/quotes",
    response=QuoteRequestPage,
    summary="받은 견적 요청 (입점기업)",
    operation_id="ieum_mall_api_vendor_quote_list",
)
def vendor_quote_list(request, params: Query[ListQuery]):
    access.member_vendor(request.auth)
    return page(order_selectors.quote_request_list(user=request.auth, status=params.status), params)


@router.get(
    "/vendor/quotes/{request_id}",
    response=QuoteRequestOut,
    summary="견적 요청 정보",
    operation_id="ieum_mall_api_vendor_quote_detail",
)
def vendor_quote_detail(request, request_id: Id):
    access.member_vendor(request.auth)
    with found(_("견적 요청을 찾을 수 없습니다.")):
        return order_selectors.quote_request_detail(user=request.auth, pk=request_id)


@router.post(
    "/vendor/quotes/{request_id}",
    response=QuoteRequestOut,
    summary="견적서 제출·거절",
    operation_id="ieum_mall_api_vendor_quote_answer",
)
def vendor_quote_answer(request, request_id: Id, payload: QuoteAnswerIn):
    """The itemised quote (lines, valid_until, note), or `decline_reason` when the vendor
    cannot quote. A line names a product of the vendor, or an item such as delivery."""
    vendor = access.member_vendor(request.auth)
    with found(_("견적 요청을 찾을 수 없습니다.")):
        quote_request = order_selectors.quote_request_detail(user=request.auth, pk=request_id)
    if payload.decline_reason:
        order_services.quote_decline(
            request=quote_request, user=request.auth, reason=payload.decline_reason
        )
    else:
        products = vendor.products.in_bulk(
            [line.product_id for line in payload.lines if line.product_id is not None]
        )
        lines = []
        for index, line in enumerate(payload.lines, 1):
            if line.product_id is not None and line.product_id not in products:
                raise ValidationError(
                    {
                        "lines": _("%(index)s번째 품목은 우리 기업의 상품이 아닙니다.")
                        % {"index": index}
                    }
                )
            lines.append(
                {
                    "product": products.get(line.product_id),
                    "name": line.name,
                    "unit": line.unit,
                    "quantity": line.quantity,
                    "unit_price_won": line.unit_price_won,
                }
            )
        order_services.quote_submit(
            request=quote_request,
            user=request.auth,
            lines=lines,
            valid_until=payload.valid_until,
            note=payload.note,
        )
    return order_selectors.quote_request_detail(user=request.auth, pk=request_id)
