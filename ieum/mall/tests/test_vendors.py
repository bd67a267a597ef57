"""Vendors: application with papers, every allowed and refused status change, what suspension
does to the catalog, the vendor portal and the staff's review pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.enterprises.models import SupportRecord
from ieum.enterprises.tests.factories import CertificationFactory, EnterpriseFactory
from ieum.mall.choices import VendorStatus
from ieum.mall.models import Vendor, VendorEvent
from ieum.mall.selectors.catalog import product_search
from ieum.mall.services.catalog import product_reindex
from ieum.mall.services.vendors import (
    vendor_apply,
    vendor_approve,
    vendor_main_kind,
    vendor_refresh,
    vendor_reinstate,
    vendor_reject,
    vendor_suspend,
)

from .factories import ProductFactory, VendorFactory

pytestmark = pytest.mark.django_db


def pdf(name="사회적기업인증서.pdf", size=None) -> SimpleUploadedFile:
    content = b"%PDF-1.4\n" + b"0" * ((size or 100) - 9)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def applied(enterprise=None) -> Vendor:
    return VendorFactory(
        enterprise=enterprise or EnterpriseFactory(), status=VendorStatus.APPLIED, approved_on=None
    )


# --- services ----------------------------------------------------------------------------


def test_apply_stores_the_papers_and_logs_the_application(member, member_enterprise):
    CertificationFactory(enterprise=member_enterprise, kind="cooperative")
    vendor = vendor_apply(
        enterprise=member_enterprise,
        user=member,
        introduction="  친환경 세제를 만듭니다. ",
        documents=[pdf(), ("사업자등록증", pdf("brn.pdf"))],
    )
    assert vendor.status == VendorStatus.APPLIED
    assert vendor.introduction == "친환경 세제를 만듭니다."
    assert vendor.kind == "cooperative"
    assert vendor.district == "은평구"
    titles = sorted(d.title for d in vendor.documents.all())
    assert titles == ["사업자등록증", "사회적기업인증서"]
    with vendor.documents.get(title="사업자등록증").file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-1.4")
    event = VendorEvent.objects.get(vendor=vendor)
    assert (event.status, event.actor) == (VendorStatus.APPLIED, member)


def test_apply_refuses_other_file_types_and_writes_nothing(member, member_enterprise):
    with pytest.raises(ValidationError) as refused:
        vendor_apply(
            enterprise=member_enterprise,
            user=member,
            documents=[SimpleUploadedFile("setup.exe", b"MZ")],
        )
    assert "PDF, JPG, PNG, HWP, HWPX 파일만" in refused.value.message_dict["documents"][0]
    assert not Vendor.objects.exists()


def test_apply_refuses_a_paper_over_10_mb(member, member_enterprise):
    with pytest.raises(ValidationError) as refused:
        vendor_apply(
            enterprise=member_enterprise, user=member, documents=[pdf(size=10 * 1024 * 1024 + 1)]
        )
    assert "10MB 이하" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (VendorStatus.APPLIED, "이미 입점 신청을 했습니다"),
        (VendorStatus.APPROVED, "이미 함께누리 입점기업입니다"),
        (VendorStatus.SUSPENDED, "판매 정지된 입점기업입니다"),
    ],
)
def test_apply_twice_is_refused(member, member_enterprise, status, message):
    VendorFactory(enterprise=member_enterprise, status=status)
    with pytest.raises(ValidationError, match=message):
        vendor_apply(enterprise=member_enterprise, user=member)


def test_a_rejected_enterprise_may_apply_again(member, member_enterprise, staff_user):
    vendor = vendor_apply(enterprise=member_enterprise, user=member)
    vendor_reject(vendor=vendor, actor=staff_user, reason="인증서가 없습니다.")
    again = vendor_apply(enterprise=member_enterprise, user=member, documents=[pdf()])
    assert again.pk == vendor.pk
    assert again.status == VendorStatus.APPLIED
    assert again.decision_reason == ""
    assert list(again.events.values_list("status", flat=True)) == [
        VendorStatus.APPLIED,
        VendorStatus.REJECTED,
        VendorStatus.APPLIED,
    ]


def test_approval_dates_the_vendor_and_records_support(staff_user):
    enterprise = EnterpriseFactory(name="햇살협동조합", district="마포구")
    CertificationFactory(enterprise=enterprise, kind="village")
    CertificationFactory(enterprise=enterprise, kind="social_enterprise")
    vendor = applied(enterprise)
    vendor_approve(vendor=vendor, actor=staff_user)
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.APPROVED
    assert vendor.approved_on == timezone.localdate()
    assert (vendor.decided_by, vendor.kind, vendor.district) == (
        staff_user,
        "social_enterprise",
        "마포구",
    )
    record = SupportRecord.objects.get(enterprise=enterprise)
    assert (record.source, record.title) == ("mall", "함께누리 입점 승인")
    assert record.link == reverse("mall:vendor-detail", args=[vendor.pk])
    assert vendor.events.get().actor == staff_user


def _act(action, vendor, actor):
    if action in ("reject", "suspend"):
        return globals()[f"vendor_{action}"](vendor=vendor, actor=actor, reason="사유")
    return globals()[f"vendor_{action}"](vendor=vendor, actor=actor)


ALLOWED = {
    ("applied", "approve"): "approved",
    ("applied", "reject"): "rejected",
    ("approved", "suspend"): "suspended",
    ("suspended", "reinstate"): "approved",
}


@pytest.mark.parametrize("status", VendorStatus.values)
@pytest.mark.parametrize("action", ["approve", "reject", "suspend", "reinstate"])
def test_every_status_change_is_allowed_or_refused(status, action, staff_user):
    vendor = VendorFactory(
        status=status,
        approved_on=dt.date(2022, 1, 3) if status in ("approved", "suspended") else None,
    )
    expected = ALLOWED.get((status, action))
    if expected is None:
        with pytest.raises(ValidationError) as refused:
            _act(action, vendor, staff_user)
        assert "만" in refused.value.messages[0]  # "… 기업만 … 수 있습니다 (현재: …)"
        vendor.refresh_from_db()
        assert vendor.status == status
        assert not vendor.events.exists()
    else:
        _act(action, vendor, staff_user)
        vendor.refresh_from_db()
        assert vendor.status == expected
        event = vendor.events.get()
        assert (event.status, event.actor) == (expected, staff_user)


@pytest.mark.parametrize("action", ["reject", "suspend"])
def test_reject_and_suspend_need_a_reason(action, staff_user):
    vendor = VendorFactory(status=VendorStatus.APPLIED if action == "reject" else "approved")
    with pytest.raises(ValidationError) as refused:
        globals()[f"vendor_{action}"](vendor=vendor, actor=staff_user, reason="  ")
    assert refused.value.message_dict == {"reason": ["사유를 적어 주세요."]}


def test_suspension_dates_and_reinstatement_clears(staff_user):
    vendor = VendorFactory()
    vendor_suspend(vendor=vendor, actor=staff_user, reason="납품 지연 민원")
    assert vendor.suspended_on == timezone.localdate()
    assert vendor.decision_reason == "납품 지연 민원"
    vendor_reinstate(vendor=vendor, actor=staff_user)
    assert vendor.suspended_on is None
    assert vendor.status == VendorStatus.APPROVED


def test_a_suspended_vendors_products_leave_the_catalog_and_come_back(client, staff_user):
    vendor = VendorFactory()
    product = ProductFactory(vendor=vendor, name="대나무 칫솔")
    other = ProductFactory(name="대나무 도마")
    product_reindex([product.pk, other.pk])
    assert product_search(q="대나무").total == 2
    vendor_suspend(vendor=vendor, actor=staff_user, reason="점검")
    result = product_search(q="대나무")
    assert [p.pk for p in result.products] == [other.pk]
    assert result.total == 1
    assert client.get(reverse("mall:product-detail", args=[product.pk])).status_code == 404
    assert client.get(reverse("mall:vendor-detail", args=[vendor.pk])).status_code == 404
    product.refresh_from_db()
    assert product.status == "published"  # the product itself is untouched
    vendor_reinstate(vendor=vendor, actor=staff_user)
    assert product_search(q="대나무").total == 2
    assert client.get(reverse("mall:product-detail", args=[product.pk])).status_code == 200


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["cooperative", "social_enterprise"], "social_enterprise"),
        (["pre_ministry", "social_cooperative"], "pre_ministry"),
        (["cooperative", "social_cooperative"], "social_cooperative"),
        (["village", "cooperative"], "cooperative"),
        (["self_sufficiency", "village"], "village"),
        (["social_venture", "self_sufficiency"], "self_sufficiency"),
        ([], "other"),
    ],
)
def test_main_kind_follows_the_priority(kinds, expected):
    enterprise = EnterpriseFactory()
    for kind in kinds:
        CertificationFactory(enterprise=enterprise, kind=kind)
    assert vendor_main_kind(enterprise) == expected


def test_an_ended_kind_no_longer_counts():
    enterprise = EnterpriseFactory()
    CertificationFactory(
        enterprise=enterprise,
        kind="social_enterprise",
        certified_on=dt.date(2015, 1, 1),
        ended_on=dt.date(2020, 1, 1),
    )
    CertificationFactory(enterprise=enterprise, kind="cooperative")
    assert vendor_main_kind(enterprise) == "cooperative"


def test_refresh_copies_kind_and_district_to_the_products_and_reindexes():
    vendor = VendorFactory(kind="other")
    product = ProductFactory(vendor=vendor)
    CertificationFactory(enterprise=vendor.enterprise, kind="village")
    vendor.enterprise.district = "강동구"
    vendor.enterprise.name = "새이름마을기업"
    vendor.enterprise.save()
    vendor_refresh(vendor=vendor, actor=system_actor())
    product.refresh_from_db()
    assert (product.vendor_kind, product.district) == ("village", "강동구")
    assert [p.pk for p in product_search(q="새이름마을기업").products] == [product.pk]


# --- pages -------------------------------------------------------------------------------


def test_portal_invites_a_member_without_vendor_to_apply(client, member):
    client.force_login(member)
    response = client.get(reverse("mall:vendor-portal"))
    assert response.status_code == 200
    assert reverse("mall:vendor-apply") in response.content.decode()


def test_member_applies_through_the_page(client, member, member_enterprise):
    client.force_login(member)
    response = client.post(
        reverse("mall:vendor-apply"),
        {"introduction": "도시락을 만듭니다.", "documents": [pdf(), pdf("인증서2.pdf")]},
    )
    assert response.status_code == 302
    vendor = Vendor.objects.get(enterprise=member_enterprise)
    assert vendor.documents.count() == 2
    page = client.get(reverse("mall:vendor-portal")).content.decode()
    assert "입점 신청" in page
    assert "검토하고 있습니다" in page


def test_apply_page_shows_the_refusal(client, member, member_enterprise):
    VendorFactory(enterprise=member_enterprise)
    client.force_login(member)
    response = client.post(reverse("mall:vendor-apply"), {"introduction": "소개"})
    assert response.status_code == 400
    assert "이미 함께누리 입점기업입니다" in response.content.decode()


def test_portal_lists_the_vendors_products_in_every_state(
    client, member, member_enterprise, django_assert_max_num_queries
):
    vendor = VendorFactory(enterprise=member_enterprise)
    ProductFactory.create_batch(5, vendor=vendor)
    ProductFactory(vendor=vendor, name="임시상품", status="draft", published_at=None)
    ProductFactory(name="남의상품")
    client.force_login(member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("mall:vendor-portal"))
    page = response.content.decode()
    assert "임시상품" in page
    assert "남의상품" not in page
    assert "판매 중 5" in page


@pytest.mark.parametrize(
    ("role", "url_name", "expected"),
    [
        (Role.ENTERPRISE, "mall:vendor-list", 403),
        (Role.BUYER, "mall:vendor-list", 403),
        (Role.STAFF, "mall:vendor-list", 200),
        (Role.BUYER, "mall:vendor-portal", 403),
        (Role.STAFF, "mall:vendor-portal", 403),
        (Role.ENTERPRISE, "mall:vendor-portal", 200),
    ],
)
def test_permission_table(client, make_user, role, url_name, expected):
    client.force_login(make_user(role))
    assert client.get(reverse(url_name)).status_code == expected


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("mall:vendor-list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_review_list_filters_by_status(staff_client, django_assert_max_num_queries):
    applied(EnterpriseFactory(name="신청한기업"))
    VendorFactory(enterprise=EnterpriseFactory(name="입점한기업"))
    for _ in range(10):
        applied()
    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse("mall:vendor-list"), {"status": "applied"})
    page = response.content.decode()
    assert "신청한기업" in page
    assert "입점한기업" not in page


def test_staff_review_and_decide_through_the_pages(
    staff_client, member, member_enterprise, django_assert_max_num_queries
):
    vendor = vendor_apply(enterprise=member_enterprise, user=member, documents=[pdf()])
    document = vendor.documents.get()
    with django_assert_max_num_queries(12):
        page = staff_client.get(reverse("mall:vendor-review", args=[vendor.pk]))
    assert "사회적기업인증서" in page.content.decode()
    download = staff_client.get(
        reverse("mall:vendordocument-download", args=[vendor.pk, document.pk])
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    refused = staff_client.post(reverse("mall:vendor-reject", args=[vendor.pk]), {"reason": ""})
    assert refused.status_code == 302
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.APPLIED

    staff_client.post(reverse("mall:vendor-approve", args=[vendor.pk]))
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.APPROVED
    staff_client.post(reverse("mall:vendor-suspend", args=[vendor.pk]), {"reason": "민원"})
    vendor.refresh_from_db()
    assert (vendor.status, vendor.decision_reason) == (VendorStatus.SUSPENDED, "민원")
    staff_client.post(reverse("mall:vendor-reinstate", args=[vendor.pk]))
    vendor.refresh_from_db()
    assert vendor.status == VendorStatus.APPROVED
    history = staff_client.get(reverse("mall:vendor-review", args=[vendor.pk])).content.decode()
    assert "민원" in history


def test_members_cannot_download_application_papers(client, member, member_enterprise):
    vendor = vendor_apply(enterprise=member_enterprise, user=member, documents=[pdf()])
    client.force_login(member)
    url = reverse("mall:vendordocument-download", args=[vendor.pk, vendor.documents.get().pk])
    assert client.get(url).status_code == 403
