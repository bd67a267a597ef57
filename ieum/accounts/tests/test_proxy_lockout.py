"""Sign-in behind the TLS proxy: the client's address comes from X-Forwarded-For / X-Real-IP
only when the request comes from a trusted proxy; the axes lock stays per (username, client
address); and a per-username delay slows guessing from many addresses without letting an
attacker lock `admin` out.

Each request here is what the proxy sends: REMOTE_ADDR is the proxy, X-Forwarded-For the
client it was connected from. Time passing is simulated by moving the recorded failures back.
"""

import datetime as dt
import html
import math
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from ieum.accounts.security import KNOWN_DEVICE_COOKIE, client_ip, login_wait_seconds
from ieum.conftest import PASSWORD
from ieum.core.choices import Role

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.7"
OWNER = "198.51.100.2"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("trusted_proxy"),
]


@pytest.fixture
def trusted_proxy():
    with override_settings(IEUM_TRUSTED_PROXIES=[f"{PROXY}/32"]):
        yield


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN, username="admin")


def via_proxy(client, client_address: str, username: str, password: str, url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def signed_in(client) -> str | None:
    return client.session.get("_auth_user_id")


def time_passes(seconds: float) -> None:
    """Move every recorded failure `seconds` into the past, as if that much time had passed."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= dt.timedelta(seconds=seconds)
        attempt.save(update_fields=["attempt_time"])


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- the client's address -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "headers", "expected"),
    [
        (PROXY, {"HTTP_X_FORWARDED_FOR": OWNER}, OWNER),
        # A client may write anything at the left; the proxy appends whom it was connected from.
        (PROXY, {"HTTP_X_FORWARDED_FOR": f"1.2.3.4, {OWNER}"}, OWNER),
        (PROXY, {"HTTP_X_FORWARDED_FOR": f"{OWNER}, {PROXY}"}, OWNER),
        (PROXY, {"HTTP_X_REAL_IP": OWNER}, OWNER),
        (PROXY, {"HTTP_X_FORWARDED_FOR": "nonsense"}, PROXY),
        (PROXY, {}, PROXY),
        # From an address that is not a trusted proxy the headers are forgeries.
        (ATTACKER, {"HTTP_X_FORWARDED_FOR": OWNER}, ATTACKER),
        (ATTACKER, {"HTTP_X_REAL_IP": OWNER}, ATTACKER),
    ],
)
def test_client_address_trusts_headers_only_from_the_proxy(remote, headers, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    assert client_ip(request) == expected


def test_without_trusted_proxies_the_connecting_address_counts():
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER)
    with override_settings(IEUM_TRUSTED_PROXIES=[]):
        assert client_ip(request) == PROXY


# --- the attacker cannot lock admin out -----------------------------------------------------


def test_an_attacker_cannot_lock_out_admin(client, admin_user):
    # The attacker guesses as fast as the server lets them, for a simulated ten minutes.
    for _ in range(200):
        via_proxy(client, ATTACKER, "admin", "guess")
        time_passes(3)
    [attempts] = AccessAttempt.objects.filter(username="admin")

    # Admin, from their own address behind the same proxy, signs in: at once, or after at most
    # the per-username delay, which the page states in seconds.
    response = via_proxy(client, OWNER, "admin", PASSWORD)
    if response.status_code == 429:
        wait = int(response["Retry-After"])
        assert 0 < wait <= settings.LOGIN_DELAY_MAX_SECONDS
        assert f"{wait}초 후에 다시 시도해 주세요" in text(response)
        time_passes(wait)
        response = via_proxy(client, OWNER, "admin", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client) == str(admin_user.pk)

    # The attacker's own address stays locked for the account, even with the right password.
    client.logout()
    locked = via_proxy(client, ATTACKER, "admin", PASSWORD)
    assert locked.status_code == 429 and "로그인이 잠겼습니다" in text(locked)
    assert signed_in(client) is None
    assert attempts.ip_address == ATTACKER


def test_guessing_from_many_addresses_is_slowed_per_username(client, admin_user):
    attackers = [f"203.0.113.{n}" for n in range(1, 101)]
    started = time.monotonic()
    answers = [via_proxy(client, address, "admin", "guess") for address in attackers]
    elapsed = time.monotonic() - started

    checked = sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))
    # Past the free failures, a password is checked only once the doubling wait (1, 2, 4 … s)
    # has passed, which the real seconds of this loop allow a few times at most; every other
    # attempt is refused at once with the wait, and not counted.
    most = settings.LOGIN_DELAY_AFTER_FAILURES + math.ceil(math.log2(elapsed + 1)) + 1
    assert settings.LOGIN_DELAY_AFTER_FAILURES <= checked <= most
    refused = [r for r in answers if r.status_code == 429]
    assert len(refused) == len(attackers) - checked
    assert all("초 후에 다시 시도해 주세요" in text(r) for r in refused)
    assert all(int(r["Retry-After"]) >= 1 for r in refused)


def test_the_delay_doubles_up_to_its_maximum(client, admin_user):
    waits = []
    for n in range(12):
        address = f"203.0.113.{n + 1}"
        # The wait as seen at the moment of the latest failure (the test's own seconds aside).
        latest = AccessAttempt.objects.aggregate(latest=Max("attempt_time"))["latest"]
        wait = login_wait_seconds("admin", now=latest)
        waits.append(wait)
        time_passes(wait)
        assert via_proxy(client, address, "admin", "guess").status_code == 200
    limit = settings.LOGIN_DELAY_AFTER_FAILURES
    expected = [0] * limit + [
        min(2**k, settings.LOGIN_DELAY_MAX_SECONDS) for k in range(12 - limit)
    ]
    assert waits == expected


def test_forged_forwarded_for_from_an_untrusted_address_is_ignored(client, admin_user):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "admin", "password": "guess"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 10}",
        )
        time_passes(settings.LOGIN_DELAY_MAX_SECONDS)

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    # The forged header does not unlock the attacker's own address either.
    response = client.post(
        reverse("login"),
        {"username": "admin", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR=OWNER,
    )
    assert response.status_code == 429 and signed_in(client) is None
    # The owner, through the proxy, is not locked (after at most the delay).
    time_passes(settings.LOGIN_DELAY_MAX_SECONDS)
    assert via_proxy(client, OWNER, "admin", PASSWORD).status_code == 302


def test_the_admin_login_has_the_same_delay(client, admin_user):
    url = reverse("admin:login")
    for n in range(settings.LOGIN_DELAY_AFTER_FAILURES):
        via_proxy(client, f"203.0.113.{n + 1}", "admin", "guess", url=url)

    refused = via_proxy(client, OWNER, "admin", PASSWORD, url=url)
    assert "초 후에 다시 시도해 주세요" in text(refused)
    assert signed_in(client) is None
    time_passes(settings.LOGIN_DELAY_MAX_SECONDS)
    assert via_proxy(client, OWNER, "admin", PASSWORD, url=url).status_code == 302
    assert signed_in(client) == str(admin_user.pk)


def test_the_owners_own_browser_skips_the_delay(client, admin_user):
    # Admin signed in from this browser before: it carries the signed known-device cookie.
    assert via_proxy(client, OWNER, "admin", PASSWORD).status_code == 302
    known = client.cookies[KNOWN_DEVICE_COOKIE]
    client.logout()  # the test client forgets every cookie here; a browser keeps this one
    client.cookies[KNOWN_DEVICE_COOKIE] = known.value
    # An attacker keeps the wait at its maximum from a hundred addresses.
    for n in range(1, 101):
        via_proxy(Client(), f"203.0.113.{n}", "admin", "guess")
        time_passes(settings.LOGIN_DELAY_MAX_SECONDS)
    via_proxy(Client(), "203.0.113.200", "admin", "guess")
    assert login_wait_seconds("admin") > 0

    # A fresh browser waits; admin's own browser signs in at once.
    assert via_proxy(Client(), OWNER, "admin", PASSWORD).status_code == 429
    assert via_proxy(client, OWNER, "admin", PASSWORD).status_code == 302
    assert signed_in(client) == str(admin_user.pk)


def test_a_known_device_cookie_for_another_username_does_not_help(client, make_user, admin_user):
    make_user(Role.CITIZEN, username="mallory")
    assert via_proxy(client, ATTACKER, "mallory", PASSWORD).status_code == 302
    client.logout()
    for n in range(1, 11):
        via_proxy(Client(), f"203.0.113.{n}", "admin", "guess")
        time_passes(settings.LOGIN_DELAY_MAX_SECONDS)
    via_proxy(Client(), "203.0.113.200", "admin", "guess")

    # Mallory's browser is known for mallory, not for admin: the wait applies.
    response = via_proxy(client, ATTACKER, "admin", "guess")
    assert response.status_code == 429
    assert "초 후에 다시 시도해 주세요" in text(response)
