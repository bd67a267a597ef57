"""The e-mail notifications of spaces (see ieum.core.notifications): booking decisions
and tenant call results, sent by the booking and tenant services."""

from django.utils.translation import gettext_noop

from ieum.core.choices import Role
from ieum.core.notifications import register_kind

BOOKING_DECIDED = register_kind(
    "spaces.booking_decided",
    label=gettext_noop("공간 예약 승인·반려, 센터의 예약 취소"),
    audience=gettext_noop("예약한 사람"),
    roles=[Role.ENTERPRISE, Role.STAFF],
)
TENANT_CALL_RESULT = register_kind(
    "spaces.tenant_call_result",
    label=gettext_noop("입주기업 모집 선정 결과"),
    audience=gettext_noop("입주를 신청한 기업의 회원"),
    roles=[Role.ENTERPRISE],
)
HYGIENE_EXPIRING = register_kind(
    "spaces.hygiene_expiring",
    label=gettext_noop("공유주방 위생 증명 만료 안내"),
    audience=gettext_noop("공유주방 협약 기업의 회원"),
    roles=[Role.ENTERPRISE],
)
