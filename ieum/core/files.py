"""Uploaded files: a public storage and a private one.

The public storage (Django's "default") holds what anyone may see: product photos, banners,
room photos. The private storage (STORAGES["private"]) holds documents: vendor papers,
tenant application documents, hygiene certificates, budget evidence, uploaded imports. It
lives outside MEDIA_ROOT and under no URL (its `url()` refuses), so a private file reaches a
person only through a view that checked the permission and answers with
`private_file_response`. Private files are stored under random names (`RandomName`); the
name the person uploaded is kept in a field of its own, for the download.
"""

import mimetypes
import re
import uuid
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import PurePath
from urllib.parse import quote

from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header

PRIVATE_STORAGE_ALIAS = "private"
NAME_MAX_LENGTH = 255
_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")


class PrivateFileHasNoURL(ValueError):
    """A private file was asked for its URL; serve it through a permission-checked view."""


class PrivateFileSystemStorage(FileSystemStorage):
    """Local disk outside MEDIA_ROOT. No URL, so no template can link around the views."""

    def url(self, name):
        raise PrivateFileHasNoURL(
            f"{name}: a private file has no URL; link to its permission-checked download view"
        )


class _PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used and again after the setting changes
    (tests point it at a temporary folder), as Django's own default_storage is."""

    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


_private_storage = _PrivateStorage()


def private_storage():
    """For `FileField(storage=private_storage)`: a callable, so migrations record this function
    and not whichever backend the environment chose."""
    return _private_storage


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def is_private(field) -> bool:
    return getattr(field, "_storage_callable", None) is private_storage


def extension(filename: str) -> str:
    """The file's extension, lower-cased; nothing when it is not a plain short one."""
    suffix = PurePath(filename).suffix.lower()
    return suffix if _EXTENSION.fullmatch(suffix) else ""


def original_name(filename: str) -> str:
    """The name a person uploaded, without any folder, short enough for a name field."""
    name = PurePath(filename.replace("\\", "/")).name.strip() or "file"
    if len(name) <= NAME_MAX_LENGTH:
        return name
    suffix = extension(name)
    return name[: NAME_MAX_LENGTH - len(suffix)] + suffix


@deconstructible
class RandomName:
    """`upload_to` that files an upload as <folder>/<uuid4 hex><extension>, so a stored name
    says nothing about the file and cannot be guessed. With `keep_name_in`, the instance's
    field of that name receives the uploaded file's own name (declare it after the file field,
    so that a model's save, which fills fields in order, sees it)."""

    def __init__(self, folder: str, *, keep_name_in: str = ""):
        self.folder = folder.strip("/")
        self.keep_name_in = keep_name_in

    def __call__(self, instance, filename: str) -> str:
        if self.keep_name_in:
            setattr(instance, self.keep_name_in, original_name(filename))
        return f"{self.folder}/{uuid.uuid4().hex}{extension(filename)}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and (self.folder, self.keep_name_in) == (
            other.folder,
            other.keep_name_in,
        )

    def __hash__(self):
        return hash((self.folder, self.keep_name_in))


def private_file_response(
    fieldfile: FieldFile, *, filename: str, as_attachment: bool = True
) -> HttpResponse:
    """The answer of every permission-checked download of a private file. It streams the file
    from the storage; with PRIVATE_FILES_ACCEL_REDIRECT set (say "/_private/"), it answers
    empty with `X-Accel-Redirect: <prefix><name>` and nginx sends the file from its `internal`
    location. `filename` is what the person sees (RFC 5987 for Korean names)."""
    if not fieldfile:
        raise Http404
    filename = filename or PurePath(fieldfile.name).name
    prefix = getattr(settings, "PRIVATE_FILES_ACCEL_REDIRECT", "")
    if prefix:
        content_type, encoding = mimetypes.guess_type(filename)
        if not content_type or encoding:
            content_type = "application/octet-stream"
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(fieldfile.name)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        try:
            file = fieldfile.storage.open(fieldfile.name, "rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        response = FileResponse(file, as_attachment=as_attachment, filename=filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


@dataclass
class MoveCount:
    """What `private_files_move` did (or, in a dry run, would do) for one private field."""

    field: str
    moved: int = 0
    already_private: int = 0
    missing: list[str] = dataclass_field(default_factory=list)


def private_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every file field of every model that stores into the private storage."""
    return [
        (model, field)
        for model in django_apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and is_private(field)
    ]


def private_files_move(*, source: Storage, dry_run: bool = False) -> list[MoveCount]:
    """Move the files of private fields that still sit in `source` (the public media folder,
    where they were uploaded before the private storage existed) into the private storage
    under random names, and point their rows at them. A file already in the private storage
    is left alone, so running it again changes nothing."""
    counts = []
    for model, field in private_fields():
        count = MoveCount(f"{model._meta.label}.{field.name}")
        keep_name_in = getattr(field.upload_to, "keep_name_in", "")
        rows = model._default_manager.exclude(**{field.attname: ""}).order_by("pk")
        for row in rows.iterator(chunk_size=500):
            fieldfile = getattr(row, field.attname)
            old_name = fieldfile.name
            if fieldfile.storage.exists(old_name):
                count.already_private += 1
                continue
            if not source.exists(old_name):
                count.missing.append(f"{model._meta.label} #{row.pk}: {old_name}")
                continue
            count.moved += 1
            if dry_run:
                continue
            original = (getattr(row, keep_name_in) if keep_name_in else "") or PurePath(
                old_name
            ).name
            with source.open(old_name, "rb") as content:
                new_name = fieldfile.storage.save(field.generate_filename(row, original), content)
            changes = {field.attname: new_name}
            if keep_name_in:
                changes[keep_name_in] = original_name(original)
            model._default_manager.filter(pk=row.pk).update(**changes)
            # Only once the row points at the copy: a run cut short leaves a private copy too
            # many, never a row without its file.
            source.delete(old_name)
        counts.append(count)
    return counts
