import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.enterprises.models import Institution
from ieum.mall.access import buyer_institution
from ieum.mall.choices import MembershipStatus, TargetKind
from ieum.mall.models import Membership, PurchaseTarget
from ieum.mall.services.institutions import (
    institution_create,
    membership_apply,
    membership_approve,
    membership_reject,
    purchase_target_set,
)

from .factories import BuyerFactory, InstitutionFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant():
    return BuyerFactory(membership=None)


# Memberships


def test_buyer_applies_and_staff_approve(applicant, staff_user):
    membership = membership_apply(user=applicant)
    assert membership.status == MembershipStatus.APPLIED
    with pytest.raises(PermissionDenied):
        buyer_institution(applicant)

    membership_approve(membership=membership, actor=staff_user)

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.approved_on == timezone.localdate()
    assert membership.decided_by == staff_user
    assert buyer_institution(applicant) == applicant.institution


def test_an_application_cannot_be_doubled_or_repeated_once_approved(applicant, staff_user):
    membership = membership_apply(user=applicant)
    with pytest.raises(ValidationError, match="이미 했습니다"):
        membership_apply(user=applicant)
    membership_approve(membership=membership, actor=staff_user)
    with pytest.raises(ValidationError, match="이미 승인된"):
        membership_apply(user=applicant)
    with pytest.raises(ValidationError, match="처리를 기다리는 가입 신청이 아닙니다"):
        membership_approve(membership=membership, actor=staff_user)


def test_rejection_needs_a_reason_and_the_buyer_may_apply_again(applicant, staff_user):
    membership = membership_apply(user=applicant)
    with pytest.raises(ValidationError) as missing:
        membership_reject(membership=membership, actor=staff_user, reason="  ")
    assert missing.value.message_dict["reason"] == ["반려 사유를 입력하세요."]

    membership_reject(membership=membership, actor=staff_user, reason="소속 확인 불가")
    membership.refresh_from_db()
    assert (membership.status, membership.reason) == (MembershipStatus.REJECTED, "소속 확인 불가")

    again = membership_apply(user=applicant)
    assert again.pk == membership.pk
    assert (again.status, again.reason) == (MembershipStatus.APPLIED, "")


def test_only_buyers_apply_for_their_own_institution(applicant, make_user):
    with pytest.raises(ValidationError, match="구매 담당자 계정만"):
        membership_apply(user=make_user(Role.ENTERPRISE))
    with pytest.raises(ValidationError) as other:
        membership_apply(user=applicant, institution=InstitutionFactory())
    assert "자기 소속 기관" in other.value.message_dict["institution"][0]


def test_only_staff_decide(applicant, make_user):
    membership = membership_apply(user=applicant)
    with pytest.raises(PermissionDenied):
        membership_approve(membership=membership, actor=make_user(Role.BUYER))
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.APPLIED


def test_join_page_takes_the_application(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("mall:membership-apply"))
    page = client.get(reverse("mall:membership-apply")).content.decode()

    assert response.status_code == 302
    assert Membership.objects.get(user=applicant).status == MembershipStatus.APPLIED
    assert "가입 신청을 접수했습니다" in page


def test_waiting_buyer_is_sent_to_the_join_page(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("mall:record-list"))

    assert response.status_code == 302
    assert response.url == reverse("mall:membership-apply")


def test_staff_approve_and_reject_from_the_queue(staff_client, staff_user, applicant):
    waiting = membership_apply(user=applicant)
    other = membership_apply(user=BuyerFactory(membership=None))

    page = staff_client.get(reverse("mall:membership-list")).content.decode()
    assert applicant.username in page and "승인 대기 2건" in page

    staff_client.post(reverse("mall:membership-approve", args=[waiting.pk]))
    staff_client.post(reverse("mall:membership-reject", args=[other.pk]), {"reason": ""})
    assert Membership.objects.get(pk=other.pk).status == MembershipStatus.APPLIED
    staff_client.post(reverse("mall:membership-reject", args=[other.pk]), {"reason": "중복"})

    assert Membership.objects.get(pk=waiting.pk).status == MembershipStatus.APPROVED
    assert Membership.objects.get(pk=other.pk).status == MembershipStatus.REJECTED


def test_buyers_and_vendors_cannot_open_the_console(client, make_user):
    MembershipFactory()
    for role in (Role.BUYER, Role.ENTERPRISE, Role.CITIZEN):
        client.force_login(make_user(role))
        for name in ("membership-list", "institution-list", "console-dashboard"):
            assert client.get(reverse(f"mall:{name}")).status_code == 403
        membership = Membership.objects.first()
        response = client.post(reverse("mall:membership-approve", args=[membership.pk]))
        assert response.status_code == 403


def test_members_page_query_ceiling(staff_client, django_assert_max_num_queries):
    for _ in range(15):
        membership_apply(user=BuyerFactory(membership=None))
    MembershipFactory.create_batch(15)

    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("mall:membership-list"))

    assert response.status_code == 200
    assert "승인 대기 15건" in response.content.decode()


# Institutions and targets


