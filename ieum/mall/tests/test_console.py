import datetime as dt

import pytest
from django.urls import reverse

from ieum.core.cards import console_cards
from ieum.core.choices import Role
from ieum.mall.choices import MembershipStatus, OrderStatus
from ieum.mall.selectors.dashboard import mall_dashboard, monthly_sales, top_categories

from .factories import (
    CategoryFactory,
    InstitutionFactory,
    MembershipFactory,
    ProductFactory,
    VendorFactory,
    placed_order,
)

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2022, 9, 30)


@pytest.fixture
def sales():
    """Sales in March and August of 2022 in two top-level categories (one by a sub-category)."""
    living = CategoryFactory(name="생활용품")
    detergent = CategoryFactory(name="세제", parent=living)
    food = CategoryFactory(name="식품")
    soap = ProductFactory(category=detergent)
    rice = ProductFactory(category=food)
    institution = InstitutionFactory()

    def sell(product, won, day, **extra):
        placed_order(
            institution=institution,
            vendor=product.vendor,
            placed_at=day,
            lines=[(product, 1, won)],
            **extra,
        )

    sell(soap, 3_000_000, dt.date(2022, 3, 15))
    sell(soap, 1_000_000, dt.date(2022, 8, 1))
    sell(rice, 2_500_000, dt.date(2022, 8, 20))
    sell(rice, 9_000_000, dt.date(2022, 8, 21), status=OrderStatus.CANCELLED)
    sell(rice, 7_000_000, dt.date(2022, 10, 2))
    VendorFactory(status="applied", approved_on=None)
    MembershipFactory(status=MembershipStatus.APPLIED, approved_on=None)
    return {"living": living, "food": food}


def test_monthly_sales_and_top_categories(sales):
    months = monthly_sales(year=2022, as_of=AS_OF)

    assert len(months) == 9
    assert months[2] == (3, 3_000_000)
    assert months[7] == (8, 3_500_000)
    assert sum(won for _m, won in months) == 6_500_000
    top = top_categories(year=2022, as_of=AS_OF)
    assert [(row.category.name, row.won) for row in top] == [
        ("생활용품", 4_000_000),
        ("식품", 2_500_000),
    ]


def test_dashboard_figures_and_waiting_decisions(sales):
    dashboard = mall_dashboard(as_of=AS_OF)

    figures = {figure.key: figure for figure in dashboard.figures}
    assert figures["mall-annual-sales"].value == 6_500_000
    assert figures["mall-annual-sales"].display == "7백만원"
    assert figures["mall-orders"].display == "3건"
    assert (dashboard.pending_vendors, dashboard.pending_members) == (1, 1)


def test_dashboard_page(staff_client, sales, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = staff_client.get(reverse("mall:console-dashboard"), {"as_of": "2022-09-30"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "2022년 월별 매출액 (백만원)" in page
    assert "8월 4백만원" in page  # 3,500,000 rounded half-up
    assert "생활용품" in page and "4,000" in page
    assert "회원 가입 대기" in page


def test_console_card_for_staff_only(staff_user, make_user, sales):
    titles = [card.title for card in console_cards(staff_user)]
    assert any("함께누리몰" in title for title in titles)
    buyer_titles = [card.title for card in console_cards(make_user(Role.BUYER))]
    assert not any("함께누리몰" in title for title in buyer_titles)


def test_dashboard_refuses_everyone_but_staff(client, make_user):
    for role in (Role.BUYER, Role.ENTERPRISE, Role.CITIZEN):
        client.force_login(make_user(role))
        assert client.get(reverse("mall:console-dashboard")).status_code == 403
    client.logout()
    assert client.get(reverse("mall:console-dashboard")).status_code == 302
