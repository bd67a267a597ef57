import datetime as dt

import factory

from ieum.organization.choices import DepartmentKind
from ieum.organization.models import (
    Center,
    ContractEvent,
    Department,
    Facility,
    Position,
    StaffingLine,
    StaffingPlan,
)


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center

    name = "서울특별시 사회적경제지원센터"
    address = "서울시 은평구 통일로 684"
    mandate_items = "사회적경제 주체 발굴 및 인재 양성\n사회적경제기업 온라인 쇼핑몰 운영"


class ContractEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractEvent

    center = factory.SubFactory(CenterFactory)
    occurred_on = factory.Sequence(lambda n: dt.date(2013, 1, 1) + dt.timedelta(days=30 * n))
    description = factory.Sequence(lambda n: f"운영 경과 {n}")


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"테스트 공간 {n}")
    address = "서울시 마포구 증산로 87"
    district = "마포구"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"테스트실{n}")
    kind = DepartmentKind.OFFICE


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ["grade"]

    grade = factory.Sequence(lambda n: n % 9 + 1)
    name = factory.LazyAttribute(lambda o: f"{o.grade}급 직위")


class StaffingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffingPlan

    year = factory.Sequence(lambda n: 2010 + n)
    as_of = factory.LazyAttribute(lambda o: dt.date(o.year, 12, 31))


class StaffingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffingLine

    plan = factory.SubFactory(StaffingPlanFactory)
    position = factory.SubFactory(PositionFactory)
    quota = 1
    current = 1
