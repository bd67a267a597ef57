"""Tenant calls, applications, scoring and selection; tenancy contracts, renewals and exits;
the tenant list per facility. Helpers here (no `test_` prefix) are shared by the other
tenant, kitchen and fee tests."""

import datetime as dt
import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from ieum.core.permissions import system_actor
from ieum.enterprises.models import SupportRecord
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.organization.tests.factories import FacilityFactory
from ieum.spaces.choices import ApplicationStatus, CallStatus, RoomKind, TenancyStatus
from ieum.spaces.models import Tenancy, TenantApplication
from ieum.spaces.selectors.tenants import active_tenancy, call_ranking, tenants_by_facility
from ieum.spaces.services import tenants as services

from .factories import RoomFactory

pytestmark = pytest.mark.django_db

D = dt.date
CRITERIA = [{"name": "사업계획", "max": 40}, {"name": "사회적 가치", "max": 30}]


def make_unit(facility, name=None):
    return RoomFactory(
        facility=facility,
        kind=RoomKind.TENANT_UNIT,
        **({"name": name} if name else {}),
    )


def make_tenancy(enterprise=None, facility=None, unit=None, **fields):
    """A contract written through the service (its rules checked)."""
    facility = facility or FacilityFactory(name="개봉 비대면 산업 클러스터", short_name="개봉")
    values = {
        "starts_on": D(2022, 1, 1),
        "ends_on": D(2023, 12, 31),
        "monthly_fee_won": 300_000,
        "deposit_won": 1_000_000,
        "maintenance_fee_won": 50_000,
    }
    values.update(fields)
    return services.tenancy_create(
        actor=system_actor(),
        enterprise=enterprise or EnterpriseFactory(),
        facility=facility,
        unit=unit,
        **values,
    )


def open_call(facility=None, units=2, criteria=CRITERIA):
    today = timezone.localdate()
    call = services.call_create(
        actor=system_actor(),
        facility=facility or FacilityFactory(),
        title="2023 입주기업 모집",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
        units=units,
        criteria=criteria,
    )
    return services.call_open(actor=system_actor(), call=call)


def apply(call, enterprise=None, plan="공유 오피스에서 제품 개발"):
    return services.application_submit(
        call=call, enterprise=enterprise or EnterpriseFactory(), user=system_actor(), plan=plan
    )


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- calls ---------------------------------------------------------------------------------


def test_call_refuses_bad_criteria_and_period():
    with pytest.raises(ValidationError) as error:
        services.call_create(
            actor=system_actor(),
            facility=FacilityFactory(),
            title="모집",
            opens_on=D(2023, 1, 10),
            closes_on=D(2023, 1, 1),
            units=0,
            criteria=[{"name": "계획", "max": 0}, {"name": "", "max": 10}],
        )
    errors = error.value.message_dict
    assert "배점은 1~100점" in " ".join(errors["criteria"])
    assert "이름을 적어" in " ".join(errors["criteria"])
    assert errors["closes_on"] == ["접수 마감일이 시작일보다 빠릅니다."]
    assert errors["units"] == ["모집 공간 수는 1 이상이어야 합니다."]


def test_call_opens_and_closes_only_from_the_right_status():
    call = open_call()
    assert call.status == CallStatus.OPEN
    with pytest.raises(ValidationError, match="준비 중이거나 마감된"):
        services.call_open(actor=system_actor(), call=call)
    services.call_close(actor=system_actor(), call=call)
    with pytest.raises(ValidationError, match="모집 중인 공고만 마감"):
        services.call_close(actor=system_actor(), call=call)


# --- applications --------------------------------------------------------------------------


def test_apply_once_while_open():
    call = open_call()
    enterprise = EnterpriseFactory()
    application = apply(call, enterprise)
    assert application.status == ApplicationStatus.SUBMITTED

    with pytest.raises(ValidationError, match="이미 신청했습니다"):
        apply(call, enterprise)
    assert TenantApplication.objects.count() == 1


