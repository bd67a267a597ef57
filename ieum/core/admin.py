from django.contrib import admin

from .models import ChoreRun, SearchEntry, WorkerHeartbeat


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are written by the search module (ieum search_reindex rebuilds)."""

    list_display = ["kind", "object_id", "tokens"]
    list_filter = ["kind"]
    search_fields = ["tokens"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    """Written by the workers themselves (ieum worker)."""

    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at"]


@admin.register(ChoreRun)
class ChoreRunAdmin(ReadOnlyAdmin):
    """The claim of each scheduled chore's run; written by the workers."""

    list_display = ["chore", "period", "worker_id", "created_at"]
    list_filter = ["chore"]
