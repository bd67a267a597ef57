"""A buyer's quote requests and orders: an approved member of the institution (else 403);
another institution's quote or order is not found (404)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from ieum.core.api import Id, Line
from ieum.core.idempotency import KeyHeader

from .. import access
from ..choices import QuoteRequestStatus
from ..models import Product
from ..selectors import orders as order_selectors
from ..services import orders as order_services
from .common import found, page, transition, visible_order
from .schemas import (
    ItemIn,
    ListQuery,
    OrderDetailOut,
    OrderIn,
    OrderPage,
    QuoteRequestIn,
    QuoteRequestOut,
    QuoteRequestPage,
    TransitionIn,
)

router = Router()


def _items(rows: list[ItemIn]) -> list[tuple[Product, int]]:
    """(product, quantity) pairs; a product that is not on sale is refused by the services."""
    products = Product.objects.in_bulk([row.product_id for row in rows])
    missing = [row.product_id for row in rows if row.product_id not in products]
    if missing:
        raise ValidationError(
            {
                "items": _("상품 번호 %(ids)s을(를) 찾을 수 없습니다.")
                % {"ids": ", ".join(map(str, missing))}
            }
        )
    return [(products[row.product_id], row.quantity) for row in rows]


@router.get(
    "/quotes",
    response=QuoteRequestPage,
    summary="견적 요청 목록 (구매기관)",
    operation_id="ieum_mall_api_buyer_quote_list",
)
def buyer_quote_list(request, params: Query[ListQuery]):
    access.buyer_institution(request.auth)
    return page(order_selectors.quote_request_list(user=request.auth, status=params.status), params)


@router.post(
    "/quotes",
    response={201: list[QuoteRequestOut]},
    summary="견적 요청",
    operation_id="ieum_mall_api_buyer_quote_create",
)
def buyer_quote_create(request, payload: QuoteRequestIn, idempotency_key: KeyHeader = None):
    """One quote request per vendor of the items."""
    access.buyer_institution(request.auth)
    created = order_services.quote_request_create(
        user=request.auth,
        items=_items(payload.items),
        message=payload.message,
        needed_by=payload.needed_by,
        delivery_address=payload.delivery_address,
        idempotency_key=idempotency_key,
    )
    return Status(
        201,
        [order_selectors.quote_request_detail(user=request.auth, pk=r.pk) for r in created],
    )


@router.get(
    "/quotes/{request_id}",
    response=QuoteRequestOut,
    summary="견적 요청과 견적서",
    operation_id="ieum_mall_api_buyer_quote_detail",
)
def buyer_quote_detail(request, request_id: Id):
    access.buyer_institution(request.auth)
    with found(_("견적 요청을 찾을 수 없습니다.")):
        return order_selectors.quote_request_detail(user=request.auth, pk=request_id)


@router.post(
    "/quotes/{request_id}/order",
    response={201: OrderDetailOut},
    summary="견적서대로 주문",
    operation_id="ieum_mall_api_buyer_quote_order",
)
def buyer_quote_order(request, request_id: Id, idempotency_key: KeyHeader = None):
    access.buyer_institution(request.auth)
    with found(_("견적 요청을 찾을 수 없습니다.")):
        quote_request = order_selectors.quote_request_detail(user=request.auth, pk=request_id)
    if quote_request.found_quote is None:
        raise ValidationError(
            _("견적서가 아직 도착하지 않았습니다.")
            if quote_request.status == QuoteRequestStatus.REQUESTED
            else _("이 견적 요청에는 견적서가 없습니다.")
        )
    order = order_services.order_from_quote(
        user=request.auth, quote=quote_request.found_quote, idempotency_key=idempotency_key
    )
    return Status(201, order_selectors.order_detail(user=request.auth, number=order.number))


@router.get(
    "/orders",
    response=OrderPage,
    summary="주문 목록 (구매기관)",
    operation_id="ieum_mall_api_buyer_order_list",
)
def buyer_order_list(request, params: Query[ListQuery]):
    access.buyer_institution(request.auth)
    orders = order_selectors.order_list(user=request.auth, status=params.status)
    return page(orders.select_related("quote"), params)


@router.post(
    "/orders",
    response={201: list[OrderDetailOut]},
    summary="주문 (카탈로그 가격)",
    operation_id="ieum_mall_api_buyer_order_create",
)
def buyer_order_create(request, payload: OrderIn, idempotency_key: KeyHeader = None):
    """Order at catalog prices; one order per vendor of the items."""
    access.buyer_institution(request.auth)
    orders = order_services.order_place(
        user=request.auth,
        items=_items(payload.items),
        delivery_address=payload.delivery_address,
        note=payload.note,
        idempotency_key=idempotency_key,
    )
    return Status(
        201, [order_selectors.order_detail(user=request.auth, number=o.number) for o in orders]
    )


@router.get(
    "/orders/{number}",
    response=OrderDetailOut,
    summary="주문 정보 (구매기관)",
    operation_id="ieum_mall_api_buyer_order_detail",
)
def buyer_order_detail(request, number: Line):
    access.buyer_institution(request.auth)
    return visible_order(request.auth, number)


@router.post(
    "/orders/{number}/transition",
    response=OrderDetailOut,
    summary="주문 상태 변경 (구매기관)",
    operation_id="ieum_mall_api_buyer_order_transition",
)
def buyer_order_transition(request, number: Line, payload: TransitionIn):
    """검수(accepted), 대금 지급 완료(completed, with paid_on), 반품 요청, 취소 (with a note)."""
    access.buyer_institution(request.auth)
    return transition(request.auth, number, payload)
