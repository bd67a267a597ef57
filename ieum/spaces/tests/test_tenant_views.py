"""The tenant, kitchen and fee pages: who may see what, the forms calling the services, the
settlement download, and query ceilings."""

import datetime as dt
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.organization.tests.factories import FacilityFactory
from ieum.spaces.choices import ApplicationStatus, CallStatus, InvoiceStatus, TenancyStatus
from ieum.spaces.models import Invoice, KitchenAgreement, Tenancy, TenantApplication
from ieum.spaces.services import fees as fee_services
from ieum.spaces.services import tenants as tenant_services

from .test_kitchen import make_agreement, make_kitchen
from .test_tenants import apply, make_tenancy, make_unit, open_call

pytestmark = pytest.mark.django_db

D = dt.date


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def member(make_user):
    return make_user(Role.ENTERPRISE)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def facility():
    return FacilityFactory(name="개봉 비대면 산업 클러스터", short_name="개봉")


@pytest.fixture
def world(facility, member_enterprise):
    """The member's tenancy and invoice, another enterprise's, a call with an application, a
    kitchen agreement."""
    mine = make_tenancy(member_enterprise, facility, unit=make_unit(facility, "101호"))
    other_enterprise = EnterpriseFactory(name="남의협동조합")
    theirs = make_tenancy(other_enterprise, facility, unit=make_unit(facility, "102호"))
    fee_services.invoices_for_month(facility=facility, month=D(2022, 10, 1), actor=system_actor())
    call = open_call(facility)
    application = apply(call, EnterpriseFactory())
    agreement = make_agreement()
    return {
        "mine": mine,
        "theirs": theirs,
        "call": call,
        "application": application,
        "agreement": agreement,
    }


STAFF_PAGES = [
    ("spaces:call-list", None),
    ("spaces:call-create", None),
    ("spaces:call-detail", "call"),
    ("spaces:call-update", "call"),
    ("spaces:application-score", "application"),
    ("spaces:tenancy-list", None),
    ("spaces:tenancy-create", None),
    ("spaces:tenancy-detail", "mine"),
    ("spaces:tenancy-renew", "mine"),
    ("spaces:tenancy-exit", "mine"),
    ("spaces:agreement-list", None),
    ("spaces:agreement-create", None),
    ("spaces:agreement-detail", "agreement"),
    ("spaces:invoice-list", None),
    ("spaces:settlement", None),
]


def _url(world, name, key):
    return reverse(name, args=[world[key].pk]) if key else reverse(name)


@pytest.mark.parametrize(("name", "key"), STAFF_PAGES)
@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.STAFF, 200), (Role.ADMIN, 200), (Role.ENTERPRISE, 403), (Role.BUYER, 403)],
)
def test_console_pages_by_role(client, make_user, world, name, key, role, expected):
    client.force_login(make_user(role))
    assert client.get(_url(world, name, key)).status_code == expected


@pytest.mark.parametrize(("name", "key"), STAFF_PAGES)
def test_console_pages_send_anonymous_to_sign_in(client, world, name, key):
    response = client.get(_url(world, name, key))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "/accounts/" in response["Location"]


def test_member_posts_to_console_are_refused(member_client, world):
    invoice = Invoice.objects.filter(tenancy=world["mine"]).first()
    for url, data in [
        (reverse("spaces:invoice-pay", args=[invoice.pk]), {"paid_on": "2022-10-10"}),
        (reverse("spaces:tenancy-exit", args=[world["mine"].pk]), {"reason": "x"}),
        (reverse("spaces:call-close", args=[world["call"].pk]), {}),
        (reverse("spaces:agreement-detail", args=[world["agreement"].pk]), {}),
    ]:
        assert member_client.post(url, data).status_code == 403
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.UNPAID


def test_member_sees_only_their_own_tenancy_and_invoices(member_client, world):
    response = member_client.get(reverse("spaces:tenancy-mine"))
    assert response.status_code == 200
    assert list(response.context["tenancies"]) == [world["mine"]]
    assert {i.enterprise_id for i in response.context["invoices"]} == {world["mine"].enterprise_id}
    page = _text(response)
    assert "101호" in page
    assert "102호" not in page
    assert "남의협동조합" not in page
    assert world["call"].title in page


