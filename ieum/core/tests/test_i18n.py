"""English works: the switcher changes the pages; the shipped catalogue is complete, compiled.

The catalogue test reads ieum/locale/en/LC_MESSAGES/django.po as it is committed; it does not run
makemessages. After `makemessages` (docs/i18n.md) every new string shows up here as an empty
msgstr until it is translated and `compilemessages` is run again.
"""

import ast
import gettext
import re
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from ieum.core.navigation import STAFF_AREAS
from ieum.core.permissions import system_actor
from ieum.enterprises.choices import EnterpriseKind
from ieum.enterprises.services import certification_add, enterprise_create
from ieum.enterprises.tests.factories import valid_brn

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

KOREAN_AREA_LABELS = [area.label for area in STAFF_AREAS]
ENGLISH_AREA_LABELS = ["Console", "Organization", "Enterprise registry", "coming soon"]


def _english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def _page(client, url_name: str) -> str:
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return response.content.decode()


def _side_nav(html: str) -> str:
    """The console navigation only, so Korean data elsewhere on the page does not count."""
    match = re.search(r'<nav class="side".*?</nav>', html, re.S)
    assert match, "no console navigation on the page"
    return match.group(0)


# --- English -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_home_in_english(client):
    _english(client)
    html = _page(client, "organization:home")
    assert '<html lang="en">' in html
    for label in ("Log in", "Skip to content", "Language"):
        assert label in html
    for label in ("로그인", "본문 바로가기", "언어"):
        assert label not in html


@pytest.mark.django_db
def test_language_cookie_alone_switches_to_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _page(client, "organization:home")
    assert '<html lang="en">' in html
    assert "Log in" in html


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["organization:home", "core:console"])
def test_staff_navigation_in_english(staff_client, url_name):
    _english(staff_client)
    html = _page(staff_client, url_name)
    nav = _side_nav(html)
    for label in ENGLISH_AREA_LABELS:
        assert label in nav
    for label in KOREAN_AREA_LABELS + ["준비 중"]:
        assert label not in nav, label
    assert "Log out" in html
    assert "My account" in html


@pytest.mark.django_db
def test_registry_sort_labels_in_english(staff_client):
    _english(staff_client)
    html = _page(staff_client, "enterprises:enterprise-list")
    assert "Newest first" in html
    assert "최근 등록순" not in html


# --- Korean by default ---------------------------------------------------------------------


@pytest.mark.django_db
def test_public_home_in_korean_by_default(client):
    html = _page(client, "organization:home")
    assert '<html lang="ko">' in html
    assert "로그인" in html
    assert "Log in" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["organization:home", "core:console"])
def test_staff_navigation_in_korean_by_default(staff_client, url_name):
    nav = _side_nav(_page(staff_client, url_name))
    for label in ["콘솔 홈", "센터 조직", "기업 등록부", "준비 중"]:
        assert label in nav
    for label in ENGLISH_AREA_LABELS:
        assert label not in nav, label


# --- The catalogue -------------------------------------------------------------------------


def _po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgid, msgid_plural and msgstr / msgstr[n] as text."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set()}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#~"):
                entry["flags"].add("obsolete")
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                entry[field] += ast.literal_eval(line)
            else:
                field, _, value = line.partition(" ")
                entry[field] = ast.literal_eval(value)
        if "msgid" in entry or entry["flags"]:
            entries.append(entry)
    return entries


def _translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_po_file_is_complete():
    entries = [e for e in _po_entries(PO_FILE) if e.get("msgid")]
    assert len(entries) > 100
    problems = []
    for entry in entries:
        msgid = entry["msgid"]
        if entry["flags"] & {"fuzzy", "obsolete"}:
            problems.append(f"{sorted(entry['flags'])}: {msgid}")
        if not _translations(entry) or not all(_translations(entry)):
            problems.append(f"empty: {msgid}")
        if "msgid_plural" in entry and not {"msgstr[0]", "msgstr[1]"} <= entry.keys():
            problems.append(f"plural forms missing: {msgid}")
    assert not problems, "untranslated entries in django.po:\n" + "\n".join(problems)


