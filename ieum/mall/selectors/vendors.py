"""Reads of the vendor portal and the staff's vendor review: a vendor, its products and
papers, its uploads. Lookups that belong to one vendor take it, so another's is None."""

from django.db.models import Count, QuerySet

from ieum.core.imports import import_job_list
from ieum.core.models import ImportJob

from ..models import Product, ProductImage, Vendor, VendorDocument, VendorEvent


def vendor_of_enterprise(enterprise_id: int | None) -> Vendor | None:
    """The vendor of the signed-in member's enterprise, if it ever applied."""
    return Vendor.objects.filter(enterprise_id=enterprise_id).first()


def vendor_last_event(vendor: Vendor) -> VendorEvent | None:
    return vendor.events.order_by("-created_at", "-id").first()


def vendor_product_counts(vendor: Vendor) -> dict[str, int]:
    """The vendor's products per status (one query)."""
    return dict(vendor.products.order_by().values_list("status").annotate(n=Count("pk")))


def vendor_status_counts() -> dict[str, int]:
    """Vendors per status (one query), for the review list's tabs."""
    return dict(Vendor.objects.order_by().values_list("status").annotate(n=Count("pk")))


def vendor_decision_target(pk: int) -> Vendor | None:
    """A vendor about to be decided on, with its enterprise (its name goes in the message)."""
    return Vendor.objects.select_related("enterprise").filter(pk=pk).first()


def vendor_document_detail(*, vendor_id: int, pk: int) -> VendorDocument | None:
    return VendorDocument.objects.filter(pk=pk, vendor_id=vendor_id).first()


def vendor_product(*, vendor: Vendor, pk: int) -> Product | None:
    """One of the vendor's own products, in any state."""
    return Product.objects.filter(pk=pk, vendor=vendor).select_related("vendor").first()


def product_image_detail(*, product: Product, pk: int) -> ProductImage | None:
    return (
        ProductImage.objects.select_related("product__vendor")
        .filter(pk=pk, product=product)
        .first()
    )


def product_upload_job_list(*, vendor: Vendor, kind: str) -> QuerySet[ImportJob]:
    """The vendor's own bulk uploads, newest first."""
    return import_job_list(kind=kind, options={"vendor_id": vendor.pk})
