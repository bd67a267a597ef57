from django.contrib import admin

from .models import SearchEntry


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
