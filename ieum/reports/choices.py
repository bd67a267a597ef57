from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportFileStatus(models.TextChoices):
    QUEUED = "queued", _("대기")
    RUNNING = "running", _("진행 중")
    SUCCEEDED = "succeeded", _("완료")
    FAILED = "failed", _("실패")
