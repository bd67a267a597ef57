from django.contrib import admin

from ieum.core.files import PrivateFileAdminMixin

from . import models


class VendorDocumentInline(PrivateFileAdminMixin, admin.TabularInline):
    model = models.VendorDocument
    extra = 0


class VendorEventInline(admin.TabularInline):
    model = models.VendorEvent
    extra = 0
    readonly_fields = ["status", "actor", "reason", "created_at"]


@admin.register(models.Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "status", "kind", "district", "approved_on"]
    list_filter = ["status", "kind", "district"]
    search_fields = ["enterprise__name", "enterprise__brn"]
    autocomplete_fields = ["enterprise"]
    raw_id_fields = ["applied_by", "decided_by"]
    inlines = [VendorDocumentInline, VendorEventInline]


@admin.register(models.VendorDocument)
class VendorDocumentAdmin(PrivateFileAdminMixin, admin.ModelAdmin):
    list_display = ["vendor", "title", "created_at"]
    raw_id_fields = ["vendor"]


@admin.register(models.VendorEvent)
class VendorEventAdmin(admin.ModelAdmin):
    list_display = ["vendor", "status", "actor", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["vendor", "actor"]


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]


class ProductCertificateInline(admin.TabularInline):
    model = models.ProductCertificate
    extra = 0


class ProductImageInline(admin.TabularInline):
    model = models.ProductImage
    extra = 0


@admin.register(models.Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "vendor", "category", "price_won", "status", "stock_status"]
    list_filter = ["status", "stock_status", "tax_type", "vendor_kind"]
    search_fields = ["name", "vendor__enterprise__name", "classification_number"]
    raw_id_fields = ["vendor", "category"]
    readonly_fields = ["vendor_kind", "district", "sales_won", "order_count"]
    inlines = [ProductCertificateInline, ProductImageInline]


@admin.register(models.ProductCertificate)
class ProductCertificateAdmin(admin.ModelAdmin):
    list_display = ["product", "kind"]
    list_filter = ["kind"]
    raw_id_fields = ["product"]


@admin.register(models.ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    list_display = ["product", "sort_order", "width", "height"]
    raw_id_fields = ["product"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "status", "approved_on"]
    list_filter = ["status"]
    search_fields = ["user__username", "user__display_name", "institution__name"]
    raw_id_fields = ["user", "institution", "decided_by"]


@admin.register(models.PurchaseTarget)
class PurchaseTargetAdmin(admin.ModelAdmin):
    list_display = ["institution", "year", "kind", "target_won", "target_percent"]
    list_filter = ["year", "kind"]
    raw_id_fields = ["institution"]


@admin.register(models.BuyingNeed)
class BuyingNeedAdmin(admin.ModelAdmin):
    list_display = ["institution", "title", "max_unit_price_won", "delivery_district"]
    raw_id_fields = ["institution", "category"]


@admin.register(models.CartItem)
class CartItemAdmin(admin.ModelAdmin):
    list_display = ["user", "product", "quantity"]
    raw_id_fields = ["user", "product"]


class QuoteRequestItemInline(admin.TabularInline):
    model = models.QuoteRequestItem
    extra = 0
    raw_id_fields = ["product"]


@admin.register(models.QuoteRequest)
class QuoteRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "institution", "vendor", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["institution", "requested_by", "vendor"]
    inlines = [QuoteRequestItemInline]


@admin.register(models.QuoteRequestItem)
class QuoteRequestItemAdmin(admin.ModelAdmin):
    list_display = ["request", "product", "quantity"]
    raw_id_fields = ["request", "product"]


class QuoteItemInline(admin.TabularInline):
    model = models.QuoteItem
    extra = 0
    raw_id_fields = ["product"]


@admin.register(models.Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["request", "valid_until", "total_won"]
    raw_id_fields = ["request", "created_by"]
    inlines = [QuoteItemInline]


@admin.register(models.QuoteItem)
class QuoteItemAdmin(admin.ModelAdmin):
    list_display = ["quote", "name", "quantity", "unit_price_won", "amount_won"]
    raw_id_fields = ["quote", "product"]


@admin.register(models.OrderDayCounter)
class OrderDayCounterAdmin(admin.ModelAdmin):
    list_display = ["day", "last"]


class OrderLineInline(admin.TabularInline):
    model = models.OrderLine
    extra = 0
    raw_id_fields = ["product"]


class OrderEventInline(admin.TabularInline):
    model = models.OrderEvent
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(models.Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "institution", "vendor", "status", "total_won", "placed_at"]
    list_filter = ["status", "vendor_kind"]
    search_fields = ["number", "institution__name", "vendor__enterprise__name"]
    raw_id_fields = ["institution", "buyer", "vendor", "quote"]
    inlines = [OrderLineInline, OrderEventInline]


@admin.register(models.OrderLine)
class OrderLineAdmin(admin.ModelAdmin):
    list_display = ["order", "product_name", "quantity", "unit_price_won", "amount_won"]
    raw_id_fields = ["order", "product"]


@admin.register(models.OrderEvent)
class OrderEventAdmin(admin.ModelAdmin):
    list_display = ["order", "from_status", "to_status", "actor", "at"]
    list_filter = ["to_status"]
    raw_id_fields = ["order", "actor"]


class PromotionProductInline(admin.TabularInline):
    model = models.PromotionProduct
    extra = 0
    raw_id_fields = ["product"]


@admin.register(models.Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "ends_on", "is_published"]
    raw_id_fields = ["previous"]
    inlines = [PromotionProductInline]


@admin.register(models.PromotionProduct)
class PromotionProductAdmin(admin.ModelAdmin):
    list_display = ["promotion", "product", "sort_order"]
    raw_id_fields = ["promotion", "product"]
