"""Tenants (입주기업): calls for tenants with scoring criteria, applications, scoring and
selection, and the tenancy contracts that follow (create, renew, exit).

A call goes 준비 중 → 모집 중 → 모집 마감 → 선정 완료. Enterprises apply while it is open;
staff score the applications once it is closed, select up to `units` of them (the others become
미선정) and write a contract for each selected one.

A contract occupies its period up to its end, or up to its exit day when the tenant left early.
No unit is let twice over one day, and no enterprise holds two contracts in one facility over
one day: the check runs on the locked facility row, so two staff members cannot both pass it.
Every contract written, renewed or ended early is recorded on the enterprise's support history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ieum.core.choices import ChangeAction
from ieum.core.dates import format_short
from ieum.core.history import record, snapshot
from ieum.core.idempotency import once
from ieum.core.logs import service
from ieum.core.notifications import enterprise_members, notify
from ieum.core.permissions import has_permission, require_permission
from ieum.enterprises.services import support_record_add
from ieum.organization.models import Facility

from ..choices import ApplicationStatus, CallStatus, RoomKind, TenancyStatus
from ..models import Room, Tenancy, TenantApplication, TenantCall
from ..notifications import TENANT_CALL_RESULT

DOCUMENT_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".hwp", ".hwpx")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
CRITERION_MAX_POINTS = 100
SUPPORT_SOURCE = "spaces"
APPLICATION_SCOPE = "spaces.application"  # core.idempotency


# --- calls ---------------------------------------------------------------------------------


def _criteria(criteria) -> list[dict]:
    """[{"name": str, "max": int}, …], names unique and not blank, max 1..100."""
    cleaned, errors, seen = [], [], set()
    for item in criteria or ():
        name = str(item.get("name", "")).strip()
        raw_max = item.get("max")
        if not name and raw_max in (None, ""):
            continue
        if not name:
            errors.append(_("심사 기준의 이름을 적어 주세요."))
            continue
        if name in seen:
            errors.append(_("심사 기준 '%(name)s'이(가) 두 번 있습니다.") % {"name": name})
            continue
        try:
            points = int(raw_max)
        except (TypeError, ValueError):
            points = 0
        if not 1 <= points <= CRITERION_MAX_POINTS:
            errors.append(
                _("심사 기준 '%(name)s'의 배점은 1~%(max)d점이어야 합니다.")
                % {"name": name, "max": CRITERION_MAX_POINTS}
            )
            continue
        seen.add(name)
        cleaned.append({"name": name, "max": points})
    if errors:
        raise ValidationError({"criteria": errors})
    return cleaned


def _call_fields(call: TenantCall, *, title, description, opens_on, closes_on, units, criteria):
    call.title = (title or "").strip()
    call.description = (description or "").strip()
    call.opens_on = opens_on
    call.closes_on = closes_on
    call.units = units
    errors = {}
    try:
        call.criteria = _criteria(criteria)
    except ValidationError as error:
        errors.update(error.message_dict)
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = [_("접수 마감일이 시작일보다 빠릅니다.")]
    if units is None or units < 1:
        errors["units"] = [_("모집 공간 수는 1 이상이어야 합니다.")]
    if not call.title:
        errors["title"] = [_("공고명을 적어 주세요.")]
    if errors:
        raise ValidationError(errors)
    call.full_clean()
    call.save()
    return call


@service
@transaction.atomic
def call_create(
    *,
    facility: Facility,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    units: int,
    criteria: list[dict],
    description: str = "",
    actor,
) -> TenantCall:
    """A call for tenants in preparation (준비 중); open it with `call_open`."""
    require_permission(actor, "spaces.manage")
    call = TenantCall(facility=facility, status=CallStatus.DRAFT)
    return _call_fields(
        call,
        title=title,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        units=units,
        criteria=criteria,
    )


@service
@transaction.atomic
def call_update(
    *,
    call: TenantCall,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    units: int,
    criteria: list[dict],
    description: str = "",
    actor,
) -> TenantCall:
    """Change a call before its selection; the criteria stay fixed once scoring has begun."""
    require_permission(actor, "spaces.manage")
    locked = TenantCall.objects.select_for_update().get(pk=call.pk)
    if locked.status == CallStatus.DECIDED:
        raise ValidationError(_("선정을 마친 공고는 고칠 수 없습니다."))
    scored = locked.applications.filter(total_score__isnull=False).exists()
    if scored and _criteria(criteria) != locked.criteria:
        raise ValidationError({"criteria": _("심사가 시작된 공고의 심사 기준은 바꿀 수 없습니다.")})
    _call_fields(
        locked,
        title=title,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        units=units,
        criteria=criteria,
    )
    call.refresh_from_db()
    return call


def _transition(call: TenantCall, *, allowed: tuple[str, ...], to: str, refusal: str):
    locked = TenantCall.objects.select_for_update().get(pk=call.pk)
    if locked.status not in allowed:
        raise ValidationError(refusal % {"status": locked.get_status_display()})
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    call.status = to
    return call


@service
@transaction.atomic
def call_open(*, call: TenantCall, actor) -> TenantCall:
    """Start taking applications (준비 중 or 모집 마감 → 모집 중); the call needs criteria."""
    require_permission(actor, "spaces.manage")
    if not call.criteria:
        raise ValidationError({"criteria": _("심사 기준을 하나 이상 정한 뒤에 모집을 시작하세요.")})
    return _transition(
        call,
        allowed=(CallStatus.DRAFT, CallStatus.CLOSED),
        to=CallStatus.OPEN,
        refusal=_("준비 중이거나 마감된 공고만 모집을 시작할 수 있습니다 (현재: %(status)s)."),
    )


@service
@transaction.atomic
def call_close(*, call: TenantCall, actor) -> TenantCall:
    """Stop taking applications (모집 중 → 모집 마감); scoring starts."""
    require_permission(actor, "spaces.manage")
    return _transition(
        call,
        allowed=(CallStatus.OPEN,),
        to=CallStatus.CLOSED,
        refusal=_("모집 중인 공고만 마감할 수 있습니다 (현재: %(status)s)."),
    )


# --- applications --------------------------------------------------------------------------


def _document(document):
    if not document:
        return None
    name = Path(document.name).name
    if Path(name).suffix.lower() not in DOCUMENT_SUFFIXES:
        raise ValidationError({"document": _("PDF, JPG, PNG, HWP, HWPX 파일만 올릴 수 있습니다.")})
    if document.size > DOCUMENT_MAX_BYTES:
        raise ValidationError({"document": _("파일은 10MB 이하만 올릴 수 있습니다.")})
    return document


@service
@transaction.atomic
def application_submit(
    *, call: TenantCall, enterprise, user, plan: str, document=None, idempotency_key: str = ""
) -> TenantApplication:
    """An enterprise applies to an open call, once: within its dates, with a plan and
    optionally one document (PDF/JPG/PNG/HWP/HWPX, up to 10 MB). The same `idempotency_key`
    with the same request again returns that application (core.idempotency) rather than the
    refusal of a second one."""
    return once(
        user=user,
        scope=APPLICATION_SCOPE,
        key=idempotency_key,
        request={
            "call": call.pk,
            "enterprise": getattr(enterprise, "pk", None),
            "plan": plan,
            "document": [Path(document.name).name, document.size] if document else None,
        },
        create=lambda: _application_submit(
            call=call, enterprise=enterprise, user=user, plan=plan, document=document
        ),
        ids=lambda application: [application.pk],
        replay=lambda ids: TenantApplication.objects.filter(pk__in=ids).first(),
    )


def _application_submit(*, call: TenantCall, enterprise, user, plan: str, document):
    if enterprise is None:
        raise ValidationError(_("소속 기업이 있는 회원만 입주 신청을 할 수 있습니다."))
    own = (
        has_permission(user, "spaces.book")
        and getattr(user, "enterprise_id", None) == enterprise.pk
    )
    if not (own or has_permission(user, "spaces.manage")):
        raise PermissionDenied(_("자기 기업의 이름으로만 입주 신청을 할 수 있습니다."))
    locked = TenantCall.objects.select_for_update().get(pk=call.pk)
    today = timezone.localdate()
    if locked.status != CallStatus.OPEN:
        raise ValidationError(
            _("모집 중인 공고가 아닙니다 (현재: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    if today < locked.opens_on:
        raise ValidationError(
            _("접수는 %(day)s부터입니다.") % {"day": format_short(locked.opens_on)}
        )
    if today > locked.closes_on:
        raise ValidationError(
            _("접수가 %(day)s에 마감되었습니다.") % {"day": format_short(locked.closes_on)}
        )
    if TenantApplication.objects.filter(call=locked, enterprise=enterprise).exists():
        raise ValidationError(
            _("이 공고에 이미 신청했습니다. 한 기업은 한 번만 신청할 수 있습니다.")
        )
    plan = (plan or "").strip()
    if not plan:
        raise ValidationError({"plan": _("입주 목적과 사업계획을 적어 주세요.")})
    document = _document(document)
    application = TenantApplication(call=locked, enterprise=enterprise, applied_by=user, plan=plan)
    if document is not None:
        application.document.save(Path(document.name).name, document, save=False)
    application.full_clean()
    application.save()
    return application


def _score_value(raw) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        return None
    return value


@service
@transaction.atomic
def application_score(*, application: TenantApplication, scores: dict, actor) -> TenantApplication:
    """Enter the scores of a closed call's application, one per criterion (0..its max, up to
    two decimals). `scores` maps a criterion's name to its points; a refusal names the field
    `score_<index of the criterion>`, the scoring form's field."""
    require_permission(actor, "spaces.manage")
    locked = (
        TenantApplication.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=application.pk)
    )
    call = locked.call
    if call.status != CallStatus.CLOSED:
        raise ValidationError(
            _("접수를 마감한 공고만 심사할 수 있습니다 (현재: %(status)s).")
            % {"status": call.get_status_display()}
        )
    if locked.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("철회된 신청은 심사하지 않습니다."))
    errors, cleaned = {}, {}
    for index, criterion in enumerate(call.criteria):
        name, points = criterion["name"], criterion["max"]
        value = _score_value(scores.get(name))
        if value is None:
            errors[f"score_{index}"] = _("'%(name)s' 점수를 숫자로 적어 주세요.") % {"name": name}
        elif not 0 <= value <= points:
            errors[f"score_{index}"] = _("'%(name)s' 점수는 0~%(max)d점이어야 합니다.") % {
                "name": name,
                "max": points,
            }
        else:
            cleaned[name] = format(value.normalize(), "f")
    unknown = set(scores) - {criterion["name"] for criterion in call.criteria}
    if unknown:
        errors["scores"] = _("심사 기준에 없는 항목입니다: %(names)s") % {
            "names": ", ".join(sorted(unknown))
        }
    if errors:
        raise ValidationError(errors)
    locked.scores = cleaned
    locked.total_score = sum((Decimal(value) for value in cleaned.values()), Decimal(0))
    locked.full_clean()
    locked.save(update_fields=["scores", "total_score", "updated_at"])
    application.refresh_from_db()
    return application


