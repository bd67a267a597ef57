"""Cart, quote requests, quotes and orders: every write of the buying side of the mall.

An order's life is one table (`TRANSITIONS`): which state may follow which, and which party
may take the step. Every step is recorded as an OrderEvent with who, when and why. Order numbers
are the day and a gapless sequence (20220801-0001), taken from OrderDayCounter inside the
order's own transaction, so a rolled-back order gives its number back.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from ieum.core.idempotency import once
from ieum.core.logs import service
from ieum.core.notifications import enterprise_members, notify
from ieum.core.permissions import has_permission, require_permission
from ieum.mall import access
from ieum.mall.choices import (
    OrderStatus,
    ProductStatus,
    QuoteRequestStatus,
    TaxType,
    VendorStatus,
)
from ieum.mall.models import (
    CartItem,
    Order,
    OrderDayCounter,
    OrderEvent,
    OrderLine,
    Product,
    Quote,
    QuoteItem,
    QuoteRequest,
    QuoteRequestItem,
    Vendor,
)
from ieum.mall.notifications import ORDER_STEP, QUOTE_ANSWERED, QUOTE_REQUESTED

BUYER = "buyer"
VENDOR = "vendor"

# Idempotency scopes (core.idempotency): a key names one order, or one set of quote requests.
ORDER_SCOPE = "mall.order"
QUOTE_REQUEST_SCOPE = "mall.quote_request"


@dataclass(frozen=True)
class Transition:
    roles: frozenset[str]
    action: str  # the button that takes the step
    needs_reason: bool = False


# The order's state machine: (from, to) → who may take the step. Anything not here is refused.
TRANSITIONS: dict[tuple[str, str], Transition] = {
    (OrderStatus.PLACED, OrderStatus.CONFIRMED): Transition(
        frozenset({VENDOR}), gettext_lazy("주문 확인하기")
    ),
    (OrderStatus.PLACED, OrderStatus.CANCELLED): Transition(
        frozenset({BUYER, VENDOR}), gettext_lazy("주문 취소하기"), True
    ),
    (OrderStatus.CONFIRMED, OrderStatus.CANCELLED): Transition(
        frozenset({BUYER, VENDOR}), gettext_lazy("주문 취소하기"), True
    ),
    (OrderStatus.CONFIRMED, OrderStatus.SHIPPED): Transition(
        frozenset({VENDOR}), gettext_lazy("발송 처리")
    ),
    (OrderStatus.SHIPPED, OrderStatus.DELIVERED): Transition(
        frozenset({VENDOR}), gettext_lazy("배송 완료 처리")
    ),
    (OrderStatus.DELIVERED, OrderStatus.ACCEPTED): Transition(
        frozenset({BUYER}), gettext_lazy("검수 완료하기")
    ),
    (OrderStatus.DELIVERED, OrderStatus.RETURN_REQUESTED): Transition(
        frozenset({BUYER}), gettext_lazy("반품 요청하기"), True
    ),
    (OrderStatus.RETURN_REQUESTED, OrderStatus.RETURNED): Transition(
        frozenset({VENDOR}), gettext_lazy("반품 완료 처리")
    ),
    (OrderStatus.ACCEPTED, OrderStatus.COMPLETED): Transition(
        frozenset({BUYER}), gettext_lazy("대금 지급 기록")
    ),
}
# Steps after which the order no longer counts as a sale: the product's counters go back.
UNSOLD = frozenset({OrderStatus.CANCELLED, OrderStatus.RETURNED})
INVOICE_STATES = frozenset({OrderStatus.DELIVERED, OrderStatus.ACCEPTED})
# A line's quantity above this is a typo, not an order (and would overflow the column).
MAX_QUANTITY = 1_000_000


# ---------------------------------------------------------------------------------------------
# Parties and input


def order_roles(*, order: Order, user) -> frozenset[str]:
    """The parties `user` acts as on `order`: the vendor (a member of the order's vendor
    enterprise) and/or the buyer (an approved member of the order's institution)."""
    roles = set()
    if (
        has_permission(user, "mall.sell")
        and user.enterprise_id
        and user.enterprise_id == order.vendor.enterprise_id
    ):
        roles.add(VENDOR)
    if access.is_approved_buyer(user) and user.institution_id == order.institution_id:
        roles.add(BUYER)
    return frozenset(roles)


def allowed_transitions(*, order: Order, user) -> list[str]:
    """The states `user` may move `order` to now, in the table's order."""
    roles = order_roles(order=order, user=user)
    return [
        to_status
        for (from_status, to_status), rule in TRANSITIONS.items()
        if from_status == order.status and rule.roles & roles
    ]


def _approved_buyer(user):
    """The buyer's institution, checked against the membership rather than the account."""
    institution = access.buyer_institution(user)
    if user.institution_id != institution.pk:
        raise PermissionDenied(_("소속 기관의 구매 회원만 할 수 있는 작업입니다."))
    return institution


def _whole_number(value: object, name: str, *, field: str = "quantity") -> int:
    """A positive whole number from a form or an API: 3, '3' or '1,200'."""
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        value = int(text) if text.isdecimal() else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(
            {field: _("'%(name)s'의 수량은 1 이상의 정수로 입력해 주세요.") % {"name": name}}
        )
    if value > MAX_QUANTITY:
        raise ValidationError(
            {
                field: _("'%(name)s'의 수량은 %(maximum)s 이하로 입력해 주세요.")
                % {"name": name, "maximum": f"{MAX_QUANTITY:,}"}
            }
        )
    return value


def _quantity(value: object, product: Product) -> int:
    """A whole number of units at least the product's minimum order quantity."""
    count = _whole_number(value, product.name)
    if count < product.min_order_quantity:
        raise ValidationError(
            {
                "quantity": _("'%(name)s'의 최소 주문 수량은 %(minimum)s%(unit)s입니다.")
                % {
                    "name": product.name,
                    "minimum": product.min_order_quantity,
                    "unit": product.unit,
                }
            }
        )
    return count


def _refuse_unsellable(product: Product | None, name: str) -> Product:
    if (
        product is None
        or product.status != ProductStatus.PUBLISHED
        or product.vendor.status != VendorStatus.APPROVED
    ):
        message = _("'%(name)s'은(는) 지금 주문할 수 없는 상품입니다.") % {"name": name}
        raise ValidationError({"product": message})
    return product


def _sellable(product: Product) -> Product:
    """The product read again with its vendor: published, from an approved vendor."""
    fresh = Product.objects.select_related("vendor__enterprise").filter(pk=product.pk).first()
    return _refuse_unsellable(fresh, product.name)


def _checked_items(items: Iterable[tuple[Product, object]]) -> list[tuple[Product, int]]:
    """Sellable products (read again in one query) with valid quantities; the same product
    twice is added up before the minimum is checked."""
    items = list(items)
    fresh = Product.objects.select_related("vendor__enterprise").in_bulk(
        {product.pk for product, _count in items}
    )
    merged: dict[int, tuple[Product, int]] = {}
    for product, quantity in items:
        current = _refuse_unsellable(fresh.get(product.pk), product.name)
        count = _whole_number(quantity, current.name)
        if current.pk in merged:
            count += merged[current.pk][1]
        merged[current.pk] = (current, count)
    if not merged:
        raise ValidationError(_("상품을 하나 이상 골라 주세요."))
    return [(product, _quantity(count, product)) for product, count in merged.values()]


def _by_vendor(items: list[tuple[Product, int]]) -> dict[Vendor, list[tuple[Product, int]]]:
    groups: dict[int, list[tuple[Product, int]]] = {}
    vendors: dict[int, Vendor] = {}
    for product, quantity in items:
        vendors[product.vendor_id] = product.vendor
        groups.setdefault(product.vendor_id, []).append((product, quantity))
    return {vendors[vendor_id]: lines for vendor_id, lines in groups.items()}


def _not_past(day: dt.date | None, field: str, message: str) -> None:
    if day is not None and day < timezone.localdate():
        raise ValidationError({field: message})


# ---------------------------------------------------------------------------------------------
# Cart


@service
@transaction.atomic
def cart_add(*, user, product: Product, quantity: object) -> CartItem:
    """Put `quantity` more of `product` in the buyer's cart (the total must meet the minimum)."""
    _approved_buyer(user)
    product = _sellable(product)
    item = CartItem.objects.select_for_update().filter(user=user, product=product).first()
    if item is None:
        return CartItem.objects.create(
            user=user, product=product, quantity=_quantity(quantity, product)
        )
    # What is already in the cart met the minimum; an addition only has to be a whole number.
    item.quantity = _whole_number(
        item.quantity + _whole_number(quantity, product.name), product.name
    )
    item.save(update_fields=["quantity", "updated_at"])
    return item


@service
@transaction.atomic
def cart_update(*, user, product: Product, quantity: object) -> CartItem:
    """Set the cart's quantity of `product`."""
    _approved_buyer(user)
    product = _sellable(product)
    count = _quantity(quantity, product)
    item, _created = CartItem.objects.update_or_create(
        user=user, product=product, defaults={"quantity": count}
    )
    return item


@service
@transaction.atomic
def cart_remove(*, user, product: Product) -> None:
    CartItem.objects.filter(user=user, product=product).delete()


def _cart_items(user) -> list[tuple[Product, int]]:
    items = CartItem.objects.filter(user=user).select_related("product").order_by("id")
    return [(item.product, item.quantity) for item in items]


@service
@transaction.atomic
def cart_order(
    *, user, delivery_address: str = "", note: str = "", idempotency_key: str = ""
) -> list[Order]:
    """Order the whole cart at catalog prices (one order per vendor) and empty it. The same
    `idempotency_key` again returns the orders it placed (the cart is empty by then)."""

    def create() -> list[Order]:
        orders = order_place(
            user=user, items=_cart_items(user), delivery_address=delivery_address, note=note
        )
        CartItem.objects.filter(user=user).delete()
        return orders

    return once(
        user=user,
        scope=ORDER_SCOPE,
        key=idempotency_key,
        request={"cart": True, "delivery_address": delivery_address, "note": note},
        create=create,
        ids=_ids,
        replay=_orders,
    )


@service
@transaction.atomic
def cart_request_quotes(
    *,
    user,
    message: str = "",
    needed_by: dt.date | None = None,
    delivery_address: str = "",
    idempotency_key: str = "",
) -> list[QuoteRequest]:
    """Ask every vendor in the cart for a quote on its products and empty the cart. The same
    `idempotency_key` again returns the requests it made."""

    def create() -> list[QuoteRequest]:
        requests = quote_request_create(
            user=user,
            items=_cart_items(user),
            message=message,
            needed_by=needed_by,
            delivery_address=delivery_address,
        )
        CartItem.objects.filter(user=user).delete()
        return requests

    return once(
        user=user,
        scope=QUOTE_REQUEST_SCOPE,
        key=idempotency_key,
        request={
            "cart": True,
            "message": message,
            "needed_by": needed_by,
            "delivery_address": delivery_address,
        },
        create=create,
        ids=_ids,
        replay=_quote_requests,
    )


# ---------------------------------------------------------------------------------------------
# Quotes


@service
@transaction.atomic
def quote_request_create(
    *,
    user,
    items: list[tuple[Product, int]],
    message: str = "",
    needed_by: dt.date | None = None,
    delivery_address: str = "",
    idempotency_key: str = "",
) -> list[QuoteRequest]:
    """One quote request (견적요청) per vendor of `items`. The same `idempotency_key` with the
    same request again returns the requests it made (core.idempotency)."""
    return once(
        user=user,
        scope=QUOTE_REQUEST_SCOPE,
        key=idempotency_key,
        request={
            "items": _item_refs(items),
            "message": message,
            "needed_by": needed_by,
            "delivery_address": delivery_address,
        },
        create=lambda: _quote_requests_create(
            user=user,
            items=items,
            message=message,
            needed_by=needed_by,
            delivery_address=delivery_address,
        ),
        ids=_ids,
        replay=_quote_requests,
    )


def _quote_requests_create(
    *, user, items, message: str, needed_by: dt.date | None, delivery_address: str
) -> list[QuoteRequest]:
    institution = _approved_buyer(user)
    checked = _checked_items(items)
    _not_past(needed_by, "needed_by", _("납품 희망일은 오늘 이후여야 합니다."))
    requests = []
    for vendor, lines in _by_vendor(checked).items():
        request = QuoteRequest.objects.create(
            institution=institution,
            requested_by=user,
            vendor=vendor,
            message=message,
            needed_by=needed_by,
            delivery_address=delivery_address,
        )
        QuoteRequestItem.objects.bulk_create(
            QuoteRequestItem(request=request, product=product, quantity=quantity)
            for product, quantity in lines
        )
        notify(
            kind=QUOTE_REQUESTED,
            recipients=enterprise_members(vendor.enterprise_id),
            subject=gettext_noop("새 견적 요청: %(institution)s"),
            body=gettext_noop(
                "%(institution)s에서 견적을 요청했습니다 (품목 %(count)s개). "
                "견적서를 보내거나, 견적을 낼 수 없으면 사유를 알려 주세요."
            ),
            context={"institution": institution.name, "count": len(lines)},
            url=reverse("mall:vendor-quoterequest-detail", args=[request.pk]),
            actor=user,
        )
        requests.append(request)
    return requests


def _locked_request(request: QuoteRequest) -> QuoteRequest:
    return QuoteRequest.objects.select_for_update().get(pk=request.pk)


def _vendor_of_request(user, request: QuoteRequest) -> Vendor:
    vendor = access.member_vendor(user)
    if vendor.pk != request.vendor_id:
        raise PermissionDenied(_("다른 입점기업에 온 견적 요청입니다."))
    return vendor


def _requested(request: QuoteRequest) -> None:
    if request.status != QuoteRequestStatus.REQUESTED:
        raise ValidationError(
            _("'%(status)s' 상태의 견적 요청에는 답할 수 없습니다.")
            % {"status": request.get_status_display()}
        )


@service
@transaction.atomic
def quote_submit(
    *,
    request: QuoteRequest,
    user,
    lines: list[dict],
    valid_until: dt.date,
    note: str = "",
) -> Quote:
    """The vendor's itemised quote (견적서): each line a product of the vendor (or a named
    item such as delivery) with a quantity and unit price; amount = quantity × price."""
    vendor = _vendor_of_request(user, request)
    request = _locked_request(request)
    _requested(request)
    if valid_until is None:
        raise ValidationError({"valid_until": _("견적 유효기간을 입력해 주세요.")})
    _not_past(valid_until, "valid_until", _("견적 유효기간은 오늘 이후여야 합니다."))
    items = [_quote_item(vendor, index, line) for index, line in enumerate(lines, 1)]
    if not items:
        raise ValidationError(_("견적 품목을 하나 이상 입력해 주세요."))
    quote = Quote.objects.create(
        request=request,
        valid_until=valid_until,
        note=note,
        total_won=sum(item.amount_won for item in items),
        created_by=user,
    )
    for item in items:
        item.quote = quote
    QuoteItem.objects.bulk_create(items)
    request.status = QuoteRequestStatus.QUOTED
    request.save(update_fields=["status", "updated_at"])
    notify(
        kind=QUOTE_ANSWERED,
        recipients=[request.requested_by],
        subject=gettext_noop("견적서가 왔습니다: %(vendor)s"),
        body=gettext_noop(
            "%(vendor)s이(가) 요청하신 견적서를 보냈습니다. "
            "합계 %(total)s원, %(valid_until)s까지 유효합니다."
        ),
        context={
            "vendor": vendor.enterprise.name,
            "total": f"{quote.total_won:,}",
            "valid_until": valid_until.isoformat(),
        },
        url=reverse("mall:quoterequest-detail", args=[request.pk]),
        actor=user,
    )
    return quote


@service
@transaction.atomic
def quotes_expire(*, on: dt.date, actor) -> int:
    """Quotes whose validity ended before `on` become 유효기간 만료 (the daily chore); the
    buyer who asked is told, and may ask again. Returns how many expired."""
    require_permission(actor, "mall.manage")
    requests = list(
        QuoteRequest.objects.select_for_update(of=("self",))
        .select_related("vendor__enterprise", "quote", "requested_by")
        .filter(status=QuoteRequestStatus.QUOTED, quote__valid_until__lt=on)
        .order_by("pk")
    )
    for request in requests:
        request.status = QuoteRequestStatus.EXPIRED
        request.save(update_fields=["status", "updated_at"])
        notify(
            kind=QUOTE_ANSWERED,
            recipients=[request.requested_by],
            subject=gettext_noop("견적서의 유효기간이 지났습니다: %(vendor)s"),
            body=gettext_noop(
                "%(vendor)s의 견적서가 %(valid_until)s까지 유효했습니다. "
                "주문하려면 견적을 다시 요청해 주세요."
            ),
            context={
                "vendor": request.vendor.enterprise.name,
                "valid_until": request.quote.valid_until.isoformat(),
            },
            url=reverse("mall:quoterequest-detail", args=[request.pk]),
        )
    return len(requests)


def _quote_item(vendor: Vendor, index: int, line: dict) -> QuoteItem:
    product = line.get("product")
    if product is not None and product.vendor_id != vendor.pk:
        raise ValidationError(
            {"lines": _("%(index)s번째 품목은 다른 입점기업의 상품입니다.") % {"index": index}}
        )
    name = (line.get("name") or (product.name if product else "")).strip()
    if not name:
        message = _("%(index)s번째 품목의 품명을 입력해 주세요.") % {"index": index}
        raise ValidationError({"lines": message})
    unit = (line.get("unit") or (product.unit if product else "") or "식").strip()
    quantity = _whole_number(line.get("quantity"), name, field="lines")
    price = line.get("unit_price_won")
    if isinstance(price, bool) or not isinstance(price, int) or price <= 0:
        raise ValidationError(
            {"lines": _("'%(name)s'의 단가는 0원보다 큰 정수여야 합니다.") % {"name": name}}
        )
    return QuoteItem(
        product=product,
        name=name,
        unit=unit,
        quantity=quantity,
        unit_price_won=price,
        amount_won=quantity * price,
    )


@service
@transaction.atomic
def quote_decline(*, request: QuoteRequest, user, reason: str) -> QuoteRequest:
    """The vendor cannot quote (견적 불가), and says why."""
    vendor = _vendor_of_request(user, request)
    request = _locked_request(request)
    _requested(request)
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("견적 불가 사유를 입력해 주세요.")})
    request.status = QuoteRequestStatus.DECLINED
    request.decline_reason = reason.strip()
    request.save(update_fields=["status", "decline_reason", "updated_at"])
    notify(
        kind=QUOTE_ANSWERED,
        recipients=[request.requested_by],
        subject=gettext_noop("견적 불가 회신: %(vendor)s"),
        body=gettext_noop("%(vendor)s이(가) 견적을 낼 수 없다고 답했습니다.\n사유: %(reason)s"),
        context={"vendor": vendor.enterprise.name, "reason": request.decline_reason},
        url=reverse("mall:quoterequest-detail", args=[request.pk]),
        actor=user,
    )
    return request


