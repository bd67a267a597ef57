"""The areas of ieum (DESIGN.md) in navigation order; areas not built yet are marked so."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Area:
    label: str
    url_name: str | None
    permission: str | None = None

    @property
    def url(self) -> str | None:
        if self.url_name is None:
            return None
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


STAFF_AREAS = (
    Area(gettext_noop("콘솔 홈"), "core:console", "console.view"),
    Area(gettext_noop("센터 조직"), "organization:overview", "organization.view"),
    Area(gettext_noop("기업 등록부"), "enterprises:enterprise-list", "enterprises.view"),
    Area(gettext_noop("예산·집행"), "budget:overview", "budget.view"),
    Area(gettext_noop("사업·성과지표"), "programs:line-list", "programs.view"),
    Area(gettext_noop("함께누리몰"), "mall:console-dashboard", "mall.view"),
    Area(gettext_noop("공간 운영"), "spaces:console", "spaces.view"),
    Area(gettext_noop("지원사업"), None),
    Area(gettext_noop("마을기업"), None),
    Area(gettext_noop("사회가치지표(S-SVI)"), None),
    Area(gettext_noop("교육"), None),
    Area(gettext_noop("연구·패널조사"), None),
    Area(gettext_noop("캐빈닷넷 콘텐츠"), None),
    Area(gettext_noop("시민 소통"), None),
    Area(gettext_noop("주요업무보고"), "reports:report", "reports.view"),
)