def test_po_header_is_not_fuzzy():
    header = next(e for e in _po_entries(PO_FILE) if e.get("msgid") == "")
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"]


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_po_translations_keep_their_placeholders():
    for entry in _po_entries(PO_FILE):
        if not entry.get("msgid"):
            continue
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for translation in _translations(entry):
            assert sorted(PLACEHOLDER.findall(translation)) == expected, entry["msgid"]


def test_compiled_catalogue_matches_po():
    """django.mo is compilemessages' output of the committed django.po, not an older one."""
    entries = _po_entries(PO_FILE)
    with MO_FILE.open("rb") as mo:
        raw = mo.read()
        mo.seek(0)
        catalogue = gettext.GNUTranslations(mo)
    magic, _revision, count = struct.unpack("<III", raw[:12])
    assert magic == 0x950412DE
    assert count == len(entries), "django.mo has a different number of entries than django.po"
    for entry in entries:
        msgid = entry["msgid"]
        if not msgid:
            continue
        if "msgid_plural" in entry:
            assert catalogue.ngettext(msgid, entry["msgid_plural"], 1) == entry["msgstr[0]"]
            assert catalogue.ngettext(msgid, entry["msgid_plural"], 2) == entry["msgstr[1]"]
        elif "msgctxt" in entry:  # pgettext / {% translate … context … %}
            assert catalogue.pgettext(entry["msgctxt"], msgid) == entry["msgstr"], msgid
        else:
            assert catalogue.gettext(msgid) == entry["msgstr"], msgid


@pytest.mark.django_db
def test_an_english_browser_still_gets_korean_until_english_is_chosen(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "로그인" in page
    client.cookies["django_language"] = "en"
    assert "Log in" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()


# --- Text that lives in Python: choices labels, console cards ------------------------------


def _social_enterprise() -> None:
    enterprise = enterprise_create(
        actor=system_actor(), name="이음사회적협동조합", brn=valid_brn(1), district="은평구"
    )
    certification_add(
        actor=system_actor(), enterprise=enterprise, kind=EnterpriseKind.SOCIAL_ENTERPRISE
    )


@pytest.mark.django_db
def test_python_labels_in_english(staff_client):
    _social_enterprise()
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    registry = _page(staff_client, "enterprises:enterprise-list")
    assert '<span class="badge">Social enterprise</span>' in registry
    assert '<span class="badge">사회적기업</span>' not in registry
    assert ">Village enterprise</option>" in registry  # the kind filter, from the choices

    console = _page(staff_client, "core:console")
    assert "Registered enterprises" in console
    assert "including 1 social enterprise<" in console
    assert "등록 기업" not in console


@pytest.mark.django_db
def test_python_labels_in_korean_by_default(staff_client):
    _social_enterprise()

    registry = _page(staff_client, "enterprises:enterprise-list")
    assert '<span class="badge">사회적기업</span>' in registry
    assert "Social enterprise" not in registry

    console = _page(staff_client, "core:console")
    assert "등록 기업" in console
    assert "그중 사회적기업 1개" in console
    assert "Registered enterprises" not in console


@pytest.mark.django_db
@pytest.mark.parametrize("english", [True, False], ids=["en", "ko"])
def test_budget_and_programs_headings(staff_client, english):
    if english:
        staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = {
        "budget:overview": ("<h1>2022 budget spending</h1>", "<h1>2022년 예산 집행 현황</h1>"),
        "programs:line-list": ("<h1>2022 programs", "<h1>2022년 사업·성과지표</h1>"),
    }
    for url_name, (in_english, in_korean) in pages.items():
        response = staff_client.get(reverse(url_name), {"year": 2022})
        assert response.status_code == 200
        html = response.content.decode()
        shown, hidden = (in_english, in_korean) if english else (in_korean, in_english)
        assert shown in html, url_name
        assert hidden not in html, url_name
