"""The admin cannot go around a rule: every registered model is read-only there, saves through
its service, or is editable for a stated reason. A model registered without a decision here
fails the first test."""

import datetime as dt

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from ieum.core.choices import Role
from ieum.core.permissions import system_actor

READ_ONLY = "read-only"
THROUGH_SERVICE = "through service"

DECISIONS = {
    # core: written by the search module and the workers
    "core.SearchEntry": READ_ONLY,
    "core.WorkerHeartbeat": READ_ONLY,
    "core.ChoreRun": READ_ONLY,
    "core.ImportJob": READ_ONLY,
    "core.IdempotencyKey": READ_ONLY,
    # core: the history of changes, written by the services (core.history.record)
    "core.Change": READ_ONLY,
    # organization: center_update, contract_event_*, facility_*, department_update,
    # position_update, staffing_plan_save
    "organization.Center": READ_ONLY,
    "organization.ContractEvent": READ_ONLY,
    "organization.Facility": READ_ONLY,
    "organization.Department": READ_ONLY,
    "organization.Position": READ_ONLY,
    "organization.StaffingPlan": READ_ONLY,
    "organization.StaffingLine": READ_ONLY,
    # enterprises: enterprise_create/_update (reindexed), certification_add, contact_*,
    # support_record_add, institution_create, the import jobs
    "enterprises.Enterprise": READ_ONLY,
    "enterprises.Certification": READ_ONLY,
    "enterprises.Contact": READ_ONLY,
    "enterprises.SupportRecord": READ_ONLY,
    "enterprises.Institution": READ_ONLY,
    # accounts
    "accounts.User": (
        "editable: account administration (role, active, password) has no service but "
        "user_create, and the admin form runs the model's validation of role links as it does"
    ),
    "accounts.ApiToken": READ_ONLY,
    "core.Notification": READ_ONLY,
    "core.NotificationOptOut": READ_ONLY,
    # budget: the import, expenditure_record, transfer_make
    "budget.FiscalYear": READ_ONLY,
    "budget.BudgetLine": READ_ONLY,
    "budget.Expenditure": READ_ONLY,
    "budget.Transfer": READ_ONLY,
    # programs: line_save, program_change_save, kpi_save, kpi_value_record, milestone_save,
    # narrative_save
    "programs.BusinessLine": READ_ONLY,
    "programs.ProgramChange": READ_ONLY,
    "programs.Kpi": READ_ONLY,
    "programs.KpiValue": READ_ONLY,
    "programs.Milestone": READ_ONLY,
    "programs.Narrative": READ_ONLY,
    # mall
    "mall.Vendor": READ_ONLY,
    "mall.VendorDocument": READ_ONLY,
    "mall.VendorEvent": READ_ONLY,
    "mall.Category": READ_ONLY,
    "mall.Product": THROUGH_SERVICE,
    "mall.ProductCertificate": READ_ONLY,
    "mall.ProductImage": READ_ONLY,
    "mall.Membership": READ_ONLY,
    "mall.PurchaseTarget": READ_ONLY,
    "mall.BuyingNeed": READ_ONLY,
    "mall.CartItem": READ_ONLY,
    "mall.QuoteRequest": READ_ONLY,
    "mall.QuoteRequestItem": READ_ONLY,
    "mall.Quote": READ_ONLY,
    "mall.QuoteItem": READ_ONLY,
    "mall.OrderDayCounter": READ_ONLY,
    "mall.Order": READ_ONLY,
    "mall.OrderLine": READ_ONLY,
    "mall.OrderEvent": READ_ONLY,
    "mall.Promotion": READ_ONLY,
    "mall.PromotionProduct": READ_ONLY,
    # spaces
    "spaces.Room": READ_ONLY,
    "spaces.ClosedDay": READ_ONLY,
    "spaces.BookingSeries": READ_ONLY,
    "spaces.Booking": READ_ONLY,
    "spaces.TenantCall": READ_ONLY,
    "spaces.TenantApplication": READ_ONLY,
    "spaces.Tenancy": READ_ONLY,
    "spaces.KitchenAgreement": READ_ONLY,
    "spaces.Invoice": READ_ONLY,
    # reports
    "reports.ReportFile": READ_ONLY,
    # other packages' admins
    "auth.Group": (
        "editable: Django's permission groups, which no ieum service writes; a staff member's "
        "granted permissions are read from them"
    ),
    "axes.AccessAttempt": (
        "editable: django-axes allows no add and no field change; deleting an attempt is how "
        "an administrator unlocks an account"
    ),
    "axes.AccessLog": "editable: django-axes' sign-in log (no add, fields read-only)",
    "axes.AccessFailureLog": "editable: django-axes' failure log (no add, fields read-only)",
    "django_tasks_database.DBTaskResult": READ_ONLY,
}


