import datetime as dt
import io
from decimal import Decimal

import pytest

from ieum.organization import demo, selectors
from ieum.organization.choices import DepartmentKind
from ieum.organization.models import (
    Center,
    ContractEvent,
    Department,
    Facility,
    Position,
    StaffingLine,
    StaffingPlan,
)

pytestmark = pytest.mark.django_db

MODELS = [Center, ContractEvent, Facility, Department, Position, StaffingPlan, StaffingLine]


def load() -> str:
    out = io.StringIO()
    demo.load(out)
    return out.getvalue()


def test_demo_loads_the_seed_staffing_table():
    load()

    table = selectors.staffing_table(2022)

    assert [c.position.name for c in table.columns] == ["센터장", "본부장", "수석", "책임", "선임"]
    assert [c.quota for c in table.columns] == [1, 1, 5, 7, 10]
    assert [c.current for c in table.columns] == [1, 1, 3, 9, 10]
    assert (table.quota_total, table.current_total) == (24, 24)
    assert table.plan.as_of == dt.date(2022, 10, 31)
    assert table.plan.note == "정규직 기준(전담 인력 6명 제외)"


def test_demo_twice_gives_the_same_rows():
    load()
    first = {model.__name__: model.objects.count() for model in MODELS}
    first_ids = sorted(StaffingLine.objects.values_list("pk", flat=True))

    load()

    assert {model.__name__: model.objects.count() for model in MODELS} == first
    assert sorted(StaffingLine.objects.values_list("pk", flat=True)) == first_ids
    assert first == {
        "Center": 1,
        "ContractEvent": 6,
        "Facility": 5,
        "Department": 6,
        "Position": 5,
        "StaffingPlan": 1,
        "StaffingLine": 5,
    }


def test_demo_loads_the_center_profile_and_history():
    load()

    profile = selectors.center_profile()
    center = profile.center
    assert center.name == "서울특별시 사회적경제지원센터"
    assert center.operator == "(사)서울사회적경제네트워크"
    assert "오단이, 한경아, 박미현" in center.operator_representatives
    assert len(center.legal_basis_list) == 2
    assert len(center.mandate_list) == 11
    assert center.area_m2 == Decimal("1070")
    assert [e.occurred_on.year for e in profile.contract_events] == [
        2013,
        2013,
        2013,
        2015,
        2018,
        2021,
    ]
    latest = profile.contract_events[-1]
    assert (latest.term_start, latest.term_end) == (dt.date(2021, 1, 23), dt.date(2024, 1, 22))


def test_demo_loads_the_facilities_with_sangam_gross_area_and_opening():
    load()

    facilities = {f.short_name: f for f in selectors.center_profile().facilities}

    assert list(facilities) == ["본관", "상암", "개봉", "가락", "녹번"]
    sangam = facilities["상암"]
    assert sangam.area_is_gross and sangam.area_m2 == Decimal("1541")
    assert sangam.opened_on == dt.date(2017, 8, 1)
    assert facilities["녹번"].district == "은평구"
    assert facilities["가락"].district == "송파구"


def test_demo_puts_five_offices_under_the_headquarters_with_their_duties():
    load()

    tree = selectors.department_tree()

    assert tree.summary == "1본부 5실"
    names = [(row.department.name, row.depth) for row in tree.rows]
    assert names == [
        ("미래전략본부", 0),
        ("경영전략실", 1),
        ("지역상생실", 1),
        ("가치협력실", 1),
        ("기획전략실", 1),
        ("시민경제연구실", 1),
    ]
    management = Department.objects.get(name="경영전략실")
    assert len(management.duty_list) == 6
    assert management.duty_list[0] == "인사·복무·노무·교육(법정), 급여·세무 및 재무회계"
    assert len(Department.objects.get(name="시민경제연구실").duty_list) == 4


def test_demo_adopts_an_existing_department_of_the_same_name(department):
    # Staff users already point at 경영전략실; the demo must fill it in, not duplicate it.
    load()

    adopted = Department.objects.get(pk=department.pk)
    assert adopted.parent.name == "미래전략본부"
    assert adopted.kind == DepartmentKind.OFFICE
    assert Department.objects.filter(name="경영전략실").count() == 1


def test_demo_reports_what_it_loaded_in_one_korean_line():
    output = load()

    assert output.count("\n") == 1
    assert "정원 24명" in output and "현원 24명" in output
