"""Registry API for staff tools: search and read enterprises (token auth, enterprises.view).

Filters are declared with ieum.core.api's types: no control characters, a certification year
between 1900 and 2100, an id within the database's range."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from ieum.core.api import Id, Line, PageNumber, Year
from ieum.core.permissions import has_permission
from ieum.enterprises.permissions import can_view_enterprise

from . import selectors
from .models import Enterprise

router = Router(tags=["기업 등록부"])


class EnterpriseCertificationOut(Schema):
    kind: str
    kind_label: str
    number: str
    certified_on: date | None
    round: str


class EnterpriseOut(Schema):
    id: int
    name: str
    brn: str
    brn_display: str
    representative: str
    district: str
    industry: str
    employees: int | None
    certifications: list[EnterpriseCertificationOut]


class EnterprisePage(Schema):
    count: int
    page: int
    pages: int
    results: list[EnterpriseOut]


class EnterpriseListQuery(Schema):
    q: Line = ""
    kind: Line = ""
    district: Line = ""
    industry: Line = ""
    cert_year: Year | None = None
    sort: Line = "name"
    page: PageNumber = 1


def _out(enterprise: Enterprise) -> dict:
    return {
        **{f: getattr(enterprise, f) for f in ("id", "name", "brn", "representative")},
        "brn_display": enterprise.brn_display,
        "district": enterprise.district,
        "industry": enterprise.industry,
        "employees": enterprise.employees,
        "certifications": [
            {
                "kind": c.kind,
                "kind_label": c.get_kind_display(),
                "number": c.number,
                "certified_on": c.certified_on,
                "round": c.round,
            }
            for c in enterprise.certifications.all()
        ],
    }


@router.get("/", response=EnterprisePage, summary="기업 검색")
def enterprise_list(request, params: Query[EnterpriseListQuery]):
    if not has_permission(request.auth, "enterprises.view"):
        raise HttpError(403, "기업 등록부를 볼 권한이 없습니다.")
    # The same reading of the parameters as the list page's.
    filters = selectors.EnterpriseFilters.from_query(
        {name: str(value) for name, value in params.dict().items() if value is not None}
    )
    page = selectors.enterprise_page(filters, params.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_out(e) for e in page],
    }


@router.get("/{enterprise_id}", response=EnterpriseOut, summary="기업 정보")
def enterprise_detail(request, enterprise_id: Id):
    enterprise = get_object_or_404(
        Enterprise.objects.prefetch_related("certifications"), pk=enterprise_id
    )
    if not can_view_enterprise(request.auth, enterprise):
        raise HttpError(403, "이 기업 정보를 볼 권한이 없습니다.")
    return _out(enterprise)