def registered() -> dict:
    return {model._meta.label: model_admin for model, model_admin in admin.site._registry.items()}


def test_every_registered_model_has_a_decision():
    assert set(DECISIONS) == set(registered())
    for label, decision in DECISIONS.items():
        assert decision in (READ_ONLY, THROUGH_SERVICE) or decision.startswith("editable: "), label


@pytest.fixture
def administrator(make_user):
    return make_user(Role.ADMIN)


def _urls(model, pk):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    return (
        reverse(f"{prefix}_add"),
        reverse(f"{prefix}_change", args=[pk]),
        reverse(f"{prefix}_delete", args=[pk]),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "label", sorted(label for label, decision in DECISIONS.items() if decision == READ_ONLY)
)
def test_a_read_only_model_cannot_be_written_in_the_admin(client, administrator, label):
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label == label)
    model = model_admin.model
    request = RequestFactory().get("/")
    request.user = administrator
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_add_permission(request, None), inline
        assert not inline.has_change_permission(request), inline
        assert not inline.has_delete_permission(request), inline

    client.force_login(administrator)
    row = model.objects.order_by("pk").first()
    add_url, change_url, delete_url = _urls(model, row.pk if row else 1)
    assert client.get(add_url).status_code == 403
    assert client.post(add_url, {}).status_code == 403
    assert client.post(change_url, {}).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    if row is not None:
        assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_an_order_changed_in_the_admin_keeps_its_status_and_events(client, administrator):
    from ieum.mall.models import Order, OrderEvent
    from ieum.mall.tests.factories import (
        InstitutionFactory,
        ProductFactory,
        VendorFactory,
        placed_order,
    )

    vendor = VendorFactory()
    order = placed_order(
        institution=InstitutionFactory(),
        vendor=vendor,
        placed_at=dt.date(2026, 3, 2),
        lines=[(ProductFactory(vendor=vendor), 2, 5_000)],
        status="placed",
    )
    client.force_login(administrator)
    url = reverse("admin:mall_order_change", args=[order.pk])
    assert client.get(url).status_code == 200  # still there to inspect
    response = client.post(url, {"status": "completed", "total_won": "1"})
    assert response.status_code == 403
    order.refresh_from_db()
    assert (order.status, order.total_won) == ("placed", 10_000)
    assert not OrderEvent.objects.filter(order=order).exists()
    delete_url = reverse("admin:mall_order_delete", args=[order.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Order.objects.filter(pk=order.pk).exists()


@pytest.mark.django_db
def test_a_product_renamed_in_the_admin_is_found_by_its_new_name(client, administrator):
    from ieum.mall.selectors.catalog import product_search
    from ieum.mall.services.catalog import product_update
    from ieum.mall.tests.factories import ProductFactory

    product = ProductFactory(name="유기농 쌀과자")
    product_update(product=product, actor=system_actor())  # indexed as the vendor's page leaves it
    assert [p.pk for p in product_search(q="쌀과자").products] == [product.pk]

    client.force_login(administrator)
    url = reverse("admin:mall_product_change", args=[product.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else getattr(value, "pk", value))
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        {
            "name": "수제 도라지청",
            "certificates-TOTAL_FORMS": "0",
            "certificates-INITIAL_FORMS": "0",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [p.pk for p in product_search(q="도라지청").products] == [product.pk]
    assert not product_search(q="쌀과자").products


@pytest.mark.django_db
def test_a_product_refused_by_the_service_is_refused_on_the_admin_form(client, administrator):
    from ieum.mall.tests.factories import ProductFactory

    product = ProductFactory(price_won=10_000)
    client.force_login(administrator)
    url = reverse("admin:mall_product_change", args=[product.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else getattr(value, "pk", value))
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        {
            "price_won": "0",
            "certificates-TOTAL_FORMS": "0",
            "certificates-INITIAL_FORMS": "0",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "price_won" in response.context["adminform"].form.errors
    product.refresh_from_db()
    assert product.price_won == 10_000


@pytest.mark.django_db
def test_a_product_cannot_be_added_or_deleted_in_the_admin(client, administrator):
    from ieum.mall.models import Product
    from ieum.mall.tests.factories import ProductFactory

    product = ProductFactory()
    client.force_login(administrator)
    assert client.get(reverse("admin:mall_product_add")).status_code == 403
    delete_url = reverse("admin:mall_product_delete", args=[product.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Product.objects.filter(pk=product.pk).exists()
