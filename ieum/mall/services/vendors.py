"""Vendors (입점기업): an enterprise applies, staff approve or reject, suspend and reinstate.

Every status change is checked against the allowed transitions, logged as a VendorEvent with
who and why, and done on the locked row so two staff members cannot decide at once. A
vendor's products stay as they are when it is suspended: the catalog shows only the products
of approved vendors, so they disappear and come back with the vendor.
"""

from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ieum.core.logs import service
from ieum.core.notifications import enterprise_members, notify
from ieum.core.permissions import require_permission
from ieum.enterprises.choices import EnterpriseKind
from ieum.enterprises.models import Enterprise
from ieum.enterprises.services import support_record_add

from ..choices import VendorStatus
from ..models import Product, Vendor, VendorDocument, VendorEvent
from ..notifications import VENDOR_DECIDED
from .catalog import catalog_changed, product_reindex

# The kind a vendor is listed and counted under when its enterprise holds several.
KIND_PRIORITY = (
    EnterpriseKind.SOCIAL_ENTERPRISE,
    EnterpriseKind.PRE_REGIONAL,
    EnterpriseKind.PRE_MINISTRY,
    EnterpriseKind.SOCIAL_COOPERATIVE,
    EnterpriseKind.COOPERATIVE,
    EnterpriseKind.VILLAGE,
    EnterpriseKind.SELF_SUFFICIENCY,
    EnterpriseKind.SOCIAL_VENTURE,
    EnterpriseKind.OTHER,
)
DOCUMENT_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".hwp", ".hwpx")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_MAX_COUNT = 10


def vendor_main_kind(enterprise: Enterprise) -> str:
    """The enterprise's main social-economy kind among those it holds now (KIND_PRIORITY);
    '기타' when it holds none."""
    held = set(
        enterprise.certifications.filter(ended_on__isnull=True).values_list("kind", flat=True)
    )
    return next((kind for kind in KIND_PRIORITY if kind in held), EnterpriseKind.OTHER)


@service
@transaction.atomic
def vendor_refresh(*, vendor: Vendor, actor) -> None:
    """Copy the enterprise's main kind and district onto the vendor and its products, and
    reindex its products (their search text holds the enterprise's name)."""
    require_permission(actor, "mall.manage")

    enterprise = Enterprise.objects.get(pk=vendor.enterprise_id)
    vendor.kind = vendor_main_kind(enterprise)
    vendor.district = enterprise.district
    Vendor.objects.filter(pk=vendor.pk).update(
        kind=vendor.kind, district=vendor.district, updated_at=timezone.now()
    )
    Product.objects.filter(vendor=vendor).update(vendor_kind=vendor.kind, district=vendor.district)
    product_reindex(list(Product.objects.filter(vendor=vendor).values_list("pk", flat=True)))


def _documents(documents: Iterable) -> list[tuple[str, File]]:
    """(title, file) pairs from files or (title, file) tuples, checked for type and size."""
    pairs = [
        item if isinstance(item, tuple) else (Path(item.name).stem, item) for item in documents
    ]
    errors = []
    if len(pairs) > DOCUMENT_MAX_COUNT:
        errors.append(_("서류는 %(count)d개까지 올릴 수 있습니다.") % {"count": DOCUMENT_MAX_COUNT})
    for _title, file in pairs:
        name = Path(file.name).name
        if Path(name).suffix.lower() not in DOCUMENT_SUFFIXES:
            errors.append(
                _("'%(name)s': PDF, JPG, PNG, HWP, HWPX 파일만 올릴 수 있습니다.") % {"name": name}
            )
        elif file.size > DOCUMENT_MAX_BYTES:
            errors.append(_("'%(name)s': 파일은 10MB 이하만 올릴 수 있습니다.") % {"name": name})
    if errors:
        raise ValidationError({"documents": errors})
    return [(title[:100] or _("서류"), file) for title, file in pairs]


def _event(vendor: Vendor, actor, reason: str = "") -> VendorEvent:
    return VendorEvent.objects.create(
        vendor=vendor, status=vendor.status, actor=actor, reason=reason
    )


@service
@transaction.atomic
def vendor_apply(
    *, enterprise: Enterprise, user, introduction: str = "", documents: Iterable = ()
) -> Vendor:
    """Apply to sell in the mall (입점 신청) with an introduction and certificate files
    (uploaded files, or (title, file) pairs). A rejected enterprise may apply again."""
    pairs = _documents(documents)
    vendor = Vendor.objects.select_for_update().filter(enterprise=enterprise).first()
    if vendor is not None and vendor.status != VendorStatus.REJECTED:
        message = {
            VendorStatus.APPLIED: _("이미 입점 신청을 했습니다. 센터의 검토를 기다려 주세요."),
            VendorStatus.APPROVED: _("이미 함께누리 입점기업입니다."),
            VendorStatus.SUSPENDED: _("판매 정지된 입점기업입니다. 센터에 문의해 주세요."),
        }[vendor.status]
        raise ValidationError(message)
    now = timezone.now()
    if vendor is None:
        vendor = Vendor(enterprise=enterprise)
    vendor.status = VendorStatus.APPLIED
    vendor.introduction = introduction.strip()
    vendor.applied_at = now
    vendor.applied_by = user
    vendor.decided_at = None
    vendor.decided_by = None
    vendor.decision_reason = ""
    vendor.kind = vendor_main_kind(enterprise)
    vendor.district = enterprise.district
    vendor.full_clean()
    vendor.save()
    for title, file in pairs:
        document = VendorDocument(vendor=vendor, title=title)
        document.file.save(Path(file.name).name, file, save=False)
        document.save()
    _event(vendor, user)
    return vendor


