"""함께누리 API (/api/mall/): the public catalog, a buyer's quotes and orders, a vendor's
products, orders and quote answers.

The catalog is public (`auth=None`); everything else takes the personal bearer token. Who may
do what is the services' and `access`'s business, as on the pages: a buyer must be an approved
member (else 403), a vendor an approved one (else 403), and another party's order or quote is
not found (404). A service's ValidationError is a 422 with its Korean messages by field (see
ieum/api.py).
"""

import datetime as dt
import math
from contextlib import contextmanager
from typing import Literal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from . import access
from .choices import ProductStatus, QuoteRequestStatus
from .models import Category, Order, Product, QuoteRequest
from .selectors import catalog as catalog_selectors
from .selectors import orders as order_selectors
from .services import catalog as catalog_services
from .services import orders as order_services

router = Router(tags=["함께누리"])

PER_PAGE = 20


# ---------------------------------------------------------------------------------------------
# Schemas


class CertificationOut(Schema):
    kind: str
    label: str


class VendorRef(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    district: str


class InstitutionRef(Schema):
    id: int
    name: str


class ImageOut(Schema):
    url: str
    alt: str
    width: int
    height: int


class ProductOut(Schema):
    id: int
    name: str
    category_id: int
    category: list[str] = Field(description="카테고리 경로 (상위 → 하위)")
    price_won: int
    tax_type: str
    unit: str
    min_order_quantity: int
    lead_time_days: int
    stock_status: str
    stock_status_label: str
    status: str
    status_label: str
    published_at: dt.datetime | None
    certifications: list[CertificationOut]
    vendor: VendorRef


class ProductDetailOut(ProductOut):
    description: str
    classification_number: str
    delivery_districts: list[str] = Field(description="배송 가능 자치구 (비어 있으면 서울 전역)")
    images: list[ImageOut]


class FacetOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class ProductSearchOut(Schema):
    items: list[ProductOut]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetOut]]


class ProductSearchQuery(Schema):
    q: str = ""
    category: int | None = None
    certifications: list[str] = Field(default_factory=list)
    vendor_kinds: list[str] = Field(default_factory=list)
    districts: list[str] = Field(default_factory=list)
    price_band: str = ""
    sort: Literal["relevance", "price_asc", "price_desc", "newest", "sales"] = "relevance"
    page: int = Field(1, ge=1)
    per_page: int = Field(catalog_selectors.PER_PAGE, ge=1, le=100)


class ProductPage(Schema):
    items: list[ProductDetailOut]
    total: int
    page: int
    pages: int


class ProductIn(Schema):
    name: str
    category_id: int
    price_won: int
    tax_type: str = "taxable"
    unit: str = "개"
    min_order_quantity: int = 1
    lead_time_days: int = 3
    stock_status: str = "in_stock"
    description: str = ""
    classification_number: str = ""
    delivery_districts: list[str] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
    publish: bool = Field(False, description="등록과 함께 판매 시작")


class ProductPatch(Schema):
    name: str | None = None
    category_id: int | None = None
    price_won: int | None = None
    tax_type: str | None = None
    unit: str | None = None
    min_order_quantity: int | None = None
    lead_time_days: int | None = None
    stock_status: str | None = None
    description: str | None = None
    classification_number: str | None = None
    delivery_districts: list[str] | None = None
    certifications: list[str] | None = None
    status: Literal["published", "suspended"] | None = Field(
        None, description="published: 판매 시작, suspended: 판매 중지"
    )


class ItemIn(Schema):
    product_id: int
    quantity: int


class QuoteRequestIn(Schema):
    items: list[ItemIn]
    message: str = ""
    needed_by: dt.date | None = None
    delivery_address: str = ""


class OrderIn(Schema):
    items: list[ItemIn]
    delivery_address: str = ""
    note: str = ""


class TransitionIn(Schema):
    to_status: str
    note: str = ""
    paid_on: dt.date | None = Field(None, description="대금 지급 완료(completed)에 필요")


class InvoiceIn(Schema):
    number: str
    issued_on: dt.date


class QuoteLineIn(Schema):
    product_id: int | None = None
    name: str = ""
    unit: str = ""
    quantity: int
    unit_price_won: int


class QuoteAnswerIn(Schema):
    """Either the quote (lines and validity) or a reason why the vendor cannot quote."""

    lines: list[QuoteLineIn] = Field(default_factory=list)
    valid_until: dt.date | None = None
    note: str = ""
    decline_reason: str = ""


class OrderLineOut(Schema):
    product_id: int | None
    product_name: str
    unit: str
    quantity: int
    unit_price_won: int
    amount_won: int
    tax_type: str