def test_apply_refused_when_closed_or_draft_or_outside_dates():
    call = open_call()
    services.call_close(actor=system_actor(), call=call)
    with pytest.raises(ValidationError, match="모집 중인 공고가 아닙니다"):
        apply(call)

    today = timezone.localdate()
    early = services.call_create(
        actor=system_actor(),
        facility=FacilityFactory(),
        title="다음 달 모집",
        opens_on=today + dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=20),
        units=1,
        criteria=CRITERIA,
    )
    with pytest.raises(ValidationError, match="모집 중인 공고가 아닙니다"):
        apply(early)
    services.call_open(actor=system_actor(), call=early)
    with pytest.raises(ValidationError, match="접수는 .*부터입니다"):
        apply(early)
    assert TenantApplication.objects.count() == 0


def test_apply_refuses_blank_plan_and_bad_document():
    call = open_call()
    with pytest.raises(ValidationError) as error:
        apply(call, plan="  ")
    assert error.value.message_dict == {"plan": ["입주 목적과 사업계획을 적어 주세요."]}
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            call=call,
            enterprise=EnterpriseFactory(),
            user=system_actor(),
            plan="계획",
            document=SimpleUploadedFile("plan.exe", b"MZ"),
        )
    assert "PDF, JPG, PNG" in error.value.message_dict["document"][0]
    assert TenantApplication.objects.count() == 0


# --- scoring and selection -----------------------------------------------------------------


def test_scoring_checks_each_criterion_and_ranks():
    call = open_call(units=2)
    first, second, third = (apply(call) for _ in range(3))
    with pytest.raises(ValidationError, match="마감한 공고만 심사"):
        services.application_score(
            application=first, scores={"사업계획": 30, "사회적 가치": 20}, actor=system_actor()
        )
    services.call_close(actor=system_actor(), call=call)

    with pytest.raises(ValidationError) as error:
        services.application_score(
            application=first, scores={"사업계획": 41, "사회적 가치": "많음"}, actor=system_actor()
        )
    assert error.value.message_dict == {
        "score_0": ["'사업계획' 점수는 0~40점이어야 합니다."],
        "score_1": ["'사회적 가치' 점수를 숫자로 적어 주세요."],
    }
    first.refresh_from_db()
    assert first.total_score is None

    services.application_score(
        application=first, scores={"사업계획": "30.5", "사회적 가치": 20}, actor=system_actor()
    )
    services.application_score(
        application=second, scores={"사업계획": 38, "사회적 가치": 25}, actor=system_actor()
    )
    assert first.total_score == Decimal("50.5")
    ranking = call_ranking(call)
    assert [(a.pk, a.rank) for a in ranking] == [(second.pk, 1), (first.pk, 2), (third.pk, None)]
    assert ranking[1].score_list == [("사업계획", 40, "30.5"), ("사회적 가치", 30, "20")]


def test_selection_up_to_units_of_scored_applications():
    call = open_call(units=1)
    first, second = apply(call), apply(call)
    services.call_close(actor=system_actor(), call=call)
    with pytest.raises(ValidationError, match="심사 점수가 없는 신청"):
        services.applications_select(call=call, application_ids=[first.pk], actor=system_actor())
    for application, points in ((first, 35), (second, 20)):
        services.application_score(
            application=application,
            scores={"사업계획": points, "사회적 가치": 10},
            actor=system_actor(),
        )
    with pytest.raises(ValidationError, match=r"모집 공간 수\(1\)보다 많이"):
        services.applications_select(
            call=call, application_ids=[first.pk, second.pk], actor=system_actor()
        )
    other = apply(open_call())
    with pytest.raises(ValidationError, match="이 공고의 신청이 아닌"):
        services.applications_select(call=call, application_ids=[other.pk], actor=system_actor())

    services.applications_select(call=call, application_ids=[first.pk], actor=system_actor())

    first.refresh_from_db()
    second.refresh_from_db()
    call.refresh_from_db()
    assert (first.status, second.status) == (ApplicationStatus.SELECTED, ApplicationStatus.REJECTED)
    assert second.get_status_display() == "미선정"
    assert call.status == CallStatus.DECIDED