@service
@transaction.atomic
def applications_select(*, call: TenantCall, application_ids, actor) -> list[TenantApplication]:
    """Decide a closed call: the given applications are 선정 (at most `units`, all scored), every
    other one still standing 미선정, and the call 선정 완료."""
    require_permission(actor, "spaces.manage")
    locked = TenantCall.objects.select_for_update().get(pk=call.pk)
    if locked.status != CallStatus.CLOSED:
        raise ValidationError(
            _("접수를 마감한 공고만 선정할 수 있습니다 (현재: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    ids = {int(pk) for pk in application_ids}
    standing = list(
        locked.applications.exclude(status=ApplicationStatus.WITHDRAWN).select_related("enterprise")
    )
    chosen = [application for application in standing if application.pk in ids]
    if len(chosen) != len(ids):
        raise ValidationError(_("이 공고의 신청이 아닌 항목이 있습니다."))
    if not chosen:
        raise ValidationError(_("선정할 신청을 하나 이상 고르세요."))
    if len(chosen) > locked.units:
        raise ValidationError(
            _("모집 공간 수(%(units)d)보다 많이 선정할 수 없습니다 (%(count)d곳 선택).")
            % {"units": locked.units, "count": len(chosen)}
        )
    unscored = [a.enterprise.name for a in chosen if a.total_score is None]
    if unscored:
        raise ValidationError(
            _("심사 점수가 없는 신청은 선정할 수 없습니다: %(names)s")
            % {"names": ", ".join(unscored)}
        )
    for application in standing:
        application.status = (
            ApplicationStatus.SELECTED if application.pk in ids else ApplicationStatus.REJECTED
        )
        application.save(update_fields=["status", "updated_at"])
        _notify_result(locked, application, actor=actor)
    locked.status = CallStatus.DECIDED
    locked.save(update_fields=["status", "updated_at"])
    call.status = locked.status
    return chosen


def _notify_result(call: TenantCall, application: TenantApplication, *, actor) -> None:
    """Tell the applicant enterprise's members whether it was selected."""
    selected = application.status == ApplicationStatus.SELECTED
    notify(
        kind=TENANT_CALL_RESULT,
        recipients=enterprise_members(application.enterprise_id),
        subject=(
            gettext_noop("입주기업 모집 결과: %(call)s (선정)")
            if selected
            else gettext_noop("입주기업 모집 결과: %(call)s")
        ),
        body=(
            gettext_noop(
                "%(enterprise)s이(가) '%(call)s'에 입주기업으로 선정되었습니다. "
                "입주 계약은 센터가 따로 안내해 드립니다."
            )
            if selected
            else gettext_noop(
                "아쉽게도 %(enterprise)s은(는) '%(call)s'에 선정되지 않았습니다. "
                "신청해 주셔서 감사합니다."
            )
        ),
        context={"enterprise": application.enterprise.name, "call": call.title},
        url=reverse("spaces:tenancy-mine"),
        actor=actor,
    )


# --- tenancy contracts ---------------------------------------------------------------------


def _overlapping(starts_on: dt.date, ends_on: dt.date):
    """Contracts occupying at least one day of [starts_on, ends_on] (an exit ends the stay)."""
    return Tenancy.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).filter(
        Q(exited_on__isnull=True) | Q(exited_on__gte=starts_on)
    )


def _period(tenancy: Tenancy) -> str:
    return f"{format_short(tenancy.starts_on)}~{format_short(tenancy.ends_on)}"


def _check_contract(
    *,
    enterprise,
    facility: Facility,
    unit: Room | None,
    starts_on,
    ends_on,
    fees: dict[str, int | None],
    exclude_pk: int | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if starts_on is None:
        errors["starts_on"] = [_("계약 시작일을 적어 주세요.")]
    if ends_on is None:
        errors["ends_on"] = [_("계약 종료일을 적어 주세요.")]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("계약 종료일이 시작일보다 빠릅니다.")]
    for field, won in fees.items():
        if won is None or won < 0:
            errors[field] = [_("금액은 0원 이상이어야 합니다.")]
    if unit is not None and (unit.facility_id != facility.pk or unit.kind != RoomKind.TENANT_UNIT):
        errors["unit"] = [_("이 시설의 입주공간을 골라 주세요.")]
    if errors:
        raise ValidationError(errors)
    others = _overlapping(starts_on, ends_on).select_related("enterprise", "unit")
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if unit is not None:
        taken = others.filter(unit=unit).first()
        if taken is not None:
            errors["unit"] = [
                _("%(unit)s은(는) %(period)s에 다른 기업이 입주해 있습니다.")
                % {"unit": unit.name, "period": _period(taken)}
            ]
    held = others.filter(enterprise=enterprise, facility=facility).first()
    if held is not None:
        errors["enterprise"] = [
            _("%(name)s은(는) 이 시설에 기간이 겹치는 입주 계약(%(period)s)이 있습니다.")
            % {"name": enterprise.name, "period": _period(held)}
        ]
    if errors:
        raise ValidationError(errors)


# What a contract's history shows (core.history): its terms when made, its status as it ends.
TENANCY_FIELDS = [
    "enterprise",
    "unit",
    "starts_on",
    "ends_on",
    "monthly_fee_won",
    "deposit_won",
    "maintenance_fee_won",
]
TENANCY_END_FIELDS = ["status", "exited_on", "exit_reason"]


def _record(tenancy: Tenancy, title: str, occurred_on: dt.date, actor) -> None:
    support_record_add(
        enterprise=tenancy.enterprise,
        occurred_on=occurred_on,
        source=SUPPORT_SOURCE,
        category=_("공간 지원"),
        title=title,
        amount_won=None,
        link=reverse("spaces:tenancy-detail", args=[tenancy.pk]),
        actor=actor,
    )


def _lock_facility(facility: Facility) -> Facility:
    # Serialises every contract write in the facility, so the overlap checks cannot race.
    return Facility.objects.select_for_update().get(pk=facility.pk)


@service
@transaction.atomic
def tenancy_create(
    *,
    enterprise,
    facility: Facility,
    starts_on: dt.date,
    ends_on: dt.date,
    unit: Room | None = None,
    monthly_fee_won: int = 0,
    deposit_won: int = 0,
    maintenance_fee_won: int = 0,
    application: TenantApplication | None = None,
    actor,
) -> Tenancy:
    """A tenancy contract. From a selected application, its enterprise and its call's facility.
    Refused: end before start, a negative fee, a unit that is not one of the facility's
    입주공간 or is let to another contract over a day of the period, an enterprise already
    holding a contract in the facility over a day of it."""
    require_permission(actor, "spaces.manage")
    _lock_facility(facility)
    if application is not None:
        application = TenantApplication.objects.select_related("call").get(pk=application.pk)
        if application.status != ApplicationStatus.SELECTED:
            raise ValidationError(_("선정된 신청으로만 입주 계약을 맺을 수 있습니다."))
        if application.enterprise_id != enterprise.pk or application.call.facility_id != (
            facility.pk
        ):
            raise ValidationError(_("신청한 기업과 공고의 시설로 계약해 주세요."))
        if application.tenancies.exists():
            raise ValidationError(_("이 신청으로 맺은 입주 계약이 이미 있습니다."))
    fees = {
        "monthly_fee_won": monthly_fee_won,
        "deposit_won": deposit_won,
        "maintenance_fee_won": maintenance_fee_won,
    }
    _check_contract(
        enterprise=enterprise,
        facility=facility,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        fees=fees,
    )
    tenancy = Tenancy(
        enterprise=enterprise,
        facility=facility,
        unit=unit,
        application=application,
        starts_on=starts_on,
        ends_on=ends_on,
        status=TenancyStatus.ACTIVE,
        **fees,
    )
    tenancy.full_clean()
    tenancy.save()
    record(actor=actor, obj=tenancy, action=ChangeAction.CREATED, fields=TENANCY_FIELDS)
    _record(
        tenancy,
        _("%(facility)s 입주 (%(period)s)")
        % {"facility": facility.name, "period": _period(tenancy)},
        starts_on,
        actor,
    )
    return tenancy


_UNCHANGED = object()


@service
@transaction.atomic
def tenancy_renew(
    *,
    tenancy: Tenancy,
    ends_on: dt.date,
    starts_on: dt.date | None = None,
    monthly_fee_won: int | None = None,
    deposit_won: int | None = None,
    maintenance_fee_won: int | None = None,
    unit=_UNCHANGED,
    actor,
) -> Tenancy:
    """Renew a contract: a new contract continuing it (from the day after its end unless said
    otherwise, same unit and fees unless given), and the old one is marked 계약 종료 — it stays
    in force up to its own end date."""
    require_permission(actor, "spaces.manage")
    facility = _lock_facility(tenancy.facility)
    previous = (
        Tenancy.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=tenancy.pk)
    )
    if previous.status == TenancyStatus.EXITED:
        raise ValidationError(_("중도 퇴거한 계약은 갱신할 수 없습니다."))
    if previous.renewals.exists():
        raise ValidationError(_("이미 갱신된 계약입니다. 최근 계약을 갱신하세요."))
    starts_on = starts_on or previous.ends_on + dt.timedelta(days=1)
    if starts_on <= previous.ends_on:
        raise ValidationError(
            {
                "starts_on": _("갱신 계약은 이전 계약 종료일(%(day)s) 다음 날부터 시작해야 합니다.")
                % {"day": format_short(previous.ends_on)}
            }
        )
    new_unit = previous.unit if unit is _UNCHANGED else unit
    fees = {
        "monthly_fee_won": previous.monthly_fee_won if monthly_fee_won is None else monthly_fee_won,
        "deposit_won": previous.deposit_won if deposit_won is None else deposit_won,
        "maintenance_fee_won": (
            previous.maintenance_fee_won if maintenance_fee_won is None else maintenance_fee_won
        ),
    }
    _check_contract(
        enterprise=previous.enterprise,
        facility=facility,
        unit=new_unit,
        starts_on=starts_on,
        ends_on=ends_on,
        fees=fees,
        exclude_pk=previous.pk,
    )
    renewal = Tenancy(
        enterprise=previous.enterprise,
        facility=facility,
        unit=new_unit,
        previous=previous,
        starts_on=starts_on,
        ends_on=ends_on,
        status=TenancyStatus.ACTIVE,
        **fees,
    )
    renewal.full_clean()
    renewal.save()
    record(
        actor=actor,
        obj=renewal,
        action=ChangeAction.CREATED,
        fields=TENANCY_FIELDS,
        note=_("계약 갱신"),
    )
    before = snapshot(previous, TENANCY_END_FIELDS)
    previous.status = TenancyStatus.ENDED
    previous.save(update_fields=["status", "updated_at"])
    record(actor=actor, obj=previous, action=ChangeAction.ENDED, before=before, note=_("계약 갱신"))
    tenancy.status = previous.status
    _record(
        renewal,
        _("%(facility)s 입주 계약 갱신 (%(period)s)")
        % {"facility": facility.name, "period": _period(renewal)},
        starts_on,
        actor,
    )
    return renewal