@service
@transaction.atomic
def quote_request_cancel(*, request: QuoteRequest, user) -> QuoteRequest:
    """The buyer withdraws a request that has not been ordered."""
    institution = _approved_buyer(user)
    if request.institution_id != institution.pk:
        raise PermissionDenied(_("다른 기관의 견적 요청입니다."))
    request = _locked_request(request)
    if request.status not in (QuoteRequestStatus.REQUESTED, QuoteRequestStatus.QUOTED):
        raise ValidationError(
            _("'%(status)s' 상태의 견적 요청은 취소할 수 없습니다.")
            % {"status": request.get_status_display()}
        )
    request.status = QuoteRequestStatus.CANCELLED
    request.save(update_fields=["status", "updated_at"])
    return request


@service
@transaction.atomic
def order_from_quote(*, user, quote: Quote, idempotency_key: str = "") -> Order:
    """Order exactly what the vendor quoted, at the quoted prices, while the quote is valid.
    The same `idempotency_key` again returns that order."""
    return once(
        user=user,
        scope=ORDER_SCOPE,
        key=idempotency_key,
        request={"quote": quote.pk},
        create=lambda: _order_from_quote(user=user, quote=quote),
        ids=lambda order: [order.pk],
        replay=lambda ids: Order.objects.filter(pk__in=ids).first(),
    )