class OrderEventOut(Schema):
    from_status: str
    to_status: str
    to_status_label: str
    actor: str
    at: dt.datetime
    note: str


class OrderOut(Schema):
    number: str
    order_date: dt.date
    placed_at: dt.datetime
    status: str
    status_label: str
    institution: InstitutionRef
    vendor: VendorRef
    buyer: str
    total_won: int
    delivery_address: str
    note: str
    quote_request_id: int | None
    tax_invoice_number: str
    tax_invoice_date: dt.date | None
    paid_on: dt.date | None


class OrderDetailOut(OrderOut):
    lines: list[OrderLineOut]
    events: list[OrderEventOut]
    allowed_transitions: list[str] = Field(description="이 토큰의 사용자가 지금 바꿀 수 있는 상태")


class OrderPage(Schema):
    items: list[OrderOut]
    total: int
    page: int
    pages: int


class QuoteRequestItemOut(Schema):
    product_id: int
    product_name: str
    unit: str
    quantity: int


class QuoteItemOut(Schema):
    product_id: int | None
    name: str
    unit: str
    quantity: int
    unit_price_won: int
    amount_won: int


class QuoteOut(Schema):
    valid_until: dt.date
    note: str
    total_won: int
    items: list[QuoteItemOut]


class QuoteRequestSummaryOut(Schema):
    id: int
    status: str
    status_label: str
    institution: InstitutionRef
    vendor: VendorRef
    requested_by: str
    created_at: dt.datetime
    needed_by: dt.date | None
    item_count: int
    quote_total_won: int | None


class QuoteRequestOut(Schema):
    id: int
    status: str
    status_label: str
    institution: InstitutionRef
    vendor: VendorRef
    requested_by: str
    created_at: dt.datetime
    needed_by: dt.date | None
    message: str
    delivery_address: str
    decline_reason: str
    items: list[QuoteRequestItemOut]
    quote: QuoteOut | None
    order_numbers: list[str]


class QuoteRequestPage(Schema):
    items: list[QuoteRequestSummaryOut]
    total: int
    page: int
    pages: int


class ListQuery(Schema):
    status: str = ""
    page: int = Field(1, ge=1)
    per_page: int = Field(PER_PAGE, ge=1, le=100)


# ---------------------------------------------------------------------------------------------
# Output


def _vendor(vendor) -> dict:
    return {
        "id": vendor.pk,
        "name": vendor.enterprise.name,
        "kind": vendor.kind,
        "kind_label": str(vendor.get_kind_display()),
        "district": vendor.district,
    }


def _institution(institution) -> dict:
    return {"id": institution.pk, "name": institution.name}


def _product(product: Product, paths: dict[int, list[str]], *, detail: bool = False) -> dict:
    out = {
        **{
            name: getattr(product, name)
            for name in (
                "id",
                "name",
                "category_id",
                "price_won",
                "tax_type",
                "unit",
                "min_order_quantity",
                "lead_time_days",
                "stock_status",
                "status",
                "published_at",
            )
        },
        "category": paths.get(product.category_id, []),
        "stock_status_label": str(product.get_stock_status_display()),
        "status_label": str(product.get_status_display()),
        "certifications": [
            {"kind": c.kind, "label": str(c.get_kind_display())}
            for c in _listed(product, "certificate_list", "certificates")
        ],
        "vendor": _vendor(product.vendor),
    }
    if detail:
        out.update(
            description=product.description,
            classification_number=product.classification_number,
            delivery_districts=product.delivery_district_codes,
            images=[
                {"url": i.image.url, "alt": i.alt, "width": i.width, "height": i.height}
                for i in _listed(product, "image_list", "images")
            ],
        )
    return out


def _listed(product: Product, as_list: str, relation: str):
    """A product's certificates or images: the catalog's cards carry them as plain lists
    (`certificate_list`, `image_list`), a product page as prefetched relations."""
    listed = getattr(product, as_list, None)
    return getattr(product, relation).all() if listed is None else listed


def _category_paths() -> dict[int, list[str]]:
    tree = catalog_selectors.category_index()
    return {pk: [node.name for node in tree.path(pk)] for pk in tree.nodes}


def _order(order: Order) -> dict:
    return {
        **{
            name: getattr(order, name)
            for name in (
                "number",
                "order_date",
                "placed_at",
                "status",
                "total_won",
                "delivery_address",
                "note",
                "tax_invoice_number",
                "tax_invoice_date",
                "paid_on",
            )
        },
        "status_label": str(order.get_status_display()),
        "institution": _institution(order.institution),
        "vendor": _vendor(order.vendor),
        "buyer": str(order.buyer) if order.buyer else "",
        "quote_request_id": order.quote.request_id if order.quote else None,
    }