def test_tenancy_from_a_selected_application_only():
    call = open_call(units=1)
    chosen, left = apply(call), apply(call)
    services.call_close(actor=system_actor(), call=call)
    for application in (chosen, left):
        services.application_score(
            application=application,
            scores={"사업계획": 30, "사회적 가치": 10},
            actor=system_actor(),
        )
    services.applications_select(call=call, application_ids=[chosen.pk], actor=system_actor())
    with pytest.raises(ValidationError, match="선정된 신청으로만"):
        make_tenancy(left.enterprise, call.facility, application=left)

    tenancy = make_tenancy(chosen.enterprise, call.facility, application=chosen)
    assert tenancy.application == chosen
    with pytest.raises(ValidationError, match="이미 있습니다"):
        make_tenancy(
            chosen.enterprise,
            call.facility,
            application=chosen,
            starts_on=D(2024, 1, 1),
            ends_on=D(2024, 12, 31),
        )


# --- tenancy contracts ---------------------------------------------------------------------


def test_tenancy_refuses_bad_period_and_negative_fees():
    facility = FacilityFactory()
    with pytest.raises(ValidationError) as error:
        make_tenancy(
            facility=facility,
            starts_on=D(2022, 6, 1),
            ends_on=D(2022, 5, 31),
            monthly_fee_won=-1,
            maintenance_fee_won=-5,
        )
    errors = error.value.message_dict
    assert errors["ends_on"] == ["계약 종료일이 시작일보다 빠릅니다."]
    assert errors["monthly_fee_won"] == ["금액은 0원 이상이어야 합니다."]
    assert errors["maintenance_fee_won"] == ["금액은 0원 이상이어야 합니다."]
    assert not Tenancy.objects.exists()
    assert not SupportRecord.objects.exists()


def test_tenancy_refuses_a_unit_of_another_kind_or_facility():
    facility = FacilityFactory()
    meeting = RoomFactory(facility=facility)
    elsewhere = make_unit(FacilityFactory())
    for room in (meeting, elsewhere):
        with pytest.raises(ValidationError) as error:
            make_tenancy(facility=facility, unit=room)
        assert error.value.message_dict["unit"] == ["이 시설의 입주공간을 골라 주세요."]


def test_tenancy_refuses_an_occupied_unit_over_an_overlapping_period():
    facility = FacilityFactory()
    unit = make_unit(facility, "201호")
    make_tenancy(facility=facility, unit=unit, starts_on=D(2022, 1, 1), ends_on=D(2022, 12, 31))

    with pytest.raises(ValidationError) as error:
        make_tenancy(
            facility=facility, unit=unit, starts_on=D(2022, 12, 31), ends_on=D(2023, 12, 31)
        )
    assert error.value.message_dict["unit"] == [
        "201호은(는) '22.01.01.~'22.12.31.에 다른 기업이 입주해 있습니다."
    ]
    # The day after the end is free.
    make_tenancy(facility=facility, unit=unit, starts_on=D(2023, 1, 1), ends_on=D(2023, 12, 31))
    assert Tenancy.objects.count() == 2


def test_tenancy_refuses_a_second_contract_of_the_enterprise_in_the_facility():
    facility = FacilityFactory()
    enterprise = EnterpriseFactory(name="사회적협동조합 이음")
    make_tenancy(enterprise, facility, starts_on=D(2022, 1, 1), ends_on=D(2022, 12, 31))
    with pytest.raises(ValidationError) as error:
        make_tenancy(enterprise, facility, starts_on=D(2022, 6, 1), ends_on=D(2023, 5, 31))
    assert "이 시설에 기간이 겹치는 입주 계약" in error.value.message_dict["enterprise"][0]
    # Another facility is fine.
    make_tenancy(enterprise, FacilityFactory(), starts_on=D(2022, 6, 1), ends_on=D(2023, 5, 31))


def test_tenancy_create_writes_a_support_record():
    facility = FacilityFactory(name="개봉 비대면 산업 클러스터", short_name="개봉")
    tenancy = make_tenancy(facility=facility)
    record = SupportRecord.objects.get(enterprise=tenancy.enterprise)
    assert record.source == "spaces"
    assert record.title == "개봉 비대면 산업 클러스터 입주 ('22.01.01.~'23.12.31.)"
    assert record.occurred_on == D(2022, 1, 1)
    assert record.link == f"/console/spaces/tenancies/{tenancy.pk}/"


