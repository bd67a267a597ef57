"""Fixtures shared by every app's tests: one signed-in client per role."""

import pytest
from django.core.cache import cache

from ieum.accounts.choices import Role
from ieum.accounts.services import user_create
from ieum.enterprises.choices import InstitutionKind
from ieum.enterprises.models import Enterprise, Institution
from ieum.organization.choices import DepartmentKind
from ieum.organization.models import Department

PASSWORD = "ieum-test-Password-1"  # noqa: S105


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as a freshly started server would."""
    cache.clear()


@pytest.fixture
def department(db):
    return Department.objects.create(name="경영전략실", kind=DepartmentKind.OFFICE)


@pytest.fixture
def member_enterprise(db):
    return Enterprise.objects.create(name="소속협동조합", brn="1168200276", district="은평구")


@pytest.fixture
def institution(db):
    return Institution.objects.create(name="은평구청", kind=InstitutionKind.DISTRICT)


@pytest.fixture
def make_user(db, department, member_enterprise, institution):
    """make_user(role) → a saved user of that role with the links the role needs."""
    counter = iter(range(1, 10_000))

    def make(role: str = Role.STAFF, **fields):
        links = {
            Role.STAFF: {"department": department},
            Role.ENTERPRISE: {"enterprise": member_enterprise},
            Role.BUYER: {"institution": institution},
        }.get(role, {})
        return user_create(
            username=fields.pop("username", f"{role}{next(counter)}"),
            password=PASSWORD,
            role=role,
            **{**links, **fields},
        )

    return make


@pytest.fixture
def staff_user(make_user):
    return make_user(Role.STAFF)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
