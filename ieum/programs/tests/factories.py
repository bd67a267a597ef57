import datetime as dt
from decimal import Decimal

import factory

from ieum.programs.models import BusinessLine, Kpi, KpiValue, Milestone


class BusinessLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessLine

    year = 2022
    code = factory.Sequence(lambda n: str(n + 1))
    number = factory.LazyAttribute(lambda o: o.code)
    title = factory.Sequence(lambda n: f"테스트 사업 {n}")
    sort_order = factory.Sequence(lambda n: n)


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    line = factory.SubFactory(BusinessLineFactory)
    year = factory.LazyAttribute(lambda o: o.line.year)
    key = factory.Sequence(lambda n: f"kpi-{n}")
    name = factory.Sequence(lambda n: f"지표 {n}")
    unit = "회"


class KpiValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiValue

    kpi = factory.SubFactory(KpiFactory)
    as_of = dt.date(2022, 10, 31)
    value = Decimal("1")
    source = "테스트 출처"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    line = factory.SubFactory(BusinessLineFactory)
    text = factory.Sequence(lambda n: f"향후계획 {n}")
    end_year = 2022
    end_month = 12
