"""Admin pages. Entries and transfers are written through the staff pages (the services check
the remaining budget); here they can be read, and an entry's text and evidence corrected."""

from django.contrib import admin

from ieum.core.files import PrivateFileAdminMixin

from .models import BudgetLine, Expenditure, FiscalYear, Transfer


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year", "created_at"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "category", "budget_won", "fiscal_year", "sort_order"]
    list_filter = ["fiscal_year", "kind", "category"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Expenditure)
class ExpenditureAdmin(PrivateFileAdminMixin, admin.ModelAdmin):
    list_display = ["spent_on", "line", "amount_won", "kind", "counterparty", "description"]
    list_filter = ["kind", "line__fiscal_year"]
    search_fields = ["counterparty", "description", "line__name", "line__code"]
    date_hierarchy = "spent_on"
    list_select_related = ["line__fiscal_year"]
    readonly_fields = [
        "line",
        "spent_on",
        "amount_won",
        "kind",
        "override_reason",
        "override_by",
        "created_by",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    """The audit trail: read only."""

    list_display = ["transferred_on", "from_line", "to_line", "amount_won", "made_by", "made_at"]
    list_filter = ["fiscal_year"]
    search_fields = ["reason", "from_line__name", "to_line__name"]
    list_select_related = ["from_line__fiscal_year", "to_line__fiscal_year", "made_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
