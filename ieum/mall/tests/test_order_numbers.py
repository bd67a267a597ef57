"""Order numbers: YYYYMMDD-NNNN, unique and gapless per day, also when orders fail, roll back or
arrive at the same moment."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from ieum.mall.models import Order, OrderDayCounter
from ieum.mall.services import orders as services

from .factories import BuyerFactory, ProductFactory

THREADS = 20


@pytest.fixture
def buyer(db):
    return BuyerFactory()


@pytest.fixture
def product(db):
    return ProductFactory(price_won=3_000, min_order_quantity=2)


def _sequences() -> list[int]:
    return list(Order.objects.order_by("sequence").values_list("sequence", flat=True))


def test_numbers_are_the_day_and_a_four_digit_sequence(buyer, product):
    first = services.order_place(user=buyer, items=[(product, 2)])[0]
    second = services.order_place(user=buyer, items=[(product, 2)])[0]

    today = timezone.localdate()
    assert first.number == f"{today:%Y%m%d}-0001"
    assert second.number == f"{today:%Y%m%d}-0002"
    assert (first.order_date, first.sequence) == (today, 1)
    assert OrderDayCounter.objects.get(day=today).last == 2


def test_the_day_is_seoul_time(buyer, product, monkeypatch):
    # 23:30 UTC on the 31st is already 08:30 on the 1st in Seoul.
    late = dt.datetime(2022, 7, 31, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late)

    [order] = services.order_place(user=buyer, items=[(product, 2)])

    assert order.number == "20220801-0001"


def test_each_day_starts_again_at_one(buyer, product, monkeypatch):
    OrderDayCounter.objects.create(day=dt.date(2022, 8, 1), last=41)
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2022, 8, 2, 1, tzinfo=dt.UTC))

    [order] = services.order_place(user=buyer, items=[(product, 2)])

    assert order.number == "20220802-0001"
    assert OrderDayCounter.objects.get(day=dt.date(2022, 8, 1)).last == 41


def test_a_refused_order_takes_no_number(buyer, product):
    services.order_place(user=buyer, items=[(product, 2)])
    for quantity in (1, "두 개"):
        with pytest.raises(ValidationError):
            services.order_place(user=buyer, items=[(product, quantity)])
    services.order_place(user=buyer, items=[(product, 2)])

    assert _sequences() == [1, 2]


def test_a_rolled_back_order_gives_its_number_back(buyer, product):
    services.order_place(user=buyer, items=[(product, 2)])

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        [taken] = services.order_place(user=buyer, items=[(product, 2)])
        assert taken.sequence == 2
        raise Abandon
    [order] = services.order_place(user=buyer, items=[(product, 2)])

    assert order.sequence == 2
    assert _sequences() == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_get_gapless_unique_numbers():
    """Twenty buyers order at the same moment, each in its own thread and connection. On
    PostgreSQL the counter row's lock orders them; on SQLite, IMMEDIATE transactions do."""
    product = ProductFactory(price_won=3_000, min_order_quantity=2)
    buyers = [BuyerFactory() for _ in range(THREADS)]
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def place(user):
        try:
            start.wait(timeout=30)
            services.order_place(user=user, items=[(product, 2)])
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=(user,)) for user in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert _sequences() == list(range(1, THREADS + 1))
    numbers = list(Order.objects.values_list("number", flat=True))
    assert len(set(numbers)) == THREADS
    product.refresh_from_db()
    assert (product.order_count, product.sales_won) == (THREADS, THREADS * 6_000)
    assert OrderDayCounter.objects.get(day=timezone.localdate()).last == THREADS
