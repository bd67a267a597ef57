"""Writes to business lines, changes, KPIs and their values, milestones and narratives.

Every write takes the acting person (`actor`) and checks programs.edit before anything else,
so the views, the CLI and the demo loader (as the system actor) all pass the same door. Every
function validates its input and raises ValidationError with Korean messages keyed by field,
so they all refuse the same things.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ieum.core.choices import ChangeAction
from ieum.core.history import record, snapshot
from ieum.core.logs import service
from ieum.core.permissions import require_permission

from . import figures, registry
from .choices import ChangeTag, MilestoneStatus
from .models import BusinessLine, Kpi, KpiValue, Milestone, Narrative, ProgramChange
from .selectors import budget_nodes_by_code

EDIT = "programs.edit"
# What the history of a KPI and of its manual values records (core.history).
KPI_FIELDS = ["line", "key", "name", "unit", "target", "provider", "counted_until"]
KPI_VALUE_FIELDS = ["as_of", "value", "source", "note"]

# Business lines


@service
@transaction.atomic
def line_save(
    *,
    actor,
    line: BusinessLine | None = None,
    year: int,
    code: str,
    title: str,
    number: str = "",
    purpose: str = "",
    content: str = "",
    method: str = "",
    department=None,
    budget_code: str = "",
    parent: BusinessLine | None = None,
    sort_order: int = 0,
) -> BusinessLine:
    """Create (no `line`) or update a business line; a sub-line sits under a line of its year."""
    require_permission(actor, EDIT)
    line = line or BusinessLine()
    code = code.strip()
    budget_code = budget_code.strip()
    if parent is not None:
        if parent.year != year:
            raise ValidationError({"parent": _("상위 사업은 같은 연도의 사업이어야 합니다.")})
        if line.pk and parent.pk == line.pk:
            raise ValidationError({"parent": _("사업을 자기 자신 아래에 둘 수 없습니다.")})
        if parent.parent_id is not None:
            raise ValidationError({"parent": _("세부사업 아래에 다시 세부사업을 둘 수 없습니다.")})
    if BusinessLine.objects.filter(year=year, code=code).exclude(pk=line.pk).exists():
        raise ValidationError(
            {
                "code": _("%(year)s년에 사업 코드 '%(code)s'이(가) 이미 있습니다.")
                % {"year": year, "code": code}
            }
        )
    if any(ch.isspace() for ch in budget_code):
        raise ValidationError({"budget_code": _("예산 코드에는 공백을 쓸 수 없습니다.")})
    if line.pk and line.year != year and line.kpis.exists():
        raise ValidationError({"year": _("성과지표가 있는 사업의 연도는 바꿀 수 없습니다.")})
    for name, value in {
        "year": year,
        "code": code,
        "title": title,
        "number": number,
        "purpose": purpose,
        "content": content,
        "method": method,
        "department": department,
        "budget_code": budget_code,
        "parent": parent,
        "sort_order": sort_order,
    }.items():
        setattr(line, name, value)
    line.full_clean()
    line.save()
    return line


# Year-over-year changes


@service
@transaction.atomic
def program_change_save(
    *,
    actor,
    change: ProgramChange | None = None,
    year: int,
    name: str,
    tag: str,
    text: str,
    previous_text: str = "",
    line: BusinessLine | None = None,
    sort_order: int = 0,
) -> ProgramChange:
    """Create or update one tagged item. Last year's text belongs to the name, so saving it
    here rewrites it on every item of the same name and year."""
    require_permission(actor, EDIT)
    change = change or ProgramChange()
    if tag not in ChangeTag.values:
        raise ValidationError({"tag": _("구분은 확대, 신규, 종료, 지속 중 하나여야 합니다.")})
    if line is not None and line.year != year:
        raise ValidationError({"line": _("같은 연도의 사업을 고르세요.")})
    change.year = year
    change.name = name.strip()
    change.tag = tag
    change.text = text.strip()
    change.previous_text = previous_text.strip()
    change.line = line
    change.sort_order = sort_order
    change.full_clean()
    change.save()
    ProgramChange.objects.filter(year=year, name=change.name).exclude(pk=change.pk).update(
        previous_text=change.previous_text
    )
    return change


# KPIs


def _narratives_naming(year: int, key: str) -> list[Narrative]:
    result = []
    for narrative in Narrative.objects.filter(year=year, text__contains=key).select_related("line"):
        placeholders, _errors = figures.parse(narrative.text)
        if any(p.kind == "kpi" and p.name == key for p in placeholders):
            result.append(narrative)
    return result


@service
@transaction.atomic
def kpi_save(
    *,
    actor,
    kpi: Kpi | None = None,
    line: BusinessLine,
    key: str,
    name: str,
    unit: str,
    target: Decimal | None = None,
    provider: str = "",
    counted_until: dt.date | None = None,
    sort_order: int = 0,
) -> Kpi:
    """Create or update a KPI. A provider must be registered; a key named by a narrative
    cannot change, or the narrative would point at nothing."""
    require_permission(actor, EDIT)
    kpi = kpi or Kpi()
    before = snapshot(kpi, KPI_FIELDS) if kpi.pk else None
    key = key.strip()
    provider = provider.strip()
    if Kpi.objects.filter(year=line.year, key=key).exclude(pk=kpi.pk).exists():
        raise ValidationError(
            {
                "key": _("%(year)s년에 지표 키 '%(key)s'이(가) 이미 있습니다.")
                % {"year": line.year, "key": key}
            }
        )
    if provider and registry.get_provider(provider) is None:
        raise ValidationError(
            {
                "provider": _("'%(provider)s'은(는) 등록된 계산 제공자가 아닙니다.")
                % {"provider": provider}
            }
        )
    if kpi.pk and (kpi.key != key or kpi.year != line.year):
        naming = _narratives_naming(kpi.year, kpi.key)
        if naming:
            raise ValidationError(
                {
                    "key": _(
                        "서술 %(count)s건이 {kpi:%(key)s}을(를) 쓰고 있어 키를 바꿀 수 없습니다."
                    )
                    % {"count": len(naming), "key": kpi.key}
                }
            )
    if target is not None and target < 0:
        raise ValidationError({"target": _("목표는 0 이상이어야 합니다.")})
    if counted_until is not None and not provider:
        raise ValidationError(
            {"counted_until": _("집계 기준일은 이음이 계산하는 지표에만 정할 수 있습니다.")}
        )
    if counted_until is not None and counted_until.year != line.year:
        raise ValidationError(
            {
                "counted_until": _("집계 기준일은 %(year)s년 안의 날짜여야 합니다.")
                % {"year": line.year}
            }
        )
    kpi.line = line
    kpi.year = line.year
    kpi.key = key
    kpi.name = name
    kpi.unit = unit.strip()
    kpi.target = target
    kpi.provider = provider
    kpi.counted_until = counted_until
    kpi.sort_order = sort_order
    kpi.full_clean()
    kpi.save()
    record(
        actor=actor,
        obj=kpi,
        action=ChangeAction.CHANGED if before else ChangeAction.CREATED,
        before=before,
        fields=KPI_FIELDS,
    )
    return kpi


@service
@transaction.atomic
def kpi_delete(*, actor, kpi: Kpi) -> None:
    require_permission(actor, EDIT)
    naming = _narratives_naming(kpi.year, kpi.key)
    if naming:
        raise ValidationError(
            _("서술 %(count)s건이 {kpi:%(key)s}을(를) 쓰고 있어 지표를 지울 수 없습니다.")
            % {"count": len(naming), "key": kpi.key}
        )
    kpi.delete()


@service
@transaction.atomic
def kpi_values_clear(*, actor, kpi: Kpi) -> int:
    """Remove every manual value of a KPI that has become computed; returns how many."""
    require_permission(actor, EDIT)
    if not kpi.provider:
        raise ValidationError(
            _("직접 입력하는 지표의 값은 한꺼번에 지울 수 없습니다: '%(name)s'")
            % {"name": kpi.name}
        )
    before = snapshot(kpi, ["values"])
    deleted, _by_model = KpiValue.objects.filter(kpi=kpi).delete()
    record(actor=actor, obj=kpi, action=ChangeAction.DELETED, before=before)
    return deleted


@service
@transaction.atomic
def kpi_value_record(
    *, actor, kpi: Kpi, as_of: dt.date, value: Decimal | int, source: str, note: str = ""
) -> KpiValue:
    """Enter a manual figure as of a date, noting where it was read. A second entry for the
    same date replaces the first (a correction), so the history keeps one figure per date."""
    require_permission(actor, EDIT)
    errors: dict[str, str] = {}
    if kpi.provider:
        errors["__all__"] = _(
            "'%(name)s'은(는) 이음이 계산하는 지표라 값을 직접 입력할 수 없습니다."
        ) % {"name": kpi.name}
    if as_of is None:
        errors["as_of"] = _("기준일을 입력하세요.")
    elif as_of > timezone.localdate():
        errors["as_of"] = _("기준일이 오늘보다 뒤입니다.")
    if value is None:
        errors["value"] = _("값을 입력하세요.")
    if not (source or "").strip():
        errors["source"] = _("값을 어디서 읽었는지 출처를 적으세요 (예: 인스타그램 관리자 화면).")
    if errors:
        raise ValidationError(errors)
    entry = KpiValue.objects.filter(kpi=kpi, as_of=as_of).first() or KpiValue(kpi=kpi, as_of=as_of)
    before = snapshot(entry, KPI_VALUE_FIELDS) if entry.pk else None
    entry.value = Decimal(value)
    entry.source = source.strip()
    entry.note = note
    entry.full_clean()
    entry.save()
    record(
        actor=actor,
        obj=entry,
        action=ChangeAction.CHANGED if before else ChangeAction.CREATED,
        before=before,
        fields=KPI_VALUE_FIELDS,
    )
    return entry


# Milestones


def _month_errors(
    start_year: int | None, start_month: int | None, end_year: int | None, end_month: int | None
) -> dict[str, str]:
    errors = {}
    if (start_year is None) != (start_month is None):
        errors["start_month"] = _("시작 연도와 월은 함께 입력하거나 함께 비워 두세요.")
    if start_month is not None and not 1 <= start_month <= 12:
        errors["start_month"] = _("월은 1에서 12 사이여야 합니다.")
    if end_year is None or end_month is None:
        errors["end_month"] = _("종료 연도와 월을 입력하세요.")
    elif not 1 <= end_month <= 12:
        errors["end_month"] = _("월은 1에서 12 사이여야 합니다.")
    if not errors and start_year is not None and (start_year, start_month) > (end_year, end_month):
        errors["end_month"] = _("종료 월은 시작 월보다 앞설 수 없습니다.")
    return errors


@service
@transaction.atomic
def milestone_save(
    *,
    actor,
    milestone: Milestone | None = None,
    line: BusinessLine,
    text: str,
    end_year: int,
    end_month: int,
    start_year: int | None = None,
    start_month: int | None = None,
    period_note: str = "",
    status: str = MilestoneStatus.PLANNED,
    sort_order: int = 0,
) -> Milestone:
    """Create or update a milestone (향후계획): text, month range, status."""
    require_permission(actor, EDIT)
    errors = _month_errors(start_year, start_month, end_year, end_month)
    if status not in MilestoneStatus.values:
        errors["status"] = _("상태는 예정, 진행, 완료 중 하나여야 합니다.")
    if errors:
        raise ValidationError(errors)
    milestone = milestone or Milestone()
    milestone.line = line
    milestone.text = text.strip()
    milestone.start_year = start_year
    milestone.start_month = start_month
    milestone.end_year = end_year
    milestone.end_month = end_month
    milestone.period_note = period_note.strip()
    milestone.status = status
    milestone.sort_order = sort_order
    milestone.full_clean()
    milestone.save()
    return milestone


@service
@transaction.atomic
def milestone_status_set(*, actor, milestone: Milestone, status: str) -> Milestone:
    require_permission(actor, EDIT)
    if status not in MilestoneStatus.values:
        raise ValidationError({"status": _("상태는 예정, 진행, 완료 중 하나여야 합니다.")})
    milestone.status = status
    milestone.save(update_fields=["status", "updated_at"])
    return milestone


# Narratives


def placeholder_errors(text: str, *, year: int, as_of: dt.date) -> list[str]:
    """Korean reasons why the placeholders in `text` cannot be filled for that year."""
    placeholders, errors = figures.parse(text)
    keys = {p.name for p in placeholders if p.kind == "kpi"}
    known = set(Kpi.objects.filter(year=year, key__in=keys).values_list("key", flat=True))
    for key in sorted(keys - known):
        errors.append(
            _("{kpi:%(key)s}: %(year)s년에 키가 '%(key)s'인 성과지표가 없습니다.")
            % {"key": key, "year": year}
        )
    codes = sorted({p.name for p in placeholders if p.kind == "budget"})
    if codes:
        nodes = budget_nodes_by_code(year, as_of)
        for code in codes:
            if code not in nodes:
                errors.append(
                    _("{budget:%(code)s}: %(year)s년 예산에 코드 '%(code)s'이(가) 없습니다.")
                    % {"code": code, "year": year}
                )
    return errors


@service
@transaction.atomic
def narrative_save(
    *,
    actor,
    narrative: Narrative | None = None,
    line: BusinessLine,
    as_of: dt.date,
    text: str,
    period_label: str = "",
) -> Narrative:
    """Save a line's narrative for a report period. Every placeholder must name a figure that
    exists: an unknown one is refused here, where its author can fix it, and never reaches the
    report as a blank."""
    require_permission(actor, EDIT)
    if as_of is None or as_of.year != line.year:
        raise ValidationError({"as_of": _("기준일은 사업 연도 안이어야 합니다.")})
    errors = placeholder_errors(text, year=line.year, as_of=as_of)
    if errors:
        raise ValidationError({"text": errors})
    narrative = narrative or Narrative()
    clash = Narrative.objects.filter(line=line, as_of=as_of).exclude(pk=narrative.pk)
    if clash.exists():
        raise ValidationError({"as_of": _("이 기준일의 서술이 이미 있습니다. 그 서술을 고치세요.")})
    narrative.line = line
    narrative.year = line.year
    narrative.as_of = as_of
    narrative.period_label = period_label.strip()
    narrative.text = text.strip()
    narrative.full_clean()
    narrative.save()
    return narrative
