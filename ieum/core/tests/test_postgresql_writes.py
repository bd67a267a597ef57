"""Every form page and every API write, once, on PostgreSQL and outside the test transaction.

Each write is submitted as its permitted user with valid data and must succeed (302 to the
success page, or a 2xx answer) and change its row. Run this way, a row lock taken outside a
transaction, a constraint or a type only PostgreSQL enforces fails here, where the usual tests
(SQLite, each inside a transaction) cannot see it. On SQLite the writes are skipped.

A new ServiceFormView or API write route that the tables below do not name fails the two
coverage tests, which need no database and run on SQLite too: the next app's forms and API
get their row here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from ieum.accounts.services import api_token_create
from ieum.core.choices import Role
from ieum.core.testing import needs_postgresql
from ieum.core.views import ServiceFormView
from ieum.mall.choices import OrderStatus, QuoteRequestStatus
from ieum.mall.models import Order, Product, QuoteRequest
from ieum.mall.services import orders as order_services
from ieum.mall.tests.factories import (
    CategoryFactory,
    MembershipFactory,
    ProductFactory,
    VendorFactory,
)
from ieum.organization import views as organization_views
from ieum.organization.models import (
    Center,
    ContractEvent,
    Department,
    Facility,
    Position,
    StaffingLine,
)
from ieum.organization.tests.factories import (
    CenterFactory,
    ContractEventFactory,
    DepartmentFactory,
    FacilityFactory,
    PositionFactory,
    StaffingLineFactory,
)
from ieum.programs import views as programs_views
from ieum.programs.choices import ChangeTag
from ieum.programs.models import BusinessLine, Kpi, Milestone, Narrative, ProgramChange
from ieum.programs.tests.factories import BusinessLineFactory, KpiFactory, MilestoneFactory
from ieum.spaces.choices import BookingStatus
from ieum.spaces.models import Booking, Room
from ieum.spaces.tests.factories import BookingFactory, RoomFactory
from ieum.spaces.views import rooms as room_views

# -- helpers ----------------------------------------------------------------------------------


def form_data(form: forms.Form, **changes) -> dict:
    """The POST body a browser sends for `form` as shown (its instance's or initial values),
    with `changes` on top: what a user who edits a few fields submits."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.FileField) or value is None:
            continue
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def next_monday() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=3)
    while day.weekday() != 0:
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | subclasses(sub)
    return found


# -- form pages ---------------------------------------------------------------------------------


@dataclass
class Submission:
    url: str
    data: dict
    success_url: Callable[[], str]  # asked after the POST (a created row's page)
    changed: Callable[[], bool]


def center_update() -> Submission:
    center = CenterFactory()
    view = organization_views.CenterUpdateView
    return Submission(
        reverse("organization:center-edit"),
        form_data(view.form_class(instance=center), name="이음 사회적경제지원센터"),
        lambda: reverse("organization:overview"),
        lambda: Center.objects.get().name == "이음 사회적경제지원센터",
    )


def contract_event_create() -> Submission:
    center = CenterFactory()
    event = ContractEventFactory.build(center=center, description="위탁 운영 재계약")
    return Submission(
        reverse("organization:contract-event-create"),
        form_data(organization_views.ContractEventCreateView.form_class(instance=event)),
        lambda: reverse("organization:overview"),
        lambda: ContractEvent.objects.filter(description="위탁 운영 재계약").exists(),
    )


def contract_event_update() -> Submission:
    event = ContractEventFactory()
    form = organization_views.ContractEventUpdateView.form_class(instance=event)
    return Submission(
        reverse("organization:contract-event-edit", args=[event.pk]),
        form_data(form, description="수탁 기관 변경"),
        lambda: reverse("organization:overview"),
        lambda: ContractEvent.objects.get(pk=event.pk).description == "수탁 기관 변경",
    )


def facility_create() -> Submission:
    facility = FacilityFactory.build(center=CenterFactory(), name="녹번 협동허브")
    return Submission(
        reverse("organization:facility-create"),
        form_data(organization_views.FacilityCreateView.form_class(instance=facility)),
        lambda: reverse("organization:overview"),
        lambda: Facility.objects.filter(name="녹번 협동허브").exists(),
    )