@service
@transaction.atomic
def tenancy_exit(*, tenancy: Tenancy, exited_on: dt.date, reason: str, actor) -> Tenancy:
    """End a contract early (중도 퇴거): the exit day is its last day in force."""
    require_permission(actor, "spaces.manage")
    locked = (
        Tenancy.objects.select_for_update(of=("self",))
        .select_related("enterprise", "facility")
        .get(pk=tenancy.pk)
    )
    if locked.status != TenancyStatus.ACTIVE:
        raise ValidationError(
            _("입주 중인 계약만 퇴거 처리할 수 있습니다 (현재: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    reason = (reason or "").strip()
    errors = {}
    if exited_on is None:
        errors["exited_on"] = _("퇴거일을 적어 주세요.")
    elif not locked.starts_on <= exited_on <= locked.ends_on:
        errors["exited_on"] = _("퇴거일은 계약 기간(%(period)s) 안이어야 합니다.") % {
            "period": _period(locked)
        }
    if not reason:
        errors["reason"] = _("퇴거 사유를 적어 주세요.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(locked, TENANCY_END_FIELDS)
    locked.status = TenancyStatus.EXITED
    locked.exited_on = exited_on
    locked.exit_reason = reason
    locked.full_clean()
    locked.save()
    record(actor=actor, obj=locked, action=ChangeAction.ENDED, before=before, note=reason)
    _record(
        locked,
        _("%(facility)s 중도 퇴거 (%(day)s)")
        % {"facility": locked.facility.name, "day": format_short(exited_on)},
        exited_on,
        actor,
    )
    tenancy.refresh_from_db()
    return tenancy


@service
@transaction.atomic
def tenancies_end_expired(*, on: dt.date, actor) -> int:
    """Mark 계약 종료 every contract still 입주 중 whose period ended before `on` (a daily
    chore), each with its history; returns how many."""
    require_permission(actor, "spaces.manage")
    expired = list(
        Tenancy.objects.select_for_update().filter(status=TenancyStatus.ACTIVE, ends_on__lt=on)
    )
    for tenancy in expired:
        before = snapshot(tenancy, TENANCY_END_FIELDS)
        tenancy.status = TenancyStatus.ENDED
        tenancy.save(update_fields=["status", "updated_at"])
        record(
            actor=actor,
            obj=tenancy,
            action=ChangeAction.ENDED,
            before=before,
            note=_("계약 기간 만료"),
        )
    return len(expired)