def _order_from_quote(*, user, quote: Quote) -> Order:
    institution = _approved_buyer(user)
    quote = Quote.objects.select_related("request__vendor").get(pk=quote.pk)
    if quote.request.institution_id != institution.pk:
        raise PermissionDenied(_("다른 기관의 견적서입니다."))
    request = _locked_request(quote.request)
    if request.status != QuoteRequestStatus.QUOTED:
        raise ValidationError(
            _("'%(status)s' 상태의 견적으로는 주문할 수 없습니다.")
            % {"status": request.get_status_display()}
        )
    if quote.valid_until < timezone.localdate():
        raise ValidationError(
            _("견적 유효기간(%(day)s)이 지나 주문할 수 없습니다. 견적을 다시 요청해 주세요.")
            % {"day": quote.valid_until.isoformat()}
        )
    vendor = quote.request.vendor
    if vendor.status != VendorStatus.APPROVED:
        raise ValidationError(_("지금은 주문을 받지 않는 입점기업입니다."))
    items = list(quote.items.select_related("product"))
    lines = [
        OrderLine(
            product=item.product,
            product_name=item.name,
            unit=item.unit,
            quantity=item.quantity,
            unit_price_won=item.unit_price_won,
            amount_won=item.amount_won,
            tax_type=item.product.tax_type if item.product else TaxType.TAXABLE,
        )
        for item in items
    ]
    order = _create_order(
        user=user,
        institution=institution,
        vendor=vendor,
        lines=lines,
        delivery_address=request.delivery_address,
        note=request.message,
        quote=quote,
    )
    request.status = QuoteRequestStatus.ORDERED
    request.save(update_fields=["status", "updated_at"])
    return order