def facility_update() -> Submission:
    facility = FacilityFactory()
    form = organization_views.FacilityUpdateView.form_class(instance=facility)
    return Submission(
        reverse("organization:facility-edit", args=[facility.pk]),
        form_data(form, name="증산 교육장"),
        lambda: reverse("organization:overview"),
        lambda: Facility.objects.get(pk=facility.pk).name == "증산 교육장",
    )


def department_update() -> Submission:
    department = DepartmentFactory()
    form = organization_views.DepartmentUpdateView.form_class(instance=department)
    return Submission(
        reverse("organization:department-edit", args=[department.pk]),
        form_data(form, duties="공간 운영과 대관"),
        lambda: reverse("organization:department-list"),
        lambda: Department.objects.get(pk=department.pk).duties == "공간 운영과 대관",
    )


def position_update() -> Submission:
    position = PositionFactory(grade=3)
    form = organization_views.PositionUpdateView.form_class(instance=position)
    return Submission(
        reverse("organization:position-edit", args=[position.pk]),
        form_data(form, name="팀장"),
        lambda: reverse("organization:staffing"),
        lambda: Position.objects.get(pk=position.pk).name == "팀장",
    )


def staffing_plan_edit() -> Submission:
    line = StaffingLineFactory(plan__year=2030, position__grade=4, quota=2, current=1)
    view = organization_views.StaffingPlanEditView(kwargs={"year": 2030})
    view.object = view.get_object()
    return Submission(
        reverse("organization:staffing-edit", args=[2030]),
        form_data(view.get_form(), quota_4="3", current_4="2"),
        lambda: f"{reverse('organization:staffing')}?year=2030",
        lambda: StaffingLine.objects.filter(pk=line.pk, quota=3, current=2).exists(),
    )


def line_create() -> Submission:
    line = BusinessLineFactory.build(year=2030, code="9", number="9", title="새 판로 사업")
    return Submission(
        reverse("programs:line-create"),
        form_data(programs_views.LineCreateView.form_class(instance=line)),
        lambda: reverse("programs:line-detail", args=[BusinessLine.objects.get(code="9").pk]),
        lambda: BusinessLine.objects.filter(title="새 판로 사업").exists(),
    )


def line_update() -> Submission:
    line = BusinessLineFactory()
    form = programs_views.LineUpdateView.form_class(instance=line)
    return Submission(
        reverse("programs:line-edit", args=[line.pk]),
        form_data(form, title="판로 지원 사업"),
        lambda: reverse("programs:line-detail", args=[line.pk]),
        lambda: BusinessLine.objects.get(pk=line.pk).title == "판로 지원 사업",
    )


def kpi_create() -> Submission:
    line = BusinessLineFactory()
    kpi = KpiFactory.build(line=line, key="visitors", name="방문자 수", target=Decimal("100"))
    return Submission(
        reverse("programs:kpi-create", args=[line.pk]),
        form_data(programs_views.KpiCreateView.form_class(instance=kpi)),
        lambda: reverse("programs:line-detail", args=[line.pk]),
        lambda: Kpi.objects.filter(line=line, key="visitors").exists(),
    )


def kpi_update() -> Submission:
    kpi = KpiFactory()
    form = programs_views.KpiUpdateView.form_class(instance=kpi)
    return Submission(
        reverse("programs:kpi-edit", args=[kpi.pk]),
        form_data(form, name="참여 기업 수"),
        lambda: reverse("programs:kpi-detail", args=[kpi.pk]),
        lambda: Kpi.objects.get(pk=kpi.pk).name == "참여 기업 수",
    )


def milestone_create() -> Submission:
    line = BusinessLineFactory()
    milestone = MilestoneFactory.build(line=line, text="하반기 박람회")
    return Submission(
        reverse("programs:milestone-create", args=[line.pk]),
        form_data(programs_views.MilestoneCreateView.form_class(instance=milestone)),
        lambda: reverse("programs:line-detail", args=[line.pk]),
        lambda: Milestone.objects.filter(line=line, text="하반기 박람회").exists(),
    )


def milestone_update() -> Submission:
    milestone = MilestoneFactory()
    form = programs_views.MilestoneUpdateView.form_class(instance=milestone)
    return Submission(
        reverse("programs:milestone-edit", args=[milestone.pk]),
        form_data(form, text="연말 성과 공유회"),
        lambda: reverse("programs:line-detail", args=[milestone.line_id]),
        lambda: Milestone.objects.get(pk=milestone.pk).text == "연말 성과 공유회",
    )


