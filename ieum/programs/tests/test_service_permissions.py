"""Every write service of programs checks programs.edit itself: a citizen, an enterprise
member, a buyer or no one at all is refused before anything is written; staff, an
administrator and the system actor (demo, chores) pass."""

import datetime as dt
from functools import partial

import pytest

from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.core.testing import (
    assert_refused_and_nothing_written,
    assert_something_written,
    write_services,
)
from ieum.programs import services
from ieum.programs.choices import ChangeTag, MilestoneStatus

from .factories import BusinessLineFactory, KpiFactory, KpiValueFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2022, 10, 31)


@pytest.fixture
def objects():
    line = BusinessLineFactory(year=2022, code="1")
    manual = KpiFactory(line=line, key="manual")
    computed = KpiFactory(line=line, key="computed", provider="test-computed")
    KpiValueFactory(kpi=computed, as_of=AS_OF)
    return {
        "line": line,
        "manual": manual,
        "computed": computed,
        "milestone": MilestoneFactory(line=line, status=MilestoneStatus.PLANNED),
    }


# service name → the call's arguments other than the actor, from the objects above
WRITES = {
    "line_save (new)": (services.line_save, lambda o: {"year": 2022, "code": "9", "title": "새"}),
    "line_save (edit)": (
        services.line_save,
        lambda o: {"line": o["line"], "year": 2022, "code": "1", "title": "바뀐 사업명"},
    ),
    "program_change_save": (
        services.program_change_save,
        lambda o: {"year": 2022, "name": "새 항목", "tag": ChangeTag.NEW, "text": "내용"},
    ),
    "kpi_save": (
        services.kpi_save,
        lambda o: {"line": o["line"], "key": "new", "name": "새 지표", "unit": "회"},
    ),
    "kpi_delete": (services.kpi_delete, lambda o: {"kpi": o["manual"]}),
    "kpi_values_clear": (services.kpi_values_clear, lambda o: {"kpi": o["computed"]}),
    "kpi_value_record": (
        services.kpi_value_record,
        lambda o: {"kpi": o["manual"], "as_of": AS_OF, "value": 7, "source": "관리자 화면"},
    ),
    "milestone_save": (
        services.milestone_save,
        lambda o: {"line": o["line"], "text": "새 계획", "end_year": 2022, "end_month": 12},
    ),
    "milestone_status_set": (
        services.milestone_status_set,
        lambda o: {"milestone": o["milestone"], "status": MilestoneStatus.DONE},
    ),
    "narrative_save": (
        services.narrative_save,
        lambda o: {"line": o["line"], "as_of": AS_OF, "text": "순조롭게 추진 중"},
    ),
}


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.ENTERPRISE, Role.BUYER, None])
@pytest.mark.parametrize("name", WRITES)
def test_write_service_refuses_an_actor_without_programs_edit(name, role, objects, make_user):
    actor = make_user(role) if role else None
    function, arguments = WRITES[name]
    assert_refused_and_nothing_written(
        "programs", partial(function, actor=actor, **arguments(objects))
    )


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN, "system"])
@pytest.mark.parametrize("name", WRITES)
def test_write_service_accepts_staff_and_the_system_actor(name, role, objects, make_user):
    actor = system_actor() if role == "system" else make_user(role)
    function, arguments = WRITES[name]
    assert_something_written("programs", partial(function, actor=actor, **arguments(objects)))


def test_every_write_service_is_in_the_table():
    """A new write service must join the table, or its check would go untested."""
    written = {name.split(" ")[0] for name in WRITES}
    public = write_services(services)
    assert public == written