def _order_detail(order: Order, user) -> dict:
    return {
        **_order(order),
        "lines": [
            {
                name: getattr(line, name)
                for name in (
                    "product_id",
                    "product_name",
                    "unit",
                    "quantity",
                    "unit_price_won",
                    "amount_won",
                    "tax_type",
                )
            }
            for line in order.lines.all()
        ],
        "events": [
            {
                "from_status": event.from_status,
                "to_status": event.to_status,
                "to_status_label": str(event.get_to_status_display()),
                "actor": str(event.actor) if event.actor else "",
                "at": event.at,
                "note": event.note,
            }
            for event in order.events.all()
        ],
        "allowed_transitions": order_services.allowed_transitions(order=order, user=user),
    }


def _quote_summary(request: QuoteRequest) -> dict:
    return {
        "id": request.pk,
        "status": request.status,
        "status_label": str(request.get_status_display()),
        "institution": _institution(request.institution),
        "vendor": _vendor(request.vendor),
        "requested_by": str(request.requested_by),
        "created_at": request.created_at,
        "needed_by": request.needed_by,
        "item_count": request.item_count,
        "quote_total_won": request.quote_total,
    }


def _quote_request(request: QuoteRequest) -> dict:
    quote = request.found_quote
    return {
        **{
            name: getattr(request, name)
            for name in (
                "created_at",
                "needed_by",
                "message",
                "delivery_address",
                "decline_reason",
                "status",
            )
        },
        "id": request.pk,
        "status_label": str(request.get_status_display()),
        "institution": _institution(request.institution),
        "vendor": _vendor(request.vendor),
        "requested_by": str(request.requested_by),
        "items": [
            {
                "product_id": item.product_id,
                "product_name": item.product.name,
                "unit": item.product.unit,
                "quantity": item.quantity,
            }
            for item in request.items.all()
        ],
        "quote": None
        if quote is None
        else {
            "valid_until": quote.valid_until,
            "note": quote.note,
            "total_won": quote.total_won,
            "items": [
                {
                    name: getattr(item, name)
                    for name in (
                        "product_id",
                        "name",
                        "unit",
                        "quantity",
                        "unit_price_won",
                        "amount_won",
                    )
                }
                for item in quote.items.all()
            ],
        },
        "order_numbers": [order.number for order in quote.orders.all()] if quote else [],
    }


def _page(queryset: QuerySet, params: ListQuery, render) -> dict:
    total = queryset.count()
    pages = max(1, math.ceil(total / params.per_page))
    start = (min(params.page, pages) - 1) * params.per_page
    return {
        "items": [render(row) for row in queryset[start : start + params.per_page]],
        "total": total,
        "page": min(params.page, pages),
        "pages": pages,
    }


# ---------------------------------------------------------------------------------------------
# Input


@contextmanager
def _found(message: str):
    """A selector's DoesNotExist is a 404 with `message`: someone else's object is not found."""
    try:
        yield
    except ObjectDoesNotExist:
        raise HttpError(404, message) from None


def _items(items: list[ItemIn]) -> list[tuple[Product, int]]:
    """(product, quantity) pairs; a product that is not on sale is refused by the services."""
    products = Product.objects.in_bulk([item.product_id for item in items])
    missing = [item.product_id for item in items if item.product_id not in products]
    if missing:
        raise ValidationError(
            {
                "items": _("상품 번호 %(ids)s을(를) 찾을 수 없습니다.")
                % {"ids": ", ".join(map(str, missing))}
            }
        )
    return [(products[item.product_id], item.quantity) for item in items]


def _product_fields(data: dict) -> dict:
    """Schema fields → the catalog services' fields (a category id becomes the Category)."""
    if "category_id" in data:
        category = Category.objects.filter(pk=data.pop("category_id")).first()
        if category is None:
            raise ValidationError({"category": _("카테고리를 골라 주세요.")})
        data["category"] = category
    return data


# ---------------------------------------------------------------------------------------------
# Public catalog


@router.get("/products", response=ProductSearchOut, auth=None, summary="상품 검색")
def product_search(request, params: Query[ProductSearchQuery]):
    """Korean search over name, description, vendor and category (spacing and particles do
    not matter), with filters, a sort, a page and the facet counts of the results."""
    result = catalog_selectors.product_search(**params.dict())
    paths = _category_paths()
    return {
        "items": [_product(product, paths) for product in result.products],
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "facets": {
            name: [facet.__dict__ for facet in facets] for name, facets in result.facets.items()
        },
    }


