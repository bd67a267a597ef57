from django import forms
from django.contrib import admin

from ieum.core.admin import ReadOnlyAdmin, ReadOnlyInline

from . import models
from .services import catalog


class VendorDocumentInline(ReadOnlyInline):
    model = models.VendorDocument
    extra = 0


class VendorEventInline(ReadOnlyInline):
    model = models.VendorEvent
    extra = 0


@admin.register(models.Vendor)
class VendorAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "status", "kind", "district", "approved_on"]
    list_filter = ["status", "kind", "district"]
    search_fields = ["enterprise__name", "enterprise__brn"]
    autocomplete_fields = ["enterprise"]
    raw_id_fields = ["applied_by", "decided_by"]
    inlines = [VendorDocumentInline, VendorEventInline]


@admin.register(models.VendorDocument)
class VendorDocumentAdmin(ReadOnlyAdmin):
    list_display = ["vendor", "title", "created_at"]
    raw_id_fields = ["vendor"]


@admin.register(models.VendorEvent)
class VendorEventAdmin(ReadOnlyAdmin):
    list_display = ["vendor", "status", "actor", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["vendor", "actor"]


@admin.register(models.Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "parent", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]


class ProductCertificateInline(ReadOnlyInline):
    model = models.ProductCertificate
    extra = 0


class ProductImageInline(ReadOnlyInline):
    model = models.ProductImage
    extra = 0


class ProductAdminForm(forms.ModelForm):
    """Checks the changed fields as `product_update` will, so that a refusal shows on the form."""

    class Meta:
        model = models.Product
        fields = [name for name in catalog.PRODUCT_FIELDS if name != "certifications"]

    def service_fields(self) -> dict:
        """The changed fields, in the shape `product_update` takes them."""
        fields = {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in catalog.PRODUCT_FIELDS and name in self.cleaned_data
        }
        if "delivery_districts" in fields:
            fields["delivery_districts"] = [
                district.strip()
                for district in (fields["delivery_districts"] or "").split(",")
                if district.strip()
            ]
        return fields

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors:
            catalog.product_fields_check(self.service_fields())
        return cleaned_data


@admin.register(models.Product)
class ProductAdmin(admin.ModelAdmin):
    """Saves through `product_update` with the administrator as the actor, so the product is
    reindexed and the catalog's facet counts are dropped. New products come from the vendors'
    pages and go on or off sale there (`product_publish`, `product_suspend`); a product is
    never deleted (its orders keep it)."""

    form = ProductAdminForm
    list_display = ["name", "vendor", "category", "price_won", "status", "stock_status"]
    list_filter = ["status", "stock_status", "tax_type", "vendor_kind"]
    search_fields = ["name", "vendor__enterprise__name", "classification_number"]
    raw_id_fields = ["category"]
    readonly_fields = [
        "vendor",
        "status",
        "published_at",
        "suspended_at",
        "vendor_kind",
        "district",
        "sales_won",
        "order_count",
    ]
    inlines = [ProductCertificateInline, ProductImageInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        catalog.product_update(product=obj, actor=request.user, **form.service_fields())


@admin.register(models.ProductCertificate)
class ProductCertificateAdmin(ReadOnlyAdmin):
    list_display = ["product", "kind"]
    list_filter = ["kind"]
    raw_id_fields = ["product"]


@admin.register(models.ProductImage)
class ProductImageAdmin(ReadOnlyAdmin):
    list_display = ["product", "sort_order", "width", "height"]
    raw_id_fields = ["product"]


@admin.register(models.Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "institution", "status", "approved_on"]
    list_filter = ["status"]
    search_fields = ["user__username", "user__display_name", "institution__name"]
    raw_id_fields = ["user", "institution", "decided_by"]


@admin.register(models.PurchaseTarget)
class PurchaseTargetAdmin(ReadOnlyAdmin):
    list_display = ["institution", "year", "kind", "target_won", "target_percent"]
    list_filter = ["year", "kind"]
    raw_id_fields = ["institution"]


@admin.register(models.BuyingNeed)
class BuyingNeedAdmin(ReadOnlyAdmin):
    list_display = ["institution", "title", "max_unit_price_won", "delivery_district"]
    raw_id_fields = ["institution", "category"]


@admin.register(models.CartItem)
class CartItemAdmin(ReadOnlyAdmin):
    list_display = ["user", "product", "quantity"]
    raw_id_fields = ["user", "product"]


class QuoteRequestItemInline(ReadOnlyInline):
    model = models.QuoteRequestItem
    extra = 0
    raw_id_fields = ["product"]


@admin.register(models.QuoteRequest)
class QuoteRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "institution", "vendor", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["institution", "requested_by", "vendor"]
    inlines = [QuoteRequestItemInline]


@admin.register(models.QuoteRequestItem)
class QuoteRequestItemAdmin(ReadOnlyAdmin):
    list_display = ["request", "product", "quantity"]
    raw_id_fields = ["request", "product"]


class QuoteItemInline(ReadOnlyInline):
    model = models.QuoteItem
    extra = 0
    raw_id_fields = ["product"]


@admin.register(models.Quote)
class QuoteAdmin(ReadOnlyAdmin):
    list_display = ["request", "valid_until", "total_won"]
    raw_id_fields = ["request", "created_by"]
    inlines = [QuoteItemInline]


@admin.register(models.QuoteItem)
class QuoteItemAdmin(ReadOnlyAdmin):
    list_display = ["quote", "name", "quantity", "unit_price_won", "amount_won"]
    raw_id_fields = ["quote", "product"]


@admin.register(models.OrderDayCounter)
class OrderDayCounterAdmin(ReadOnlyAdmin):
    list_display = ["day", "last"]


class OrderLineInline(ReadOnlyInline):
    model = models.OrderLine
    extra = 0
    raw_id_fields = ["product"]


class OrderEventInline(ReadOnlyInline):
    model = models.OrderEvent
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(models.Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "institution", "vendor", "status", "total_won", "placed_at"]
    list_filter = ["status", "vendor_kind"]
    search_fields = ["number", "institution__name", "vendor__enterprise__name"]
    raw_id_fields = ["institution", "buyer", "vendor", "quote"]
    inlines = [OrderLineInline, OrderEventInline]


@admin.register(models.OrderLine)
class OrderLineAdmin(ReadOnlyAdmin):
    list_display = ["order", "product_name", "quantity", "unit_price_won", "amount_won"]
    raw_id_fields = ["order", "product"]


@admin.register(models.OrderEvent)
class OrderEventAdmin(ReadOnlyAdmin):
    list_display = ["order", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    raw_id_fields = ["order", "actor"]


class PromotionProductInline(ReadOnlyInline):
    model = models.PromotionProduct
    extra = 0
    raw_id_fields = ["product"]


@admin.register(models.Promotion)
class PromotionAdmin(ReadOnlyAdmin):
    list_display = ["title", "starts_on", "ends_on", "is_published"]
    raw_id_fields = ["previous"]
    inlines = [PromotionProductInline]


@admin.register(models.PromotionProduct)
class PromotionProductAdmin(ReadOnlyAdmin):
    list_display = ["promotion", "product", "sort_order"]
    raw_id_fields = ["promotion", "product"]
