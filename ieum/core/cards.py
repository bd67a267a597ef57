"""Summary cards on the staff console home. Each app registers its own in `<app>/cards.py`:

@console_card(order=20)
def enterprise_count(user) -> Card | None: ...
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from ieum.core.permissions import has_permission

from .tasks import failed_recently, workers_alive


@dataclass(frozen=True)
class Card:
    title: str
    value: str
    note: str = ""
    url: str | None = None


_providers: list[tuple[int, Callable]] = []


def console_card(*, order: int):
    def register(func: Callable) -> Callable:
        _providers.append((order, func))
        return func

    return register


def console_cards(user) -> list[Card]:
    autodiscover_modules("cards")
    cards = []
    for _order, provider in sorted(_providers, key=lambda item: item[0]):
        card = provider(user)
        if card is not None:
            cards.append(card)
    return cards


@console_card(order=95)
def background_jobs_card(user) -> Card | None:
    """Failed background jobs of the last week, and how many workers are alive."""
    if not has_permission(user, "tasks.manage"):
        return None
    failed, workers = failed_recently(), workers_alive()
    return Card(
        title=_("백그라운드 작업"),
        value=_("실패 %(count)s건") % {"count": failed} if failed else _("정상"),
        note=_("작업자 %(count)s개 실행 중") % {"count": workers}
        if workers
        else _("실행 중인 작업자가 없습니다"),
        url=reverse("core:task-list"),
    )
