"""Reads about the shared kitchen's agreements."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from ..models import KitchenAgreement


def valid_agreement(*, enterprise, kitchen, on: dt.date) -> KitchenAgreement | None:
    """The enterprise's agreement for this kitchen that is in force on `on` and whose hygiene
    certificate has not lapsed (hygiene_expires_on >= on), or None."""
    if enterprise is None or kitchen is None:
        return None
    return (
        KitchenAgreement.objects.filter(
            enterprise=enterprise,
            kitchen=kitchen,
            starts_on__lte=on,
            ends_on__gte=on,
            hygiene_expires_on__gte=on,
        )
        .order_by("-ends_on")
        .first()
    )


def agreement_list(*, kitchen=None) -> QuerySet[KitchenAgreement]:
    agreements = KitchenAgreement.objects.select_related("enterprise", "kitchen__facility")
    if kitchen is not None:
        agreements = agreements.filter(kitchen=kitchen)
    return agreements.order_by("kitchen__facility__sort_order", "kitchen__name", "enterprise__name")


def expiring_agreements(*, on: dt.date, within_days: int = 30) -> list[KitchenAgreement]:
    """Agreements still running on `on` whose hygiene certificate lapses within `within_days`
    days — or has already lapsed, which is the more urgent warning — soonest first, each with
    `days_left` (negative once lapsed)."""
    agreements = list(
        KitchenAgreement.objects.filter(
            ends_on__gte=on, hygiene_expires_on__lte=on + dt.timedelta(days=within_days)
        )
        .select_related("enterprise", "kitchen__facility")
        .order_by("hygiene_expires_on", "pk")
    )
    for agreement in agreements:
        agreement.days_left = (agreement.hygiene_expires_on - on).days
    return agreements


def agreement_detail(pk: int) -> KitchenAgreement | None:
    return (
        KitchenAgreement.objects.select_related("enterprise", "kitchen__facility")
        .filter(pk=pk)
        .first()
    )
