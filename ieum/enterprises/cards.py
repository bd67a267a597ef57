"""Console cards of the registry."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ieum.core.cards import Card, console_card
from ieum.core.permissions import has_permission

from .selectors import registry_summary


@console_card(order=20)
def registry_card(user) -> Card | None:
    if not has_permission(user, "enterprises.view"):
        return None
    summary = registry_summary()
    return Card(
        title=_("등록 기업"),
        value=_("%(count)s개") % {"count": f"{summary['total']:,}"},
        note=ngettext(
            "그중 사회적기업 %(count)s개",
            "그중 사회적기업 %(count)s개",
            summary["social_enterprises"],
        )
        % {"count": f"{summary['social_enterprises']:,}"},
        url=reverse("enterprises:enterprise-list"),
    )
