"""Every non-trivial read of the registry, with its query plan in mind (50,000 enterprises)."""

from dataclasses import dataclass, fields

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_noop

from ieum.core import search
from ieum.core.forms import int_param
from ieum.core.history import attach_history, history_for
from ieum.core.models import Change

from .choices import EnterpriseKind
from .models import Certification, Contact, Enterprise
from .services import INDUSTRIES_CACHE_KEY, SEARCH_KIND

PAGE_SIZE = 25

SORTS = {
    "name": (gettext_noop("기업명순"), ["name", "id"]),
    "recent": (gettext_noop("최근 등록순"), ["-created_at", "-id"]),
    "district": (gettext_noop("자치구순"), ["district", "name", "id"]),
    "employees": (
        gettext_noop("근로자 많은 순"),
        [F("employees").desc(nulls_last=True), "name", "id"],
    ),
    "certified": (
        gettext_noop("최근 인증순"),
        [F("latest_certified_on").desc(nulls_last=True), "name", "id"],
    ),
}


@dataclass(frozen=True)
class EnterpriseFilters:
    """What the registry list was asked for; every field optional."""

    q: str = ""
    kind: str = ""
    district: str = ""
    industry: str = ""
    cert_year: int | None = None
    sort: str = "name"

    @classmethod
    def from_query(cls, params) -> "EnterpriseFilters":
        values = {f.name: (params.get(f.name) or "").strip() for f in fields(cls)}
        year = values.pop("cert_year")
        sort = values.pop("sort")
        return cls(
            **values,
            # A year a date can hold; anything else (849187, '２０２２') filters nothing.
            cert_year=int_param(year, low=1, high=9999),
            sort=sort if sort in SORTS else "name",
        )


def enterprise_list(filters: EnterpriseFilters) -> QuerySet[Enterprise]:
    """Enterprises matching the filters, sorted, with their certifications prefetched."""
    queryset = Enterprise.objects.all()
    if filters.q:
        digits = filters.q.replace("-", "").replace(" ", "")
        if digits.isascii() and digits.isdigit() and 3 <= len(digits) <= 10:
            # A number is a brn (or its start), typed with or without hyphens.
            # A range rather than LIKE 'digits%', so both databases walk the brn index.
            queryset = queryset.filter(brn__gte=digits, brn__lt=digits + ":")
        else:
            matched = search.matching_ids(SEARCH_KIND, filters.q)
            if matched is not None:
                queryset = queryset.filter(pk__in=matched)
    if filters.district:
        queryset = queryset.filter(district=filters.district)
    if filters.industry:
        queryset = queryset.filter(industry=filters.industry)
    if filters.kind in EnterpriseKind.values:
        queryset = queryset.filter(
            Exists(Certification.objects.filter(enterprise=OuterRef("pk"), kind=filters.kind))
        )
    if filters.cert_year:
        queryset = queryset.filter(
            Exists(
                Certification.objects.filter(
                    enterprise=OuterRef("pk"), certified_on__year=filters.cert_year
                )
            )
        )
    return queryset.order_by(*SORTS[filters.sort][1]).prefetch_related(
        Prefetch(
            "certifications",
            queryset=Certification.objects.only(
                "id", "enterprise_id", "kind", "certified_on", "ended_on"
            ),
        )
    )


def enterprise_page(filters: EnterpriseFilters, page_number: object) -> Page:
    return Paginator(enterprise_list(filters), PAGE_SIZE).get_page(page_number)


def industry_choices() -> list[str]:
    """The industries in use, for the filter. Cached: a DISTINCT over 50,000 rows costs
    PostgreSQL a full scan, and services.enterprise_reindex clears it on every change."""

    def load() -> list[str]:
        return list(
            Enterprise.objects.exclude(industry="")
            .order_by("industry")
            .values_list("industry", flat=True)
            .distinct()
        )

    return cache.get_or_set(INDUSTRIES_CACHE_KEY, load, timeout=600)


def certification_years() -> list[int]:
    """Every year from the latest certification back to the first (MIN/MAX use the index)."""
    dated = Certification.objects.filter(certified_on__isnull=False).values_list(
        "certified_on", flat=True
    )
    # Two single-ended queries: SQLite answers MIN or MAX alone from the index, not both at once.
    first = dated.order_by("certified_on").first()
    if first is None:
        return []
    last = dated.order_by("-certified_on").first()
    return list(range(last.year, first.year - 1, -1))


def enterprise_detail(pk: int) -> Enterprise:
    """One enterprise with its certifications, contacts, members and support history."""
    return (
        Enterprise.objects.prefetch_related(
            "certifications", "contacts", "support_records", "members"
        )
        .filter(pk=pk)
        .get()
    )


def enterprise_changes(enterprise: Enterprise) -> list[Change]:
    """The enterprise's recorded profile changes, newest first, and the history of each of its
    certifications (set as `history` on the prefetched rows)."""
    attach_history(enterprise.certifications.all())
    return history_for(enterprise)


def registry_summary() -> dict[str, int]:
    return {
        "total": Enterprise.objects.count(),
        "social_enterprises": Certification.objects.filter(
            kind=EnterpriseKind.SOCIAL_ENTERPRISE, ended_on__isnull=True
        )
        .values("enterprise")
        .distinct()
        .count(),
    }


def enterprise_get(pk: int) -> Enterprise | None:
    """One enterprise, nothing joined (for its edit forms); None when there is none."""
    return Enterprise.objects.filter(pk=pk).first()


def enterprise_export_list() -> QuerySet[Enterprise]:
    """Every enterprise, for the registry's XLSX export."""
    return Enterprise.objects.all()


def contact_detail(*, enterprise_id: int, pk: int) -> Contact | None:
    """One of the enterprise's contacts; another enterprise's is None."""
    return Contact.objects.filter(pk=pk, enterprise_id=enterprise_id).first()
