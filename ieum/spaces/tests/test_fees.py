"""Invoices (booking fees, monthly rent and maintenance), paid and void, and the monthly
settlement per facility with its XLSX."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from ieum.core.permissions import system_actor
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.organization.tests.factories import FacilityFactory
from ieum.spaces.choices import BookingStatus, InvoiceKind, InvoiceStatus
from ieum.spaces.exports import settlement_xlsx
from ieum.spaces.models import Invoice
from ieum.spaces.selectors.fees import monthly_settlement
from ieum.spaces.services import fees as services
from ieum.spaces.services.tenants import tenancy_exit

from .factories import BookingFactory, RoomFactory
from .test_tenants import make_tenancy, run_together, skip_in_memory_sqlite

pytestmark = pytest.mark.django_db

D = dt.date
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def outside_booking(facility, fee_won=120_000, status=BookingStatus.CONFIRMED, **fields):
    start = dt.datetime(2022, 10, 5, 14, tzinfo=SEOUL)
    return BookingFactory(
        room=RoomFactory(facility=facility, name=fields.pop("room_name", "대강의실")),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        organizer="은평마을사람들",
        fee_won=fee_won,
        status=status,
        **fields,
    )


@pytest.fixture
def facility():
    return FacilityFactory(name="가락 먹거리 융합클러스터", short_name="가락")


def test_booking_invoice_once_per_booking(facility, staff_user):
    booking = outside_booking(facility)
    invoice = services.invoice_for_booking(booking=booking, actor=staff_user)
    assert (invoice.kind, invoice.amount_won, invoice.payer) == (
        InvoiceKind.BOOKING,
        120_000,
        "은평마을사람들",
    )
    assert invoice.month == D(2022, 10, 1)
    with pytest.raises(ValidationError, match="청구서가 이미 있습니다"):
        services.invoice_for_booking(booking=booking, actor=staff_user)
    services.invoice_void(invoice=invoice, reason="금액 정정", actor=staff_user)
    again = services.invoice_for_booking(booking=booking, actor=staff_user)
    assert again.pk != invoice.pk


def test_booking_invoice_refusals(facility, staff_user):
    with pytest.raises(ValidationError, match="대관료가 없는 예약"):
        services.invoice_for_booking(booking=outside_booking(facility, fee_won=0), actor=staff_user)
    cancelled = outside_booking(facility, status=BookingStatus.CANCELLED, room_name="회의실")
    with pytest.raises(ValidationError, match="확정된 예약만"):
        services.invoice_for_booking(booking=cancelled, actor=staff_user)
    assert not Invoice.objects.exists()


def test_monthly_invoices_are_idempotent(facility, staff_user):
    first = make_tenancy(facility=facility, monthly_fee_won=300_000, maintenance_fee_won=50_000)
    make_tenancy(facility=facility, monthly_fee_won=200_000, maintenance_fee_won=0)
    make_tenancy(facility=facility, starts_on=D(2022, 11, 1))  # not yet in October
    make_tenancy(facility=FacilityFactory())  # another facility

    created = services.invoices_for_month(
        facility=facility, month=D(2022, 10, 17), actor=system_actor()
    )

    assert sorted((i.kind, i.amount_won) for i in created) == [
        (InvoiceKind.MAINTENANCE, 50_000),
        (InvoiceKind.RENT, 200_000),
        (InvoiceKind.RENT, 300_000),
    ]
    assert {i.month for i in created} == {D(2022, 10, 1)}
    assert (
        services.invoices_for_month(facility=facility, month=D(2022, 10, 1), actor=system_actor())
        == []
    )
    assert Invoice.objects.count() == 3

    # A voided invoice is issued again; the others stay single.
    rent = Invoice.objects.get(tenancy=first, kind=InvoiceKind.RENT)
    services.invoice_void(invoice=rent, reason="임대료 조정", actor=staff_user)
    again = services.invoices_for_month(
        facility=facility, month=D(2022, 10, 1), actor=system_actor()
    )
    assert [(i.tenancy_id, i.kind) for i in again] == [(first.pk, InvoiceKind.RENT)]


def test_monthly_invoices_skip_contracts_that_ended_before_the_month(facility):
    tenancy = make_tenancy(facility=facility)
    tenancy_exit(actor=system_actor(), tenancy=tenancy, exited_on=D(2022, 9, 30), reason="이전")
    assert (
        services.invoices_for_month(facility=facility, month=D(2022, 10, 1), actor=system_actor())
        == []
    )
    assert (
        len(
            services.invoices_for_month(
                facility=facility, month=D(2022, 9, 1), actor=system_actor()
            )
        )
        == 2
    )


def test_the_database_refuses_a_second_standing_invoice(facility):
    make_tenancy(facility=facility)
    [invoice, *_rest] = services.invoices_for_month(
        facility=facility, month=D(2022, 10, 1), actor=system_actor()
    )
    assert (
        services._tenancy_invoice(invoice.tenancy, invoice.kind, 1, invoice.month, D(2022, 10, 1))
        is None
    )
    assert Invoice.objects.count() == 2


def test_paid_and_void_rules(facility, staff_user):
    make_tenancy(facility=facility)
    rent, maintenance = sorted(
        services.invoices_for_month(facility=facility, month=D(2022, 10, 1), actor=system_actor()),
        key=lambda i: i.kind != InvoiceKind.RENT,
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.invoice_mark_paid(invoice=rent, paid_on=tomorrow, actor=staff_user)
    assert error.value.message_dict == {"paid_on": ["납부일이 오늘 이후입니다."]}
    services.invoice_mark_paid(invoice=rent, paid_on=D(2022, 10, 20), actor=staff_user)
    assert (rent.status, rent.paid_on) == (InvoiceStatus.PAID, D(2022, 10, 20))
    with pytest.raises(ValidationError, match="미납 상태의 청구만 납부"):
        services.invoice_mark_paid(invoice=rent, paid_on=D(2022, 10, 21), actor=staff_user)
    with pytest.raises(ValidationError, match="미납 상태의 청구만 취소"):
        services.invoice_void(invoice=rent, reason="실수", actor=staff_user)
    with pytest.raises(ValidationError) as error:
        services.invoice_void(invoice=maintenance, reason=" ", actor=staff_user)
    assert error.value.message_dict == {"reason": ["취소 사유를 적어 주세요."]}
    services.invoice_void(invoice=maintenance, reason="관리비 면제", actor=staff_user)
    assert (maintenance.status, maintenance.void_reason) == (InvoiceStatus.VOID, "관리비 면제")


@pytest.fixture
def october(facility, staff_user):
    """October 2022 at 가락: two rents (one paid), a maintenance, a booking fee (paid) and a
    voided rent of another tenant; September has an invoice too."""
    a = make_tenancy(
        EnterpriseFactory(name="가나다협동조합"),
        facility,
        monthly_fee_won=300_000,
        maintenance_fee_won=50_000,
    )
    make_tenancy(
        EnterpriseFactory(name="라마바사회적기업"),
        facility,
        monthly_fee_won=200_000,
        maintenance_fee_won=0,
    )
    voided = make_tenancy(facility=facility, monthly_fee_won=999_000, maintenance_fee_won=0)
    services.invoices_for_month(facility=facility, month=D(2022, 9, 1), actor=system_actor())
    services.invoices_for_month(facility=facility, month=D(2022, 10, 1), actor=system_actor())
    october = Invoice.objects.filter(month=D(2022, 10, 1))
    services.invoice_mark_paid(
        invoice=october.get(tenancy=a, kind=InvoiceKind.RENT),
        paid_on=D(2022, 10, 10),
        actor=system_actor(),
    )
    services.invoice_void(invoice=october.get(tenancy=voided), reason="면제", actor=system_actor())
    fee = services.invoice_for_booking(booking=outside_booking(facility), actor=staff_user)
    services.invoice_mark_paid(invoice=fee, paid_on=D(2022, 10, 6), actor=staff_user)
    return facility


def test_monthly_settlement_totals(october):
    settlement = monthly_settlement(facility=october, month=D(2022, 10, 1))

    lines = {line.kind: line for line in settlement.lines}
    assert (lines["rent"].invoiced_won, lines["rent"].paid_won, lines["rent"].unpaid_won) == (
        500_000,
        300_000,
        200_000,
    )
    assert (lines["maintenance"].invoiced_won, lines["maintenance"].unpaid_won) == (50_000, 50_000)
    assert (lines["booking"].invoiced_won, lines["booking"].paid_won) == (120_000, 120_000)
    assert lines["deposit"].count == 0
    assert (settlement.invoiced_won, settlement.paid_won, settlement.unpaid_won) == (
        670_000,
        420_000,
        250_000,
    )
    assert settlement.count == 4
    assert len(settlement.invoices) == 4


def test_settlement_xlsx_reads_back(october):
    settlement = monthly_settlement(facility=october, month=D(2022, 10, 1))

    book = load_workbook(io.BytesIO(settlement_xlsx(settlement)))

    summary = book["정산"]
    assert summary["A1"].value == "가락 먹거리 융합클러스터 2022년 10월 수익금 정산"
    rows = {row[0]: row[1:] for row in summary.iter_rows(min_row=4, values_only=True)}
    assert rows["임대료"] == (2, 500_000, 300_000, 200_000)
    assert rows["합계"] == (4, 670_000, 420_000, 250_000)
    listing = list(book["청구 내역"].iter_rows(min_row=2, values_only=True))
    assert len(listing) == 4
    assert sum(row[4] for row in listing) == 670_000
    assert {row[2] for row in listing} >= {"가나다협동조합", "라마바사회적기업", "은평마을사람들"}
    paid = [row for row in listing if row[7] == "납부"]
    assert sorted(row[8].date() for row in paid) == [D(2022, 10, 6), D(2022, 10, 10)]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_monthly_runs_issue_each_invoice_once():
    skip_in_memory_sqlite()
    facility = FacilityFactory()
    for _ in range(3):
        make_tenancy(facility=facility, monthly_fee_won=100_000, maintenance_fee_won=10_000)

    outcomes = run_together(
        6,
        lambda index: services.invoices_for_month(
            facility=facility, month=D(2022, 10, 1), actor=system_actor()
        ),
    )

    assert outcomes == ["ok"] * 6
    assert Invoice.objects.filter(month=D(2022, 10, 1)).count() == 6