# ---------------------------------------------------------------------------------------------
# Orders


@service
@transaction.atomic
def order_place(
    *,
    user,
    items: list[tuple[Product, int]],
    delivery_address: str = "",
    note: str = "",
    idempotency_key: str = "",
) -> list[Order]:
    """Order `items` at catalog prices: one order per vendor, numbered in this transaction.
    The same `idempotency_key` with the same request again returns those orders
    (core.idempotency); with another request it is refused."""
    return once(
        user=user,
        scope=ORDER_SCOPE,
        key=idempotency_key,
        request={"items": _item_refs(items), "delivery_address": delivery_address, "note": note},
        create=lambda: _order_place(
            user=user, items=items, delivery_address=delivery_address, note=note
        ),
        ids=_ids,
        replay=_orders,
    )


def _order_place(*, user, items, delivery_address: str, note: str) -> list[Order]:
    institution = _approved_buyer(user)
    checked = _checked_items(items)
    orders = []
    for vendor, products in _by_vendor(checked).items():
        lines = [
            OrderLine(
                product=product,
                product_name=product.name,
                unit=product.unit,
                quantity=quantity,
                unit_price_won=product.price_won,
                amount_won=quantity * product.price_won,
                tax_type=product.tax_type,
            )
            for product, quantity in products
        ]
        orders.append(
            _create_order(
                user=user,
                institution=institution,
                vendor=vendor,
                lines=lines,
                delivery_address=delivery_address,
                note=note,
            )
        )
    return orders


