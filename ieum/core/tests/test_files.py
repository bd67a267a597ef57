"""Private files: random names, no URL, one serving helper (streaming or X-Accel-Redirect),
the storages chosen from the environment, and the list of private fields."""

import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import override_settings
from django.utils.module_loading import import_string

from ieum.core.files import (
    PrivateFileHasNoURL,
    RandomName,
    original_name,
    private_fields,
    private_file_response,
    private_storage,
)
from ieum.settings.base import storages_from_env


def stored(content: bytes, uploaded_name: str) -> FieldFile:
    field = models.FileField(storage=private_storage, upload_to=RandomName("test/area"))
    name = private_storage().save(
        field.generate_filename(None, uploaded_name), ContentFile(content)
    )
    return FieldFile(None, field, name)


def test_random_name_keeps_only_the_lower_cased_extension():
    instance = SimpleNamespace(original="")
    upload_to = RandomName("spaces/applications/", keep_name_in="original")
    name = upload_to(instance, "C:\\서류\\사업계획서 최종.PDF")
    folder, file = name.rsplit("/", 1)
    assert folder == "spaces/applications"
    assert file.endswith(".pdf")
    uuid.UUID(hex=file.removesuffix(".pdf"))
    assert instance.original == "사업계획서 최종.PDF"
    assert upload_to(instance, "a.pdf") != upload_to(instance, "a.pdf")
    assert "." not in RandomName("x")(None, "plan.<script>").rsplit("/", 1)[1]
    assert "." not in RandomName("x")(None, "no-extension").rsplit("/", 1)[1]
    assert "." not in RandomName("x")(None, "odd.p d f").rsplit("/", 1)[1]


def test_original_name_drops_folders_and_keeps_the_extension_when_long():
    assert original_name("서류/upload/증빙.xlsx") == "증빙.xlsx"
    long_name = original_name("가" * 300 + ".hwpx")
    assert len(long_name) == 255
    assert long_name.endswith(".hwpx")


def test_random_name_is_stable_for_migrations():
    assert RandomName("a", keep_name_in="b") == RandomName("a", keep_name_in="b")
    assert RandomName("a") != RandomName("c")
    path, args, kwargs = RandomName("a", keep_name_in="b").deconstruct()
    assert (path, args, kwargs) == ("ieum.core.files.RandomName", ("a",), {"keep_name_in": "b"})


def test_private_storage_has_no_url_and_sits_outside_the_served_folders(private_root):
    with pytest.raises(PrivateFileHasNoURL):
        private_storage().url("x/y.pdf")
    assert Path(private_storage().location) == private_root
    # The shipped settings, not the test's: var/private beside var/media and var/static.
    location = Path(storages_from_env({})["private"]["OPTIONS"]["location"])
    for public in (settings.STATIC_ROOT, Path(settings.VAR_DIR) / "media"):
        assert not location.is_relative_to(public)
        assert not Path(public).is_relative_to(location)


def test_every_private_document_field_is_private():
    assert {f"{model._meta.label}.{field.name}" for model, field in private_fields()} >= {
        "mall.VendorDocument.file",
        "spaces.TenantApplication.document",
        "spaces.KitchenAgreement.hygiene_certificate",
        "budget.Expenditure.evidence",
        "core.ImportJob.file",
    }


def test_response_streams_the_file_with_its_korean_name():
    fieldfile = stored(b"%PDF-1.4 evidence", "영수증.pdf")
    response = private_file_response(fieldfile, filename="2022 영수증.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''2022%20%EC%98%81%EC%88%98%EC%A6%9D.pdf"
    )
    assert "private" in response["Cache-Control"]
    assert "X-Accel-Redirect" not in response


@override_settings(PRIVATE_FILES_ACCEL_REDIRECT="/_private/")
def test_accel_redirect_mode_hands_the_file_to_nginx():
    fieldfile = stored(b"PK\x03\x04", "계약서.hwpx")
    response = private_file_response(fieldfile, filename="계약서.hwpx")
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/_private/{fieldfile.name}"
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    inline = private_file_response(fieldfile, filename="a.png", as_attachment=False)
    assert inline["Content-Type"] == "image/png"
    assert inline["Content-Disposition"] == 'inline; filename="a.png"'


def test_empty_or_missing_file_is_not_found():
    field = models.FileField(storage=private_storage)
    with pytest.raises(Http404):
        private_file_response(FieldFile(None, field, ""), filename="x.pdf")
    with pytest.raises(Http404):
        private_file_response(FieldFile(None, field, "gone/abc.pdf"), filename="x.pdf")


def test_without_a_name_the_stored_one_is_used():
    fieldfile = stored(b"x", "a.pdf")
    response = private_file_response(fieldfile, filename="")
    assert fieldfile.name.rsplit("/", 1)[1] in response["Content-Disposition"]


S3_ENV = {
    "S3_BUCKET": "ieum-public",
    "S3_PRIVATE_BUCKET": "ieum-private",
    "S3_ENDPOINT_URL": "https://kr.object.ncloudstorage.com",
    "S3_REGION": "kr-standard",
    "S3_ACCESS_KEY_ID": "test-key",
    "S3_SECRET_ACCESS_KEY": "test-secret",
}


def _storage(config):
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


def test_s3_environment_makes_a_public_and_a_private_bucket():
    config = storages_from_env(S3_ENV)
    public, private = _storage(config["default"]), _storage(config["private"])
    assert (public.bucket_name, public.default_acl, public.querystring_auth) == (
        "ieum-public",
        "public-read",
        False,
    )
    assert public.url("mall/products/a.jpg") == (
        "https://kr.object.ncloudstorage.com/ieum-public/media/mall/products/a.jpg"
    )
    assert (private.bucket_name, private.default_acl, private.querystring_auth) == (
        "ieum-private",
        "private",
        True,
    )
    assert private.location == "private"
    assert not public.file_overwrite
    assert not private.file_overwrite
    with pytest.raises(PrivateFileHasNoURL):
        private.url("budget/evidence/abc.pdf")


def test_without_s3_both_storages_are_local_disk():
    config = storages_from_env({})
    assert config["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert config["private"]["BACKEND"] == "ieum.core.files.PrivateFileSystemStorage"
    private_only = storages_from_env({"S3_BUCKET": "one"})
    assert private_only["private"]["OPTIONS"]["bucket_name"] == "one"