def _decide(vendor: Vendor, *, allowed_from: tuple[str, ...], refusal: str) -> Vendor:
    """The vendor's row, locked, after checking it may leave its current status."""
    locked = Vendor.objects.select_for_update().get(pk=vendor.pk)
    if locked.status not in allowed_from:
        raise ValidationError(refusal % {"status": locked.get_status_display()})
    return locked


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("사유를 적어 주세요.")})
    return reason


def _finish(vendor: Vendor, locked: Vendor, actor, reason: str = "") -> Vendor:
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.decision_reason = reason
    locked.full_clean()
    locked.save()
    _event(locked, actor, reason)
    catalog_changed()
    vendor.refresh_from_db()
    return vendor


@service
@transaction.atomic
def vendor_approve(*, vendor: Vendor, actor) -> Vendor:
    """Approve an application: the vendor may publish products from today. The approval is
    recorded on the enterprise's support timeline."""
    require_permission(actor, "mall.manage")
    locked = _decide(
        vendor,
        allowed_from=(VendorStatus.APPLIED,),
        refusal=_("입점 신청 중인 기업만 승인할 수 있습니다 (현재: %(status)s)."),
    )
    today = timezone.localdate()
    locked.status = VendorStatus.APPROVED
    locked.approved_on = today
    locked.suspended_on = None
    _finish(vendor, locked, actor)
    vendor_refresh(vendor=vendor, actor=actor)
    support_record_add(
        enterprise=vendor.enterprise,
        occurred_on=today,
        source="mall",
        category=_("판로 지원"),
        title=_("함께누리 입점 승인"),
        link=reverse("mall:vendor-detail", args=[vendor.pk]),
        actor=actor,
    )
    notify(
        kind=VENDOR_DECIDED,
        recipients=enterprise_members(vendor.enterprise_id),
        subject=gettext_noop("함께누리 입점이 승인되었습니다"),
        body=gettext_noop(
            "%(enterprise)s의 함께누리 입점 신청이 승인되었습니다. "
            "오늘부터 상품을 등록해 판매할 수 있습니다."
        ),
        context={"enterprise": vendor.enterprise.name},
        url=reverse("mall:vendor-portal"),
        actor=actor,
    )
    return vendor


@service
@transaction.atomic
def vendor_reject(*, vendor: Vendor, actor, reason: str) -> Vendor:
    """Reject an application with a reason the enterprise sees; it may apply again."""
    require_permission(actor, "mall.manage")
    reason = _reason(reason)
    locked = _decide(
        vendor,
        allowed_from=(VendorStatus.APPLIED,),
        refusal=_("입점 신청 중인 기업만 반려할 수 있습니다 (현재: %(status)s)."),
    )
    locked.status = VendorStatus.REJECTED
    _finish(vendor, locked, actor, reason)
    notify(
        kind=VENDOR_DECIDED,
        recipients=enterprise_members(vendor.enterprise_id),
        subject=gettext_noop("함께누리 입점 신청이 반려되었습니다"),
        body=gettext_noop(
            "%(enterprise)s의 함께누리 입점 신청이 반려되었습니다.\n사유: %(reason)s\n\n"
            "내용을 보완해 다시 신청할 수 있습니다."
        ),
        context={"enterprise": vendor.enterprise.name, "reason": reason},
        url=reverse("mall:vendor-portal"),
        actor=actor,
    )
    return vendor


@service
@transaction.atomic
def vendor_suspend(*, vendor: Vendor, actor, reason: str) -> Vendor:
    """Stop an approved vendor's sales: its products leave the catalog until reinstated."""
    require_permission(actor, "mall.manage")
    reason = _reason(reason)
    locked = _decide(
        vendor,
        allowed_from=(VendorStatus.APPROVED,),
        refusal=_("입점한 기업만 판매 정지할 수 있습니다 (현재: %(status)s)."),
    )
    locked.status = VendorStatus.SUSPENDED
    locked.suspended_on = timezone.localdate()
    return _finish(vendor, locked, actor, reason)


@service
@transaction.atomic
def vendor_reinstate(*, vendor: Vendor, actor) -> Vendor:
    """Lift a suspension: the vendor's published products are back in the catalog."""
    require_permission(actor, "mall.manage")
    locked = _decide(
        vendor,
        allowed_from=(VendorStatus.SUSPENDED,),
        refusal=_("판매 정지된 기업만 재개할 수 있습니다 (현재: %(status)s)."),
    )
    locked.status = VendorStatus.APPROVED
    locked.suspended_on = None
    return _finish(vendor, locked, actor)