def _item_refs(items: list[tuple[Product, int]]) -> list[list]:
    """What was asked for, as a request's fingerprint sees it: product ids and quantities."""
    return [[product.pk, str(quantity)] for product, quantity in items]


def _ids(objects: list) -> list[int]:
    return [obj.pk for obj in objects]


def _orders(ids: list[int]) -> list[Order]:
    return list(Order.objects.filter(pk__in=ids).order_by("pk"))


def _quote_requests(ids: list[int]) -> list[QuoteRequest]:
    return list(QuoteRequest.objects.filter(pk__in=ids).order_by("pk"))


def _create_order(
    *, user, institution, vendor: Vendor, lines: list[OrderLine], delivery_address, note, quote=None
) -> Order:
    """Number, save and count one order. Everything is checked before the day's counter is
    taken, because its row stays locked until the transaction ends."""
    placed_at = timezone.now()
    day = timezone.localdate(placed_at)
    sequence = _next_sequence(day)
    order = Order.objects.create(
        number=f"{day:%Y%m%d}-{sequence:04d}",
        order_date=day,
        sequence=sequence,
        placed_at=placed_at,
        institution=institution,
        buyer=user,
        vendor=vendor,
        vendor_kind=vendor.kind,
        quote=quote,
        total_won=sum(line.amount_won for line in lines),
        delivery_address=delivery_address,
        note=note,
    )
    for line in lines:
        line.order = order
    OrderLine.objects.bulk_create(lines)
    OrderEvent.objects.create(
        order=order, from_status="", to_status=OrderStatus.PLACED, actor=user, at=placed_at
    )
    _count_sales(lines, sign=1)
    _notify_parties(
        order,
        acting=frozenset({BUYER}),
        actor=user,
        subject=gettext_noop("새 주문 %(number)s: %(institution)s"),
        body=gettext_noop(
            "%(institution)s에서 주문했습니다. 주문번호 %(number)s, 합계 %(total)s원"
            " (품목 %(count)s개). 주문을 확인해 주세요."
        ),
        context={"total": f"{order.total_won:,}", "count": len(lines)},
    )
    return order


