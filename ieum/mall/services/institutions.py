"""Writes about public buyers: institutions, memberships (가입 신청 → 승인·반려), yearly
priority-purchase targets and the needs an institution states for recommendations."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ieum.core.choices import ChangeAction, Role
from ieum.core.districts import District
from ieum.core.history import record, snapshot
from ieum.core.logs import service
from ieum.core.notifications import notify
from ieum.core.permissions import has_permission, require_permission
from ieum.enterprises.choices import EnterpriseKind, InstitutionKind
from ieum.enterprises.models import Institution

from ..choices import MembershipStatus, ProductCertification, TargetKind
from ..models import BuyingNeed, Category, Membership, PurchaseTarget
from ..notifications import MEMBERSHIP_DECIDED

# Institutions


@service
@transaction.atomic
def institution_create(*, actor, name: str, kind: str, district: str = "") -> Institution:
    """Add a public institution that is missing from the registry (staff only)."""
    require_permission(actor, "mall.manage")
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("기관명을 입력하세요.")
    elif Institution.objects.filter(name=name).exists():
        errors["name"] = _("'%(name)s'은(는) 이미 등록된 기관입니다.") % {"name": name}
    if kind not in InstitutionKind.values:
        errors["kind"] = _("기관 유형을 고르세요.")
    if district and district not in District.values:
        errors["district"] = _("서울시 자치구를 고르세요.")
    if errors:
        raise ValidationError(errors)
    institution = Institution(name=name, kind=kind, district=district)
    institution.full_clean()
    institution.save()
    return institution


# Memberships


@service
@transaction.atomic
def membership_apply(*, user, institution: Institution | None = None) -> Membership:
    """A buyer account asks to join the mall for its own institution. A rejected application
    may be made again; an application waiting or approved may not be doubled."""
    if user.role != Role.BUYER or not user.is_active:
        raise ValidationError(_("공공기관 구매 담당자 계정만 구매 회원으로 가입할 수 있습니다."))
    if user.institution_id is None:
        raise ValidationError({"institution": _("계정에 소속 기관이 없습니다.")})
    institution = institution or user.institution
    if institution.pk != user.institution_id:
        raise ValidationError({"institution": _("자기 소속 기관으로만 가입 신청할 수 있습니다.")})
    membership = Membership.objects.select_for_update().filter(user=user).first()
    if membership is not None and membership.status == MembershipStatus.APPROVED:
        raise ValidationError(_("이미 승인된 구매 회원입니다."))
    if membership is not None and membership.status == MembershipStatus.APPLIED:
        raise ValidationError(_("가입 신청을 이미 했습니다. 승인을 기다려 주세요."))
    membership = membership or Membership(user=user)
    membership.institution = institution
    membership.status = MembershipStatus.APPLIED
    membership.applied_at = timezone.now()
    membership.approved_on = None
    membership.decided_by = None
    membership.reason = ""
    membership.full_clean()
    membership.save()
    return membership


def _lock_waiting(membership: Membership) -> Membership:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status != MembershipStatus.APPLIED:
        raise ValidationError(
            _("처리를 기다리는 가입 신청이 아닙니다 (현재 상태: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


# What a membership decision's history records (core.history); a rejection's reason is its note.
MEMBERSHIP_DECISION_FIELDS = ["status", "approved_on"]


@service
@transaction.atomic
def membership_approve(*, membership: Membership, actor, on: dt.date | None = None) -> Membership:
    """Staff approve a waiting application; the buyer may order from then on."""
    require_permission(actor, "mall.manage")
    locked = _lock_waiting(membership)
    before = snapshot(locked, MEMBERSHIP_DECISION_FIELDS)
    locked.status = MembershipStatus.APPROVED
    locked.approved_on = on or timezone.localdate()
    locked.decided_by = actor
    locked.reason = ""
    locked.full_clean()
    locked.save()
    record(actor=actor, obj=locked, action=ChangeAction.APPROVED, before=before)
    notify(
        kind=MEMBERSHIP_DECIDED,
        recipients=[locked.user],
        subject=gettext_noop("함께누리 구매 회원 가입이 승인되었습니다"),
        body=gettext_noop(
            "%(institution)s의 함께누리 구매 회원으로 승인되었습니다. "
            "이제 견적을 요청하고 주문할 수 있습니다."
        ),
        context={"institution": locked.institution.name},
        url=reverse("mall:membership-apply"),
        actor=actor,
    )
    return locked


@service
@transaction.atomic
def membership_reject(*, membership: Membership, actor, reason: str) -> Membership:
    """Staff reject a waiting application, saying why (the applicant sees the reason)."""
    require_permission(actor, "mall.manage")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("반려 사유를 입력하세요.")})
    locked = _lock_waiting(membership)
    before = snapshot(locked, MEMBERSHIP_DECISION_FIELDS)
    locked.status = MembershipStatus.REJECTED
    locked.decided_by = actor
    locked.reason = reason
    locked.full_clean()
    locked.save()
    record(
        actor=actor,
        obj=locked,
        action=ChangeAction.REJECTED,
        before=before,
        fields=["status"],
        note=reason,
    )
    notify(
        kind=MEMBERSHIP_DECIDED,
        recipients=[locked.user],
        subject=gettext_noop("함께누리 구매 회원 가입이 반려되었습니다"),
        body=gettext_noop(
            "%(institution)s의 함께누리 구매 회원 가입 신청이 반려되었습니다.\n사유: %(reason)s"
        ),
        context={"institution": locked.institution.name, "reason": reason},
        url=reverse("mall:membership-apply"),
        actor=actor,
    )
    return locked


# Purchase targets


def _percent(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"target_percent": _("목표 비율은 숫자여야 합니다.")}) from None


@service
@transaction.atomic
def purchase_target_set(
    *,
    institution: Institution,
    year: int,
    kind: str,
    target_won: int | None = None,
    target_percent: Decimal | None = None,
    total_purchases_won: int | None = None,
    actor,
) -> PurchaseTarget:
    """Set an institution's priority-purchase target for a year: an amount in won, or a
    percentage of its total purchases with that total given. Setting it again replaces it."""
    require_permission(actor, "mall.manage")
    errors = {}
    if not year or not 2000 <= int(year) <= 2100:
        errors["year"] = _("연도를 확인하세요.")
    percent = _percent(target_percent)
    if kind == TargetKind.AMOUNT:
        if target_won is None or target_won <= 0:
            errors["target_won"] = _("목표액은 0원보다 커야 합니다.")
        percent, total_purchases_won = None, None
    elif kind == TargetKind.PERCENT:
        if percent is None or not Decimal(0) < percent <= Decimal(100):
            errors["target_percent"] = _("목표 비율은 0%보다 크고 100% 이하여야 합니다.")
        elif percent != percent.quantize(Decimal("0.01")):
            errors["target_percent"] = _("목표 비율은 소수점 둘째 자리까지 입력하세요.")
        if total_purchases_won is None or total_purchases_won <= 0:
            errors["total_purchases_won"] = _("총구매액은 0원보다 커야 합니다.")
        target_won = None
    else:
        errors["kind"] = _("목표 방식을 고르세요 (금액 또는 총구매액 대비 비율).")
    if errors:
        raise ValidationError(errors)
    target = PurchaseTarget.objects.filter(institution=institution, year=year).first()
    target = target or PurchaseTarget(institution=institution, year=year)
    target.kind = kind
    target.target_won = target_won
    target.target_percent = percent
    target.total_purchases_won = total_purchases_won
    target.full_clean()
    target.save()
    return target


# Buying needs


def _check_buyer(actor, institution: Institution) -> None:
    """A buyer keeps their own institution's buying needs; staff may keep any institution's."""
    if has_permission(actor, "mall.manage"):
        return
    if has_permission(actor, "mall.buy") and actor.institution_id == institution.pk:
        return
    raise PermissionDenied(_("자기 기관의 구매 수요만 고칠 수 있습니다."))


@service
@transaction.atomic
def buying_need_save(
    *,
    need: BuyingNeed | None = None,
    institution: Institution,
    title: str,
    keywords: str = "",
    category: Category | None = None,
    certifications: Iterable[str] = (),
    vendor_kinds: Iterable[str] = (),
    max_unit_price_won: int | None = None,
    delivery_district: str = "",
    actor,
) -> BuyingNeed:
    """Create or update one need of an institution (what it buys and on what conditions)."""
    _check_buyer(actor, institution)
    if need is not None and need.institution_id != institution.pk:
        raise ValidationError(_("다른 기관의 구매 수요는 고칠 수 없습니다."))
    certifications = list(dict.fromkeys(certifications))
    vendor_kinds = list(dict.fromkeys(vendor_kinds))
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("필요한 물품을 적어 주세요.")
    unknown = [c for c in certifications if c not in ProductCertification.values]
    if unknown:
        errors["certifications"] = _("알 수 없는 인증: %(codes)s") % {"codes": ", ".join(unknown)}
    unknown = [k for k in vendor_kinds if k not in EnterpriseKind.values]
    if unknown:
        errors["vendor_kinds"] = _("알 수 없는 기업 유형: %(codes)s") % {
            "codes": ", ".join(unknown)
        }
    if max_unit_price_won is not None and max_unit_price_won <= 0:
        errors["max_unit_price_won"] = _("최대 단가는 0원보다 커야 합니다.")
    if delivery_district and delivery_district not in District.values:
        errors["delivery_district"] = _("서울시 자치구를 고르세요.")
    if errors:
        raise ValidationError(errors)
    need = need or BuyingNeed(institution=institution)
    need.title = title
    need.keywords = (keywords or "").strip()
    need.category = category
    need.certifications = certifications
    need.vendor_kinds = vendor_kinds
    need.max_unit_price_won = max_unit_price_won
    need.delivery_district = delivery_district
    need.full_clean()
    need.save()
    return need


@service
@transaction.atomic
def buying_need_delete(*, need: BuyingNeed, institution: Institution, actor) -> None:
    _check_buyer(actor, institution)
    if need.institution_id != institution.pk:
        raise ValidationError(_("다른 기관의 구매 수요는 지울 수 없습니다."))
    need.delete()
