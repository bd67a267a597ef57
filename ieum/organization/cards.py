"""The organization's card on the staff console home."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ieum.core.cards import Card, console_card
from ieum.core.dates import format_long
from ieum.core.permissions import has_permission

from .selectors import staffing_latest


@console_card(order=10)
def staffing(user) -> Card | None:
    """현원 / 정원 of the latest staffing plan."""
    if not has_permission(user, "organization.view"):
        return None
    plan = staffing_latest()
    if plan is None:
        return None
    return Card(
        title=_("인력 현황 (현원 / 정원)"),
        value=_("%(current)s / %(quota)s명")
        % {"current": plan.current_total or 0, "quota": plan.quota_total or 0},
        note=_("%(date)s 기준") % {"date": format_long(plan.as_of)},
        url=f"{reverse('organization:staffing')}?year={plan.year}",
    )
