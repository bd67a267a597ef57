"""Reads about buyers: memberships, institutions with their targets, and buying needs."""

from django.db.models import Count, QuerySet

from ieum.core.history import attach_history
from ieum.enterprises.models import Institution

from ..choices import MembershipStatus
from ..models import BuyingNeed, Membership, PurchaseTarget


def _memberships() -> QuerySet[Membership]:
    return Membership.objects.select_related("user", "institution", "decided_by")


def membership_queue() -> QuerySet[Membership]:
    """Applications waiting for a decision, oldest first."""
    return _memberships().filter(status=MembershipStatus.APPLIED).order_by("applied_at", "id")


def membership_history() -> QuerySet[Membership]:
    """Decided memberships, the latest decision first."""
    return _memberships().exclude(status=MembershipStatus.APPLIED).order_by("-updated_at", "-id")


def with_history(memberships) -> list[Membership]:
    """The memberships (a page of them), each with `history`: its decisions, who took them,
    when and why (one query)."""
    memberships = list(memberships)
    attach_history(memberships)
    return memberships


def membership_detail(pk: int) -> Membership | None:
    return Membership.objects.filter(pk=pk).select_related("user").first()


def membership_of_user(user) -> Membership | None:
    """The signed-in buyer's own membership (or application), with its institution."""
    return Membership.objects.filter(user=user).select_related("institution").first()


def approved_member_counts() -> dict[int, int]:
    """Approved members per institution id."""
    return dict(
        Membership.objects.filter(status=MembershipStatus.APPROVED)
        .values("institution_id")
        .annotate(n=Count("id"))
        .values_list("institution_id", "n")
    )


def institution_detail(pk: int) -> Institution | None:
    return Institution.objects.filter(pk=pk).first()


def institution_members(institution: Institution) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(institution=institution)
        .select_related("user")
        .order_by("status", "user__username")
    )


def purchase_target_list(institution: Institution) -> QuerySet[PurchaseTarget]:
    return PurchaseTarget.objects.filter(institution=institution).order_by("-year")


def purchase_target(*, institution: Institution, year: int) -> PurchaseTarget | None:
    return PurchaseTarget.objects.filter(institution=institution, year=year).first()


def buying_need_list(institution: Institution) -> QuerySet[BuyingNeed]:
    return BuyingNeed.objects.filter(institution=institution).select_related("category")


def buying_need_detail(*, institution: Institution, pk: int) -> BuyingNeed | None:
    """One of the institution's own needs; another institution's is None."""
    return BuyingNeed.objects.filter(pk=pk, institution=institution).first()


def buying_need_exists(institution: Institution) -> bool:
    return BuyingNeed.objects.filter(institution=institution).exists()
