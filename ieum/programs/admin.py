from django.contrib import admin

from ieum.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import BusinessLine, Kpi, KpiValue, Milestone, Narrative, ProgramChange


@admin.register(BusinessLine)
class BusinessLineAdmin(ReadOnlyAdmin):
    list_display = ["year", "code", "number", "title", "department", "budget_code"]
    list_filter = ["year", "department"]
    list_select_related = ["department"]
    search_fields = ["title", "code"]


@admin.register(ProgramChange)
class ProgramChangeAdmin(ReadOnlyAdmin):
    list_display = ["year", "name", "tag", "text", "sort_order"]
    list_filter = ["year", "tag"]


class KpiValueInline(ReadOnlyInline):
    model = KpiValue
    extra = 0


@admin.register(Kpi)
class KpiAdmin(ReadOnlyAdmin):
    list_display = ["year", "key", "name", "unit", "line", "provider"]
    list_filter = ["year"]
    list_select_related = ["line"]
    search_fields = ["key", "name"]
    inlines = [KpiValueInline]


@admin.register(KpiValue)
class KpiValueAdmin(ReadOnlyAdmin):
    list_display = ["kpi", "as_of", "value", "source"]
    list_filter = ["as_of"]
    list_select_related = ["kpi"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["line", "text", "period_display", "status"]
    list_filter = ["status"]
    list_select_related = ["line"]


@admin.register(Narrative)
class NarrativeAdmin(ReadOnlyAdmin):
    list_display = ["line", "year", "as_of", "period_label"]
    list_filter = ["year"]
    list_select_related = ["line"]
