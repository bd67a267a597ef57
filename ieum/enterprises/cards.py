"""Console cards of the registry."""

from django.urls import reverse

from ieum.accounts.permissions import has_permission
from ieum.core.cards import Card, console_card

from .selectors import registry_summary


@console_card(order=20)
def registry_card(user) -> Card | None:
    if not has_permission(user, "enterprises.view"):
        return None
    summary = registry_summary()
    return Card(
        title="등록 기업",
        value=f"{summary['total']:,}개",
        note=f"그중 사회적기업 {summary['social_enterprises']:,}개",
        url=reverse("enterprises:enterprise-list"),
    )
