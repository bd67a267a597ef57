"""The organization's card on the staff console home."""

from django.urls import reverse

from ieum.accounts.permissions import has_permission
from ieum.core.cards import Card, console_card
from ieum.core.dates import format_long

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
        title="인력 현황 (현원 / 정원)",
        value=f"{plan.current_total or 0} / {plan.quota_total or 0}명",
        note=f"{format_long(plan.as_of)} 기준",
        url=f"{reverse('organization:staffing')}?year={plan.year}",
    )