@router.get("/products/{product_id}", response=ProductDetailOut, auth=None, summary="상품 정보")
def product_detail(request, product_id: int):
    with _found(_("판매 중인 상품이 아닙니다.")):
        product = catalog_selectors.product_detail(product_id)
    paths = {product.category_id: [node.name for node in product.category_path]}
    return _product(product, paths, detail=True)


# ---------------------------------------------------------------------------------------------
# Buyer: quotes and orders


@router.get("/quotes", response=QuoteRequestPage, summary="견적 요청 목록 (구매기관)")
def buyer_quote_list(request, params: Query[ListQuery]):
    access.buyer_institution(request.auth)
    requests = order_selectors.quote_request_list(user=request.auth, status=params.status)
    return _page(requests, params, _quote_summary)


@router.post("/quotes", response={201: list[QuoteRequestOut]}, summary="견적 요청")
def buyer_quote_create(request, payload: QuoteRequestIn):
    """One quote request per vendor of the items."""
    access.buyer_institution(request.auth)
    created = order_services.quote_request_create(
        user=request.auth,
        items=_items(payload.items),
        message=payload.message,
        needed_by=payload.needed_by,
        delivery_address=payload.delivery_address,
    )
    return Status(
        201,
        [
            _quote_request(order_selectors.quote_request_detail(user=request.auth, pk=r.pk))
            for r in created
        ],
    )


@router.get("/quotes/{request_id}", response=QuoteRequestOut, summary="견적 요청과 견적서")
def buyer_quote_detail(request, request_id: int):
    access.buyer_institution(request.auth)
    with _found(_("견적 요청을 찾을 수 없습니다.")):
        quote_request = order_selectors.quote_request_detail(user=request.auth, pk=request_id)
    return _quote_request(quote_request)


@router.post(
    "/quotes/{request_id}/order", response={201: OrderDetailOut}, summary="견적서대로 주문"
)
def buyer_quote_order(request, request_id: int):
    access.buyer_institution(request.auth)
    with _found(_("견적 요청을 찾을 수 없습니다.")):
        quote_request = order_selectors.quote_request_detail(user=request.auth, pk=request_id)
    if quote_request.found_quote is None:
        raise ValidationError(
            _("견적서가 아직 도착하지 않았습니다.")
            if quote_request.status == QuoteRequestStatus.REQUESTED
            else _("이 견적 요청에는 견적서가 없습니다.")
        )
    order = order_services.order_from_quote(user=request.auth, quote=quote_request.found_quote)
    return Status(
        201,
        _order_detail(
            order_selectors.order_detail(user=request.auth, number=order.number), request.auth
        ),
    )


@router.get("/orders", response=OrderPage, summary="주문 목록 (구매기관)")
def buyer_order_list(request, params: Query[ListQuery]):
    access.buyer_institution(request.auth)
    orders = order_selectors.order_list(user=request.auth, status=params.status)
    return _page(orders.select_related("quote"), params, _order)


@router.post("/orders", response={201: list[OrderDetailOut]}, summary="주문 (카탈로그 가격)")
def buyer_order_create(request, payload: OrderIn):
    """Order at catalog prices; one order per vendor of the items."""
    access.buyer_institution(request.auth)
    orders = order_services.order_place(
        user=request.auth,
        items=_items(payload.items),
        delivery_address=payload.delivery_address,
        note=payload.note,
    )
    return Status(
        201,
        [
            _order_detail(
                order_selectors.order_detail(user=request.auth, number=o.number), request.auth
            )
            for o in orders
        ],
    )


@router.get("/orders/{number}", response=OrderDetailOut, summary="주문 정보 (구매기관)")
def buyer_order_detail(request, number: str):
    access.buyer_institution(request.auth)
    return _order_detail(_visible_order(request.auth, number), request.auth)


@router.post(
    "/orders/{number}/transition", response=OrderDetailOut, summary="주문 상태 변경 (구매기관)"
)
def buyer_order_transition(request, number: str, payload: TransitionIn):
    """검수(accepted), 대금 지급 완료(completed, with paid_on), 반품 요청, 취소 (with a note)."""
    access.buyer_institution(request.auth)
    return _transition(request.auth, number, payload)


def _visible_order(user, number: str) -> Order:
    with _found(_("주문을 찾을 수 없습니다.")):
        return order_selectors.order_detail(user=user, number=number)


