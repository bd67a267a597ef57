"""The check every app's private-file tests make: the stored file says nothing of its name and
is nowhere the proxy serves (MEDIA_ROOT under /media/, STATIC_ROOT under /static/)."""

import re
from pathlib import Path, PurePath

import pytest
from django.conf import settings
from django.http import Http404
from django.test import RequestFactory
from django.views.static import serve

RANDOM_NAME = re.compile(r"[a-z0-9/-]+/[0-9a-f]{32}(\.[a-z0-9]{1,10})?")


def assert_stored_privately(fieldfile, *, uploaded_name: str, client) -> None:
    name = fieldfile.name
    assert RANDOM_NAME.fullmatch(name), name
    assert PurePath(uploaded_name).stem not in name
    private_root = Path(fieldfile.storage.location)
    assert Path(fieldfile.path).is_relative_to(private_root)
    assert Path(fieldfile.path).is_file()
    for public_root in (Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)):
        assert not private_root.is_relative_to(public_root)
        assert not (public_root / name).exists()
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        basename = PurePath(name).name
        stem = PurePath(uploaded_name).stem
        assert [p for p in media.rglob("*") if basename in p.name or stem in p.name] == []
    # What the proxy (or the development server) serves under /media/: not this file.
    with pytest.raises(Http404):
        serve(RequestFactory().get("/"), name, document_root=settings.MEDIA_ROOT)
    for prefix in (settings.MEDIA_URL, settings.STATIC_URL):
        assert client.get(prefix + name).status_code == 404
