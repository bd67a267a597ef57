import datetime as dt

import factory
from django.utils import timezone

from ieum.accounts.choices import Role
from ieum.accounts.models import User
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
