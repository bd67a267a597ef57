"""Who is acting in the mall: the approved buyer's institution, the approved vendor of an
enterprise member, and the querysets each of them may see. Views, the API and services all ask
here, so a buyer never sees another institution's orders and a vendor never another vendor's."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ieum.core.permissions import has_permission
from ieum.enterprises.models import Institution

from .choices import MembershipStatus, VendorStatus
from .models import Membership, Order, QuoteRequest, Vendor


def buyer_institution(user) -> Institution:
    """The institution `user` buys for; refused unless they are a buyer with an approved
    membership."""
    if not has_permission(user, "mall.buy"):
        raise PermissionDenied("공공기관 구매 담당자만 할 수 있는 작업입니다.")
    membership = Membership.objects.filter(user=user).select_related("institution").first()
    if membership is None or membership.status != MembershipStatus.APPROVED:
        raise PermissionDenied("함께누리 구매 회원 승인을 받은 뒤에 이용할 수 있습니다.")
    return membership.institution


def is_approved_buyer(user) -> bool:
    try:
        buyer_institution(user)
    except PermissionDenied:
        return False
    return True


def member_vendor(user, *, selling: bool = True) -> Vendor:
    """The vendor of the enterprise `user` belongs to; with `selling`, it must be approved."""
    if not has_permission(user, "mall.sell"):
        raise PermissionDenied("입점기업 회원만 할 수 있는 작업입니다.")
    vendor = Vendor.objects.filter(enterprise_id=user.enterprise_id).first()
    if vendor is None:
        raise PermissionDenied("함께누리 입점 신청을 먼저 해 주세요.")
    if selling and vendor.status != VendorStatus.APPROVED:
        raise PermissionDenied("입점 승인된 기업만 할 수 있는 작업입니다.")
    return vendor


def visible_orders(user) -> QuerySet[Order]:
    """The orders `user` may see: staff all, a buyer their institution's, a vendor its own."""
    if has_permission(user, "mall.view"):
        return Order.objects.all()
    if has_permission(user, "mall.buy"):
        return Order.objects.filter(institution_id=user.institution_id)
    if has_permission(user, "mall.sell") and user.enterprise_id:
        return Order.objects.filter(vendor__enterprise_id=user.enterprise_id)
    return Order.objects.none()


def visible_quote_requests(user) -> QuerySet[QuoteRequest]:
    """Quote requests `user` may see, by the same rule as orders."""
    if has_permission(user, "mall.view"):
        return QuoteRequest.objects.all()
    if has_permission(user, "mall.buy"):
        return QuoteRequest.objects.filter(institution_id=user.institution_id)
    if has_permission(user, "mall.sell") and user.enterprise_id:
        return QuoteRequest.objects.filter(vendor__enterprise_id=user.enterprise_id)
    return QuoteRequest.objects.none()
