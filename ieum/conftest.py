"""Fixtures shared by every app's tests: one signed-in client per role."""

import pytest
from django.core.cache import cache

from ieum.accounts.services import user_create
from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.enterprises.choices import InstitutionKind
from ieum.enterprises.models import Enterprise, Institution
from ieum.organization.choices import DepartmentKind
from ieum.organization.models import Department

PASSWORD = "ieum-test-Password-1"  # noqa: S105


@pytest.fixture
def chromium(monkeypatch):
    """Debian's chromium driven by Playwright. Write the test's rows before asking for this:
    once Playwright's event loop runs, ORM calls open connections that outlive the test."""
    from playwright.sync_api import sync_playwright

    from ieum.core.testing import CHROMIUM

    # Playwright's sync API keeps an event loop in this thread; the ORM calls made by the test
    # database's set-up and teardown are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def background_worker(tmp_path):
    """An `ieum worker` process on the test database (for django_db(transaction=True) tests):
    jobs queued by the test's requests run there, as in production."""
    from ieum.core.testing import worker_process

    with worker_process(var_dir=tmp_path) as process:
        yield process


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Private files of a test go to a temporary folder of their own, beside its media."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "ieum.core.files.PrivateFileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    return location


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
            actor=system_actor(),
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
