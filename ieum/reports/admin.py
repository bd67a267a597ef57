from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ieum.core.admin import ReadOnlyAdmin

from .models import ReportFile


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnlyAdmin):
    """For inspection only: report files are asked for on the reports page and written by the
    worker. The file itself has no URL (private storage); the link goes to the
    permission-checked download."""

    list_display = ["created_at", "year", "as_of", "format", "status", "requested_by"]
    list_filter = ["status", "format", "year"]
    list_select_related = ["requested_by"]
    fields = [
        "year",
        "as_of",
        "format",
        "status",
        "download",
        "content_type",
        "error",
        "requested_by",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("파일"))
    def download(self, obj: ReportFile) -> str:
        if not obj.is_ready:
            return "-"
        url = reverse("reports:report-file-download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.filename)