def _notify_parties(
    order: Order,
    *,
    acting: frozenset[str],
    actor,
    subject: str,
    body: str | None = None,
    template: str | None = None,
    context: dict,
) -> None:
    """Tell the order's other party of a step: the vendor's members when the buyer acted, the
    buyer who ordered when the vendor acted, both when someone else (staff) did. Each gets the
    link to their own page of the order."""
    context = {
        "number": order.number,
        "institution": order.institution.name,
        "vendor": order.vendor.enterprise.name,
        **context,
    }
    message = {"subject": subject, "body": body, "template": template, "context": context}
    if VENDOR not in acting:
        notify(
            kind=ORDER_STEP,
            recipients=enterprise_members(order.vendor.enterprise_id),
            url=reverse("mall:vendor-order-detail", args=[order.number]),
            actor=actor,
            **message,
        )
    if BUYER not in acting and order.buyer_id is not None:
        notify(
            kind=ORDER_STEP,
            recipients=[order.buyer],
            url=reverse("mall:order-detail", args=[order.number]),
            actor=actor,
            **message,
        )


def _next_sequence(day: dt.date) -> int:
    """The day's next order number, bumped in the caller's transaction.

    The insert is INSERT … ON CONFLICT DO NOTHING (SQLite: INSERT OR IGNORE), which waits for a
    concurrent inserter of the same day instead of failing; the UPDATE then locks the row until
    the order commits or rolls back, so numbers are neither repeated nor lost."""
    OrderDayCounter.objects.bulk_create([OrderDayCounter(day=day)], ignore_conflicts=True)
    OrderDayCounter.objects.filter(day=day).update(last=F("last") + 1)
    return OrderDayCounter.objects.filter(day=day).values_list("last", flat=True).get()


