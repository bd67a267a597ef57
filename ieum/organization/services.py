"""Writes to the center's organization: its profile, history, facilities, departments, staffing.

Every write takes the acting person (`actor`) and checks organization.edit before anything
else, so the views, the CLI and the demo loader (as the system actor) all pass the same door.
Every function validates its input and raises ValidationError with Korean messages keyed by
field, so the views, the admin and the demo loader all refuse the same things.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ieum.core.districts import DISTRICT_NAMES, normalize_district
from ieum.core.logs import service
from ieum.core.permissions import require_permission

from .models import (
    Center,
    ContractEvent,
    Department,
    Facility,
    Position,
    StaffingLine,
    StaffingPlan,
)

EDIT = "organization.edit"


@service
@transaction.atomic
def center_update(
    *,
    actor,
    center: Center,
    name: str,
    operator: str = "",
    operator_representatives: str = "",
    legal_bases: str = "",
    address: str = "",
    area_m2: Decimal | None = None,
    main_facilities: str = "",
    mandate_items: str = "",
) -> Center:
    """Save the center's profile; an unsaved `center` creates the single row."""
    require_permission(actor, EDIT)
    if center.pk is None and Center.objects.exists():
        raise ValidationError(_("센터 정보는 하나만 등록할 수 있습니다. 기존 정보를 수정하세요."))
    _check_area(area_m2)
    center.name = name
    center.operator = operator
    center.operator_representatives = operator_representatives
    center.legal_bases = legal_bases
    center.address = address
    center.area_m2 = area_m2
    center.main_facilities = main_facilities
    center.mandate_items = mandate_items
    center.full_clean()
    center.save()
    return center


def _check_area(area_m2: Decimal | None) -> None:
    if area_m2 is not None and area_m2 <= 0:
        raise ValidationError({"area_m2": _("면적은 0보다 커야 합니다.")})


def _check_term(term_start: dt.date | None, term_end: dt.date | None) -> None:
    # The database refuses this too; checking first gives the staff a Korean reason.
    if term_start and term_end and term_end <= term_start:
        raise ValidationError({"term_end": _("계약 종료일은 계약 시작일보다 뒤여야 합니다.")})


@service
@transaction.atomic
def contract_event_create(
    *,
    actor,
    center: Center,
    occurred_on: dt.date,
    description: str,
    term_start: dt.date | None = None,
    term_end: dt.date | None = None,
) -> ContractEvent:
    """Record a step in the center's history (a contract, a renewal, a renaming)."""
    require_permission(actor, EDIT)
    event = ContractEvent(center=center)
    return _contract_event_save(
        event=event,
        occurred_on=occurred_on,
        description=description,
        term_start=term_start,
        term_end=term_end,
    )


@service
@transaction.atomic
def contract_event_update(
    *,
    actor,
    event: ContractEvent,
    occurred_on: dt.date,
    description: str,
    term_start: dt.date | None = None,
    term_end: dt.date | None = None,
) -> ContractEvent:
    require_permission(actor, EDIT)
    return _contract_event_save(
        event=event,
        occurred_on=occurred_on,
        description=description,
        term_start=term_start,
        term_end=term_end,
    )


def _contract_event_save(
    *,
    event: ContractEvent,
    occurred_on: dt.date,
    description: str,
    term_start: dt.date | None,
    term_end: dt.date | None,
) -> ContractEvent:
    _check_term(term_start, term_end)
    event.occurred_on = occurred_on
    event.description = description
    event.term_start = term_start
    event.term_end = term_end
    event.full_clean()
    event.save()
    return event


@service
@transaction.atomic
def contract_event_delete(*, actor, event: ContractEvent) -> None:
    require_permission(actor, EDIT)
    event.delete()


@service
@transaction.atomic
def facility_create(
    *,
    actor,
    center: Center,
    name: str,
    address: str,
    short_name: str = "",
    ownership: str = "",
    district: str = "",
    area_m2: Decimal | None = None,
    area_is_gross: bool = False,
    opened_on: dt.date | None = None,
    contents: str = "",
    sort_order: int = 0,
) -> Facility:
    """Add a facility the center runs. A blank district is read from the address."""
    require_permission(actor, EDIT)
    return _facility_save(
        facility=Facility(center=center),
        name=name,
        address=address,
        short_name=short_name,
        ownership=ownership,
        district=district,
        area_m2=area_m2,
        area_is_gross=area_is_gross,
        opened_on=opened_on,
        contents=contents,
        sort_order=sort_order,
    )