def test_renewal_continues_the_contract_and_ends_the_previous():
    facility = FacilityFactory(name="가락 먹거리 융합클러스터")
    unit = make_unit(facility)
    first = make_tenancy(facility=facility, unit=unit, ends_on=D(2022, 12, 31))

    renewal = services.tenancy_renew(
        actor=system_actor(), tenancy=first, ends_on=D(2024, 12, 31), monthly_fee_won=350_000
    )

    first.refresh_from_db()
    assert first.status == TenancyStatus.ENDED
    assert (renewal.previous, renewal.starts_on, renewal.unit) == (first, D(2023, 1, 1), unit)
    assert (renewal.monthly_fee_won, renewal.maintenance_fee_won) == (350_000, 50_000)
    # The renewed contract holds until its own end, then the renewal takes over.
    enterprise = first.enterprise
    assert active_tenancy(enterprise=enterprise, facility=facility, on=D(2022, 12, 31)) == first
    assert active_tenancy(enterprise=enterprise, facility=facility, on=D(2023, 1, 1)) == renewal
    titles = list(
        SupportRecord.objects.filter(enterprise=enterprise)
        .order_by("occurred_on")
        .values_list("title", flat=True)
    )
    assert titles[-1] == "가락 먹거리 융합클러스터 입주 계약 갱신 ('23.01.01.~'24.12.31.)"

    with pytest.raises(ValidationError, match="이미 갱신된 계약"):
        services.tenancy_renew(actor=system_actor(), tenancy=first, ends_on=D(2025, 12, 31))
    with pytest.raises(ValidationError, match="다음 날부터"):
        services.tenancy_renew(
            actor=system_actor(), tenancy=renewal, starts_on=D(2024, 6, 1), ends_on=D(2025, 12, 31)
        )


def test_exit_ends_the_stay_frees_the_unit_and_is_recorded():
    facility = FacilityFactory(name="상암 소셜박스")
    unit = make_unit(facility)
    tenancy = make_tenancy(facility=facility, unit=unit)
    with pytest.raises(ValidationError) as error:
        services.tenancy_exit(
            actor=system_actor(), tenancy=tenancy, exited_on=D(2024, 3, 1), reason=""
        )
    assert set(error.value.message_dict) == {"exited_on", "reason"}

    services.tenancy_exit(
        actor=system_actor(), tenancy=tenancy, exited_on=D(2022, 6, 30), reason="사업장 이전"
    )

    assert tenancy.status == TenancyStatus.EXITED
    enterprise = tenancy.enterprise
    assert active_tenancy(enterprise=enterprise, facility=facility, on=D(2022, 6, 30)) == tenancy
    assert active_tenancy(enterprise=enterprise, facility=facility, on=D(2022, 7, 1)) is None
    assert SupportRecord.objects.filter(
        enterprise=enterprise, title="상암 소셜박스 중도 퇴거 ('22.06.30.)"
    ).exists()
    make_tenancy(facility=facility, unit=unit, starts_on=D(2022, 7, 1))
    with pytest.raises(ValidationError, match="입주 중인 계약만"):
        services.tenancy_exit(
            actor=system_actor(), tenancy=tenancy, exited_on=D(2022, 7, 1), reason="다시"
        )
    with pytest.raises(ValidationError, match="중도 퇴거한 계약은 갱신할 수 없습니다"):
        services.tenancy_renew(actor=system_actor(), tenancy=tenancy, ends_on=D(2025, 12, 31))


def test_active_tenancy_edges():
    facility = FacilityFactory()
    tenancy = make_tenancy(facility=facility, starts_on=D(2022, 3, 1), ends_on=D(2022, 8, 31))
    enterprise = tenancy.enterprise
    assert active_tenancy(enterprise=enterprise, facility=facility, on=D(2022, 2, 28)) is None
    assert active_tenancy(enterprise=enterprise, facility=facility, on=D(2022, 3, 1)) == tenancy
    assert active_tenancy(enterprise=enterprise, facility=facility, on=D(2022, 8, 31)) == tenancy
    assert active_tenancy(enterprise=enterprise, facility=facility, on=D(2022, 9, 1)) is None
    assert (
        active_tenancy(enterprise=enterprise, facility=FacilityFactory(), on=D(2022, 5, 1)) is None
    )
    assert active_tenancy(enterprise=None, facility=facility, on=D(2022, 5, 1)) is None