def _count_sales(lines: Iterable[OrderLine], *, sign: int) -> None:
    """Keep Product.sales_won and order_count equal to the product's sold lines. Products are
    updated in id order so that two transactions never wait on each other crosswise."""
    totals: dict[int, tuple[int, int]] = {}
    for line in lines:
        if line.product_id is None:
            continue
        amount, count = totals.get(line.product_id, (0, 0))
        totals[line.product_id] = (amount + line.amount_won, count + 1)
    for product_id in sorted(totals):
        amount, count = totals[product_id]
        Product.objects.filter(pk=product_id).update(
            sales_won=F("sales_won") + sign * amount, order_count=F("order_count") + sign * count
        )


def _locked_order(order: Order) -> Order:
    # Only the order's row is locked (PostgreSQL would lock the joined vendor's row too).
    return Order.objects.select_for_update(of=("self",)).select_related("vendor").get(pk=order.pk)


def _party(order: Order, user) -> frozenset[str]:
    roles = order_roles(order=order, user=user)
    if not roles:
        raise PermissionDenied(_("이 주문의 구매기관이나 입점기업만 할 수 있는 작업입니다."))
    return roles


def _ro(word: str) -> str:
    """The particle 로/으로 after `word`: 로 after a vowel or ㄹ, 으로 after other finals
    (nothing in another language, whose message has its own preposition)."""
    if not get_language().startswith("ko"):
        return ""
    last = word[-1:] or "가"
    if not "가" <= last <= "힣":
        return "(으)로"
    final = (ord(last) - ord("가")) % 28
    return "로" if final in (0, 8) else "으로"


def _refuse_step(order: Order, to_status: str) -> ValidationError:
    label = str(OrderStatus(to_status).label)
    return ValidationError(
        _("'%(current)s' 상태의 주문은 '%(next)s'%(particle)s 바꿀 수 없습니다.")
        % {"current": order.get_status_display(), "next": label, "particle": _ro(label)}
    )


