import datetime as dt
import sys
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ieum.programs import registry, selectors
from ieum.programs.services import kpi_save

from .factories import BusinessLineFactory, KpiFactory, KpiValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    calls = []

    @registry.kpi_provider("test-orders", name="테스트 주문건수", unit="건")
    def orders(*, year: int, as_of: dt.date) -> int:
        calls.append((year, as_of))
        return 9249

    yield calls
    registry.unregister("test-orders")


def test_providers_are_found_in_each_apps_kpis_module(monkeypatch, settings):
    """A provider declared in an app's kpis.py is registered without anyone importing it."""
    sys.modules.pop("ieum.programs.tests.kpiapp.kpis", None)
    registry.unregister("test-discovered-rooms")
    monkeypatch.setattr(registry, "_discovered", False)
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "ieum.programs.tests.kpiapp"]
    try:
        found = registry.get_provider("test-discovered-rooms")

        assert found is not None
        assert (found.name, found.unit) == ("테스트 공간 이용", "회")
        assert found.compute(year=2022, as_of=dt.date(2022, 10, 31)) == Decimal(323)
    finally:
        registry.unregister("test-discovered-rooms")
        registry._discovered = False


def test_real_autodiscovery_runs_without_error():
    registry._discovered = False
    registry.discover()
    assert registry._discovered


def test_a_computed_kpi_takes_its_figure_from_the_provider(provider, staff_user):
    line = BusinessLineFactory(year=2022)
    kpi = kpi_save(
        actor=staff_user,
        line=line,
        key="mall-orders",
        name="주문건수",
        unit="건",
        provider="test-orders",
    )
    # A manual value left over from before is ignored once a provider computes the figure.
    KpiValueFactory(kpi=kpi, value=Decimal("1"))

    figure = selectors.kpi_value(kpi, as_of=dt.date(2022, 10, 31))

    assert figure.computed is True
    assert figure.value == Decimal(9249)
    assert figure.as_of == dt.date(2022, 10, 31)
    assert "테스트 주문건수" in figure.source
    assert figure.display == "9,249건"
    assert provider == [(2022, dt.date(2022, 10, 31))]


def test_a_manual_kpi_takes_the_latest_value_up_to_the_date():
    kpi = KpiFactory(unit="명")
    KpiValueFactory(kpi=kpi, as_of=dt.date(2022, 8, 31), value=2400, source="8월 관리자 화면")
    KpiValueFactory(
        kpi=kpi, as_of=dt.date(2022, 10, 31), value=2602, source="인스타그램 관리자 화면"
    )
    KpiValueFactory(kpi=kpi, as_of=dt.date(2022, 11, 30), value=2700, source="11월")

    figure = selectors.kpi_value(kpi, as_of=dt.date(2022, 11, 15))
    earlier = selectors.kpi_value(kpi, as_of=dt.date(2022, 9, 1))
    before_any = selectors.kpi_value(kpi, as_of=dt.date(2022, 1, 1))

    assert (figure.value, figure.as_of, figure.source) == (
        Decimal(2602),
        dt.date(2022, 10, 31),
        "인스타그램 관리자 화면",
    )
    assert figure.computed is False
    assert earlier.value == Decimal(2400)
    assert before_any.value is None
    assert before_any.display == "-"


def test_bulk_figures_agree_with_single_lookups(django_assert_max_num_queries):
    kpis = [KpiFactory() for _ in range(5)]
    for n, kpi in enumerate(kpis):
        KpiValueFactory(kpi=kpi, as_of=dt.date(2022, 6, 30), value=n)
        KpiValueFactory(kpi=kpi, as_of=dt.date(2022, 9, 30), value=n * 10)

    with django_assert_max_num_queries(1):
        figures = selectors.kpi_figures(kpis, as_of=dt.date(2022, 7, 1))

    assert [figures[k.pk].value for k in kpis] == [Decimal(n) for n in range(5)]


def test_an_unregistered_provider_is_refused(staff_user):
    line = BusinessLineFactory()
    with pytest.raises(Exception, match="등록된 계산 제공자가 아닙니다"):
        kpi_save(
            actor=staff_user, line=line, key="x", name="x", unit="개", provider="no-such-provider"
        )


def test_a_computed_kpi_refuses_manual_values(provider, staff_user):
    from django.core.exceptions import ValidationError

    from ieum.programs.services import kpi_value_record

    line = BusinessLineFactory()
    kpi = kpi_save(
        actor=staff_user, line=line, key="orders", name="주문", unit="건", provider="test-orders"
    )
    with pytest.raises(ValidationError, match="직접 입력할 수 없습니다"):
        kpi_value_record(
            actor=staff_user, kpi=kpi, as_of=dt.date(2022, 10, 31), value=1, source="손"
        )


def test_a_computed_kpi_is_counted_until_its_own_date(provider, staff_user):
    """The report is as of 10월말 but the mall's table as of 9월말: the figure says 9월말."""
    line = BusinessLineFactory(year=2022)
    kpi = kpi_save(
        actor=staff_user,
        line=line,
        key="mall-orders",
        name="주문건수",
        unit="건",
        provider="test-orders",
        counted_until=dt.date(2022, 9, 30),
    )

    late = selectors.kpi_value(kpi, as_of=dt.date(2022, 10, 31))
    early = selectors.kpi_value(kpi, as_of=dt.date(2022, 8, 31))
    by_pk = selectors.kpi_figures([kpi], as_of=dt.date(2022, 12, 31))

    assert late.as_of == dt.date(2022, 9, 30)
    assert early.as_of == dt.date(2022, 8, 31)
    assert by_pk[kpi.pk].as_of == dt.date(2022, 9, 30)
    assert provider == [
        (2022, dt.date(2022, 9, 30)),
        (2022, dt.date(2022, 8, 31)),
        (2022, dt.date(2022, 9, 30)),
    ]


def test_counted_until_is_refused_on_manual_kpis_and_outside_the_year(provider, staff_user):
    line = BusinessLineFactory(year=2022)
    with pytest.raises(ValidationError) as manual:
        kpi_save(
            actor=staff_user,
            line=line,
            key="a",
            name="a",
            unit="개",
            counted_until=dt.date(2022, 9, 30),
        )
    with pytest.raises(ValidationError) as other_year:
        kpi_save(
            actor=staff_user,
            line=line,
            key="b",
            name="b",
            unit="개",
            provider="test-orders",
            counted_until=dt.date(2021, 9, 30),
        )

    assert "계산하는 지표에만" in manual.value.message_dict["counted_until"][0]
    assert "2022년 안의 날짜" in other_year.value.message_dict["counted_until"][0]