def test_tenants_by_facility_counts_contracts_in_force():
    gaebong = FacilityFactory(name="개봉", sort_order=1)
    garak = FacilityFactory(name="가락", sort_order=2)
    for _ in range(3):
        make_tenancy(facility=gaebong)
    make_tenancy(facility=garak)
    make_tenancy(facility=garak, starts_on=D(2023, 1, 1))  # not yet
    exited = make_tenancy(facility=garak)
    services.tenancy_exit(
        actor=system_actor(), tenancy=exited, exited_on=D(2022, 5, 31), reason="폐업"
    )

    rows = tenants_by_facility(on=D(2022, 10, 1))

    assert [(row.facility.name, row.count) for row in rows] == [("개봉", 3), ("가락", 1)]


def test_end_expired_marks_contracts_past_their_end():
    tenancy = make_tenancy(ends_on=D(2022, 12, 31))
    assert services.tenancies_end_expired(actor=system_actor(), on=D(2023, 1, 1)) == 1
    tenancy.refresh_from_db()
    assert tenancy.status == TenancyStatus.ENDED


def run_together(count: int, work) -> list[str]:
    """Run work(index) in `count` threads started at once; 'ok' or the Korean refusal each."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(index: int) -> None:
        try:
            barrier.wait()
            try:
                work(index)
            except ValidationError as error:
                result = _messages(error)
            except Exception as error:  # noqa: BLE001 - any other outcome fails the test
                result = f"error: {error!r}"
            else:
                result = "ok"
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def skip_in_memory_sqlite():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("in-memory SQLite is not shared between threads")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_contracts_for_one_unit_exactly_one_wins():
    skip_in_memory_sqlite()
    facility = FacilityFactory()
    unit = make_unit(facility, "301호")
    enterprises = [EnterpriseFactory() for _ in range(8)]

    outcomes = run_together(
        8,
        lambda index: services.tenancy_create(
            actor=system_actor(),
            enterprise=enterprises[index],
            facility=facility,
            unit=unit,
            starts_on=D(2022, 1, 1) + dt.timedelta(days=index),
            ends_on=D(2022, 12, 31),
        ),
    )

    assert outcomes.count("ok") == 1, outcomes
    assert all("다른 기업이 입주해 있습니다" in o for o in outcomes if o != "ok"), outcomes
    assert Tenancy.objects.filter(unit=unit).count() == 1


def test_call_needs_criteria_to_open_and_keeps_them_once_scored():
    today = timezone.localdate()
    fields = {
        "title": "모집",
        "opens_on": today,
        "closes_on": today + dt.timedelta(days=3),
        "units": 1,
    }
    bare = services.call_create(
        actor=system_actor(), facility=FacilityFactory(), criteria=[], **fields
    )
    with pytest.raises(ValidationError, match="심사 기준을 하나 이상"):
        services.call_open(actor=system_actor(), call=bare)

    call = open_call()
    application = apply(call)
    services.call_close(actor=system_actor(), call=call)
    services.application_score(
        application=application, scores={"사업계획": 10, "사회적 가치": 10}, actor=system_actor()
    )
    with pytest.raises(ValidationError, match="심사 기준은 바꿀 수 없습니다"):
        services.call_update(
            actor=system_actor(), call=call, criteria=[{"name": "사업계획", "max": 100}], **fields
        )
    services.call_update(
        actor=system_actor(), call=call, criteria=CRITERIA, **{**fields, "title": "고친 공고"}
    )
    assert call.title == "고친 공고"


def test_end_tenancies_command_ends_what_has_expired_once():
    tenancy = make_tenancy(ends_on=D(2022, 12, 31))
    out = StringIO()
    call_command("end_tenancies", "--on", "2023-01-01", stdout=out)
    assert "1건" in out.getvalue()
    tenancy.refresh_from_db()
    assert tenancy.status == TenancyStatus.ENDED
    call_command("end_tenancies", "--on", "2023-01-01", stdout=(again := StringIO()))
    assert "0건" in again.getvalue()
    with pytest.raises(CommandError, match="기준일을 읽을 수 없습니다"):
        call_command("end_tenancies", "--on", "내일")
