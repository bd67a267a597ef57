"""Admin pages, for reading only: lines come from the budget import, entries and transfers from
the staff pages, whose services check the remaining budget."""

from django.contrib import admin

from ieum.core.admin import ReadOnlyAdmin

from .models import BudgetLine, Expenditure, FiscalYear, Transfer


@admin.register(FiscalYear)
class FiscalYearAdmin(ReadOnlyAdmin):
    list_display = ["year", "created_at"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "category", "budget_won", "fiscal_year", "sort_order"]
    list_filter = ["fiscal_year", "kind", "category"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Expenditure)
class ExpenditureAdmin(ReadOnlyAdmin):
    list_display = ["spent_on", "line", "amount_won", "kind", "counterparty", "description"]
    list_filter = ["kind", "line__fiscal_year"]
    search_fields = ["counterparty", "description", "line__name", "line__code"]
    date_hierarchy = "spent_on"
    list_select_related = ["line__fiscal_year"]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    """The audit trail: read only."""

    list_display = ["transferred_on", "from_line", "to_line", "amount_won", "made_by", "made_at"]
    list_filter = ["fiscal_year"]
    search_fields = ["reason", "from_line__name", "to_line__name"]
    list_select_related = ["from_line__fiscal_year", "to_line__fiscal_year", "made_by"]
