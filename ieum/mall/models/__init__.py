"""함께누리 mall: vendors (registry enterprises), the catalog, public buyers' memberships, targets
and needs, quotes, orders and promotions, one module per area. Every model is re-exported here,
so `from ieum.mall.models import Product` works and Django finds them all."""

from .buying import (
    BuyingNeed,
    CartItem,
    Membership,
    PurchaseTarget,
    Quote,
    QuoteItem,
    QuoteRequest,
    QuoteRequestItem,
)
from .catalog import Category, Product, ProductCertificate, ProductImage
from .orders import Order, OrderDayCounter, OrderEvent, OrderLine
from .promotions import Promotion, PromotionProduct
from .vendors import Vendor, VendorDocument, VendorEvent

__all__ = [
    "BuyingNeed",
    "CartItem",
    "Category",
    "Membership",
    "Order",
    "OrderDayCounter",
    "OrderEvent",
    "OrderLine",
    "Product",
    "ProductCertificate",
    "ProductImage",
    "Promotion",
    "PromotionProduct",
    "PurchaseTarget",
    "Quote",
    "QuoteItem",
    "QuoteRequest",
    "QuoteRequestItem",
    "Vendor",
    "VendorDocument",
    "VendorEvent",
]
