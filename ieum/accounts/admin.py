from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "department", "enterprise", "is_active"]
    list_filter = ["role", "is_active", "department"]
    search_fields = ["username", "display_name", "email"]
    autocomplete_fields = ["enterprise", "institution"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("ieum", {"fields": ("role", "display_name", "department", "enterprise", "institution")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
    search_fields = ["user__username", "name", "prefix"]
