"""Reads of the reports app's own rows: the report files staff asked for."""

from django.db.models import QuerySet

from .models import ReportFile

RECENT_FILES = 10


def report_file_list(*, requested_by, limit: int = RECENT_FILES) -> list[ReportFile]:
    """The person's latest report files, newest first."""
    return list(ReportFile.objects.filter(requested_by=requested_by)[:limit])


def report_file_queryset() -> QuerySet[ReportFile]:
    """Every report file with its requester, for the detail, status and download pages (staff
    share reports: any staff member may open any of them)."""
    return ReportFile.objects.select_related("requested_by")
