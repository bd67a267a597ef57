from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeTag(models.TextChoices):
    EXPANDED = "확대", _("확대")
    NEW = "신규", _("신규")
    ENDED = "종료", _("종료")
    CONTINUED = "지속", _("지속")


class MilestoneStatus(models.TextChoices):
    PLANNED = "예정", _("예정")
    IN_PROGRESS = "진행", _("진행")
    DONE = "완료", _("완료")
