"""The KPI provider registry: apps publish computed indicators from their own `kpis.py`.

    from ieum.programs.registry import kpi_provider

    @kpi_provider("mall-annual-sales", name="연간 매출액", unit="원")
    def annual_sales(*, year: int, as_of: date) -> int: ...

A Kpi whose `provider` names a registered key is computed at read time from the data that
produced it; a Kpi with a blank provider takes manual values.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.module_loading import autodiscover_modules

ProviderFunc = Callable[..., Decimal | int]


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    unit: str
    func: ProviderFunc

    def compute(self, *, year: int, as_of: dt.date) -> Decimal:
        return Decimal(self.func(year=year, as_of=as_of))


_providers: dict[str, Provider] = {}
_discovered = False


def kpi_provider(key: str, *, name: str, unit: str) -> Callable[[ProviderFunc], ProviderFunc]:
    """Register `func(*, year, as_of) -> Decimal | int` as the provider named `key`."""

    def register(func: ProviderFunc) -> ProviderFunc:
        existing = _providers.get(key)
        # Re-importing a module registers the same function again; two functions may not share.
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ValueError(f"KPI provider {key!r} is already registered by {existing.func!r}")
        _providers[key] = Provider(key=key, name=name, unit=unit, func=func)
        return func

    return register


def unregister(key: str) -> None:
    """Remove a provider (tests register their own and clean up)."""
    _providers.pop(key, None)


def discover() -> None:
    """Import every installed app's `kpis` module once."""
    global _discovered
    if not _discovered:
        autodiscover_modules("kpis")
        _discovered = True


def get_provider(key: str) -> Provider | None:
    discover()
    return _providers.get(key)


def all_providers() -> list[Provider]:
    discover()
    return sorted(_providers.values(), key=lambda provider: provider.key)
