import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from ieum.core.choices import Role
from ieum.organization import services
from ieum.organization.choices import DepartmentKind
from ieum.organization.models import Center, ContractEvent, Department, StaffingLine, StaffingPlan

from .factories import (
    CenterFactory,
    DepartmentFactory,
    FacilityFactory,
    PositionFactory,
    StaffingLineFactory,
    StaffingPlanFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    """A staff member of a department no test here renames (organization sits below accounts,
    so the user is made through the user model, not accounts' services)."""
    return get_user_model().objects.create(
        username="staff", role=Role.STAFF, department=DepartmentFactory(name="테스트지원팀")
    )


@pytest.fixture
def positions():
    return [PositionFactory(grade=grade) for grade in (1, 2, 3)]


def test_staffing_plan_save_refuses_a_negative_figure_and_writes_nothing(positions, staff):
    with pytest.raises(ValidationError) as refused:
        services.staffing_plan_save(
            actor=staff,
            year=2023,
            as_of=dt.date(2023, 10, 31),
            lines={1: (1, 1), 2: (1, -1), 3: (5, 3)},
        )

    assert refused.value.message_dict["current_2"] == ["2급 현원은(는) 0명 이상이어야 합니다."]
    assert not StaffingPlan.objects.exists()
    assert not StaffingLine.objects.exists()


def test_staffing_plan_save_refusal_keeps_the_saved_figures(positions, staff):
    plan = StaffingPlanFactory(year=2023)
    for position in positions:
        StaffingLineFactory(plan=plan, position=position, quota=4, current=4)

    with pytest.raises(ValidationError):
        services.staffing_plan_save(
            actor=staff,
            year=2023,
            as_of=dt.date(2023, 12, 1),
            lines={1: (-3, 1), 2: (9, 9), 3: (9, 9)},
        )

    assert list(plan.lines.values_list("quota", flat=True)) == [4, 4, 4]
    plan.refresh_from_db()
    assert plan.as_of == dt.date(2023, 12, 31)


def test_staffing_plan_save_needs_every_grade(positions, staff):
    with pytest.raises(ValidationError) as refused:
        services.staffing_plan_save(
            actor=staff, year=2023, as_of=dt.date(2023, 1, 1), lines={1: (1, 1)}
        )

    assert "2급, 3급의 정원과 현원을 입력하세요." in refused.value.messages
    assert not StaffingPlan.objects.exists()


def test_staffing_plan_save_replaces_the_year_without_duplicating_lines(positions, staff):
    services.staffing_plan_save(
        actor=staff, year=2023, as_of=dt.date(2023, 6, 30), lines={1: (1, 1), 2: (1, 0), 3: (5, 3)}
    )

    plan = services.staffing_plan_save(
        actor=staff,
        year=2023,
        as_of=dt.date(2023, 10, 31),
        note="정규직 기준",
        lines={1: (1, 1), 2: (1, 1), 3: (6, 4)},
    )

    assert StaffingPlan.objects.count() == 1
    assert plan.as_of == dt.date(2023, 10, 31)
    figures = list(plan.lines.values_list("position__grade", "quota", "current"))
    assert figures == [(1, 1, 1), (2, 1, 1), (3, 6, 4)]


def test_department_cannot_be_moved_under_its_own_office(staff):
    headquarters = DepartmentFactory(name="미래전략본부", kind=DepartmentKind.HEADQUARTERS)
    office = DepartmentFactory(name="경영전략실", parent=headquarters)

    with pytest.raises(ValidationError) as refused:
        services.department_update(
            actor=staff, department=headquarters, name="미래전략본부", parent=office, duties=""
        )

    assert "하위 부서" in refused.value.message_dict["parent"][0]
    headquarters.refresh_from_db()
    assert headquarters.parent is None


def test_department_cannot_be_its_own_parent(staff):
    office = DepartmentFactory(name="지역상생실")

    with pytest.raises(ValidationError) as refused:
        services.department_update(actor=staff, department=office, name="지역상생실", parent=office)

    assert "parent" in refused.value.message_dict


def test_department_update_saves_duties_line_by_line(staff):
    headquarters = DepartmentFactory(name="미래전략본부", kind=DepartmentKind.HEADQUARTERS)
    office = DepartmentFactory(name="기획전략실")

    services.department_update(
        actor=staff,
        department=office,
        name="기획전략실",
        parent=headquarters,
        duties="센터 기획전략에 관한 제반 업무\n전문가 자문단 운영\n",
        sort_order=4,
    )

    office = Department.objects.get(pk=office.pk)
    assert office.parent == headquarters
    assert office.duty_list == ["센터 기획전략에 관한 제반 업무", "전문가 자문단 운영"]


def test_department_name_already_taken_is_refused_in_korean(staff):
    DepartmentFactory(name="가치협력실")
    office = DepartmentFactory(name="기획전략실")

    with pytest.raises(ValidationError) as refused:
        services.department_update(actor=staff, department=office, name="가치협력실", parent=None)

    assert refused.value.message_dict["name"] == ["'가치협력실' 부서가 이미 있습니다."]


def test_contract_term_must_end_after_it_starts(staff):
    center = CenterFactory()

    with pytest.raises(ValidationError) as refused:
        services.contract_event_create(
            actor=staff,
            center=center,
            occurred_on=dt.date(2024, 1, 23),
            description="센터 위수탁 재계약",
            term_start=dt.date(2024, 1, 23),
            term_end=dt.date(2023, 1, 22),
        )

    assert refused.value.message_dict["term_end"] == [
        "계약 종료일은 계약 시작일보다 뒤여야 합니다."
    ]
    assert not ContractEvent.objects.exists()


def test_contract_event_update_and_delete(staff):
    center = CenterFactory()
    event = services.contract_event_create(
        actor=staff, center=center, occurred_on=dt.date(2013, 4, 11), description="개소식"
    )

    services.contract_event_update(
        actor=staff, event=event, occurred_on=dt.date(2013, 4, 11), description="센터 개소식"
    )
    assert ContractEvent.objects.get().description == "센터 개소식"

    services.contract_event_delete(actor=staff, event=event)
    assert not ContractEvent.objects.exists()


def test_only_one_center_can_be_registered(staff):
    CenterFactory()

    with pytest.raises(ValidationError) as refused:
        services.center_update(actor=staff, center=Center(), name="두 번째 센터")

    assert "하나만" in refused.value.messages[0]
    assert Center.objects.count() == 1


def test_center_update_refuses_a_blank_name_and_a_zero_area(staff):
    center = CenterFactory()

    with pytest.raises(ValidationError) as blank:
        services.center_update(actor=staff, center=center, name="")
    with pytest.raises(ValidationError) as zero:
        services.center_update(actor=staff, center=center, name="센터", area_m2=Decimal("0"))

    assert "name" in blank.value.message_dict
    assert zero.value.message_dict["area_m2"] == ["면적은 0보다 커야 합니다."]


def test_facility_district_is_read_from_the_address_when_blank(staff):
    facility = services.facility_create(
        actor=staff,
        center=CenterFactory(),
        name="가락 먹거리 융합클러스터",
        address="서울시 송파구 양재대로 932 청과동 3층",
        area_m2=Decimal("1007"),
    )

    assert facility.district == "송파구"


def test_facility_outside_seoul_districts_is_refused(staff):
    with pytest.raises(ValidationError) as refused:
        services.facility_create(
            actor=staff,
            center=CenterFactory(),
            name="수원 공간",
            address="수원시",
            district="팔달구",
        )

    assert "자치구가 아닙니다" in refused.value.message_dict["district"][0]


def test_facility_update_refuses_a_name_already_used(staff):
    first = FacilityFactory(name="상암 소셜박스")
    second = FacilityFactory(name="개봉 비대면 산업 클러스터", center=first.center)

    with pytest.raises(ValidationError) as refused:
        services.facility_update(
            actor=staff, facility=second, name="상암 소셜박스", address=second.address
        )

    assert "이미 등록" in refused.value.message_dict["name"][0]


def test_position_update_changes_titles_but_not_grade(staff):
    position = PositionFactory(grade=4, name="책임")

    services.position_update(actor=staff, position=position, name="책임", titles="책임, 팀장")

    position.refresh_from_db()
    assert position.grade == 4
    assert position.title_list == ["책임", "팀장"]
