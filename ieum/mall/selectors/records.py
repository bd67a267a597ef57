"""Priority-purchase records (우선구매 실적): what each institution bought from social-economy
vendors in a period, by the vendor's kind when ordered, against the year's target.

Purchases are orders placed in the period (by `Order.placed_at`, local date) that were not
cancelled or returned. The pre-certified social enterprises of both tracks count as one kind,
as the priority-purchase report lists them.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from ieum.core import money
from ieum.core.dates import day_bounds
from ieum.enterprises.choices import EnterpriseKind
from ieum.enterprises.models import Institution

from ..choices import NOT_SALES
from ..models import Order, PurchaseTarget

# (key, label, vendor kinds) in the report's order; every other kind is 기타.
KIND_GROUPS: list[tuple[str, str, tuple[str, ...]]] = [
    ("social_enterprise", _("사회적기업"), (EnterpriseKind.SOCIAL_ENTERPRISE,)),
    (
        "pre_social_enterprise",
        _("예비사회적기업"),
        (EnterpriseKind.PRE_REGIONAL, EnterpriseKind.PRE_MINISTRY),
    ),
    ("cooperative", _("협동조합"), (EnterpriseKind.COOPERATIVE,)),
    ("social_cooperative", _("사회적협동조합"), (EnterpriseKind.SOCIAL_COOPERATIVE,)),
    ("village", _("마을기업"), (EnterpriseKind.VILLAGE,)),
    ("self_sufficiency", _("자활기업"), (EnterpriseKind.SELF_SUFFICIENCY,)),
    ("other", _("기타"), ()),
]
_GROUP_OF_KIND = {kind: key for key, _label, kinds in KIND_GROUPS for kind in kinds}


def kind_group(vendor_kind: str) -> str:
    """The record column of a vendor kind ('pre_regional' → 'pre_social_enterprise')."""
    return _GROUP_OF_KIND.get(vendor_kind, "other")


@dataclass(frozen=True)
class KindAmount:
    key: str
    label: str
    won: int


@dataclass
class InstitutionRecord:
    """One institution's purchases in the period, by kind, and its target for the year."""

    institution: Institution
    amounts: dict[str, int] = field(default_factory=dict)
    order_count: int = 0
    target: PurchaseTarget | None = None

    @property
    def by_kind(self) -> list[KindAmount]:
        return [
            KindAmount(key=key, label=str(label), won=self.amounts.get(key, 0))
            for key, label, _kinds in KIND_GROUPS
        ]

    @property
    def total_won(self) -> int:
        return sum(self.amounts.values())

    @property
    def has_purchases(self) -> bool:
        return self.order_count > 0

    @property
    def target_won(self) -> int | None:
        return self.target.target_amount_won if self.target else None

    @property
    def rate(self) -> Decimal | None:
        """Achievement of the year's target, in percent; None without a target."""
        return money.rate(self.total_won, self.target_won) if self.target_won else None


@dataclass
class PurchaseRecords:
    start: dt.date
    end: dt.date
    rows: list[InstitutionRecord]

    @property
    def year(self) -> int:
        return target_year(self.end)

    @property
    def kind_labels(self) -> list[str]:
        return [str(label) for _key, label, _kinds in KIND_GROUPS]

    @property
    def totals(self) -> InstitutionRecord:
        """The sum of every row, as a pseudo-record (its institution is None)."""
        total = InstitutionRecord(institution=None)
        for row in self.rows:
            for key, won in row.amounts.items():
                total.amounts[key] = total.amounts.get(key, 0) + won
            total.order_count += row.order_count
        return total

    @property
    def without_purchases(self) -> list[InstitutionRecord]:
        return [row for row in self.rows if not row.has_purchases]


def target_year(end: dt.date) -> int:
    """The target a period is measured against is that of the year the period ends in."""
    return end.year


def _sales(start: dt.date, end: dt.date) -> QuerySet[Order]:
    low, high = day_bounds(start, end)
    return Order.objects.filter(placed_at__gte=low, placed_at__lt=high).exclude(
        status__in=NOT_SALES
    )


def purchase_records(
    *,
    institution: Institution | None = None,
    start: dt.date,
    end: dt.date,
    only_without_purchases: bool = False,
    institution_kind: str = "",
) -> PurchaseRecords:
    """Every institution's purchases by vendor kind (or one institution's), including the
    institutions that bought nothing in the period; three queries."""
    institutions = Institution.objects.order_by("name")
    orders = _sales(start, end)
    if institution is not None:
        institutions = institutions.filter(pk=institution.pk)
        orders = orders.filter(institution=institution)
    if institution_kind:
        institutions = institutions.filter(kind=institution_kind)
    rows = {inst.pk: InstitutionRecord(institution=inst) for inst in institutions}
    sums = orders.values("institution_id", "vendor_kind").annotate(
        won=Sum("total_won"), count=Count("id")
    )
    for entry in sums.order_by():
        row = rows.get(entry["institution_id"])
        if row is None:
            continue
        key = kind_group(entry["vendor_kind"])
        row.amounts[key] = row.amounts.get(key, 0) + int(entry["won"])
        row.order_count += entry["count"]
    targets = PurchaseTarget.objects.filter(year=target_year(end), institution_id__in=list(rows))
    for target in targets:
        rows[target.institution_id].target = target
    result = list(rows.values())
    if only_without_purchases:
        result = [row for row in result if not row.has_purchases]
    return PurchaseRecords(start=start, end=end, rows=result)


def purchase_orders(*, institution: Institution, start: dt.date, end: dt.date) -> QuerySet[Order]:
    """The orders counted in an institution's record, oldest first, with their vendor."""
    return (
        _sales(start, end)
        .filter(institution=institution)
        .select_related("vendor__enterprise")
        .order_by("placed_at", "id")
    )
