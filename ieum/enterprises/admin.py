from django.contrib import admin

from ieum.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Certification, Contact, Enterprise, Institution, SupportRecord


class CertificationInline(ReadOnlyInline):
    model = Certification
    extra = 0


class ContactInline(ReadOnlyInline):
    model = Contact
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ["name", "brn", "district", "industry", "is_sample"]
    list_filter = ["district", "social_purpose", "is_sample"]
    search_fields = ["name", "brn", "representative"]
    inlines = [CertificationInline, ContactInline]


@admin.register(Certification)
class CertificationAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "kind", "number", "certified_on", "round"]
    list_filter = ["kind"]
    search_fields = ["enterprise__name", "number"]
    autocomplete_fields = ["enterprise"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["name", "enterprise", "role", "phone", "email"]
    search_fields = ["name", "enterprise__name"]
    autocomplete_fields = ["enterprise"]


@admin.register(SupportRecord)
class SupportRecordAdmin(ReadOnlyAdmin):
    list_display = ["occurred_on", "enterprise", "source", "category", "title"]
    list_filter = ["source", "category"]
    search_fields = ["enterprise__name", "title"]
    autocomplete_fields = ["enterprise"]


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "district"]
    list_filter = ["kind", "district"]
    search_fields = ["name"]
