"""The history of an enterprise's profile and certifications: the services record who changed
what, and the enterprise's page shows it to the staff (not to the enterprise's members)."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from ieum.core.choices import ChangeAction, Role
from ieum.core.history import history_for
from ieum.enterprises import services

pytestmark = pytest.mark.django_db


def test_a_profile_update_records_only_the_changed_fields(member_enterprise, staff_user):
    services.enterprise_update(
        member_enterprise, actor=staff_user, name=member_enterprise.name, employees=12
    )
    (change,) = history_for(member_enterprise)
    assert change.actor == staff_user
    assert change.changes == {"employees": [None, 12]}


def test_a_certification_added_again_records_its_changed_number(member_enterprise, staff_user):
    day = dt.date(2021, 6, 30)
    services.certification_add(
        actor=staff_user,
        enterprise=member_enterprise,
        kind="social_enterprise",
        certified_on=day,
        number="2021-1",
    )
    certification = services.certification_add(
        actor=staff_user,
        enterprise=member_enterprise,
        kind="social_enterprise",
        certified_on=day,
        number="2021-101",
    )
    changed, created = history_for(certification)
    assert created.action == ChangeAction.CREATED
    assert created.changes["kind"] == [None, "사회적기업"]
    assert changed.changes == {"number": ["2021-1", "2021-101"]}


def test_the_page_shows_the_history_to_staff_only(client, member_enterprise, make_user):
    staff = make_user(Role.STAFF, display_name="김담당")
    services.enterprise_update(member_enterprise, actor=staff, industry="돌봄·복지")
    services.certification_add(
        actor=staff,
        enterprise=member_enterprise,
        kind="cooperative",
        certified_on=dt.date(2020, 1, 1),
    )
    url = reverse("enterprises:enterprise-detail", args=[member_enterprise.pk])

    client.force_login(staff)
    html = unescape(client.get(url).content.decode())
    assert "업종: — → 돌봄·복지" in html
    assert "김담당" in html
    assert "변경 이력 1건" in html  # the certification's row

    client.force_login(make_user(Role.ENTERPRISE))
    html = client.get(url).content.decode()
    assert "김담당" not in html
    assert "변경 이력" not in html
