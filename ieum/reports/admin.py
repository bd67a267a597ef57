from django.contrib import admin

from .models import ReportFile


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    """For inspection only: report files are asked for on the reports page and written by the
    worker. The file itself has no URL (private storage), so it is not shown here."""

    list_display = ["created_at", "year", "as_of", "format", "status", "requested_by"]
    list_filter = ["status", "format", "year"]
    list_select_related = ["requested_by"]
    fields = [
        "year",
        "as_of",
        "format",
        "status",
        "filename",
        "content_type",
        "error",
        "requested_by",
        "created_at",
        "finished_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
