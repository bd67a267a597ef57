"""Pages and commands given hostile text and numbers (issue 11): NUL and other control
characters are refused in Korean before anything reaches the database, numbers and ids out of
the database's range give a 404 or a Korean 400, never a 500 — on SQLite and PostgreSQL
(run with DATABASE_URL=postgres://… for the second)."""

import html
import re
from pathlib import Path

import pytest
from django.db import DataError
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import ieum
from ieum.core.choices import Role
from ieum.core.forms import (
    BIGINT_MAX,
    control_characters_message,
    int_param,
)
from ieum.core.middleware import HostileInputMiddleware, out_of_range_message

pytestmark = pytest.mark.django_db

HUGE = str(2**64)
# The query parameters pages read outside forms (found in the source), and the usual ones;
# each is sent as a number beyond every range.
_READ = re.compile(r"""(?:GET|params|query)(?:\.get\(|\[)["']([a-z_]+)["']""")
PARAMETER_NAMES = {
    match
    for path in Path(ieum.__file__).parent.rglob("*.py")
    if "tests" not in path.parts
    for match in _READ.findall(path.read_text(encoding="utf-8"))
} | {"year", "page", "cert_year", "room", "attendees", "line", "facility", "institution"}
NUMBERS = dict.fromkeys(PARAMETER_NAMES, HUGE)
BAD_TEXT = ["이음\x00", "\x01이음", "이음\x1b[31m", "\x7f\x00"]


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _patterns(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name, pattern


def _page_names(*, with_ids: bool) -> list[str]:
    names = []
    for name, pattern in _patterns(get_resolver().url_patterns):
        if name.startswith(("admin:", "api", "ninja")) or "logout" in name:
            continue
        converters = pattern.pattern.converters
        if with_ids == bool(converters) and all(
            type(c).__name__ == "IntConverter" for c in converters.values()
        ):
            names.append(name)
    return sorted(set(names))


# --- numbers ------------------------------------------------------------------------------


def test_the_registry_filter_with_an_impossible_year_is_not_a_server_error(staff_client):
    from ieum.enterprises.tests.factories import EnterpriseFactory

    EnterpriseFactory(name="햇살나눔")
    url = reverse("enterprises:enterprise-list")

    response = staff_client.get(url, {"cert_year": "849187"})

    assert response.status_code == 200
    # The year is no filter at all rather than a crash.
    assert "햇살나눔" in response.content.decode()
    assert staff_client.get(url, {"cert_year": HUGE}).status_code == 200


@pytest.mark.parametrize("role", [Role.ADMIN, Role.STAFF, Role.ENTERPRISE, Role.BUYER])
def test_no_page_fails_on_numbers_out_of_range(client, make_user, role):
    client.force_login(make_user(role))
    failures = {}
    for name in _page_names(with_ids=False):
        response = client.get(reverse(name), NUMBERS)
        # Bounded where it is read: the backstop (a Korean 400) is for paths no test knows.
        page = response.content.decode(errors="replace") if not response.streaming else ""
        caught = out_of_range_message() in html.unescape(page)
        if response.status_code >= 500 or caught:
            failures[name] = response.status_code

    assert failures == {}


def test_ids_beyond_64_bits_in_a_path_are_not_found(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    failures = {}
    names = _page_names(with_ids=True)
    for name in names:
        pattern = dict(_patterns(get_resolver().url_patterns))[name]
        kwargs = {key: 2**64 for key in pattern.pattern.converters}
        status = client.get(reverse(name, kwargs=kwargs)).status_code
        if status != 404:
            failures[name] = status

    assert names and failures == {}


def test_ids_within_64_bits_still_reach_the_view(client, make_user):
    client.force_login(make_user(Role.ADMIN))

    # The largest id a database holds is looked up (and not found), not refused early.
    response = client.get(reverse("enterprises:enterprise-detail", args=[BIGINT_MAX]))

    assert response.status_code == 404


def test_the_sweep_sends_the_parameters_pages_read():
    assert {"cert_year", "year", "page", "line", "as_of", "q"} <= PARAMETER_NAMES


def test_int_param_bounds():
    assert int_param("2022", low=1, high=9999) == 2022
    assert int_param("849187", low=1, high=9999) is None
    assert int_param(HUGE) is None
    assert int_param(str(BIGINT_MAX)) == BIGINT_MAX
    assert int_param("-5") == -5
    assert [int_param(v) for v in ("２０２２", "²", "1e9", "", None, " 7 ")] == [
        None,
        None,
        None,
        None,
        None,
        7,
    ]


# --- text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", BAD_TEXT[:3])
def test_a_search_box_with_control_characters_is_refused_in_korean(staff_client, text):
    response = staff_client.get(reverse("enterprises:enterprise-list"), {"q": text})

    assert response.status_code == 400
    assert control_characters_message("q") in html.unescape(response.content.decode())


def test_a_posted_form_with_a_nul_is_refused_before_the_service(client, make_user):
    from ieum.enterprises.models import Enterprise

    client.force_login(make_user(Role.ADMIN))
    before = Enterprise.objects.count()

    response = client.post(
        reverse("enterprises:enterprise-create"),
        {"name": "햇살\x00나눔", "brn": "1234567890", "district": "은평구"},
    )

    assert response.status_code == 400
    assert "'name'에 쓸 수 없는 제어 문자" in html.unescape(response.content.decode())
    assert Enterprise.objects.count() == before


def test_tabs_and_line_breaks_pass(staff_client):
    response = staff_client.get(reverse("enterprises:enterprise-list"), {"q": "햇살\t나눔\r\n"})

    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ENTERPRISE, Role.BUYER])
def test_no_page_fails_on_control_characters(client, make_user, role):
    client.force_login(make_user(role))
    failures = {}
    for name in _page_names(with_ids=False):
        response = client.get(reverse(name), {"q": "\x00", "kind": "\x00", "status": "\x01"})
        if response.status_code != 400:
            failures[name] = response.status_code

    assert failures == {}


# --- the backstop -------------------------------------------------------------------------


@pytest.mark.parametrize("error", [DataError("value out of range"), OverflowError("int too large")])
def test_the_backstop_turns_an_escaped_range_error_into_a_korean_400(error, staff_user):
    request = RequestFactory().get("/enterprises/")
    request.user = staff_user
    middleware = HostileInputMiddleware(lambda r: None)

    response = middleware.process_exception(request, error)

    assert response.status_code == 400
    assert out_of_range_message() in html.unescape(response.content.decode())


def test_the_backstop_leaves_other_errors_and_the_api_alone(staff_user):
    middleware = HostileInputMiddleware(lambda r: None)
    page = RequestFactory().get("/enterprises/")
    page.user = staff_user

    assert middleware.process_exception(page, KeyError("x")) is None
    assert middleware.process_exception(RequestFactory().get("/api/x"), DataError()) is None


# --- commands -----------------------------------------------------------------------------


def test_the_ieum_command_refuses_control_characters_in_korean(monkeypatch, capsys):
    from ieum.__main__ import main

    monkeypatch.setattr("sys.argv", ["ieum", "export_enterprises", "out\x1b[2J.xlsx"])

    with pytest.raises(SystemExit) as exited:
        main()

    assert exited.value.code == 2
    assert "쓸 수 없는 제어 문자" in capsys.readouterr().err


def test_the_ieum_command_refuses_them_from_a_real_shell(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    ieum_script = Path(sys.executable).with_name("ieum")
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [str(ieum_script), "export_enterprises", str(tmp_path / "out\x01.xlsx")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert "쓸 수 없는 제어 문자" in result.stderr
    assert not list(tmp_path.iterdir())
