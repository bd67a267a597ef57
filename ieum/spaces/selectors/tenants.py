"""Reads about tenants: calls, applications and their ranking, tenancy contracts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, When

from ieum.core.history import history_for
from ieum.organization.models import Facility

from ..choices import ApplicationStatus, CallStatus
from ..models import Tenancy, TenantApplication, TenantCall


def tenancies_active_on(on: dt.date) -> QuerySet[Tenancy]:
    """Contracts in force on `on`: within their period and not yet exited. The exit day is the
    last day in force. Status is not consulted: a renewed contract is marked ended at once but
    stays in force until its end date, and an exit may be recorded ahead of its date."""
    return Tenancy.objects.filter(starts_on__lte=on, ends_on__gte=on).filter(
        Q(exited_on__isnull=True) | Q(exited_on__gte=on)
    )


def active_tenancy(*, enterprise, facility, on: dt.date) -> Tenancy | None:
    """The enterprise's contract in force in the facility on `on`, or None."""
    if enterprise is None or facility is None:
        return None
    return (
        tenancies_active_on(on)
        .filter(enterprise=enterprise, facility=facility)
        .order_by("-starts_on")
        .first()
    )


@dataclass
class FacilityTenants:
    facility: Facility
    tenancies: list[Tenancy]

    @property
    def count(self) -> int:
        return len(self.tenancies)


def tenants_by_facility(*, on: dt.date) -> list[FacilityTenants]:
    """Every facility (in its order) with the contracts in force on `on`, by enterprise name."""
    tenancies = (
        tenancies_active_on(on)
        .select_related("enterprise", "unit")
        .order_by("facility_id", "enterprise__name", "pk")
    )
    by_facility: dict[int, list[Tenancy]] = {}
    for tenancy in tenancies:
        by_facility.setdefault(tenancy.facility_id, []).append(tenancy)
    return [
        FacilityTenants(facility=facility, tenancies=by_facility.get(facility.pk, []))
        for facility in Facility.objects.all()
    ]


def tenancy_list(
    *, facility: Facility | None = None, status: str = "", on: dt.date | None = None
) -> QuerySet[Tenancy]:
    """Contracts for the staff's list: of a facility, of a status, or in force on a day."""
    tenancies = Tenancy.objects.select_related("enterprise", "facility", "unit", "previous")
    if facility is not None:
        tenancies = tenancies.filter(facility=facility)
    if status:
        tenancies = tenancies.filter(status=status)
    if on is not None:
        tenancies = tenancies.filter(pk__in=tenancies_active_on(on).values("pk"))
    return tenancies.order_by(
        "facility__sort_order", "facility__name", "enterprise__name", "-starts_on"
    )


def tenancy_detail(pk: int) -> Tenancy:
    return (
        Tenancy.objects.select_related("enterprise", "facility", "unit", "previous", "application")
        .prefetch_related("renewals")
        .get(pk=pk)
    )


def enterprise_tenancies(enterprise) -> QuerySet[Tenancy]:
    """An enterprise's own contracts, newest first (the member's page)."""
    return (
        Tenancy.objects.filter(enterprise=enterprise)
        .select_related("facility", "unit")
        .order_by("-starts_on", "-pk")
    )


def call_list() -> QuerySet[TenantCall]:
    return TenantCall.objects.select_related("facility").annotate(
        application_count=Count("applications")
    )


def open_calls(*, on: dt.date) -> QuerySet[TenantCall]:
    """Calls taking applications on `on` (the member's page)."""
    return (
        TenantCall.objects.filter(status=CallStatus.OPEN, opens_on__lte=on, closes_on__gte=on)
        .select_related("facility")
        .order_by("closes_on", "pk")
    )


def call_ranking(call: TenantCall) -> list[TenantApplication]:
    """The call's applications, best total first (unscored last, then by arrival), each with
    `rank` (None when unscored or withdrawn) and `score_list` in the order of the criteria."""
    applications = list(
        call.applications.select_related("enterprise")
        .annotate(unscored=Case(When(total_score__isnull=True, then=1), default=0))
        .order_by("unscored", "-total_score", "created_at", "pk")
    )
    rank = 0
    for application in applications:
        if application.total_score is None or application.status == ApplicationStatus.WITHDRAWN:
            application.rank = None
        else:
            rank += 1
            application.rank = rank
        application.score_list = [
            (criterion["name"], criterion["max"], application.scores.get(criterion["name"]))
            for criterion in call.criteria
        ]
    return applications


def tenancy_get(pk: int) -> Tenancy | None:
    """A contract with its enterprise and facility (the renewal and exit forms)."""
    return Tenancy.objects.select_related("enterprise", "facility").filter(pk=pk).first()


def call_detail(pk: int, *, published: bool = False) -> TenantCall | None:
    """A call with its facility; `published` leaves out drafts (the member's side)."""
    calls = TenantCall.objects.select_related("facility").filter(pk=pk)
    if published:
        calls = calls.exclude(status=CallStatus.DRAFT)
    return calls.first()


def application_detail(pk) -> TenantApplication | None:
    """An application with its call's facility and its enterprise."""
    return (
        TenantApplication.objects.select_related("call__facility", "enterprise")
        .filter(pk=pk)
        .first()
    )


def enterprise_applications(enterprise) -> QuerySet[TenantApplication]:
    """An enterprise's own applications, newest first (the member's page)."""
    return enterprise.tenant_applications.select_related("call__facility").order_by("-created_at")


def tenancy_history(tenancy: Tenancy) -> list:
    """Who made, renewed or ended the contract, when, with what terms and why."""
    return history_for(tenancy)
