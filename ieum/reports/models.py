"""The report files staff ask for on the reports page (the report itself, format-free, is the
dataclasses in `model.py`)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ieum.core.files import RandomName, private_storage
from ieum.core.models import TimeStampedModel

from .choices import ReportFileStatus
from .renderers import FORMATS

YEAR_MIN, YEAR_MAX = 2000, 2100
FINISHED = (ReportFileStatus.SUCCEEDED, ReportFileStatus.FAILED)


class ReportFile(TimeStampedModel):
    """One render of the business report (year, as-of date, format) asked for by a staff
    member. A worker renders it (`reports.tasks.render_report_file`) and stores the file in the
    private storage under a random name; staff download it through a permission-checked view
    under `filename`."""

    year = models.PositiveSmallIntegerField(
        _("연도"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )
    as_of = models.DateField(_("기준일"))
    format = models.CharField(
        _("형식"), max_length=10, choices=[(item.name, item.label) for item in FORMATS.values()]
    )
    status = models.CharField(
        _("상태"),
        max_length=20,
        choices=ReportFileStatus.choices,
        default=ReportFileStatus.QUEUED,
    )
    file = models.FileField(
        _("파일"), storage=private_storage, upload_to=RandomName("reports/files"), blank=True
    )
    filename = models.CharField(_("내려받을 파일 이름"), max_length=255, blank=True)
    content_type = models.CharField(_("콘텐츠 유형"), max_length=100, blank=True)
    error = models.TextField(_("실패 사유"), blank=True)
    finished_at = models.DateTimeField(_("끝난 시각"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("요청한 사람"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("보고서 파일")
        verbose_name_plural = _("보고서 파일")
        indexes = [
            models.Index(
                fields=["requested_by", "-created_at"],
                name="reports_file_requester",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="%(app_label)s_%(class)s_year_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=list(FORMATS)),
                name="%(app_label)s_%(class)s_known_format",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReportFileStatus.values),
                name="%(app_label)s_%(class)s_known_status",
            ),
            # Finished exactly when succeeded or failed; a success has its file, a failure
            # says why.
            models.CheckConstraint(
                condition=models.Q(status__in=FINISHED, finished_at__isnull=False)
                | (~models.Q(status__in=FINISHED) & models.Q(finished_at__isnull=True)),
                name="%(app_label)s_%(class)s_finished_when_done",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReportFileStatus.SUCCEEDED)
                | (~models.Q(file="") & ~models.Q(filename="")),
                name="%(app_label)s_%(class)s_succeeded_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReportFileStatus.FAILED) | ~models.Q(error=""),
                name="%(app_label)s_%(class)s_failed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.as_of.isoformat()} {self.format} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_ready(self) -> bool:
        return self.status == ReportFileStatus.SUCCEEDED and bool(self.file)
