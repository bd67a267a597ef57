"""The mall API's schemas. The output schemas are read from the objects the selectors and
services return (django-ninja resolves attributes, dotted aliases and `resolve_<field>`), so
no operation builds a response by hand.

A product's `category` path comes from `category_path` (the category nodes from the root down),
which `product_detail` sets and `api.common.with_category_paths` sets on a list; its photos and
certificates are plain lists on the catalog's cards (`image_list`, `certificate_list`) and
prefetched relations elsewhere. `OrderDetailOut.allowed_transitions` is computed for the user
of the request.

Inputs are declared with ieum.core.api's types (no control characters, integers within their
column's range) and moments go out in Seoul time (+09:00).
"""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from ieum.core.api import Id, Int16, Int32, Int64, Line, PageNumber, SeoulDateTime, Text

from ..selectors import catalog as catalog_selectors
from ..services import orders as order_services

PER_PAGE = 20


def _listed(product, as_list: str, relation: str):
    """A product's certificates or images: the catalog's cards carry them as plain lists
    (`certificate_list`, `image_list`), a product page as prefetched relations."""
    listed = getattr(product, as_list, None)
    return getattr(product, relation).all() if listed is None else listed


def _name(user) -> str:
    return str(user) if user else ""


# ---------------------------------------------------------------------------------------------
# Output


class ProductCertificationOut(Schema):
    kind: str
    label: str

    @staticmethod
    def resolve_label(certificate) -> str:
        return str(certificate.get_kind_display())


class VendorRef(Schema):
    id: int
    name: str = Field(alias="enterprise.name")
    kind: str
    kind_label: str
    district: str

    @staticmethod
    def resolve_kind_label(vendor) -> str:
        return str(vendor.get_kind_display())


class InstitutionRef(Schema):
    id: int
    name: str


class ImageOut(Schema):
    url: str = Field(alias="image.url")
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
    published_at: SeoulDateTime | None
    certifications: list[ProductCertificationOut]
    vendor: VendorRef

    @staticmethod
    def resolve_category(product) -> list[str]:
        return [node.name for node in product.category_path]

    @staticmethod
    def resolve_stock_status_label(product) -> str:
        return str(product.get_stock_status_display())

    @staticmethod
    def resolve_status_label(product) -> str:
        return str(product.get_status_display())

    @staticmethod
    def resolve_certifications(product):
        return _listed(product, "certificate_list", "certificates")


class ProductDetailOut(ProductOut):
    description: str
    classification_number: str
    delivery_districts: list[str] = Field(description="배송 가능 자치구 (비어 있으면 서울 전역)")
    images: list[ImageOut]

    @staticmethod
    def resolve_delivery_districts(product) -> list[str]:
        return product.delivery_district_codes

    @staticmethod
    def resolve_images(product):
        return _listed(product, "image_list", "images")


class FacetOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class ProductSearchOut(Schema):
    items: list[ProductOut] = Field(alias="products")
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetOut]]


class ProductPage(Schema):
    items: list[ProductDetailOut]
    total: int
    page: int
    pages: int


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
    at: SeoulDateTime
    note: str

    @staticmethod
    def resolve_to_status_label(event) -> str:
        return str(event.get_to_status_display())

    @staticmethod
    def resolve_actor(event) -> str:
        return _name(event.actor)


class OrderOut(Schema):
    number: str
    order_date: dt.date
    placed_at: SeoulDateTime
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

    @staticmethod
    def resolve_status_label(order) -> str:
        return str(order.get_status_display())

    @staticmethod
    def resolve_buyer(order) -> str:
        return _name(order.buyer)

    @staticmethod
    def resolve_quote_request_id(order) -> int | None:
        return order.quote.request_id if order.quote else None


class OrderDetailOut(OrderOut):
    lines: list[OrderLineOut]
    events: list[OrderEventOut]
    allowed_transitions: list[str] = Field(description="이 토큰의 사용자가 지금 바꿀 수 있는 상태")

    @staticmethod
    def resolve_allowed_transitions(order, context) -> list[str]:
        return order_services.allowed_transitions(order=order, user=context["request"].auth)


class OrderPage(Schema):
    items: list[OrderOut]
    total: int
    page: int
    pages: int


