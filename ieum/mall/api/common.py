"""What more than one area of the mall API shares: not-found handling, a page of a queryset,
the categories of the products returned, and an order as its buyer or vendor sees it."""

import math
from collections.abc import Iterable
from contextlib import contextmanager

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from ..models import Order, Product
from ..selectors import catalog as catalog_selectors
from ..selectors import orders as order_selectors
from ..services import orders as order_services
from .schemas import ListQuery, TransitionIn


@contextmanager
def found(message: str):
    """A selector's DoesNotExist is a 404 with `message`: someone else's object is not found."""
    try:
        yield
    except ObjectDoesNotExist:
        raise HttpError(404, message) from None


def page(queryset: QuerySet, params: ListQuery) -> dict:
    """One page of the queryset with the total and the page count (a page past the last is
    the last)."""
    total = queryset.count()
    pages = max(1, math.ceil(total / params.per_page))
    start = (min(params.page, pages) - 1) * params.per_page
    return {
        "items": list(queryset[start : start + params.per_page]),
        "total": total,
        "page": min(params.page, pages),
        "pages": pages,
    }


def with_category_paths(products: Iterable[Product]) -> Iterable[Product]:
    """Give each product its `category_path` from one read of the category tree."""
    tree = catalog_selectors.category_index()
    for product in products:
        product.category_path = tree.path(product.category_id)
    return products


def visible_order(user, number: str) -> Order:
    with found(_("주문을 찾을 수 없습니다.")):
        return order_selectors.order_detail(user=user, number=number)


def transition(user, number: str, payload: TransitionIn) -> Order:
    order = order_services.order_transition(
        order=visible_order(user, number),
        user=user,
        to_status=payload.to_status,
        note=payload.note,
        paid_on=payload.paid_on,
    )
    return visible_order(user, order.number)
