from django.contrib import admin

from ieum.core.admin import ReadOnlyAdmin

from . import models


@admin.register(models.Room)
class RoomAdmin(ReadOnlyAdmin):
    list_display = ["name", "facility", "kind", "capacity", "audience", "needs_approval"]
    list_filter = ["facility", "kind", "audience"]
    search_fields = ["name"]


@admin.register(models.ClosedDay)
class ClosedDayAdmin(ReadOnlyAdmin):
    list_display = ["day", "facility", "room", "reason"]
    list_filter = ["facility"]


@admin.register(models.BookingSeries)
class BookingSeriesAdmin(ReadOnlyAdmin):
    list_display = ["room", "interval_weeks", "until"]
    raw_id_fields = ["room", "created_by"]


@admin.register(models.Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["title", "room", "starts_at", "ends_at", "status", "purpose"]
    list_filter = ["status", "purpose", "room__facility"]
    search_fields = ["title", "organizer", "enterprise__name"]
    raw_id_fields = ["room", "series", "booked_by", "enterprise", "decided_by", "kitchen_agreement"]


@admin.register(models.TenantCall)
class TenantCallAdmin(ReadOnlyAdmin):
    list_display = ["title", "facility", "opens_on", "closes_on", "status"]
    list_filter = ["facility", "status"]


@admin.register(models.TenantApplication)
class TenantApplicationAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "call", "total_score", "status"]
    list_filter = ["status"]
    raw_id_fields = ["call", "enterprise", "applied_by"]


@admin.register(models.Tenancy)
class TenancyAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "facility", "unit", "starts_on", "ends_on", "status"]
    list_filter = ["facility", "status"]
    raw_id_fields = ["enterprise", "unit", "application", "previous"]


@admin.register(models.KitchenAgreement)
class KitchenAgreementAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "kitchen", "starts_on", "ends_on", "hygiene_expires_on"]
    raw_id_fields = ["enterprise", "kitchen"]


@admin.register(models.Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["payer", "facility", "kind", "month", "amount_won", "status"]
    list_filter = ["facility", "kind", "status"]
    raw_id_fields = ["enterprise", "booking", "tenancy"]
