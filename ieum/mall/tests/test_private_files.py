"""A vendor's application papers are private: random names in the private storage, staff
download them through the review page, nobody reaches them through /media/ or /static/; and
papers uploaded before the private storage existed move there with `ieum move_private_files`."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ieum.core.choices import Role
from ieum.core.tests.privacy import assert_stored_privately
from ieum.mall.models import VendorDocument
from ieum.mall.services.vendors import vendor_apply

pytestmark = pytest.mark.django_db

PAPER = b"%PDF-1.4 \xec\x82\xac\xec\x97\x85\xec\x9e\x90"


@pytest.fixture
def document(member, member_enterprise):
    upload = SimpleUploadedFile("사업자등록증 원본.PDF", PAPER)
    vendor = vendor_apply(enterprise=member_enterprise, user=member, documents=[upload])
    return vendor.documents.get()


def url(document) -> str:
    return reverse("mall:vendordocument-download", args=[document.vendor_id, document.pk])


def test_staff_download_the_paper_under_its_uploaded_name(staff_client, document):
    review = staff_client.get(reverse("mall:vendor-review", args=[document.vendor_id]))
    assert url(document) in review.content.decode()
    response = staff_client.get(url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PAPER
    assert document.original_name == "사업자등록증 원본.PDF"
    assert "filename*=utf-8''%EC%82%AC%EC%97%85" in response["Content-Disposition"]


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.BUYER, Role.CITIZEN])
def test_others_are_refused_even_the_vendor_itself(client, make_user, document, role):
    client.force_login(make_user(role))
    assert client.get(url(document)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, document):
    response = client.get(url(document))
    assert response.status_code == 302 and "login" in response["Location"]


def test_another_vendors_document_number_is_not_found(staff_client, document):
    wrong = reverse("mall:vendordocument-download", args=[document.vendor_id + 1, document.pk])
    assert staff_client.get(wrong).status_code == 404


def test_the_paper_is_not_where_the_proxy_serves(client, document):
    assert_stored_privately(document.file, uploaded_name="사업자등록증 원본.PDF", client=client)


def test_the_admin_shows_the_paper_without_a_link_around_the_view(admin_client, document):
    response = admin_client.get(reverse("admin:mall_vendordocument_change", args=[document.pk]))
    assert response.status_code == 200
    assert document.file.name.rsplit("/", 1)[1] not in response.content.decode()


# --- the move of files uploaded before ------------------------------------------------------


def old_upload(media_root: Path, name: str, content: bytes) -> str:
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return name


def test_move_command_moves_old_papers_once(staff_client, member, member_enterprise, media_root):
    vendor = vendor_apply(enterprise=member_enterprise, user=member)
    old_name = old_upload(media_root, "mall/vendors/2022/10/사업자등록증.pdf", PAPER)
    old = VendorDocument.objects.create(vendor=vendor, title="사업자등록증", file=old_name)
    lost = VendorDocument.objects.create(vendor=vendor, title="분실", file="mall/vendors/x.pdf")

    dry = io.StringIO()
    call_command("move_private_files", "--dry-run", stdout=dry, stderr=io.StringIO())
    assert "mall.VendorDocument.file: 옮길 파일 1건, 이미 비공개 0건, 파일 없음 1건" in (
        dry.getvalue()
    )
    old.refresh_from_db()
    assert old.file.name == old_name
    assert (media_root / old_name).exists()

    out, err = io.StringIO(), io.StringIO()
    call_command("move_private_files", stdout=out, stderr=err)
    assert "mall.VendorDocument.file: 옮김 1건, 이미 비공개 0건, 파일 없음 1건" in out.getvalue()
    assert f"mall.VendorDocument #{lost.pk}: mall/vendors/x.pdf" in err.getvalue()
    old.refresh_from_db()
    assert old.original_name == "사업자등록증.pdf"
    assert_stored_privately(old.file, uploaded_name=old_name, client=staff_client)
    response = staff_client.get(url(old))
    assert b"".join(response.streaming_content) == PAPER
    assert (
        "%EC%82%AC%EC%97%85%EC%9E%90%EB%93%B1%EB%A1%9D%EC%A6%9D.pdf"
        in (response["Content-Disposition"])
    )

    again = io.StringIO()
    call_command("move_private_files", stdout=again, stderr=io.StringIO())
    assert "mall.VendorDocument.file: 옮김 0건, 이미 비공개 1건, 파일 없음 1건" in again.getvalue()
    moved_name = old.file.name
    old.refresh_from_db()
    assert old.file.name == moved_name