def _transition(user, number: str, payload: TransitionIn) -> dict:
    order = order_services.order_transition(
        order=_visible_order(user, number),
        user=user,
        to_status=payload.to_status,
        note=payload.note,
        paid_on=payload.paid_on,
    )
    return _order_detail(_visible_order(user, order.number), user)


# ---------------------------------------------------------------------------------------------
# Vendor: products, orders and quote answers


@router.get("/vendor/products", response=ProductPage, summary="우리 기업 상품 (입점기업)")
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
    paths = _category_paths()
    return _page(products, params, lambda p: _product(p, paths, detail=True))


@router.post("/vendor/products", response={201: ProductDetailOut}, summary="상품 등록")
def vendor_product_create(request, payload: ProductIn):
    """A new product, saved as a draft (임시 저장) unless `publish` puts it on sale."""
    vendor = access.member_vendor(request.auth)
    fields = _product_fields(payload.dict(exclude={"publish"}))
    product = catalog_services.product_create(vendor=vendor, actor=request.auth, **fields)
    if payload.publish:
        product = catalog_services.product_publish(product=product, actor=request.auth)
    return Status(201, _vendor_product(vendor, product.pk))


@router.patch("/vendor/products/{product_id}", response=ProductDetailOut, summary="상품 수정")
def vendor_product_update(request, product_id: int, payload: ProductPatch):
    """Change the given fields; `status` starts or stops selling."""
    vendor = access.member_vendor(request.auth)
    with _found(_("우리 기업의 상품이 아닙니다.")):
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


def _vendor_product(vendor, product_id: int) -> dict:
    product = (
        vendor.products.select_related("vendor__enterprise")
        .prefetch_related("certificates", "images")
        .get(pk=product_id)
    )
    return _product(product, _category_paths(), detail=True)


@router.get("/vendor/orders", response=OrderPage, summary="받은 주문 (입점기업)")
def vendor_order_list(request, params: Query[ListQuery]):
    access.member_vendor(request.auth)
    orders = order_selectors.order_list(user=request.auth, status=params.status)
    return _page(orders.select_related("quote"), params, _order)


@router.get("/vendor/orders/{number}", response=OrderDetailOut, summary="주문 정보 (입점기업)")
def vendor_order_detail(request, number: str):
    access.member_vendor(request.auth)
    return _order_detail(_visible_order(request.auth, number), request.auth)


@router.post(
    "/vendor/orders/{number}/transition",
    response=OrderDetailOut,
    summary="주문 상태 변경 (입점기업)",
)
def vendor_order_transition(request, number: str, payload: TransitionIn):
    """주문 확인(confirmed), 배송(shipped), 배송 완료(delivered), 반품 완료, 취소 (with a note)."""
    access.member_vendor(request.auth)
    return _transition(request.auth, number, payload)


@router.post("/vendor/orders/{number}/invoice", response=OrderDetailOut, summary="세금계산서 등록")
def vendor_order_invoice(request, number: str, payload: InvoiceIn):
    access.member_vendor(request.auth)
    order = order_services.order_record_invoice(
        order=_visible_order(request.auth, number),
        user=request.auth,
        number=payload.number,
        issued_on=payload.issued_on,
    )
    return _order_detail(_visible_order(request.auth, order.number), request.auth)


@router.get("/vendor/quotes", response=QuoteRequestPage, summary="받은 견적 요청 (입점기업)")
def vendor_quote_list(request, params: Query[ListQuery]):
    access.member_vendor(request.auth)
    requests = order_selectors.quote_request_list(user=request.auth, status=params.status)
    return _page(requests, params, _quote_summary)


@router.get("/vendor/quotes/{request_id}", response=QuoteRequestOut, summary="견적 요청 정보")
def vendor_quote_detail(request, request_id: int):
    access.member_vendor(request.auth)
    with _found(_("견적 요청을 찾을 수 없습니다.")):
        quote_request = order_selectors.quote_request_detail(user=request.auth, pk=request_id)
    return _quote_request(quote_request)


@router.post("/vendor/quotes/{request_id}", response=QuoteRequestOut, summary="견적서 제출·거절")
def vendor_quote_answer(request, request_id: int, payload: QuoteAnswerIn):
    """The itemised quote (lines, valid_until, note), or `decline_reason` when the vendor
    cannot quote. A line names a product of the vendor, or an item such as delivery."""
    vendor = access.member_vendor(request.auth)
    with _found(_("견적 요청을 찾을 수 없습니다.")):
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
    return _quote_request(order_selectors.quote_request_detail(user=request.auth, pk=request_id))
