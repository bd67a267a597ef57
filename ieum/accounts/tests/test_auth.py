"""Signing in and out, passwords, lock-out after failed logins, and users' roles."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from ieum.accounts.services import user_create
from ieum.conftest import PASSWORD
from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.settings import base as base_settings

User = get_user_model()
NEW_PASSWORD = "새-비밀번호-Seoul-2022"  # noqa: S105


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- login page and landing -----------------------------------------------------------------


def test_login_page_is_in_korean(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>로그인</h1>" in page
    assert re.search(r'<label for="id_username">사용자 이름', page)
    assert re.search(r'<label for="id_password">비밀번호', page)
    assert "비밀번호를 잊으셨나요?" in page


def test_staff_lands_on_the_console_after_login(client, staff_user):
    response = sign_in(client, staff_user.username)
    assert response.status_code == 302
    assert response.url == reverse("accounts:after-login")
    assert signed_in_user_id(client) == str(staff_user.pk)
    assert client.get(response.url).url == reverse("core:console")


def test_enterprise_member_lands_on_their_enterprise_after_login(client, make_user):
    member = make_user(Role.ENTERPRISE)
    response = sign_in(client, member.username)
    landing = client.get(response.url)
    assert landing.status_code == 302
    assert landing.url == reverse("enterprises:enterprise-detail", args=[member.enterprise_id])


@pytest.mark.parametrize("role", [Role.BUYER, Role.CITIZEN])
def test_buyer_and_citizen_land_on_the_home_page(client, make_user, role):
    user = make_user(role)
    landing = client.get(sign_in(client, user.username).url)
    assert landing.url == reverse("organization:home")


def test_citizen_linked_to_an_enterprise_is_not_sent_to_its_page(
    client, make_user, member_enterprise
):
    # Only members may open an enterprise's page; anyone else landing there would get a 403.
    citizen = make_user(Role.CITIZEN, enterprise=member_enterprise)
    landing = client.get(sign_in(client, citizen.username).url)
    assert landing.url == reverse("organization:home")


def test_login_with_a_wrong_password_is_refused_in_korean(client, staff_user):
    response = sign_in(client, staff_user.username, "wrong-password")
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert "비밀번호를 입력하십시오" in response.content.decode()


def test_inactive_user_cannot_sign_in(client, make_user):
    user = make_user(Role.STAFF, is_active=False)
    sign_in(client, user.username)
    assert signed_in_user_id(client) is None


def test_logout_by_post_signs_out(client, staff_user):
    sign_in(client, staff_user.username)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("organization:home")
    assert signed_in_user_id(client) is None


def test_logout_by_get_is_not_allowed(client, staff_user):
    sign_in(client, staff_user.username)
    assert client.get(reverse("logout")).status_code == 405
    assert signed_in_user_id(client) == str(staff_user.pk)


# --- passwords ------------------------------------------------------------------------------


def test_password_change_flow(client, staff_user):
    sign_in(client, staff_user.username)
    form = client.get(reverse("password_change"))
    assert form.status_code == 200
    assert "비밀번호 변경" in form.content.decode()

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert "비밀번호를 변경했습니다." in client.get(response.url).content.decode()

    staff_user.refresh_from_db()
    assert staff_user.check_password(NEW_PASSWORD)
    assert not staff_user.check_password(PASSWORD)


def test_password_change_refuses_a_wrong_old_password(client, staff_user):
    sign_in(client, staff_user.username)
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "기존 비밀번호를 잘못 입력하셨습니다" in response.content.decode()
    staff_user.refresh_from_db()
    assert staff_user.check_password(PASSWORD)


def test_password_change_requires_sign_in(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_password_reset_mails_a_link_that_sets_a_new_password(client, make_user):
    user = make_user(Role.ENTERPRISE, email="member@example.org")
    response = client.post(reverse("password_reset"), {"email": "member@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert "재설정 안내 메일을 보냈습니다" in client.get(response.url).content.decode()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    set_password_page = client.get(link.group(1), follow=True)
    assert "새 비밀번호 설정" in set_password_page.content.decode()
    form_url = set_password_page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert signed_in_user_id(client) is None
    assert sign_in(client, user.username, NEW_PASSWORD).status_code == 302


def test_password_reset_link_works_only_once(client, make_user):
    make_user(Role.CITIZEN, email="citizen@example.org")
    client.post(reverse("password_reset"), {"email": "citizen@example.org"})
    path = re.search(r"http://testserver(/accounts/reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(path, follow=True)
    assert "재설정 링크가 만료되었거나 잘못되었습니다" in again.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302  # the same answer, so addresses cannot be probed
    assert mail.outbox == []


# --- lock-out (django-axes) -----------------------------------------------------------------


def test_five_failed_logins_lock_the_username_even_for_the_right_password(client, staff_user):
    for _ in range(5):
        sign_in(client, staff_user.username, "wrong-password")
    response = sign_in(client, staff_user.username)
    assert response.status_code == 429
    assert signed_in_user_id(client) is None
    page = response.content.decode()
    assert "로그인이 잠겼습니다" in page
    assert "30분" in page


def test_four_failed_logins_do_not_lock(client, staff_user):
    for _ in range(4):
        sign_in(client, staff_user.username, "wrong-password")
    assert sign_in(client, staff_user.username).status_code == 302
    assert signed_in_user_id(client) == str(staff_user.pk)


def test_lock_out_is_per_username(client, make_user):
    locked, other = make_user(Role.STAFF), make_user(Role.STAFF)
    for _ in range(5):
        sign_in(client, locked.username, "wrong-password")
    assert sign_in(client, other.username).status_code == 302
    assert signed_in_user_id(client) == str(other.pk)


# --- hashing --------------------------------------------------------------------------------


def test_argon2_is_the_first_password_hasher_in_base_settings():
    assert base_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_passwords_are_hashed_with_argon2_under_base_settings():
    with override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS):
        encoded = make_password(PASSWORD)
        assert encoded.startswith("argon2$")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert check_password(PASSWORD, encoded)
        assert not check_password("wrong-password", encoded)


# --- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "field", "message"),
    [
        (Role.STAFF, "department", "직원은 소속 부서가 있어야 합니다."),
        (Role.ENTERPRISE, "enterprise", "기업 회원은 소속 기업이 있어야 합니다."),
        (Role.BUYER, "institution", "공공구매 담당자는 소속 기관이 있어야 합니다."),
    ],
)
def test_user_create_refuses_a_role_without_its_link(db, role, field, message):
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor=system_actor(), username="someone", password=PASSWORD, role=role)
    assert excinfo.value.message_dict[field] == [message]
    assert not User.objects.filter(username="someone").exists()


def test_user_create_refuses_an_unknown_role(db):
    with pytest.raises(ValidationError) as excinfo:
        user_create(actor=system_actor(), username="someone", password=PASSWORD, role="wizard")
    assert "role" in excinfo.value.message_dict


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.ADMIN])
def test_citizen_and_admin_need_no_link(db, role):
    user = user_create(actor=system_actor(), username="someone", password=PASSWORD, role=role)
    assert user.pk is not None
    assert user.check_password(PASSWORD)


def test_admin_role_is_django_staff_and_superuser(make_user):
    user = make_user(Role.ADMIN)
    user.refresh_from_db()
    assert user.is_staff
    assert user.is_superuser


@pytest.mark.parametrize("role", [Role.STAFF, Role.ENTERPRISE, Role.BUYER, Role.CITIZEN])
def test_other_roles_cannot_be_made_django_staff_or_superuser(make_user, role):
    user = make_user(role)
    user.is_staff = user.is_superuser = True
    user.save()
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.is_superuser


@pytest.mark.parametrize("role", [Role.STAFF, Role.ENTERPRISE, Role.BUYER])
def test_creating_a_linked_role_with_admin_flags_does_not_grant_them(make_user, role):
    user = make_user(role, is_staff=True, is_superuser=True)
    user.refresh_from_db()
    assert user.role == role
    assert not user.is_staff
    assert not user.is_superuser


def test_changing_role_away_from_admin_removes_admin_rights(make_user, department):
    user = make_user(Role.ADMIN)
    user.role = Role.STAFF
    user.department = department
    user.save()
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.is_superuser


def test_createsuperuser_makes_an_administrator(db):
    call_command(
        "createsuperuser", username="root", email="root@example.org", interactive=False, verbosity=0
    )
    user = User.objects.get(username="root")
    assert user.role == Role.ADMIN
    assert user.is_superuser
    assert user.is_staff
