from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from ieum.core.admin import ReadOnlyAdmin

from .models import ApiToken, Notification, NotificationOptOut, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Editable: the admin is where administrators manage accounts (role, active, password), and
    no service owns those changes; its form runs the model's validation of role links, as
    `user_create` does."""

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
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are made and revoked by their owners on 내 계정 (the token is shown only then)."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["user__username", "name", "prefix"]


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
