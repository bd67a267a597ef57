"""The history of a KPI and its manual values: the services record who entered or corrected a
figure and who changed the KPI, and the KPI's page shows it."""

import datetime as dt
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from ieum.core.choices import ChangeAction, Role
from ieum.core.history import history_for
from ieum.programs import services

from .factories import KpiFactory

pytestmark = pytest.mark.django_db


def test_a_corrected_value_records_who_and_old_and_new(make_user):
    first = make_user(Role.STAFF, display_name="김입력")
    second = make_user(Role.STAFF, display_name="이정정")
    kpi = KpiFactory()
    day = dt.date(2022, 10, 31)
    services.kpi_value_record(actor=first, kpi=kpi, as_of=day, value=1200, source="관리자 화면")
    entry = services.kpi_value_record(
        actor=second, kpi=kpi, as_of=day, value=Decimal("1250.50"), source="관리자 화면"
    )

    correction, created = history_for(entry)
    assert created.action == ChangeAction.CREATED
    assert created.actor == first
    assert correction.action == ChangeAction.CHANGED
    assert correction.actor == second
    assert correction.changes == {"value": ["1200", "1250.5"]}


def test_a_kpi_change_records_the_changed_settings(staff_user):
    kpi = KpiFactory(target=Decimal("10"))
    services.kpi_save(
        actor=staff_user,
        kpi=kpi,
        line=kpi.line,
        key=kpi.key,
        name=kpi.name,
        unit="명",
        target=Decimal("12"),
    )
    (change,) = history_for(kpi)
    assert change.actor == staff_user
    assert change.changes == {"unit": ["회", "명"], "target": ["10", "12"]}


def test_the_kpi_page_shows_who_changed_a_value(staff_client, make_user):
    actor = make_user(Role.STAFF, display_name="이정정")
    kpi = KpiFactory()
    day = dt.date(2022, 10, 31)
    services.kpi_value_record(actor=actor, kpi=kpi, as_of=day, value=5, source="가")
    services.kpi_value_record(actor=actor, kpi=kpi, as_of=day, value=7, source="가")

    html = unescape(
        staff_client.get(reverse("programs:kpi-detail", args=[kpi.pk])).content.decode()
    )

    assert "변경 이력 2건" in html
    assert "이정정" in html
    assert "값: 5 → 7" in html