@service
@transaction.atomic
def facility_update(
    *,
    actor,
    facility: Facility,
    name: str,
    address: str,
    short_name: str = "",
    ownership: str = "",
    district: str = "",
    area_m2: Decimal | None = None,
    area_is_gross: bool = False,
    opened_on: dt.date | None = None,
    contents: str = "",
    sort_order: int = 0,
) -> Facility:
    require_permission(actor, EDIT)
    return _facility_save(
        facility=facility,
        name=name,
        address=address,
        short_name=short_name,
        ownership=ownership,
        district=district,
        area_m2=area_m2,
        area_is_gross=area_is_gross,
        opened_on=opened_on,
        contents=contents,
        sort_order=sort_order,
    )


def _facility_save(
    *,
    facility: Facility,
    name: str,
    address: str,
    short_name: str,
    ownership: str,
    district: str,
    area_m2: Decimal | None,
    area_is_gross: bool,
    opened_on: dt.date | None,
    contents: str,
    sort_order: int,
) -> Facility:
    if district and district not in DISTRICT_NAMES:
        raise ValidationError(
            {
                "district": _("'%(district)s'은(는) 서울의 자치구가 아닙니다.")
                % {"district": district}
            }
        )
    _check_area(area_m2)
    if name and Facility.objects.filter(name=name).exclude(pk=facility.pk).exists():
        raise ValidationError(
            {"name": _("'%(name)s' 시설이 이미 등록되어 있습니다.") % {"name": name}}
        )
    facility.name = name
    facility.address = address
    facility.short_name = short_name
    facility.ownership = ownership
    facility.district = district or normalize_district(address) or ""
    facility.area_m2 = area_m2
    facility.area_is_gross = area_is_gross
    facility.opened_on = opened_on
    facility.contents = contents
    facility.sort_order = sort_order
    facility.full_clean()
    facility.save()
    return facility


@service
@transaction.atomic
def department_update(
    *,
    actor,
    department: Department,
    name: str,
    parent: Department | None,
    duties: str = "",
    sort_order: int = 0,
) -> Department:
    """Rename, move or re-describe a department. It cannot sit under itself or its own 실."""
    require_permission(actor, EDIT)
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == department.pk:
            raise ValidationError(
                {"parent": _("부서를 자기 자신이나 그 하위 부서 아래에 둘 수 없습니다.")}
            )
        ancestor = ancestor.parent
    if Department.objects.filter(name=name).exclude(pk=department.pk).exists():
        raise ValidationError({"name": _("'%(name)s' 부서가 이미 있습니다.") % {"name": name}})
    department.name = name
    department.parent = parent
    department.duties = duties
    department.sort_order = sort_order
    department.full_clean()
    department.save()
    return department


@service
@transaction.atomic
def position_update(*, actor, position: Position, name: str, titles: str = "") -> Position:
    """Rename a grade's rank (직위) or change the titles (직책) held at it; the grade is fixed."""
    require_permission(actor, EDIT)
    position.name = name
    position.titles = titles
    position.full_clean()
    position.save()
    return position


@service
@transaction.atomic
def staffing_plan_save(
    *, actor, year: int, as_of: dt.date, note: str = "", lines: dict[int, tuple[int, int]]
) -> StaffingPlan:
    """Create or replace the year's staffing: `lines` maps each grade to (quota, current).

    Every position must have a line, so the year's totals never silently omit a grade.
    Errors are keyed `quota_<grade>` / `current_<grade>` so a form can show them beside
    the figure; nothing is written unless every line is valid.
    """
    require_permission(actor, EDIT)
    positions = {position.grade: position for position in Position.objects.all()}
    errors: dict[str, list[str]] = {}
    missing = sorted(set(positions) - set(lines))
    if missing:
        grades = ", ".join(_("%(grade)s급") % {"grade": grade} for grade in missing)
        errors.setdefault("__all__", []).append(
            _("%(grades)s의 정원과 현원을 입력하세요.") % {"grades": grades}
        )
    unknown = sorted(set(lines) - set(positions))
    if unknown:
        grades = ", ".join(_("%(grade)s급") % {"grade": grade} for grade in unknown)
        errors.setdefault("__all__", []).append(
            _("%(grades)s은(는) 등록되지 않은 직급입니다.") % {"grades": grades}
        )
    for grade, (quota, current) in sorted(lines.items()):
        for key, message, value in (
            ("quota", _("%(grade)s급 정원은(는) 0명 이상이어야 합니다."), quota),
            ("current", _("%(grade)s급 현원은(는) 0명 이상이어야 합니다."), current),
        ):
            if value is None or value < 0:
                errors[f"{key}_{grade}"] = [message % {"grade": grade}]
    if errors:
        raise ValidationError(errors)

    plan = StaffingPlan.objects.filter(year=year).first() or StaffingPlan(year=year)
    plan.as_of = as_of
    plan.note = note
    plan.full_clean()
    plan.save()
    for grade, (quota, current) in lines.items():
        line = StaffingLine.objects.filter(plan=plan, position=positions[grade]).first()
        line = line or StaffingLine(plan=plan, position=positions[grade])
        line.quota = quota
        line.current = current
        line.full_clean()
        line.save()
    return plan
