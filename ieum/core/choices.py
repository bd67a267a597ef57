"""The roles a person has in ieum (DESIGN.md, "Who uses it"). They live in core, below every
app, because the permission table (ieum.core.permissions) is written in them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("센터 직원")
    ENTERPRISE = "enterprise", _("기업 회원")
    BUYER = "buyer", _("공공구매 담당자")
    CITIZEN = "citizen", _("시민")
    ADMIN = "admin", _("시스템 관리자")


STAFF_SIDE = frozenset({Role.STAFF, Role.ADMIN})
EVERYONE = frozenset(Role.values)


class Language(models.TextChoices):
    """The language a person reads ieum in: the menu's switch, and their e-mail."""

    KOREAN = "ko", "한국어"
    ENGLISH = "en", "English"


class ChangeAction(models.TextChoices):
    """What a recorded change did to its object (core.history.record)."""

    CREATED = "created", _("등록")
    CHANGED = "changed", _("수정")
    DELETED = "deleted", _("삭제")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")
    CANCELLED = "cancelled", _("취소")
    ENDED = "ended", _("종료")


class ImportJobStatus(models.TextChoices):
    """Where an import job is (core.imports)."""

    QUEUED = "queued", _("대기")
    RUNNING = "running", _("진행 중")
    SUCCEEDED = "succeeded", _("완료")
    FAILED = "failed", _("실패")
