"""Role × page: who may open which page (the one permission table, seen from the outside)."""

import datetime

import pytest
from django.urls import reverse

from ieum.core.choices import Role

ANON = "anonymous"
ROLES = [ANON, Role.STAFF, Role.ADMIN, Role.ENTERPRISE, Role.BUYER, Role.CITIZEN]

# page → the roles that get 200; signed-in others get 403, anonymous visitors go to login.
PAGES = {
    "organization:home": set(ROLES),
    "core:console": {Role.STAFF, Role.ADMIN},
    "core:task-list": {Role.STAFF, Role.ADMIN},
    "organization:overview": {Role.STAFF, Role.ADMIN},
    "organization:department-list": {Role.STAFF, Role.ADMIN},
    "organization:staffing": {Role.STAFF, Role.ADMIN},
    "enterprises:enterprise-list": {Role.STAFF, Role.ADMIN},
    "enterprises:enterprise-create": {Role.STAFF, Role.ADMIN},
    "own-enterprise": {Role.STAFF, Role.ADMIN, Role.ENTERPRISE},
    "other-enterprise": {Role.STAFF, Role.ADMIN},
    "enterprises:import": {Role.STAFF, Role.ADMIN},
    "enterprises:export": {Role.STAFF, Role.ADMIN},
    "budget:overview": {Role.STAFF, Role.ADMIN},
    "budget:expenditure-list": {Role.STAFF, Role.ADMIN},
    "programs:line-list": {Role.STAFF, Role.ADMIN},
    "reports:report": {Role.STAFF, Role.ADMIN},
    "reports:report-file-detail": {Role.STAFF, Role.ADMIN},
    "reports:report-file-status": {Role.STAFF, Role.ADMIN},
    "accounts:account": {Role.STAFF, Role.ADMIN, Role.ENTERPRISE, Role.BUYER, Role.CITIZEN},
    "mall:home": set(ROLES),
    "mall:product-search": set(ROLES),
    "mall:console-dashboard": {Role.STAFF, Role.ADMIN},
    "mall:vendor-list": {Role.STAFF, Role.ADMIN},
    "mall:membership-list": {Role.STAFF, Role.ADMIN},
    "mall:institution-list": {Role.STAFF, Role.ADMIN},
    "mall:console-record-list": {Role.STAFF, Role.ADMIN},
    "mall:promotion-list": {Role.STAFF, Role.ADMIN},
    "mall:console-order-list": {Role.STAFF, Role.ADMIN},
    "mall:cart-detail": {Role.BUYER},
    "mall:quoterequest-list": {Role.BUYER},
    "mall:order-list": {Role.BUYER},
    "mall:record-list": {Role.BUYER},
    "mall:need-list": {Role.BUYER},
    "mall:recommendation-list": {Role.BUYER},
    "mall:vendor-portal": {Role.ENTERPRISE},
    "mall:vendor-quoterequest-list": {Role.ENTERPRISE},
    "mall:vendor-order-list": {Role.ENTERPRISE},
    "mall:settlement-detail": {Role.ENTERPRISE},
    "spaces:room-list": {Role.STAFF, Role.ADMIN, Role.ENTERPRISE},
    "spaces:booking-list": {Role.STAFF, Role.ADMIN, Role.ENTERPRISE},
    "spaces:tenancy-mine": {Role.STAFF, Role.ADMIN, Role.ENTERPRISE},
    "spaces:console": {Role.STAFF, Role.ADMIN},
    "spaces:room-admin-list": {Role.STAFF, Role.ADMIN},
    "spaces:call-list": {Role.STAFF, Role.ADMIN},
    "spaces:tenancy-list": {Role.STAFF, Role.ADMIN},
    "spaces:agreement-list": {Role.STAFF, Role.ADMIN},
    "spaces:invoice-list": {Role.STAFF, Role.ADMIN},
    "spaces:settlement": {Role.STAFF, Role.ADMIN},
    "admin:index": {Role.ADMIN},
}


def _url(page: str, member_enterprise, other_enterprise) -> str:
    if page == "own-enterprise":
        return reverse("enterprises:enterprise-detail", args=[member_enterprise.pk])
    if page == "other-enterprise":
        return reverse("enterprises:enterprise-detail", args=[other_enterprise.pk])
    if page.startswith("reports:report-file-"):
        from ieum.reports.models import ReportFile

        report_file = ReportFile.objects.create(
            year=2022, as_of=datetime.date(2022, 10, 31), format="json"
        )
        return reverse(page, args=[report_file.pk])
    return reverse(page)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_role_page_access(client, make_user, member_enterprise, role, page):
    from ieum.enterprises.tests.factories import EnterpriseFactory
    from ieum.mall.tests.factories import MembershipFactory, VendorFactory

    url = _url(page, member_enterprise, EnterpriseFactory())
    # The member's enterprise sells in the mall, and buyers are approved members of it.
    VendorFactory(enterprise=member_enterprise)
    if role != ANON:
        user = make_user(role)
        if role == Role.BUYER:
            MembershipFactory(user=user)
        client.force_login(user)
    status = client.get(url).status_code
    if role in PAGES[page]:
        assert status == 200, f"{role} → {page}: {status}"
    elif role == ANON or page == "admin:index":
        assert status == 302, f"{role} → {page}: {status}"
    else:
        assert status == 403, f"{role} → {page}: {status}"


API = {
    "/api/accounts/me": {Role.STAFF, Role.ADMIN, Role.ENTERPRISE, Role.BUYER, Role.CITIZEN},
    "/api/enterprises/": {Role.STAFF, Role.ADMIN},
    "own-enterprise": {Role.STAFF, Role.ADMIN, Role.ENTERPRISE},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(API))
def test_role_api_access(client, make_user, member_enterprise, role, endpoint):
    from ieum.accounts.services import api_token_create

    url = f"/api/enterprises/{member_enterprise.pk}" if endpoint == "own-enterprise" else endpoint
    headers = {}
    if role != ANON:
        _, token = api_token_create(user=make_user(role))
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    status = client.get(url, **headers).status_code
    if role == ANON:
        assert status == 401
    else:
        assert status == (200 if role in API[endpoint] else 403), f"{role} → {endpoint}"


@pytest.mark.django_db
def test_every_model_has_an_admin_page_for_administrators(client, make_user):
    from django.apps import apps
    from django.contrib import admin

    client.force_login(make_user(Role.ADMIN))
    ieum_models = [m for m in apps.get_models() if m.__module__.startswith("ieum.")]
    assert ieum_models
    for model in ieum_models:
        assert admin.site.is_registered(model), model
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
