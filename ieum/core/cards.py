"""Summary cards on the staff console home. Each app registers its own in `<app>/cards.py`:

@console_card(order=20)
def enterprise_count(user) -> Card | None: ...
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


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
    for _, provider in sorted(_providers, key=lambda item: item[0]):
        card = provider(user)
        if card is not None:
            cards.append(card)
    return cards
