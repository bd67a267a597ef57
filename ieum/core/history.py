"""The history of changes to money and decisions: who changed what, when, and why.

A service that writes such an object calls `record(...)` inside its own transaction, with the
person acting; nothing is recorded by signals, so bulk updates are not missed silently and a
decision's reason travels with it. The usual shape:

    before = snapshot(line, FIELDS)
    ... change and save line ...
    record(actor=actor, obj=line, action=ChangeAction.CHANGED, before=before)

Values are stored as a person reads them when the change is made (a choice's label, a foreign
key's name, a date in ISO form, a moment in Seoul time, a list of related names), in the
site's language, so the history still reads the same after the related rows change or go.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .choices import ChangeAction
from .models import Change

# Bookkeeping fields that say nothing a person asked to change.
_SKIPPED = {"id", "created_at", "updated_at"}


def _readable(value: Any) -> Any:
    """A JSON value a person can read: None, bool, int, str, or a list of those."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        # A moment as read in Seoul: '2022-10-31 14:00'.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        # 1200.50 → '1200.5', 3.00 → '3': the figure as a person writes it.
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, list | tuple | set | frozenset):
        return [_readable(item) for item in value]
    return str(value)


def _value(obj: models.Model, name: str) -> Any:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return _readable(getattr(obj, name))
    if field.many_to_many or field.one_to_many:
        # Related rows (an enterprise's certifications): their names, in a stable order.
        accessor = field.get_accessor_name() if field.auto_created else field.name
        return sorted(str(item) for item in getattr(obj, accessor).all())
    if field.choices and getattr(obj, field.attname) not in (None, ""):
        return str(getattr(obj, f"get_{field.name}_display")())
    return _readable(getattr(obj, field.name))


def default_fields(obj: models.Model) -> list[str]:
    """The object's own concrete fields, without its id and timestamps."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if field.name not in _SKIPPED and not field.auto_created
    ]


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The readable values of `fields` (default: the object's own fields) as they are now."""
    names = list(fields) if fields is not None else default_fields(obj)
    with translation.override(settings.LANGUAGE_CODE):
        return {name: _value(obj, name) for name in names}


def _actor_name(actor: Any) -> str:
    return str(actor)[:150] if actor is not None else ""


def record(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    before: dict[str, Any] | None = None,
    fields: Sequence[str] | None = None,
    note: str = "",
) -> Change | None:
    """Write what `actor` did to `obj`: each of `fields` (default: the before-snapshot's, else
    the object's own fields) whose value differs from `before` as [old, new]; without `before`
    every field with a value, as [None, new]. A plain change that changed nothing is not
    written (returns None); a decision (approved, rejected, …) is written even without fields.
    Call it inside the service's transaction, after the object is saved."""
    if fields is None:
        fields = list(before) if before is not None else default_fields(obj)
    after = snapshot(obj, fields)
    if before is None:
        changes = {
            name: [None, value] for name, value in after.items() if value not in (None, "", [])
        }
    else:
        changes = {
            name: [before.get(name), value]
            for name, value in after.items()
            if before.get(name) != value
        }
    if action == ChangeAction.CHANGED and not changes:
        return None
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return Change.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        actor=actor,
        actor_name=_actor_name(actor),
        action=action,
        changes=changes,
        note=note.strip(),
    )


@dataclass(frozen=True)
class ChangedField:
    """One line of a change as shown: the field's name and its old and new values as text."""

    label: str
    old: str
    new: str


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("예") if value else _("아니요")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    return str(value)


def _label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if field.many_to_many or field.one_to_many:
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def changed_fields(change: Change) -> list[ChangedField]:
    """The change's fields as shown on a page, labelled with the fields' names."""
    model = change.content_type.model_class()
    return [
        ChangedField(_label(model, name), _shown(old), _shown(new))
        for name, (old, new) in change.changes.items()
    ]


def _with_rows(changes: Iterable[Change]) -> list[Change]:
    shown = list(changes)
    for change in shown:
        change.rows = changed_fields(change)
    return shown


def history_for(obj: models.Model) -> list[Change]:
    """The object's changes, newest first, each with `rows` (its changed fields as shown)."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return _with_rows(
        Change.objects.filter(content_type=content_type, object_id=obj.pk)
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )


def history_for_each(objects: Iterable[models.Model]) -> dict[int, list[Change]]:
    """The changes of several objects of one model in one query: {pk: [changes, newest
    first]}, for list pages that show each row's history."""
    objects = list(objects)
    if not objects:
        return {}
    content_type = ContentType.objects.get_for_model(objects[0], for_concrete_model=True)
    by_object: dict[int, list[Change]] = {obj.pk: [] for obj in objects}
    changes = (
        Change.objects.filter(content_type=content_type, object_id__in=list(by_object))
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )
    for change in _with_rows(changes):
        by_object[change.object_id].append(change)
    return by_object


def attach_history(objects: Iterable[models.Model]) -> None:
    """Set `history` on each object (one query for all), for templates that list objects."""
    objects = list(objects)
    by_object = history_for_each(objects)
    for obj in objects:
        obj.history = by_object.get(obj.pk, [])
