"""The mall's card on the staff console home: this year's sales so far and what waits."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ieum.core.cards import Card, console_card
from ieum.core.money import format_million_won
from ieum.core.permissions import has_permission

from .choices import MembershipStatus, VendorStatus
from .kpis import annual_sales, order_count
from .models import Membership, Vendor


@console_card(order=50)
def mall_card(user) -> Card | None:
    if not has_permission(user, "mall.view"):
        return None
    today = timezone.localdate()
    return Card(
        title=_("함께누리몰 %(year)s년 매출") % {"year": today.year},
        value=format_million_won(annual_sales(year=today.year, as_of=today)),
        note=_("주문 %(orders)s건 · 입점 신청 대기 %(vendors)s건 · 회원 가입 대기 %(members)s건")
        % {
            "orders": f"{order_count(year=today.year, as_of=today):,}",
            "vendors": f"{Vendor.objects.filter(status=VendorStatus.APPLIED).count():,}",
            "members": f"{Membership.objects.filter(status=MembershipStatus.APPLIED).count():,}",
        },
        url=reverse("mall:console-dashboard"),
    )
