"""`ieum demo` and `ieum demo_logins`: the demo loads twice to the same rows, and every demo
login signs in through the login page and belongs where its role says."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ieum.accounts import demo as accounts_demo
from ieum.accounts.demo import DEMO_LOGINS
from ieum.accounts.models import User
from ieum.core.choices import Role
from ieum.core.districts import DISTRICT_NAMES
from ieum.enterprises.choices import EnterpriseKind
from ieum.enterprises.models import Certification, Enterprise, Institution, SupportRecord
from ieum.organization.models import Department

pytestmark = pytest.mark.django_db

COUNTED = (User, Enterprise, Certification, SupportRecord, Institution, Department)


def load_demo() -> str:
    """The demos these logins stand on (the mall's volume is tested in ieum/mall/tests)."""
    out = StringIO()
    call_command("demo", "organization", "enterprises", "accounts", stdout=out)
    return out.getvalue()


def test_demo_twice_changes_nothing_and_covers_every_district_and_kind():
    load_demo()
    first = {model: model.objects.count() for model in COUNTED}
    load_demo()
    assert {model: model.objects.count() for model in COUNTED} == first
    assert Enterprise.objects.filter(is_sample=True).count() == 700
    assert set(Enterprise.objects.values_list("district", flat=True)) == set(DISTRICT_NAMES)
    assert set(Certification.objects.values_list("kind", flat=True)) == set(EnterpriseKind.values)


def test_every_demo_login_signs_in_through_the_login_page(client):
    load_demo()
    for login in DEMO_LOGINS:
        response = client.post(
            reverse("login"), {"username": login.username, "password": login.password}
        )
        assert response.status_code == 302, login.username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=login.username).pk)
        client.logout()


def test_loading_again_resets_a_changed_demo_password():
    load_demo()
    admin = User.objects.get(username="admin")
    admin.set_password("바뀐-비밀번호-2022")
    admin.save()
    load_demo()
    admin.refresh_from_db()
    assert admin.check_password(next(d.password for d in DEMO_LOGINS if d.username == "admin"))


def test_demo_logins_belong_where_their_role_says():
    load_demo()
    users = {user.username: user for user in User.objects.all()}
    assert {login.username: login.role for login in DEMO_LOGINS} == {
        name: users[name].role for name in ("admin", "staff", "enterprise", "buyer", "citizen")
    }
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not users["staff"].is_staff
    assert users["staff"].department.name == "경영전략실"
    assert users["enterprise"].enterprise == (
        Enterprise.objects.filter(is_sample=True).order_by("brn").first()
    )
    assert users["enterprise"].enterprise.support_records.count() >= 3
    assert users["buyer"].institution.name == "은평구청"
    citizen = users["citizen"]
    assert (citizen.department, citizen.enterprise, citizen.institution) == (None, None, None)


def test_without_the_department_the_staff_login_is_skipped_with_a_warning():
    out = StringIO()
    accounts_demo.load(out)
    assert "경고" in out.getvalue() and "경영전략실" in out.getvalue()
    assert not User.objects.filter(username="staff").exists()
    assert User.objects.get(username="citizen").role == Role.CITIZEN


def test_demo_logins_command_prints_each_login_and_the_address():
    load_demo()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for login in DEMO_LOGINS:
        line = next(line for line in text.splitlines() if f" {login.username} " in line)
        assert str(login.role.label) in line and login.password in line
    assert "http://127.0.0.1:8000/" in text


def test_demo_refuses_an_app_without_a_demo():
    with pytest.raises(CommandError, match="데모가 없는 앱입니다: nothing"):
        call_command("demo", "nothing", stdout=StringIO())


def test_demo_logins_command_says_to_load_the_demo_first():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "ieum demo" in out.getvalue()
