import datetime as dt

import factory
from django.utils import timezone

from ieum.accounts.models import User
from ieum.core.choices import Role
from ieum.enterprises.choices import InstitutionKind
from ieum.enterprises.models import Institution
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.mall.choices import MembershipStatus, ProductStatus, VendorStatus
from ieum.mall.models import Category, Membership, Product, Vendor


class VendorFactory(factory.django.DjangoModelFactory):
    """An approved vendor of a fresh registry enterprise."""

    class Meta:
        model = Vendor

    enterprise = factory.SubFactory(EnterpriseFactory)
    status = VendorStatus.APPROVED
    kind = "social_enterprise"
    district = factory.SelfAttribute("enterprise.district")
    approved_on = dt.date(2022, 1, 3)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name", "parent")

    name = factory.Sequence(lambda n: f"분류{n}")
    parent = None


class ProductFactory(factory.django.DjangoModelFactory):
    """A published product; search indexing is the service's job, not the factory's."""

    class Meta:
        model = Product

    vendor = factory.SubFactory(VendorFactory)
    name = factory.Sequence(lambda n: f"테스트상품{n}")
    category = factory.SubFactory(CategoryFactory)
    price_won = 10_000
    unit = "개"
    status = ProductStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    vendor_kind = factory.SelfAttribute("vendor.kind")
    district = factory.SelfAttribute("vendor.district")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"테스트기관{n}")
    kind = InstitutionKind.DISTRICT


class BuyerFactory(factory.django.DjangoModelFactory):
    """A buyer account of an institution with an approved mall membership."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"buyer{n}")
    role = Role.BUYER
    institution = factory.SubFactory(InstitutionFactory)
    membership = factory.RelatedFactory(
        "ieum.mall.tests.factories.MembershipFactory",
        factory_related_name="user",
        institution=factory.SelfAttribute("..institution"),
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(BuyerFactory, membership=None)
    institution = factory.SelfAttribute("user.institution")
    status = MembershipStatus.APPROVED
    approved_on = dt.date(2022, 1, 3)


class VendorMemberFactory(factory.django.DjangoModelFactory):
    """A member account of a vendor's enterprise: `VendorMemberFactory(enterprise=v.enterprise)`."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"seller{n}")
    role = Role.ENTERPRISE
    enterprise = factory.SubFactory(EnterpriseFactory)


# Purchase records, promotions and KPIs (helper "buyers"): orders written straight to the
# database with the day, status and kind a test needs, without going through the cart.
_sale_numbers = iter(range(1, 10**9))


def placed_order(*, institution, vendor, placed_at, lines, status="completed", vendor_kind=None):
    """An Order placed at `placed_at` (aware datetime or date: noon Seoul time) with
    `lines` = [(product, quantity, unit_price_won)]; returns the order."""
    from ieum.mall.models import Order, OrderLine

    if isinstance(placed_at, dt.date) and not isinstance(placed_at, dt.datetime):
        placed_at = dt.datetime.combine(
            placed_at, dt.time(12), tzinfo=timezone.get_current_timezone()
        )
    sequence = next(_sale_numbers)
    order = Order.objects.create(
        number=f"T{sequence:08d}",
        order_date=timezone.localdate(placed_at),
        sequence=sequence,
        placed_at=placed_at,
        institution=institution,
        vendor=vendor,
        vendor_kind=vendor.kind if vendor_kind is None else vendor_kind,
        status=status,
        total_won=sum(quantity * price for _product, quantity, price in lines),
    )
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=product,
            product_name=product.name,
            unit=product.unit,
            quantity=quantity,
            unit_price_won=price,
            amount_won=quantity * price,
            tax_type=product.tax_type,
        )
        for product, quantity, price in lines
    )
    return order