def narrative_create() -> Submission:
    line = BusinessLineFactory()
    return Submission(
        reverse("programs:narrative-create", args=[line.pk]),
        {"as_of": "2022-10-31", "period_label": "1~10월", "text": "박람회 2회를 열었다."},
        lambda: reverse("programs:line-detail", args=[line.pk]),
        lambda: Narrative.objects.filter(line=line, as_of=dt.date(2022, 10, 31)).exists(),
    )


def narrative_update() -> Submission:
    line = BusinessLineFactory()
    narrative = Narrative.objects.create(
        line=line, year=2022, as_of=dt.date(2022, 10, 31), text="박람회 1회"
    )
    form = programs_views.NarrativeUpdateView.form_class(instance=narrative)
    return Submission(
        reverse("programs:narrative-edit", args=[narrative.pk]),
        form_data(form, text="박람회 3회"),
        lambda: reverse("programs:line-detail", args=[line.pk]),
        lambda: Narrative.objects.get(pk=narrative.pk).text == "박람회 3회",
    )


def change_create() -> Submission:
    data = {"year": "2030", "name": "공공구매 상담회", "tag": ChangeTag.NEW, "text": "연 2회"}
    return Submission(
        reverse("programs:change-create"),
        {**data, "previous_text": "", "sort_order": "0"},
        lambda: f"{reverse('programs:change-list')}?year=2030",
        lambda: ProgramChange.objects.filter(name="공공구매 상담회").exists(),
    )


def change_update() -> Submission:
    change = ProgramChange.objects.create(
        year=2030, name="공공구매 상담회", tag=ChangeTag.NEW, text="연 2회"
    )
    form = programs_views.ChangeUpdateView.form_class(instance=change)
    return Submission(
        reverse("programs:change-edit", args=[change.pk]),
        form_data(form, tag=ChangeTag.EXPANDED, text="연 4회"),
        lambda: f"{reverse('programs:change-list')}?year=2030",
        lambda: ProgramChange.objects.get(pk=change.pk).text == "연 4회",
    )


def room_create() -> Submission:
    room = RoomFactory.build(facility=FacilityFactory(), name="공유 주방")
    return Submission(
        reverse("spaces:room-create"),
        form_data(room_views.RoomCreateView.form_class(instance=room)),
        lambda: reverse("spaces:room-admin-list"),
        lambda: Room.objects.filter(name="공유 주방").exists(),
    )


def room_update() -> Submission:
    room = RoomFactory(capacity=8)
    form = room_views.RoomUpdateView.form_class(instance=room)
    return Submission(
        reverse("spaces:room-update", args=[room.pk]),
        form_data(form, capacity="12"),
        lambda: reverse("spaces:room-admin-list"),
        lambda: Room.objects.get(pk=room.pk).capacity == 12,
    )


# Every concrete ServiceFormView: the role allowed to submit it and how to build the write.
FORM_WRITES: dict[type, tuple[str, Callable[[], Submission]]] = {
    organization_views.CenterUpdateView: (Role.STAFF, center_update),
    organization_views.ContractEventCreateView: (Role.STAFF, contract_event_create),
    organization_views.ContractEventUpdateView: (Role.STAFF, contract_event_update),
    organization_views.FacilityCreateView: (Role.STAFF, facility_create),
    organization_views.FacilityUpdateView: (Role.STAFF, facility_update),
    organization_views.DepartmentUpdateView: (Role.STAFF, department_update),
    organization_views.PositionUpdateView: (Role.STAFF, position_update),
    organization_views.StaffingPlanEditView: (Role.STAFF, staffing_plan_edit),
    programs_views.LineCreateView: (Role.STAFF, line_create),
    programs_views.LineUpdateView: (Role.STAFF, line_update),
    programs_views.KpiCreateView: (Role.STAFF, kpi_create),
    programs_views.KpiUpdateView: (Role.STAFF, kpi_update),
    programs_views.MilestoneCreateView: (Role.STAFF, milestone_create),
    programs_views.MilestoneUpdateView: (Role.STAFF, milestone_update),
    programs_views.NarrativeCreateView: (Role.STAFF, narrative_create),
    programs_views.NarrativeUpdateView: (Role.STAFF, narrative_update),
    programs_views.ChangeCreateView: (Role.STAFF, change_create),
    programs_views.ChangeUpdateView: (Role.STAFF, change_update),
    room_views.RoomCreateView: (Role.STAFF, room_create),
    room_views.RoomUpdateView: (Role.STAFF, room_update),
}
# Shared bases that no URL serves.
ABSTRACT_FORM_VIEWS = {
    organization_views.ServiceFormView,
    programs_views.ServiceFormView,
    room_views._RoomFormView,
}


