"""Background work of the mall: a vendor's product upload as an import job, and the daily
chores the workers keep (ieum.core.tasks)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from ieum.core.imports import register_importer
from ieum.core.permissions import system_actor
from ieum.core.tasks import register_chore

from .importing import products_import
from .models import Vendor
from .services.orders import quotes_expire

PRODUCTS = "mall.products"


def _import_products(*, table, partial, dry_run, progress, actor, vendor_id=None, draft=False):
    vendor = Vendor.objects.select_related("enterprise").get(pk=vendor_id) if vendor_id else None
    return products_import(
        table=table,
        partial=partial,
        dry_run=dry_run,
        draft=draft,
        vendor=vendor,
        progress=progress,
        actor=actor,
    )


register_importer(
    PRODUCTS,
    label=gettext_noop("상품 올리기"),
    run=_import_products,
    page=lambda job: reverse("mall:product-upload-job", args=[job.pk]),
)


@task()
def expire_quotes() -> int:
    """유효기간이 지난 견적 만료 처리"""
    return quotes_expire(on=timezone.localdate(), actor=system_actor())


register_chore("mall.expire_quotes", task=expire_quotes, every="daily", hour=0)