@service
@transaction.atomic
def order_transition(
    *, order: Order, user, to_status: str, note: str = "", paid_on: dt.date | None = None
) -> Order:
    """Move `order` one step along `TRANSITIONS`, as the party the table names; completing
    (대금 지급 완료) needs the payment date and a recorded tax invoice."""
    if to_status not in OrderStatus.values:
        raise ValidationError({"to_status": _("알 수 없는 주문 상태입니다.")})
    order = _locked_order(order)
    roles = _party(order, user)
    rule = TRANSITIONS.get((order.status, to_status))
    if rule is None:
        raise _refuse_step(order, to_status)
    if not rule.roles & roles:
        who = _("입점기업") if VENDOR in rule.roles else _("구매기관")
        raise PermissionDenied(
            _("'%(next)s'은(는) %(who)s만 할 수 있습니다.")
            % {"next": OrderStatus(to_status).label, "who": who}
        )
    note = note.strip()
    if rule.needs_reason and not note:
        raise ValidationError({"note": _("사유를 입력해 주세요.")})
    fields = ["status", "updated_at"]
    if to_status == OrderStatus.COMPLETED:
        _check_payment(order, paid_on)
        order.paid_on = paid_on
        fields.append("paid_on")
    from_status = order.status
    order.status = to_status
    order.save(update_fields=fields)
    OrderEvent.objects.create(
        order=order, from_status=from_status, to_status=to_status, actor=user, note=note
    )
    if to_status in UNSOLD:
        _count_sales(order.lines.all(), sign=-1)
    _notify_parties(
        order,
        acting=rule.roles & roles,
        actor=user,
        subject=gettext_noop("주문 %(number)s: %(to_status)s"),
        template="mall/email/order_step.txt",
        context={
            "from_status": OrderStatus(from_status).label,
            "to_status": OrderStatus(to_status).label,
            "note": note,
        },
    )
    return order


def _check_payment(order: Order, paid_on: dt.date | None) -> None:
    if not order.tax_invoice_number:
        raise ValidationError(
            _("입점기업이 세금계산서를 등록한 뒤에 대금 지급을 기록할 수 있습니다.")
        )
    if paid_on is None:
        raise ValidationError({"paid_on": _("대금 지급일을 입력해 주세요.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("대금 지급일은 오늘 이후일 수 없습니다.")})
    if paid_on < order.order_date:
        raise ValidationError({"paid_on": _("대금 지급일은 주문일보다 앞설 수 없습니다.")})


@service
@transaction.atomic
def order_record_payment(*, order: Order, user, paid_on: dt.date) -> Order:
    """The buyer paid the invoice: the order is completed (대금 지급 완료)."""
    return order_transition(
        order=order, user=user, to_status=OrderStatus.COMPLETED, paid_on=paid_on
    )


@service
@transaction.atomic
def order_record_invoice(*, order: Order, user, number: str, issued_on: dt.date) -> Order:
    """The vendor records the tax invoice (세금계산서) it issued for a delivered order."""
    order = _locked_order(order)
    roles = _party(order, user)
    if VENDOR not in roles:
        raise PermissionDenied(_("세금계산서는 입점기업만 등록할 수 있습니다."))
    if order.status not in INVOICE_STATES:
        raise ValidationError(
            _("'%(status)s' 상태의 주문에는 세금계산서를 등록할 수 없습니다.")
            % {"status": order.get_status_display()}
        )
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": _("세금계산서 번호를 입력해 주세요.")})
    if issued_on is None:
        raise ValidationError({"issued_on": _("발행일을 입력해 주세요.")})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("발행일은 오늘 이후일 수 없습니다.")})
    if issued_on < order.order_date:
        raise ValidationError({"issued_on": _("발행일은 주문일보다 앞설 수 없습니다.")})
    order.tax_invoice_number = number
    order.tax_invoice_date = issued_on
    order.save(update_fields=["tax_invoice_number", "tax_invoice_date", "updated_at"])
    OrderEvent.objects.create(
        order=order,
        from_status=order.status,
        to_status=order.status,
        actor=user,
        note=_("세금계산서 %(number)s 발행 (%(day)s)")
        % {"number": number, "day": issued_on.isoformat()},
    )
    _notify_parties(
        order,
        acting=frozenset({VENDOR}),
        actor=user,
        subject=gettext_noop("주문 %(number)s: 세금계산서 등록"),
        body=gettext_noop(
            "%(vendor)s이(가) 주문 %(number)s의 세금계산서(%(invoice)s, %(day)s 발행)를 "
            "등록했습니다. 대금을 지급한 뒤 지급일을 기록해 주세요."
        ),
        context={"invoice": number, "day": issued_on.isoformat()},
    )
    return order
