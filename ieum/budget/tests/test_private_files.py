"""Budget evidence is private: a random name in the private storage, the ledger links to a
permission-checked download (never to the file's URL), nobody reaches it through /media/ or
/static/; evidence uploaded before moves with `ieum move_private_files`."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ieum.budget.importing import budget_import
from ieum.budget.models import BudgetLine, Expenditure
from ieum.core.choices import Role
from ieum.core.permissions import system_actor
from ieum.core.tests.privacy import assert_stored_privately

from .factories import SMALL, budget_table

pytestmark = pytest.mark.django_db

RECEIPT = b"%PDF-1.4 receipt"


@pytest.fixture
def lines():
    assert budget_import(actor=system_actor(), year=2024, table=budget_table(SMALL)).accepted
    return {line.code: line for line in BudgetLine.objects.filter(fiscal_year__year=2024)}


@pytest.fixture
def entry(client, staff_user, lines):
    client.force_login(staff_user)
    response = client.post(
        reverse("budget:expenditure-create") + "?year=2024",
        {
            "line": lines["A1"].pk,
            "spent_on": "2024-04-01",
            "amount_won": "120000",
            "kind": "spending",
            "counterparty": "갑",
            "description": "1차",
            "evidence": SimpleUploadedFile("세금계산서 2024-04.pdf", RECEIPT),
        },
    )
    assert response.status_code == 302
    client.logout()
    return Expenditure.objects.get()


def url(entry) -> str:
    return reverse("budget:expenditure-evidence", args=[entry.pk])


def test_the_ledger_links_to_the_download_and_staff_get_the_file(client, staff_user, entry):
    client.force_login(staff_user)
    ledger = client.get(reverse("budget:expenditure-list"), {"year": 2024})
    assert url(entry) in ledger.content.decode()
    response = client.get(url(entry))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == RECEIPT
    assert entry.evidence_name == "세금계산서 2024-04.pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%EC%84%B8%EA%B8%88%EA%B3%84%EC%82%B0%EC%84%9C%202024-04.pdf"
    )


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.BUYER, Role.CITIZEN])
def test_others_are_refused(client, make_user, entry, role):
    client.force_login(make_user(role))
    assert client.get(url(entry)).status_code == 403


def test_anonymous_is_sent_to_sign_in_and_an_entry_without_evidence_is_not_found(
    client, staff_user, entry, lines
):
    assert client.get(url(entry)).status_code == 302
    bare = Expenditure.objects.create(
        line=lines["A1"], spent_on=dt.date(2024, 5, 1), amount_won=1_000
    )
    client.force_login(staff_user)
    assert client.get(url(bare)).status_code == 404


def test_the_evidence_is_not_where_the_proxy_serves(client, entry):
    assert_stored_privately(entry.evidence, uploaded_name="세금계산서 2024-04.pdf", client=client)


def test_the_admin_change_page_renders_without_the_files_url(admin_client, entry):
    response = admin_client.get(reverse("admin:budget_expenditure_change", args=[entry.pk]))
    assert response.status_code == 200
    assert entry.evidence.name not in response.content.decode()


def test_old_evidence_moves_to_the_private_storage(client, staff_user, lines, media_root):
    old_name = "budget/evidence/2024/영수증_갑상사.pdf"
    (media_root / old_name).parent.mkdir(parents=True)
    (media_root / old_name).write_bytes(RECEIPT)
    old = Expenditure.objects.create(
        line=lines["A1"], spent_on=dt.date(2024, 3, 1), amount_won=5_000, evidence=old_name
    )
    out = io.StringIO()
    call_command("move_private_files", stdout=out, stderr=io.StringIO())
    assert "budget.Expenditure.evidence: 옮김 1건" in out.getvalue()
    old.refresh_from_db()
    assert old.evidence_name == "영수증_갑상사.pdf"
    assert not (media_root / old_name).exists()
    assert_stored_privately(old.evidence, uploaded_name=old_name, client=client)
    client.force_login(staff_user)
    assert b"".join(client.get(url(old)).streaming_content) == RECEIPT