def test_member_applies_through_the_page(member_client, member_enterprise, world):
    call = world["call"]
    url = reverse("spaces:call-apply", args=[call.pk])
    assert member_client.get(url).status_code == 200
    response = member_client.post(
        url,
        {"plan": "식품 제조 창업", "document": SimpleUploadedFile("계획서.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 302
    application = TenantApplication.objects.get(call=call, enterprise=member_enterprise)
    assert application.document.name.endswith(".pdf")

    again = member_client.post(url, {"plan": "두 번째"})
    assert again.status_code == 400
    assert "이미 신청했습니다" in _text(again)


def test_apply_refused_on_a_closed_call(member_client, world):
    tenant_services.call_close(actor=system_actor(), call=world["call"])
    response = member_client.post(
        reverse("spaces:call-apply", args=[world["call"].pk]), {"plan": "계획"}
    )
    assert response.status_code == 400
    assert "모집 중인 공고가 아닙니다" in _text(response)


def test_staff_create_open_score_select_and_contract(staff_client, facility):
    today = timezone.localdate()
    response = staff_client.post(
        reverse("spaces:call-create"),
        {
            "facility": facility.pk,
            "title": "2023 개봉 입주기업 모집",
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=7)).isoformat(),
            "units": 1,
            "criteria": "사업계획: 60\n사회적 가치: 40",
        },
    )
    assert response.status_code == 302
    call = facility.tenant_calls.get()
    assert call.criteria == [{"name": "사업계획", "max": 60}, {"name": "사회적 가치", "max": 40}]
    staff_client.post(reverse("spaces:call-open", args=[call.pk]))
    first, second = apply(call), apply(call)
    staff_client.post(reverse("spaces:call-close", args=[call.pk]))
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED

    score_url = reverse("spaces:application-score", args=[first.pk])
    refused = staff_client.post(score_url, {"score_0": "61", "score_1": "10"})
    assert refused.status_code == 400
    assert "'사업계획' 점수는 0~60점이어야 합니다." in _text(refused)
    staff_client.post(score_url, {"score_0": "55", "score_1": "30"})
    staff_client.post(
        reverse("spaces:application-score", args=[second.pk]), {"score_0": "40", "score_1": "20"}
    )
    detail = staff_client.get(reverse("spaces:call-detail", args=[call.pk]))
    assert detail.context["proposed"] == {first.pk}

    staff_client.post(reverse("spaces:call-select", args=[call.pk]), {"application": [first.pk]})
    first.refresh_from_db()
    assert first.status == ApplicationStatus.SELECTED

    response = staff_client.post(
        f"{reverse('spaces:tenancy-create')}?application={first.pk}",
        {
            "enterprise": first.enterprise_id,
            "facility": facility.pk,
            "starts_on": "2023-01-01",
            "ends_on": "2024-12-31",
            "monthly_fee_won": "300000",
            "deposit_won": "1000000",
            "maintenance_fee_won": "50000",
        },
    )
    assert response.status_code == 302
    tenancy = Tenancy.objects.get(application=first)
    assert tenancy.enterprise == first.enterprise


def test_tenancy_form_shows_overlap_refusal(staff_client, facility, world):
    response = staff_client.post(
        reverse("spaces:tenancy-create"),
        {
            "enterprise": EnterpriseFactory().pk,
            "facility": facility.pk,
            "unit": world["mine"].unit_id,
            "starts_on": "2022-06-01",
            "ends_on": "2022-12-31",
            "monthly_fee_won": "0",
            "deposit_won": "0",
            "maintenance_fee_won": "0",
        },
    )
    assert response.status_code == 400
    assert "다른 기업이 입주해 있습니다" in _text(response)
    assert Tenancy.objects.count() == 2


def test_renew_and_exit_pages(staff_client, world):
    mine = world["mine"]
    response = staff_client.post(
        reverse("spaces:tenancy-renew", args=[mine.pk]),
        {
            "ends_on": "2025-12-31",
            "monthly_fee_won": "320000",
            "deposit_won": "1000000",
            "maintenance_fee_won": "50000",
        },
    )
    assert response.status_code == 302
    renewal = Tenancy.objects.get(previous=mine)
    assert renewal.starts_on == D(2024, 1, 1)
    response = staff_client.post(
        reverse("spaces:tenancy-exit", args=[renewal.pk]),
        {"exited_on": "2024-06-30", "reason": "사옥 마련"},
    )
    assert response.status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == TenancyStatus.EXITED


def test_kitchen_page_warns_of_lapsing_certificates(staff_client):
    make_agreement(hygiene_expires_on=D(2022, 6, 20), enterprise=EnterpriseFactory(name="곧만료"))
    make_agreement(hygiene_expires_on=D(2022, 12, 1), enterprise=EnterpriseFactory(name="여유"))
    response = staff_client.get(reverse("spaces:agreement-list"), {"on": "2022-06-01"})
    assert [a.enterprise.name for a in response.context["expiring"]] == ["곧만료"]
    assert "위생 증명 만료 임박" in _text(response)


def test_agreement_upload_through_the_page(staff_client):
    kitchen = make_kitchen()
    data = {
        "enterprise": EnterpriseFactory().pk,
        "kitchen": kitchen.pk,
        "starts_on": "2022-01-01",
        "ends_on": "2022-12-31",
        "hygiene_expires_on": "2022-06-30",
    }
    bad = staff_client.post(
        reverse("spaces:agreement-create"),
        {**data, "hygiene_certificate": SimpleUploadedFile("a.gif", b"GIF89a")},
    )
    assert bad.status_code == 400
    assert "PDF, JPG, PNG 파일만" in _text(bad)
    good = staff_client.post(
        reverse("spaces:agreement-create"),
        {**data, "hygiene_certificate": SimpleUploadedFile("a.png", b"\x89PNG")},
    )
    assert good.status_code == 302
    agreement = KitchenAgreement.objects.get()
    download = staff_client.get(reverse("spaces:agreement-certificate", args=[agreement.pk]))
    assert download.status_code == 200


def test_invoice_pages_pay_void_and_monthly(staff_client, facility, world):
    invoices = Invoice.objects.filter(tenancy=world["mine"]).order_by("kind")
    maintenance, rent = invoices
    staff_client.post(reverse("spaces:invoice-pay", args=[rent.pk]), {"paid_on": "2022-10-11"})
    staff_client.post(reverse("spaces:invoice-void", args=[maintenance.pk]), {"reason": "면제"})
    rent.refresh_from_db()
    maintenance.refresh_from_db()
    assert (rent.status, maintenance.status) == (InvoiceStatus.PAID, InvoiceStatus.VOID)

    unpaid = staff_client.get(reverse("spaces:invoice-list"), {"status": "unpaid"})
    assert {i.status for i in unpaid.context["invoices"]} == {InvoiceStatus.UNPAID}
    paid = staff_client.get(reverse("spaces:invoice-list"), {"status": "paid"})
    assert [i.pk for i in paid.context["invoices"]] == [rent.pk]

    staff_client.post(
        reverse("spaces:invoice-monthly"), {"facility": facility.pk, "month": "2022-10"}
    )
    # Only the voided maintenance invoice is issued again.
    assert Invoice.objects.filter(month=D(2022, 10, 1)).count() == 5


def test_settlement_page_and_xlsx(staff_client, facility, world):
    params = {"facility": facility.pk, "month": "2022-10"}
    page = staff_client.get(reverse("spaces:settlement"), params)
    assert page.context["settlement"].invoiced_won == 700_000
    download = staff_client.get(reverse("spaces:settlement"), {**params, "format": "xlsx"})
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(download.content))
    rows = {row[0]: row[1:] for row in book["정산"].iter_rows(min_row=4, values_only=True)}
    assert rows["합계"] == (4, 700_000, 0, 700_000)


@pytest.mark.parametrize(
    ("name", "key", "ceiling"),
    [
        ("spaces:tenancy-list", None, 12),
        ("spaces:call-list", None, 8),
        ("spaces:call-detail", "call", 10),
        ("spaces:agreement-list", None, 8),
        ("spaces:invoice-list", None, 10),
        ("spaces:settlement", None, 10),
        ("spaces:tenancy-detail", "mine", 12),
    ],
)
def test_query_ceilings(
    staff_client, facility, world, django_assert_max_num_queries, name, key, ceiling
):
    for n in range(8):
        make_tenancy(facility=facility, unit=make_unit(facility, f"3{n:02d}호"))
        make_agreement(hygiene_expires_on=timezone.localdate())
        apply(world["call"])
    fee_services.invoices_for_month(facility=facility, month=D(2022, 10, 1), actor=system_actor())
    url = _url(world, name, key)
    with django_assert_max_num_queries(ceiling):
        response = staff_client.get(url, {"facility": facility.pk, "month": "2022-10"})
    assert response.status_code == 200


def test_member_page_query_ceiling(member_client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert member_client.get(reverse("spaces:tenancy-mine")).status_code == 200
