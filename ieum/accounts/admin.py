from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from ieum.core.admin import ReadOnlyAdmin

from .models import ApiToken, User
from .security import ThrottledAdminAuthenticationForm

# The admin's login has the same per-username delay as the login page (accounts.security).
admin.site.login_form = ThrottledAdminAuthenticationForm


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
