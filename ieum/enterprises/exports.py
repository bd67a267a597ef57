"""Enterprise export: the registry as an XLSX that the importer reads back (same headers)."""

from django.db.models import Prefetch, QuerySet
from django.utils import translation

from ieum.core.spreadsheets import write_xlsx

from .choices import EnterpriseKind
from .models import Certification, Enterprise

HEADERS = (
    "기업명",
    "사업자등록번호",
    "법인등록번호",
    "대표자",
    "소재지",
    "자치구",
    "업종",
    "사업내용",
    "사회적목적실현유형",
    "사회서비스분야",
    "근로자수",
    "설립일",
    "홈페이지",
    "기업유형",
    "인증번호",
    "인증일자",
    "인증회차",
)
WIDTHS = (28, 15, 16, 12, 40, 10, 16, 40, 18, 16, 9, 12, 28, 24, 16, 12, 10)
_KIND_ORDER = {kind: index for index, kind in enumerate(EnterpriseKind.values)}


def enterprise_export(queryset: QuerySet[Enterprise]) -> bytes:
    """One row per enterprise. 기업유형 lists the kinds held now (ended ones are left out);
    인증번호/인증일자/인증회차 are those of the latest social-enterprise certification held now."""
    enterprises = queryset.prefetch_related(
        Prefetch(
            "certifications",
            queryset=Certification.objects.filter(ended_on__isnull=True),
        )
    )
    # Kind and purpose labels in Korean whatever the page's language: the importer reads them.
    with translation.override("ko"):
        return write_xlsx(
            HEADERS,
            (_row(e) for e in enterprises.iterator(chunk_size=2000)),
            title="사회적경제기업",
            widths=WIDTHS,
        )


def _row(enterprise: Enterprise) -> tuple:
    certifications = list(enterprise.certifications.all())
    kinds = sorted({c.kind for c in certifications}, key=_KIND_ORDER.__getitem__)
    social = [c for c in certifications if c.kind == EnterpriseKind.SOCIAL_ENTERPRISE]
    # An undated certification counts as older than any dated one.
    latest = max(
        social,
        key=lambda c: (c.certified_on is not None, c.certified_on or 0, c.pk),
        default=None,
    )
    return (
        enterprise.name,
        enterprise.brn_display,
        enterprise.crn_display or None,
        enterprise.representative or None,
        enterprise.address or None,
        enterprise.district or None,
        enterprise.industry or None,
        enterprise.business_description or None,
        enterprise.get_social_purpose_display() or None,
        enterprise.social_service_field or None,
        enterprise.employees,
        enterprise.founded_on,
        enterprise.homepage or None,
        ", ".join(str(EnterpriseKind(kind).label) for kind in kinds) or None,
        (latest.number or None) if latest else None,
        latest.certified_on if latest else None,
        (latest.round or None) if latest else None,
    )
