"""The e-mail notifications the mall sends (see ieum.core.notifications); the services
that decide, quote and move orders call `notify` with these kinds."""

from django.utils.translation import gettext_noop

from ieum.core.choices import Role
from ieum.core.notifications import register_kind

VENDOR_DECIDED = register_kind(
    "mall.vendor_decided",
    label=gettext_noop("함께누리 입점 신청 결과 (승인·반려)"),
    audience=gettext_noop("입점을 신청한 기업의 회원"),
    roles=[Role.ENTERPRISE],
)
MEMBERSHIP_DECIDED = register_kind(
    "mall.membership_decided",
    label=gettext_noop("함께누리 구매 회원 가입 결과 (승인·반려)"),
    audience=gettext_noop("가입을 신청한 구매 담당자"),
    roles=[Role.BUYER],
)
QUOTE_REQUESTED = register_kind(
    "mall.quote_requested",
    label=gettext_noop("새 견적 요청"),
    audience=gettext_noop("견적을 요청받은 입점기업의 회원"),
    roles=[Role.ENTERPRISE],
)
QUOTE_ANSWERED = register_kind(
    "mall.quote_answered",
    label=gettext_noop("견적 회신 (견적서·견적 불가)"),
    audience=gettext_noop("견적을 요청한 구매 담당자"),
    roles=[Role.BUYER],
)
ORDER_STEP = register_kind(
    "mall.order_step",
    label=gettext_noop("주문 진행 (새 주문, 확인, 배송, 검수, 반품, 취소, 세금계산서, 대금 지급)"),
    audience=gettext_noop("주문의 상대편: 입점기업의 회원, 주문한 구매 담당자"),
    roles=[Role.ENTERPRISE, Role.BUYER],
)