def test_every_service_form_view_is_submitted_here():
    concrete = subclasses(ServiceFormView) - ABSTRACT_FORM_VIEWS
    missing = sorted(f"{v.__module__}.{v.__qualname__}" for v in concrete - set(FORM_WRITES))
    assert not missing, f"ServiceFormView pages with no row in FORM_WRITES: {missing}"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("role", "build"), FORM_WRITES.values(), ids=[v.__name__ for v in FORM_WRITES]
)
def test_form_write_succeeds_outside_a_transaction(client, make_user, role, build):
    client.force_login(make_user(role))
    submission = build()

    response = client.post(submission.url, submission.data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == submission.success_url()
    assert submission.changed()


# -- the API ------------------------------------------------------------------------------------


@dataclass
class ApiWrite:
    user: object
    method: str
    path: str
    body: dict
    changed: Callable[[], bool]


@pytest.fixture
def mall(make_user, member_enterprise, institution):
    """A seller of an approved vendor with a published product, and an approved buyer."""
    vendor = VendorFactory(enterprise=member_enterprise)
    product = ProductFactory(vendor=vendor, category=CategoryFactory(), price_won=12_000)
    buyer = make_user(Role.BUYER)
    MembershipFactory(user=buyer, institution=institution)
    return {"seller": make_user(Role.ENTERPRISE), "buyer": buyer, "product": product}


def _order(mall) -> Order:
    return order_services.order_place(user=mall["buyer"], items=[(mall["product"], 10)])[0]


def _request(mall) -> QuoteRequest:
    items = [(mall["product"], 100)]
    return order_services.quote_request_create(user=mall["buyer"], items=items)[0]


def quote_create(mall) -> ApiWrite:
    body = {"items": [{"product_id": mall["product"].pk, "quantity": 100}], "message": "단체"}
    return ApiWrite(
        mall["buyer"], "post", "/api/mall/quotes", body, lambda: QuoteRequest.objects.exists()
    )


def quote_order(mall) -> ApiWrite:
    request = _request(mall)
    order_services.quote_submit(
        request=request,
        user=mall["seller"],
        lines=[{"product": mall["product"], "quantity": 100, "unit_price_won": 10_000}],
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    return ApiWrite(
        mall["buyer"],
        "post",
        f"/api/mall/quotes/{request.pk}/order",
        {},
        lambda: Order.objects.filter(total_won=1_000_000).exists(),
    )


def order_create(mall) -> ApiWrite:
    body = {"items": [{"product_id": mall["product"].pk, "quantity": 10}], "note": "오전 납품"}
    return ApiWrite(mall["buyer"], "post", "/api/mall/orders", body, Order.objects.exists)


def buyer_order_transition(mall) -> ApiWrite:
    order = _order(mall)
    return ApiWrite(
        mall["buyer"],
        "post",
        f"/api/mall/orders/{order.number}/transition",
        {"to_status": "cancelled", "note": "예산 변경"},
        lambda: Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED,
    )


def product_create(mall) -> ApiWrite:
    body = {
        "name": "고체 치약 30정",
        "category_id": mall["product"].category_id,
        "price_won": 8_900,
    }
    return ApiWrite(
        mall["seller"],
        "post",
        "/api/mall/vendor/products",
        body,
        lambda: Product.objects.filter(name="고체 치약 30정").exists(),
    )


def product_update(mall) -> ApiWrite:
    product = mall["product"]
    return ApiWrite(
        mall["seller"],
        "patch",
        f"/api/mall/vendor/products/{product.pk}",
        {"price_won": 13_000},
        lambda: Product.objects.get(pk=product.pk).price_won == 13_000,
    )


def vendor_order_transition(mall) -> ApiWrite:
    order = _order(mall)
    return ApiWrite(
        mall["seller"],
        "post",
        f"/api/mall/vendor/orders/{order.number}/transition",
        {"to_status": "confirmed"},
        lambda: Order.objects.get(pk=order.pk).status == OrderStatus.CONFIRMED,
    )


def vendor_order_invoice(mall) -> ApiWrite:
    order = _order(mall)
    for status in ("confirmed", "shipped", "delivered"):
        order = order_services.order_transition(order=order, user=mall["seller"], to_status=status)
    body = {"number": "20221005-41000001-00000001", "issued_on": timezone.localdate().isoformat()}
    return ApiWrite(
        mall["seller"],
        "post",
        f"/api/mall/vendor/orders/{order.number}/invoice",
        body,
        lambda: Order.objects.get(pk=order.pk).tax_invoice_number == body["number"],
    )


def vendor_quote_answer(mall) -> ApiWrite:
    request = _request(mall)
    return ApiWrite(
        mall["seller"],
        "post",
        f"/api/mall/vendor/quotes/{request.pk}",
        {"decline_reason": "납기가 맞지 않습니다."},
        lambda: QuoteRequest.objects.get(pk=request.pk).status == QuoteRequestStatus.DECLINED,
    )


def booking_add(mall) -> ApiWrite:
    room = RoomFactory()
    day = next_monday()
    body = {
        "room_id": room.pk,
        "starts_at": at(day, 10).isoformat(),
        "ends_at": at(day, 11).isoformat(),
        "purpose": "facility_use",
        "title": "월간 회의",
        "expected_attendees": 4,
    }
    return ApiWrite(
        mall["seller"],
        "post",
        "/api/spaces/bookings",
        body,
        Booking.objects.filter(room=room).exists,
    )


def booking_cancel(mall) -> ApiWrite:
    seller = mall["seller"]
    day = next_monday()
    booking = BookingFactory(
        starts_at=at(day, 14), ends_at=at(day, 15), booked_by=seller, enterprise=seller.enterprise
    )
    return ApiWrite(
        seller,
        "post",
        f"/api/spaces/bookings/{booking.pk}/cancel",
        {"reason": "일정 변경"},
        lambda: Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED,
    )


# Every API write route (method, path as the OpenAPI document spells it) and how to make it.
API_WRITES: dict[tuple[str, str], Callable[[dict], ApiWrite]] = {
    ("POST", "/api/mall/quotes"): quote_create,
    ("POST", "/api/mall/quotes/{request_id}/order"): quote_order,
    ("POST", "/api/mall/orders"): order_create,
    ("POST", "/api/mall/orders/{number}/transition"): buyer_order_transition,
    ("POST", "/api/mall/vendor/products"): product_create,
    ("PATCH", "/api/mall/vendor/products/{product_id}"): product_update,
    ("POST", "/api/mall/vendor/orders/{number}/transition"): vendor_order_transition,
    ("POST", "/api/mall/vendor/orders/{number}/invoice"): vendor_order_invoice,
    ("POST", "/api/mall/vendor/quotes/{request_id}"): vendor_quote_answer,
    ("POST", "/api/spaces/bookings"): booking_add,
    ("POST", "/api/spaces/bookings/{booking_id}/cancel"): booking_cancel,
}


def test_every_api_write_route_is_submitted_here():
    from ieum.api import api

    routes = {
        (method.upper(), path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
        if method.upper() in {"POST", "PUT", "PATCH", "DELETE"}
    }
    missing = sorted(routes - set(API_WRITES))
    assert not missing, f"API write routes with no row in API_WRITES: {missing}"
    assert not set(API_WRITES) - routes, "API_WRITES names a route the API no longer has"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("build", API_WRITES.values(), ids=[" ".join(k) for k in API_WRITES])
def test_api_write_succeeds_outside_a_transaction(client, mall, build):
    write = build(mall)
    token = api_token_create(user=write.user)[1]

    response = getattr(client, write.method)(
        write.path,
        data=json.dumps(write.body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert 200 <= response.status_code < 300, response.content.decode()[:2000]
    assert write.changed()
