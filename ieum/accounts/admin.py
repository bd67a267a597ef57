from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, Notification, NotificationOptOut, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "department", "enterprise", "is_active"]
    list_filter = ["role", "is_active", "department"]
    search_fields = ["username", "display_name", "email"]
    autocomplete_fields = ["enterprise", "institution"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            "ieum",
            {
                "fields": (
                    "role",
                    "display_name",
                    "department",
                    "enterprise",
                    "institution",
                    "language",
                )
            },
        ),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
    search_fields = ["user__username", "name", "prefix"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, for inspection: rows are written by `notify` and sent by the worker."""

    list_display = ["created_at", "recipient", "kind", "subject", "sent_at"]
    list_filter = ["kind", "language", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username", "subject"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NotificationOptOut)
class NotificationOptOutAdmin(admin.ModelAdmin):
    """Who turned which kind off; people change it themselves on 내 계정."""

    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "kind"]

    def has_add_permission(self, request) -> bool:
        return False
