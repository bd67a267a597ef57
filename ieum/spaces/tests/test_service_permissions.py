"""The spaces' staff services check spaces.manage themselves: an enterprise member, a buyer or a
citizen is refused before anything is written, whichever door they come through; staff and the
system actor (demo, chores, commands without --user) pass. An application is made only in the
name of one's own enterprise."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.core.testing import assert_refused_and_nothing_written, assert_something_written
from ieum.enterprises.tests.factories import EnterpriseFactory
from ieum.organization.tests.factories import FacilityFactory
from ieum.spaces.choices import RoomKind
from ieum.spaces.services import fees, kitchen, tenants

from .factories import RoomFactory

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = timezone.localdate()


def _call_fields(facility):
    return {
        "facility": facility,
        "title": "입주기업 모집",
        "opens_on": TODAY,
        "closes_on": TODAY + dt.timedelta(days=7),
        "units": 1,
        "criteria": [{"name": "사업계획", "max": 100}],
    }


WRITES = {
    "call_create": lambda: (tenants.call_create, _call_fields(FacilityFactory())),
    "tenancy_create": lambda: (
        tenants.tenancy_create,
        {
            "enterprise": EnterpriseFactory(),
            "facility": (facility := FacilityFactory()),
            "unit": RoomFactory(facility=facility, kind=RoomKind.TENANT_UNIT),
            "starts_on": D(2022, 1, 1),
            "ends_on": D(2023, 12, 31),
            "monthly_fee_won": 300_000,
            "deposit_won": 1_000_000,
            "maintenance_fee_won": 50_000,
        },
    ),
    "agreement_create": lambda: (
        kitchen.agreement_create,
        {
            "enterprise": EnterpriseFactory(),
            "kitchen": RoomFactory(kind=RoomKind.KITCHEN, name="공유주방"),
            "starts_on": D(2022, 1, 1),
            "ends_on": D(2022, 12, 31),
            "hygiene_expires_on": D(2022, 6, 30),
        },
    ),
}


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.BUYER, Role.CITIZEN])
@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_staff_service_refuses_everyone_else_and_writes_nothing(name, role, make_user):
    service, arguments = WRITES[name]()
    actor = make_user(role)
    assert_refused_and_nothing_written("spaces", lambda: service(actor=actor, **arguments))


@pytest.mark.parametrize("who", ["staff", "system"])
@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_staff_service_accepts_staff_and_the_system_actor(name, who, make_user):
    service, arguments = WRITES[name]()
    actor = system_actor() if who == "system" else make_user(Role.STAFF)
    assert_something_written("spaces", lambda: service(actor=actor, **arguments))


@pytest.mark.parametrize(
    "chore",
    [
        lambda actor: tenants.tenancies_end_expired(on=TODAY, actor=actor),
        lambda actor: kitchen.hygiene_reminders_send(on=TODAY, actor=actor),
        lambda actor: fees.invoices_for_month(facility=FacilityFactory(), month=TODAY, actor=actor),
    ],
    ids=["end_tenancies", "hygiene_reminders", "monthly_invoices"],
)
def test_chores_run_as_the_system_actor_and_refuse_a_member(chore, make_user):
    with pytest.raises(PermissionDenied):
        chore(make_user(Role.ENTERPRISE))
    chore(system_actor())


def test_an_application_is_made_in_the_name_of_ones_own_enterprise(make_user):
    call = tenants.call_open(
        call=tenants.call_create(actor=system_actor(), **_call_fields(FacilityFactory())),
        actor=system_actor(),
    )
    member = make_user(Role.ENTERPRISE)
    other = EnterpriseFactory()
    assert_refused_and_nothing_written(
        "spaces",
        lambda: tenants.application_submit(call=call, enterprise=other, user=member, plan="계획"),
    )
    application = tenants.application_submit(
        call=call, enterprise=member.enterprise, user=member, plan="계획"
    )
    assert application.applied_by == member
