"""The admin is for inspection. A model with rules is read-only here (`ReadOnlyAdmin`,
`ReadOnlyInline`) or its admin saves through the service that owns its writes; the decision
for every registered model is kept in core/tests/test_admin_rules.py."""

from django.contrib import admin

from .files import is_private
from .models import (
    Change,
    ChoreRun,
    IdempotencyKey,
    ImportJob,
    Notification,
    NotificationOptOut,
    SearchEntry,
    WorkerHeartbeat,
)


class _ReadOnly:
    """No add, change or delete: every field is shown read-only. Private files are left out,
    because a read-only file field links to the file's storage URL; staff download them from
    the pages that check the permission."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_exclude(self, request, obj=None):
        private = [field.name for field in self.model._meta.get_fields() if is_private(field)]
        return [*(super().get_exclude(request, obj) or ()), *private]


class ReadOnlyAdmin(_ReadOnly, admin.ModelAdmin):
    """For a model whose rows only services (or the workers) write."""


class ReadOnlyInline(_ReadOnly, admin.TabularInline):
    """An inline shown under a read-only admin, or under an admin that saves through a service
    that does not take these rows."""


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnlyAdmin):
    """Entries are written by the search module (ieum search_reindex rebuilds)."""

    list_display = ["kind", "object_id", "tokens"]
    list_filter = ["kind"]
    search_fields = ["tokens"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    """Written by the workers themselves (ieum worker)."""

    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at"]


@admin.register(ChoreRun)
class ChoreRunAdmin(ReadOnlyAdmin):
    """The claim of each scheduled chore's run; written by the workers."""

    list_display = ["chore", "period", "worker_id", "created_at"]
    list_filter = ["chore"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """The outbox, for inspection: rows are written by `notify` and sent by the worker."""

    list_display = ["created_at", "recipient", "kind", "subject", "sent_at"]
    list_filter = ["kind", "language", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username", "subject"]


@admin.register(NotificationOptOut)
class NotificationOptOutAdmin(ReadOnlyAdmin):
    """Who turned which kind off; people change it themselves on 내 계정."""

    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username"]


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    """The history of changes; written only by the services (core.history.record)."""

    list_display = ["at", "content_type", "object_id", "action", "actor_name"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_name", "note"]
    date_hierarchy = "at"


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "kind",
        "original_filename",
        "created_by",
        "status",
        "created_count",
        "updated_count",
        "skipped_count",
    ]
    list_filter = ["kind", "status", "partial", "dry_run"]
    readonly_fields = [
        "processed",
        "total",
        "created_count",
        "updated_count",
        "skipped_count",
        "errors",
        "ignored_columns",
        "finished_at",
    ]


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(ReadOnlyAdmin):
    """Written by the create services (core.idempotency.once); expired keys are deleted hourly."""

    list_display = ["created_at", "user", "scope", "key", "result"]
    list_filter = ["scope"]
    search_fields = ["user__username", "key"]