def test_staff_create_a_missing_institution(staff_client, staff_user):
    response = staff_client.post(
        reverse("mall:institution-create"),
        {"name": "서울시설공단", "kind": "public_corporation", "district": "성동구"},
    )
    duplicate = staff_client.post(
        reverse("mall:institution-create"), {"name": "서울시설공단", "kind": "other"}
    )

    institution = Institution.objects.get(name="서울시설공단")
    assert response.status_code == 302
    assert (institution.kind, institution.district) == ("public_corporation", "성동구")
    assert duplicate.status_code == 400
    assert "이미 등록된 기관" in duplicate.content.decode()
    with pytest.raises(PermissionDenied):
        institution_create(actor=BuyerFactory(), name="x", kind="other")


def test_target_in_won_or_percent_of_the_total(institution):
    amount = purchase_target_set(
        actor=system_actor(),
        institution=institution,
        year=2022,
        kind=TargetKind.AMOUNT,
        target_won=150_000_000,
    )
    assert amount.target_amount_won == 150_000_000

    percent = purchase_target_set(
        actor=system_actor(),
        institution=institution,
        year=2022,
        kind=TargetKind.PERCENT,
        target_percent=Decimal("12.5"),
        total_purchases_won=2_000_000_000,
    )

    assert percent.pk == amount.pk
    assert percent.target_won is None
    assert percent.target_amount_won == 250_000_000
    assert PurchaseTarget.objects.filter(institution=institution).count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "amount", "target_won": 0}, "target_won", "목표액은 0원보다 커야 합니다."),
        ({"kind": "amount"}, "target_won", "목표액은 0원보다 커야 합니다."),
        (
            {"kind": "percent", "target_percent": Decimal(0), "total_purchases_won": 10},
            "target_percent",
            "목표 비율은 0%보다 크고 100% 이하여야 합니다.",
        ),
        (
            {"kind": "percent", "target_percent": Decimal("100.5"), "total_purchases_won": 10},
            "target_percent",
            "목표 비율은 0%보다 크고 100% 이하여야 합니다.",
        ),
        (
            {"kind": "percent", "target_percent": Decimal(10), "total_purchases_won": 0},
            "total_purchases_won",
            "총구매액은 0원보다 커야 합니다.",
        ),
        ({"kind": "other"}, "kind", "목표 방식을 고르세요 (금액 또는 총구매액 대비 비율)."),
    ],
)
def test_target_validation(institution, fields, field, message):
    with pytest.raises(ValidationError) as error:
        purchase_target_set(actor=system_actor(), institution=institution, year=2022, **fields)
    assert error.value.message_dict[field] == [message]
    assert not PurchaseTarget.objects.exists()


def test_a_full_percentage_is_allowed(institution):
    target = purchase_target_set(
        actor=system_actor(),
        institution=institution,
        year=2022,
        kind=TargetKind.PERCENT,
        target_percent=Decimal(100),
        total_purchases_won=1_000,
    )
    assert target.target_amount_won == 1_000


def test_target_form_shows_korean_errors_and_saves(staff_client, institution):
    url = reverse("mall:institution-detail", args=[institution.pk])
    bad = staff_client.post(url, {"year": 2022, "kind": "percent", "target_percent": "120"})
    good = staff_client.post(url, {"year": 2022, "kind": "amount", "target_won": "1,500,000,000"})

    assert bad.status_code == 400
    page = bad.content.decode()
    assert "목표 비율은 0%보다 크고 100% 이하여야 합니다." in page
    assert "총구매액은 0원보다 커야 합니다." in page
    assert good.status_code == 302
    assert PurchaseTarget.objects.get(institution=institution, year=2022).target_won == (
        1_500_000_000
    )


def test_institution_list_shows_members_purchases_and_targets(
    staff_client, django_assert_max_num_queries
):
    from .factories import ProductFactory, placed_order

    today = timezone.localdate()
    buyers = [BuyerFactory() for _ in range(8)]
    product = ProductFactory()
    for buyer in buyers[:4]:
        placed_order(
            institution=buyer.institution,
            vendor=product.vendor,
            placed_at=today,
            lines=[(product, 3, 10_000)],
        )
    purchase_target_set(
        actor=system_actor(),
        institution=buyers[0].institution,
        year=today.year,
        kind=TargetKind.AMOUNT,
        target_won=60_000,
    )

    with django_assert_max_num_queries(10):
        response = staff_client.get(reverse("mall:institution-list"))

    page = response.content.decode()
    assert response.status_code == 200
    # The eight buyers' institutions, and 은평구청 of the staff fixture: five bought nothing.
    assert Institution.objects.count() == 9
    assert page.count('<span class="badge">무실적</span>') == 5
    assert "50.0%" in page  # 30,000 of 60,000


def test_institution_detail_query_ceiling(staff_client, django_assert_max_num_queries):
    institution = InstitutionFactory()
    MembershipFactory.create_batch(10, user__institution=institution)
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("mall:institution-detail", args=[institution.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("승인") >= 10


def test_membership_dates_are_kept_for_the_member_count(applicant, staff_user):
    membership = membership_apply(user=applicant)
    membership_approve(membership=membership, actor=staff_user, on=dt.date(2022, 3, 2))
    assert Membership.objects.get(pk=membership.pk).approved_on == dt.date(2022, 3, 2)
