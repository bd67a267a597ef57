"""Every write to the registry. Each validates its input and keeps the search index in step."""

import datetime as dt
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ieum.core import search
from ieum.core.choices import ChangeAction
from ieum.core.districts import normalize_district
from ieum.core.history import record, snapshot
from ieum.core.idnumbers import normalize_brn, normalize_crn
from ieum.core.logs import service
from ieum.core.permissions import require_permission

from .models import Certification, Contact, Enterprise, SupportRecord

INDUSTRIES_CACHE_KEY = "enterprises:industries"

ENTERPRISE_FIELDS = (
    "name",
    "brn",
    "crn",
    "representative",
    "address",
    "district",
    "industry",
    "business_description",
    "social_purpose",
    "social_service_field",
    "employees",
    "founded_on",
    "homepage",
    "is_sample",
)

CERTIFICATION_FIELDS = ("kind", "number", "certified_on", "round", "ended_on")


def enterprise_reindex(enterprise_ids: Iterable[int]) -> None:
    """Rebuild what is derived from these enterprises' rows: their latest certification date
    (the list's sort key) and their search entries (name, brn, industry, description …)."""
    ids = list(enterprise_ids)
    enterprise_sort_keys_refresh(ids)
    enterprise_search_index(ids)


def enterprise_sort_keys_refresh(enterprise_ids: Iterable[int]) -> None:
    """Set each enterprise's latest certification date from its certifications."""
    ids = list(enterprise_ids)
    for start in range(0, len(ids), 2000):
        chunk = list(Enterprise.objects.filter(pk__in=ids[start : start + 2000]))
        # One grouped read and one bulk write per chunk: a correlated subquery per row is
        # quadratic on PostgreSQL while the certifications have no statistics yet (an import).
        latest = dict(
            Certification.objects.filter(enterprise__in=chunk, certified_on__isnull=False)
            .values("enterprise")
            .annotate(latest=Max("certified_on"))
            .values_list("enterprise", "latest")
        )
        changed = [e for e in chunk if e.latest_certified_on != latest.get(e.pk)]
        for enterprise in changed:
            enterprise.latest_certified_on = latest.get(enterprise.pk)
        Enterprise.objects.bulk_update(changed, ["latest_certified_on"], batch_size=500)
    transaction.on_commit(lambda: cache.delete(INDUSTRIES_CACHE_KEY))


def enterprise_search_index(enterprise_ids: Iterable[int]) -> None:
    """Write these enterprises' search entries (tokenizing takes about 1 ms an enterprise, so
    an import calls this after its short write transaction, not inside it)."""
    ids = list(enterprise_ids)
    for start in range(0, len(ids), 2000):
        chunk = Enterprise.objects.filter(pk__in=ids[start : start + 2000])
        search.index_objects(SEARCH_KIND, {e.pk: e.search_text() for e in chunk})


SEARCH_KIND = search.register_kind(
    "enterprises.enterprise",
    code=1,
    rebuild=lambda: enterprise_reindex(Enterprise.objects.values_list("pk", flat=True)),
)


def _normalize(fields: dict) -> dict:
    """Digits-only brn/crn, district read from the address when not given."""
    errors: dict[str, str] = {}
    if "brn" in fields:
        try:
            fields["brn"] = normalize_brn(fields["brn"])
        except ValueError as exc:
            errors["brn"] = str(exc)
    if fields.get("crn"):
        try:
            fields["crn"] = normalize_crn(fields["crn"])
        except ValueError as exc:
            errors["crn"] = str(exc)
    if fields.get("district"):
        district = normalize_district(fields["district"])
        if district is None:
            errors["district"] = _("'%(district)s'은(는) 서울시 자치구가 아닙니다.") % {
                "district": fields["district"]
            }
        else:
            fields["district"] = district
    elif fields.get("address") and not fields.get("district"):
        fields["district"] = normalize_district(fields["address"]) or ""
    if errors:
        raise ValidationError(errors)
    return fields


@service
@transaction.atomic
def enterprise_create(*, actor, **fields) -> Enterprise:
    """Register an enterprise. Raises ValidationError (Korean, per field) on bad input."""
    require_permission(actor, "enterprises.edit")
    unknown = set(fields) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise TypeError(f"unknown enterprise fields: {sorted(unknown)}")
    enterprise = Enterprise(**_normalize(dict(fields)))
    enterprise.full_clean()
    enterprise.save()
    enterprise_reindex([enterprise.pk])
    return enterprise


@service
@transaction.atomic
def enterprise_update(enterprise: Enterprise, *, actor, **fields) -> Enterprise:
    """Change an enterprise's profile; validated like `enterprise_create`. The fields that
    changed are recorded in its history with `actor`."""
    require_permission(actor, "enterprises.edit")
    unknown = set(fields) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise TypeError(f"unknown enterprise fields: {sorted(unknown)}")
    before = snapshot(enterprise, ENTERPRISE_FIELDS)
    for name, value in _normalize(dict(fields)).items():
        setattr(enterprise, name, value)
    enterprise.full_clean()
    enterprise.save()
    record(actor=actor, obj=enterprise, action=ChangeAction.CHANGED, before=before)
    enterprise_reindex([enterprise.pk])
    return enterprise


@service
@transaction.atomic
def certification_add(
    *,
    actor,
    enterprise: Enterprise,
    kind: str,
    number: str = "",
    certified_on: dt.date | None = None,
    round: str = "",  # noqa: A002 - the registry's own word (인증회차)
    ended_on: dt.date | None = None,
) -> Certification:
    """Record a kind the enterprise holds (or held). The same kind on the same date is one row:
    adding it again changes its number, round and end, and its history says so (`actor`)."""
    require_permission(actor, "enterprises.edit")
    existing = Certification.objects.filter(
        enterprise=enterprise, kind=kind, certified_on=certified_on
    ).first()
    before = snapshot(existing, CERTIFICATION_FIELDS) if existing else None
    certification, _created = Certification.objects.update_or_create(
        enterprise=enterprise,
        kind=kind,
        certified_on=certified_on,
        defaults={"number": number, "round": round, "ended_on": ended_on},
    )
    certification.full_clean()
    record(
        actor=actor,
        obj=certification,
        action=ChangeAction.CHANGED if before else ChangeAction.CREATED,
        before=before,
        fields=CERTIFICATION_FIELDS,
    )
    enterprise_reindex([enterprise.pk])
    return certification


@service
@transaction.atomic
def contact_add(
    *,
    enterprise: Enterprise,
    name: str,
    role: str = "",
    phone: str = "",
    email: str = "",
    actor,
) -> Contact:
    require_permission(actor, "enterprises.edit")
    contact = Contact(enterprise=enterprise, name=name, role=role, phone=phone, email=email)
    contact.full_clean()
    contact.save()
    return contact


@service
@transaction.atomic
def contact_remove(*, contact: Contact, actor) -> None:
    require_permission(actor, "enterprises.edit")
    contact.delete()


@service
@transaction.atomic
def support_record_add(
    *,
    enterprise: Enterprise,
    occurred_on: dt.date,
    source: str,
    category: str,
    title: str,
    amount_won: int | None = None,
    link: str = "",
    actor,
) -> SupportRecord:
    """Add a line to an enterprise's support history; every app records its support here, as
    part of a staff decision (a tenancy, a kitchen agreement, a vendor's approval)."""
    require_permission(actor, "enterprises.edit")
    record = SupportRecord(
        enterprise=enterprise,
        occurred_on=occurred_on,
        source=source,
        category=category,
        title=title,
        amount_won=amount_won,
        link=link,
    )
    record.full_clean()
    record.save()
    return record