class QuoteRequestItemOut(Schema):
    product_id: int
    product_name: str = Field(alias="product.name")
    unit: str = Field(alias="product.unit")
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
    created_at: SeoulDateTime
    needed_by: dt.date | None
    item_count: int
    quote_total_won: int | None = Field(alias="quote_total")

    @staticmethod
    def resolve_status_label(request) -> str:
        return str(request.get_status_display())

    @staticmethod
    def resolve_requested_by(request) -> str:
        return str(request.requested_by)


class QuoteRequestOut(Schema):
    id: int
    status: str
    status_label: str
    institution: InstitutionRef
    vendor: VendorRef
    requested_by: str
    created_at: SeoulDateTime
    needed_by: dt.date | None
    message: str
    delivery_address: str
    decline_reason: str
    items: list[QuoteRequestItemOut]
    quote: QuoteOut | None = Field(alias="found_quote")
    order_numbers: list[str]

    @staticmethod
    def resolve_status_label(request) -> str:
        return str(request.get_status_display())

    @staticmethod
    def resolve_requested_by(request) -> str:
        return str(request.requested_by)

    @staticmethod
    def resolve_order_numbers(request) -> list[str]:
        quote = request.found_quote
        return [order.number for order in quote.orders.all()] if quote else []


class QuoteRequestPage(Schema):
    items: list[QuoteRequestSummaryOut]
    total: int
    page: int
    pages: int


# ---------------------------------------------------------------------------------------------
# Input


class ProductSearchQuery(Schema):
    q: Line = ""
    category: Id | None = None
    certifications: list[Line] = Field(default_factory=list)
    vendor_kinds: list[Line] = Field(default_factory=list)
    districts: list[Line] = Field(default_factory=list)
    price_band: Line = ""
    sort: Literal["relevance", "price_asc", "price_desc", "newest", "sales"] = "relevance"
    page: PageNumber = 1
    per_page: int = Field(catalog_selectors.PER_PAGE, ge=1, le=100)


class ListQuery(Schema):
    status: Line = ""
    page: PageNumber = 1
    per_page: int = Field(PER_PAGE, ge=1, le=100)


class ProductIn(Schema):
    name: Line
    category_id: Id
    price_won: Int64
    tax_type: Line = "taxable"
    unit: Line = "개"
    min_order_quantity: Int32 = 1
    lead_time_days: Int16 = 3
    stock_status: Line = "in_stock"
    description: Text = ""
    classification_number: Line = ""
    delivery_districts: list[Line] = Field(default_factory=list)
    certifications: list[Line] = Field(default_factory=list)
    publish: bool = Field(False, description="등록과 함께 판매 시작")


class ProductPatch(Schema):
    name: Line | None = None
    category_id: Id | None = None
    price_won: Int64 | None = None
    tax_type: Line | None = None
    unit: Line | None = None
    min_order_quantity: Int32 | None = None
    lead_time_days: Int16 | None = None
    stock_status: Line | None = None
    description: Text | None = None
    classification_number: Line | None = None
    delivery_districts: list[Line] | None = None
    certifications: list[Line] | None = None
    status: Literal["published", "suspended"] | None = Field(
        None, description="published: 판매 시작, suspended: 판매 중지"
    )


class ItemIn(Schema):
    product_id: Id
    quantity: Int32


class QuoteRequestIn(Schema):
    items: list[ItemIn]
    message: Text = ""
    needed_by: dt.date | None = None
    delivery_address: Text = ""


class OrderIn(Schema):
    items: list[ItemIn]
    delivery_address: Text = ""
    note: Text = ""


class TransitionIn(Schema):
    to_status: Line
    note: Text = ""
    paid_on: dt.date | None = Field(None, description="대금 지급 완료(completed)에 필요")


class InvoiceIn(Schema):
    number: Line
    issued_on: dt.date


class QuoteLineIn(Schema):
    product_id: Id | None = None
    name: Line = ""
    unit: Line = ""
    quantity: Int32
    unit_price_won: Int64


class QuoteAnswerIn(Schema):
    """Either the quote (lines and validity) or a reason why the vendor cannot quote."""

    lines: list[QuoteLineIn] = Field(default_factory=list)
    valid_until: dt.date | None = None
    note: Text = ""
    decline_reason: Text = ""
