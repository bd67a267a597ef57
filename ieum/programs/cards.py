"""The programs card on the staff console home."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ieum.core.cards import Card, console_card
from ieum.core.permissions import has_permission

from .selectors import kpi_updated_count


@console_card(order=40)
def kpis_updated_this_month(user) -> Card | None:
    """How many KPIs got a new manual figure this month: a sign the figures are kept up."""
    if not has_permission(user, "programs.view"):
        return None
    now = timezone.localtime()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    count = kpi_updated_count(since=month_start)
    return Card(
        title=_("이번 달 갱신된 성과지표"),
        value=_("%(count)s개") % {"count": f"{count:,}"},
        note=_("%(year)s년 %(month)s월 입력 기준") % {"year": now.year, "month": now.month},
        url=reverse("programs:line-list"),
    )
