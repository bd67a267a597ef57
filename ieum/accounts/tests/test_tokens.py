"""Personal API tokens: made by the CLI or the account page, stored only as a hash."""

import hashlib
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from ieum.accounts.models import ApiToken
from ieum.accounts.services import api_token_authenticate, api_token_create, api_token_revoke
from ieum.core.choices import Role

ME = "/api/accounts/me"
TOKEN = re.compile(r"ieum_[A-Za-z0-9_\-]{20,}")


def create_token_by_cli(username: str, *args: str) -> str:
    out = StringIO()
    call_command("create_api_token", username, *args, stdout=out)
    return out.getvalue().strip()


def get_me(client, token: str):
    return client.get(ME, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_cli_token_authenticates_the_api(client, staff_user):
    raw = create_token_by_cli(staff_user.username)
    assert TOKEN.fullmatch(raw)
    response = get_me(client, raw)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == staff_user.username
    assert body["role"] == "staff"
    assert body["role_label"] == "센터 직원"


def test_cli_token_gets_its_name(staff_user):
    create_token_by_cli(staff_user.username, "--name", "구매시스템 연동")
    assert ApiToken.objects.get(user=staff_user).name == "구매시스템 연동"


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.BUYER, Role.CITIZEN, Role.ADMIN])
def test_every_role_can_read_its_own_record(client, make_user, role):
    user = make_user(role)
    body = get_me(client, create_token_by_cli(user.username)).json()
    assert (body["username"], body["role"]) == (user.username, role)


def test_each_cli_call_makes_a_new_token(staff_user):
    first, second = (
        create_token_by_cli(staff_user.username),
        create_token_by_cli(staff_user.username),
    )
    assert first != second
    assert ApiToken.objects.filter(user=staff_user).count() == 2


def test_api_without_a_token_is_refused(client, db):
    assert client.get(ME).status_code == 401


def test_wrong_token_is_refused(client, staff_user):
    raw = create_token_by_cli(staff_user.username)
    assert get_me(client, raw + "x").status_code == 401
    assert get_me(client, "ieum_not-a-token").status_code == 401
    assert client.get(ME, HTTP_AUTHORIZATION=f"Token {raw}").status_code == 401


def test_revoked_token_is_refused(client, staff_user):
    raw = create_token_by_cli(staff_user.username)
    assert get_me(client, raw).status_code == 200
    api_token_revoke(token=ApiToken.objects.get(user=staff_user), user=staff_user)
    assert get_me(client, raw).status_code == 401


def test_token_of_an_inactive_user_is_refused(client, staff_user):
    raw = create_token_by_cli(staff_user.username)
    staff_user.is_active = False
    staff_user.save()
    assert get_me(client, raw).status_code == 401
    assert api_token_authenticate(raw) is None


def test_cli_refuses_an_unknown_username_in_korean(db):
    with pytest.raises(CommandError, match="사용자 'nobody'을\\(를\\) 찾을 수 없습니다"):
        create_token_by_cli("nobody")
    assert not ApiToken.objects.exists()


def test_cli_refuses_an_inactive_user(make_user):
    user = make_user(Role.STAFF, is_active=False)
    with pytest.raises(CommandError, match="찾을 수 없습니다"):
        create_token_by_cli(user.username)


def test_only_the_hash_of_the_token_is_stored(staff_user):
    raw = create_token_by_cli(staff_user.username)
    token = ApiToken.objects.get(user=staff_user)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:12]
    stored = " ".join(str(value) for value in model_to_dict(token).values())
    assert raw not in stored
    assert raw[12:] not in stored


def test_using_a_token_records_when(client, staff_user):
    raw = create_token_by_cli(staff_user.username)
    assert ApiToken.objects.get(user=staff_user).last_used_at is None
    get_me(client, raw)
    assert ApiToken.objects.get(user=staff_user).last_used_at is not None


@pytest.mark.parametrize("path", ["/api/docs", "/api/openapi.json"])
def test_api_documentation_is_public(client, db, path):
    assert client.get(path).status_code == 200


def test_openapi_schema_lists_the_me_endpoint_with_bearer_auth(client, db):
    schema = client.get("/api/openapi.json").json()
    assert ME in schema["paths"]
    assert any(
        scheme.get("scheme") == "bearer"
        for scheme in schema["components"]["securitySchemes"].values()
    )


# --- the account page ------------------------------------------------------------------------


def test_account_page_lists_the_users_live_tokens(staff_client, staff_user, make_user):
    api_token_create(user=staff_user, name="구매시스템 연동")
    revoked, _ = api_token_create(user=staff_user, name="옛 연동")
    api_token_revoke(token=revoked, user=revoked.user)
    api_token_create(user=make_user(Role.STAFF), name="남의 토큰")

    page = staff_client.get(reverse("accounts:account")).content.decode()
    assert "구매시스템 연동" in page
    assert "옛 연동" not in page
    assert "남의 토큰" not in page


def test_account_page_shows_a_new_token_once_and_it_works(staff_client, staff_user, client):
    response = staff_client.post(
        reverse("accounts:token-create"), {"name": "보고서 자동화"}, follow=True
    )
    assert response.redirect_chain == [(reverse("accounts:account"), 302)]
    page = response.content.decode()
    raw = TOKEN.search(page).group()
    assert "지금만 보이니" in page
    assert ApiToken.objects.get(user=staff_user).name == "보고서 자동화"

    assert raw not in staff_client.get(reverse("accounts:account")).content.decode()
    assert get_me(client, raw).json()["username"] == staff_user.username


def test_account_page_revokes_a_token(staff_client, staff_user, client):
    token, raw = api_token_create(user=staff_user, name="폐기할 토큰")
    response = staff_client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    assert response.url == reverse("accounts:account")

    page = staff_client.get(response.url).content.decode()
    assert "토큰을 폐기했습니다." in page
    assert "폐기할 토큰" not in page
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert get_me(client, raw).status_code == 401


def test_nobody_can_revoke_another_users_token(staff_client, make_user, client):
    token, raw = api_token_create(user=make_user(Role.STAFF))
    response = staff_client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert get_me(client, raw).status_code == 200


def test_token_pages_refuse_get(staff_client, staff_user):
    token, _ = api_token_create(user=staff_user)
    assert staff_client.get(reverse("accounts:token-create")).status_code == 405
    assert staff_client.get(reverse("accounts:token-revoke", args=[token.pk])).status_code == 405
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_account_page_needs_sign_in(client, db):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert client.post(reverse("accounts:token-create")).status_code == 302
    assert not ApiToken.objects.exists()
