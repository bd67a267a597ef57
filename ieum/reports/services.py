"""Producing a report file: build the model once, then render it in the asked format.

`report_file` renders at once (the CLI); staff ask for a `ReportFile` (`report_file_request`),
which a worker renders in the background (`report_file_render`, run by
`reports.tasks.render_report_file`).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ieum.core.logs import service
from ieum.core.permissions import require_permission
from ieum.core.tasks import enqueue_on_commit

from .builder import report_build
from .choices import ReportFileStatus
from .models import ReportFile
from .renderers import FORMATS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedReport:
    filename: str  # Korean: 2022_주요업무보고_2022-10-31.hwpx
    content_type: str
    content: bytes


def report_filename(*, year: int, as_of: dt.date, extension: str) -> str:
    return f"{year}_주요업무보고_{as_of.isoformat()}.{extension}"


def report_file(*, year: int, as_of: dt.date, format_name: str) -> RenderedReport:
    """The report of `year` as of `as_of` in one format. Raises KeyError for an unknown format
    and lets a selector's ValidationError (an unknown placeholder) through."""
    output_format = FORMATS[format_name]
    report = report_build(year=year, as_of=as_of)
    return RenderedReport(
        filename=report_filename(year=year, as_of=as_of, extension=output_format.extension),
        content_type=output_format.content_type,
        content=output_format.render(report),
    )


@service
@transaction.atomic
def report_file_request(*, actor, year: int, as_of: dt.date, format_name: str) -> ReportFile:
    """Ask for the report of `year` as of `as_of` in one format: a queued ReportFile, rendered
    by a worker once this transaction commits, in the language the actor reads now."""
    require_permission(actor, "reports.view")
    if format_name not in FORMATS:
        raise ValidationError(
            {
                "format": _("알 수 없는 형식입니다: %(name)s (가능한 형식: %(names)s)")
                % {"name": format_name, "names": ", ".join(FORMATS)}
            }
        )
    requested = ReportFile(year=year, as_of=as_of, format=format_name, requested_by=actor)
    requested.full_clean()
    requested.save()
    # Imported here: the task module imports this one for the job's body.
    from .tasks import render_report_file

    enqueue_on_commit(render_report_file, requested.pk, language=translation.get_language())
    return requested


def report_file_render(report_file_id: int) -> ReportFile:
    """The job's body: render the ReportFile and store it in the private storage, or mark it
    failed with the reason in the current language. Never raises for a report that cannot be
    built or rendered: the reason is on the ReportFile, where its page shows it."""
    files = ReportFile.objects.filter(pk=report_file_id)
    requested = files.get()
    if requested.status == ReportFileStatus.SUCCEEDED:
        return requested  # a job run twice (retried after its worker was lost) keeps the file
    files.update(
        status=ReportFileStatus.RUNNING, error="", finished_at=None, updated_at=timezone.now()
    )
    try:
        rendered = report_file(
            year=requested.year, as_of=requested.as_of, format_name=requested.format
        )
    except ValidationError as error:
        reason = _("보고서를 만들 수 없습니다: %(reasons)s") % {
            "reasons": " / ".join(error.messages)
        }
        return report_file_fail(report_file_id=report_file_id, reason=reason)
    except Exception:
        logger.exception("report file %s failed to render", report_file_id)
        reason = _("보고서를 만드는 중 예상하지 못한 오류가 났습니다. 다시 요청하세요.")
        return report_file_fail(report_file_id=report_file_id, reason=reason)
    requested.refresh_from_db()
    requested.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    requested.filename = rendered.filename
    requested.content_type = rendered.content_type
    requested.status = ReportFileStatus.SUCCEEDED
    requested.error = ""
    requested.finished_at = timezone.now()
    requested.save()
    logger.info("report file %s rendered", report_file_id, extra={"bytes": len(rendered.content)})
    return requested


def report_file_fail(*, report_file_id: int, reason: str) -> ReportFile:
    """Mark the ReportFile failed with `reason` (a Korean sentence the page shows)."""
    now = timezone.now()
    unfinished = ReportFile.objects.filter(pk=report_file_id).exclude(
        status=ReportFileStatus.SUCCEEDED
    )
    unfinished.update(status=ReportFileStatus.FAILED, error=reason, finished_at=now, updated_at=now)
    return ReportFile.objects.get(pk=report_file_id)
