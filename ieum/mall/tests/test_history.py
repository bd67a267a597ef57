"""The history of membership decisions: approval and rejection are recorded with who decided,
the status before and after and the reason, and the members page lists them per member.
(Vendor decisions keep their own VendorEvent trail, shown on the vendor's review page.)"""

from html import unescape

import pytest
from django.urls import reverse

from ieum.core.choices import ChangeAction, Role
from ieum.core.history import history_for
from ieum.mall.services.institutions import membership_apply, membership_approve, membership_reject

from .factories import BuyerFactory

pytestmark = pytest.mark.django_db


def test_a_rejection_then_an_approval_are_both_kept(make_user):
    staff = make_user(Role.STAFF, display_name="김심사")
    applicant = BuyerFactory(membership=None)
    membership = membership_apply(user=applicant)
    membership_reject(membership=membership, actor=staff, reason="소속 확인 불가")
    membership = membership_apply(user=applicant)
    membership_approve(membership=membership, actor=staff)

    approved, rejected = history_for(membership)
    assert rejected.action == ChangeAction.REJECTED
    assert rejected.actor == staff
    assert rejected.note == "소속 확인 불가"
    assert rejected.changes == {"status": ["가입 신청", "반려"]}
    assert approved.action == ChangeAction.APPROVED
    assert approved.changes["status"] == ["가입 신청", "승인"]


def test_the_members_page_shows_each_decision(staff_client, make_user):
    staff = make_user(Role.STAFF, display_name="김심사")
    membership = membership_apply(user=BuyerFactory(membership=None))
    membership_reject(membership=membership, actor=staff, reason="소속 확인 불가")

    html = unescape(staff_client.get(reverse("mall:membership-list")).content.decode())

    assert "변경 이력 1건" in html
    assert "김심사 · <strong>반려</strong>" in html
    assert "사유: 소속 확인 불가" in html
