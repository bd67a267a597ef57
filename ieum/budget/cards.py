"""Console card of the budget: the latest year's execution rate."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ieum.core.cards import Card, console_card
from ieum.core.dates import format_short
from ieum.core.money import format_rate, format_thousand_won
from ieum.core.permissions import has_permission

from .selectors import budget_execution, latest_year


@console_card(order=30)
def execution_card(user) -> Card | None:
    if not has_permission(user, "budget.view"):
        return None
    year = latest_year()
    if year is None:
        return None
    as_of = min(timezone.localdate(), dt.date(year, 12, 31))
    root = budget_execution(year=year, as_of=as_of)
    return Card(
        title=_("%(year)s년 예산 집행률") % {"year": year},
        value=format_rate(root.executed_won, root.budget_won),
        note=_("%(day)s 기준 · 집행 %(executed)s / 예산 %(budget)s천원")
        % {
            "day": format_short(as_of),
            "executed": format_thousand_won(root.executed_won),
            "budget": format_thousand_won(root.budget_won),
        },
        url=reverse("budget:overview"),
    )
