"""Every write service of organization checks organization.edit itself: a citizen, an
enterprise member, a buyer or no one at all is refused before anything is written; staff, an
administrator and the system actor (demo, chores) pass."""

import datetime as dt
from functools import partial

import pytest
from django.contrib.auth import get_user_model

from ieum.core.choices import Role
from ieum.core.permissions import SYSTEM_USERNAME, has_permission, system_actor
from ieum.core.testing import (
    assert_refused_and_nothing_written,
    assert_something_written,
    write_services,
)
from ieum.organization import services

from .factories import (
    CenterFactory,
    ContractEventFactory,
    DepartmentFactory,
    FacilityFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    center = CenterFactory()
    return {
        "center": center,
        "event": ContractEventFactory(center=center),
        "facility": FacilityFactory(center=center),
        "department": DepartmentFactory(name="지역상생실"),
        "position": PositionFactory(grade=1, name="선임"),
    }


# service name → (service, the call's arguments other than the actor)
WRITES = {
    "center_update": (
        services.center_update,
        lambda o: {"center": o["center"], "name": "바뀐 센터 이름"},
    ),
    "contract_event_create": (
        services.contract_event_create,
        lambda o: {
            "center": o["center"],
            "occurred_on": dt.date(2024, 1, 23),
            "description": "재계약",
        },
    ),
    "contract_event_update": (
        services.contract_event_update,
        lambda o: {"event": o["event"], "occurred_on": dt.date(2013, 4, 11), "description": "개소"},
    ),
    "contract_event_delete": (services.contract_event_delete, lambda o: {"event": o["event"]}),
    "facility_create": (
        services.facility_create,
        lambda o: {"center": o["center"], "name": "새 공간", "address": "서울시 은평구 통일로 684"},
    ),
    "facility_update": (
        services.facility_update,
        lambda o: {"facility": o["facility"], "name": "바뀐 공간", "address": "서울시 마포구"},
    ),
    "department_update": (
        services.department_update,
        lambda o: {"department": o["department"], "name": "지역협력실", "parent": None},
    ),
    "position_update": (
        services.position_update,
        lambda o: {"position": o["position"], "name": "책임", "titles": "팀장"},
    ),
    "staffing_plan_save": (
        services.staffing_plan_save,
        lambda o: {"year": 2023, "as_of": dt.date(2023, 1, 1), "lines": {1: (3, 2)}},
    ),
}


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.ENTERPRISE, Role.BUYER, None])
@pytest.mark.parametrize("name", WRITES)
def test_write_service_refuses_an_actor_without_organization_edit(name, role, objects, make_user):
    actor = make_user(role) if role else None
    function, arguments = WRITES[name]
    assert_refused_and_nothing_written(
        "organization", partial(function, actor=actor, **arguments(objects))
    )


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN, "system"])
@pytest.mark.parametrize("name", WRITES)
def test_write_service_accepts_staff_and_the_system_actor(name, role, objects, make_user):
    actor = system_actor() if role == "system" else make_user(role)
    function, arguments = WRITES[name]
    assert_something_written("organization", partial(function, actor=actor, **arguments(objects)))


def test_every_write_service_is_in_the_table():
    """A new write service must join the table, or its check would go untested."""
    public = write_services(services)
    assert public == set(WRITES)


def test_system_actor_is_one_administrator_no_one_can_sign_in_as():
    actor = system_actor()

    assert system_actor().pk == actor.pk
    assert get_user_model().objects.filter(username=SYSTEM_USERNAME).count() == 1
    assert actor.role == Role.ADMIN
    assert not actor.has_usable_password()
    assert has_permission(actor, "organization.edit")


def test_system_actor_never_borrows_a_person_named_system(db):
    # Made directly: make_user acts as the system actor, which would claim the name first.
    get_user_model().objects.create_user(username=SYSTEM_USERNAME, role=Role.CITIZEN)

    with pytest.raises(RuntimeError, match="not the system actor"):
        system_actor()
