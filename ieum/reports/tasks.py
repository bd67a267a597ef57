"""Background work of the reports: rendering a report file a staff member asked for.

A job is queued once the request that created its ReportFile commits and runs on a worker
(`ieum worker`) in that request's language. The ReportFile's row says where it is (queued,
running, succeeded with its file, failed with the reason), so any web process shows it. If the
worker dies mid-render the job is run again by another worker, or given up and the ReportFile
marked failed with the reason (ieum.core.tasks).
"""

from django.utils import translation
from django_tasks import task

from ieum.core.tasks import on_lost

from .services import report_file_fail, report_file_render


@task()
def render_report_file(report_file_id: int, language: str | None = None) -> str:
    """주요업무보고 파일 만들기"""
    with translation.override(language):
        return report_file_render(report_file_id).status


@on_lost(render_report_file)
def _render_report_file_lost(args: list, kwargs: dict, reason: str) -> None:
    report_file_fail(report_file_id=args[0], reason=reason)
