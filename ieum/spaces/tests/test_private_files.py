"""Tenant application documents and kitchen hygiene certificates are private: random names in
the private storage, staff download them from the console pages under the uploaded name,
nobody reaches them through /media/ or /static/."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from ieum.core.choices import Role
from ieum.core.tests.privacy import assert_stored_privately
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.organization.tests.factories import FacilityFactory
from ieum.spaces.models import KitchenAgreement, TenantApplication

from .test_kitchen import make_kitchen
from .test_tenants import open_call

pytestmark = pytest.mark.django_db

PLAN = b"%PDF-1.4 plan"
CERTIFICATE = b"\x89PNG\r\n\x1a\n certificate"


@pytest.fixture
def application(client, make_user, member_enterprise):
    """Sent by a member through the call's page, as the member would."""
    call = open_call(FacilityFactory())
    client.force_login(make_user(Role.ENTERPRISE))
    response = client.post(
        reverse("spaces:call-apply", args=[call.pk]),
        {"plan": "식품 제조 창업", "document": SimpleUploadedFile("입주 사업계획서.pdf", PLAN)},
    )
    assert response.status_code == 302
    client.logout()
    return TenantApplication.objects.get(call=call, enterprise=member_enterprise)


@pytest.fixture
def agreement(client, staff_user):
    """Made by staff through the agreement form, with the certificate."""
    client.force_login(staff_user)
    response = client.post(
        reverse("spaces:agreement-create"),
        {
            "enterprise": EnterpriseFactory().pk,
            "kitchen": make_kitchen().pk,
            "starts_on": "2022-01-01",
            "ends_on": "2022-12-31",
            "hygiene_expires_on": "2022-06-30",
            "hygiene_certificate": SimpleUploadedFile("보건증_홍길동.PNG", CERTIFICATE),
        },
    )
    assert response.status_code == 302
    client.logout()
    return KitchenAgreement.objects.get()


CASES = {
    "application": (
        "spaces:application-document",
        "spaces:application-score",
        "document",
        "입주 사업계획서.pdf",
        PLAN,
    ),
    "agreement": (
        "spaces:agreement-certificate",
        "spaces:agreement-detail",
        "hygiene_certificate",
        "보건증_홍길동.PNG",
        CERTIFICATE,
    ),
}


@pytest.mark.parametrize("kind", CASES)
def test_staff_download_it_under_the_uploaded_name(request, client, staff_user, kind):
    download, page, field, uploaded, content = CASES[kind]
    obj = request.getfixturevalue(kind)
    client.force_login(staff_user)
    url = reverse(download, args=[obj.pk])
    assert url in client.get(reverse(page, args=[obj.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert getattr(obj, f"{field}_name") == uploaded
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert uploaded.split(".")[-1] in response["Content-Disposition"]


@pytest.mark.parametrize("kind", CASES)
@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.BUYER, Role.CITIZEN])
def test_others_are_refused_even_the_applicant(request, client, make_user, kind, role):
    obj = request.getfixturevalue(kind)
    client.force_login(make_user(role))
    assert client.get(reverse(CASES[kind][0], args=[obj.pk])).status_code == 403
    client.logout()
    assert client.get(reverse(CASES[kind][0], args=[obj.pk])).status_code == 302


@pytest.mark.parametrize("kind", CASES)
def test_it_is_not_where_the_proxy_serves(request, client, kind):
    _download, _page, field, uploaded, _content = CASES[kind]
    obj = request.getfixturevalue(kind)
    assert_stored_privately(getattr(obj, field), uploaded_name=uploaded, client=client)


@override_settings(PRIVATE_FILES_ACCEL_REDIRECT="/_private/")
def test_nginx_sends_the_certificate_after_the_check(client, staff_user, agreement):
    client.force_login(staff_user)
    response = client.get(reverse("spaces:agreement-certificate", args=[agreement.pk]))
    assert response["X-Accel-Redirect"] == f"/_private/{agreement.hygiene_certificate.name}"
    assert response.content == b""
    assert response["Content-Type"] == "image/png"


def test_a_new_certificate_keeps_its_own_name(client, staff_user, agreement):
    old_name = agreement.hygiene_certificate.name
    client.force_login(staff_user)
    response = client.post(
        reverse("spaces:agreement-detail", args=[agreement.pk]),
        {
            "hygiene_expires_on": (dt.date(2023, 6, 30)).isoformat(),
            "hygiene_certificate": SimpleUploadedFile("보건증 2023.pdf", b"%PDF-1.4 new"),
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.hygiene_certificate.name != old_name
    assert agreement.hygiene_certificate_name == "보건증 2023.pdf"
    download = client.get(reverse("spaces:agreement-certificate", args=[agreement.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 new"
