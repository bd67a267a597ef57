from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoomKind(models.TextChoices):
    MEETING = "meeting", _("회의실")
    LECTURE = "lecture", _("교육장/대강의실")
    MULTIMEDIA = "multimedia", _("멀티미디어룸")
    STUDIO = "studio", _("스튜디오")
    EDITING = "editing", _("영상편집룸")
    KITCHEN = "kitchen", _("공유주방")
    COWORKING = "coworking", _("코워킹석")
    TENANT_UNIT = "tenant_unit", _("입주공간")
    LOUNGE = "lounge", _("휴게실")


class Audience(models.TextChoices):
    """Who may book a room."""

    TENANTS = "tenants", _("입주기업만")
    ENTERPRISES = "enterprises", _("사회적경제기업")
    ANYONE = "anyone", _("외부 대관 가능")
    STAFF = "staff", _("센터 직원만")


class BookingPurpose(models.TextChoices):
    FACILITY_USE = "facility_use", _("시설 이용")
    NETWORK = "network", _("입주기업 네트워크 활동")
    CENTER_PROGRAM = "center_program", _("센터 연계 사업 (컨설팅·진단·교육)")
    EXTERNAL = "external", _("외부 대관")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("승인 대기")
    CONFIRMED = "confirmed", _("확정")
    REJECTED = "rejected", pgettext_lazy("booking", "반려")
    CANCELLED = "cancelled", pgettext_lazy("booking", "취소")
    NO_SHOW = "no_show", _("노쇼")


class CallStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("call", "준비 중")
    OPEN = "open", _("모집 중")
    CLOSED = "closed", _("모집 마감")
    DECIDED = "decided", _("선정 완료")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("접수")
    SELECTED = "selected", _("선정")
    REJECTED = "rejected", pgettext_lazy("tenant application", "미선정")
    WITHDRAWN = "withdrawn", _("철회")


class TenancyStatus(models.TextChoices):
    ACTIVE = "active", _("입주 중")
    ENDED = "ended", pgettext_lazy("tenancy", "계약 종료")
    EXITED = "exited", _("중도 퇴거")


class InvoiceKind(models.TextChoices):
    BOOKING = "booking", _("대관료")
    RENT = "rent", _("임대료")
    MAINTENANCE = "maintenance", _("관리비")
    DEPOSIT = "deposit", _("보증금")


class InvoiceStatus(models.TextChoices):
    UNPAID = "unpaid", _("미납")
    PAID = "paid", _("납부")
    VOID = "void", pgettext_lazy("invoice", "취소")
