from django.contrib import admin

from .models import (
    Center,
    ContractEvent,
    Department,
    Facility,
    Position,
    StaffingLine,
    StaffingPlan,
)


class ContractEventInline(admin.TabularInline):
    model = ContractEvent
    extra = 0


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = ["name", "operator", "address"]
    inlines = [ContractEventInline]


@admin.register(ContractEvent)
class ContractEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_on", "description", "term_start", "term_end"]


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "area_m2", "sort_order"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "sort_order"]
    list_filter = ["kind"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["grade", "name", "titles"]


class StaffingLineInline(admin.TabularInline):
    model = StaffingLine
    extra = 0


@admin.register(StaffingPlan)
class StaffingPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "as_of", "note"]
    inlines = [StaffingLineInline]


@admin.register(StaffingLine)
class StaffingLineAdmin(admin.ModelAdmin):
    list_display = ["plan", "position", "quota", "current"]
