from django.contrib import admin

from ieum.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Center,
    ContractEvent,
    Department,
    Facility,
    Position,
    StaffingLine,
    StaffingPlan,
)


class ContractEventInline(ReadOnlyInline):
    model = ContractEvent
    extra = 0


@admin.register(Center)
class CenterAdmin(ReadOnlyAdmin):
    list_display = ["name", "operator", "address"]
    inlines = [ContractEventInline]


@admin.register(ContractEvent)
class ContractEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_on", "description", "term_start", "term_end"]


@admin.register(Facility)
class FacilityAdmin(ReadOnlyAdmin):
    list_display = ["name", "address", "area_m2", "sort_order"]


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "parent", "sort_order"]
    list_filter = ["kind"]


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ["grade", "name", "titles"]


class StaffingLineInline(ReadOnlyInline):
    model = StaffingLine
    extra = 0


@admin.register(StaffingPlan)
class StaffingPlanAdmin(ReadOnlyAdmin):
    list_display = ["year", "as_of", "note"]
    inlines = [StaffingLineInline]


@admin.register(StaffingLine)
class StaffingLineAdmin(ReadOnlyAdmin):
    list_display = ["plan", "position", "quota", "current"]
