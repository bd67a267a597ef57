"""Every write to the budget: each validates its input and raises a Korean ValidationError.

Imports of budget and ledger files live in `importing` (budget_import, ledger_import).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ieum.core.choices import ChangeAction
from ieum.core.history import record
from ieum.core.logs import service
from ieum.core.money import format_won
from ieum.core.permissions import has_permission, require_permission

from .choices import NEGATIVE_KINDS, ExpenditureKind
from .importing import budget_import, ledger_import
from .models import BudgetLine, Expenditure, Transfer
from .selectors import line_remaining

__all__ = [
    "budget_import",
    "expenditure_record",
    "ledger_import",
    "transfer_make",
]

# What an entry's history records (core.history); an override's reason is its note.
EXPENDITURE_FIELDS = [
    "line",
    "spent_on",
    "amount_won",
    "kind",
    "counterparty",
    "description",
    "override_by",
]


def _locked_leaf(line: BudgetLine, field: str) -> BudgetLine:
    """The line, locked until the transaction ends (two entries at once cannot both pass the
    remaining-budget check), refused unless it is a leaf."""
    locked = BudgetLine.objects.select_for_update().select_related("fiscal_year").get(pk=line.pk)
    if BudgetLine.objects.filter(parent_id=locked.pk).exists():
        raise ValidationError(
            {
                field: _(
                    "'%(name)s'은(는) 하위 항목이 있는 항목입니다. 집행과 전용은 "
                    "가장 아래 항목에만 할 수 있습니다."
                )
                % {"name": locked.name}
            }
        )
    return locked


@service
@transaction.atomic
def expenditure_record(
    *,
    line: BudgetLine,
    spent_on: dt.date,
    amount_won: int,
    kind: str | None = None,
    counterparty: str = "",
    description: str = "",
    evidence: File | None = None,
    actor,
    override_by=None,
    override_reason: str = "",
) -> Expenditure:
    """Book an entry on a leaf line. Spending (positive) beyond the line's remaining budget is
    refused unless `override_by` holds budget.override and gives `override_reason`; both are
    stored. Refunds (반납/환입) are negative amounts."""
    require_permission(actor, "budget.edit")
    line = _locked_leaf(line, "line")
    amount_won = int(amount_won)
    if amount_won == 0:
        raise ValidationError({"amount_won": _("금액은 0이 아니어야 합니다.")})
    if kind is None:
        kind = ExpenditureKind.SPENDING if amount_won > 0 else ExpenditureKind.REFUND
    if kind == ExpenditureKind.SPENDING and amount_won < 0:
        raise ValidationError({"amount_won": _("지출 금액은 양수여야 합니다.")})
    if kind in NEGATIVE_KINDS and amount_won > 0:
        raise ValidationError({"amount_won": _("반납·환입은 음수 금액으로 적어 주세요.")})
    if spent_on.year != line.fiscal_year.year:
        raise ValidationError(
            {
                "spent_on": _("집행일자 %(day)s은(는) %(year)s 회계연도가 아닙니다.")
                % {"day": spent_on.isoformat(), "year": line.fiscal_year.year}
            }
        )
    override_reason = override_reason.strip()
    stored_override_by = None
    if amount_won > 0:
        remaining = line_remaining(line)
        if amount_won > remaining:
            over = _("'%(name)s'의 남은 예산 %(remaining)s보다 %(over)s 많습니다.") % {
                "name": line.name,
                "remaining": format_won(remaining),
                "over": format_won(amount_won - remaining),
            }
            if override_by is None or not has_permission(override_by, "budget.override"):
                raise ValidationError(
                    {
                        "amount_won": over
                        + " "
                        + _("예산 초과 승인 권한이 있는 직원만 입력할 수 있습니다.")
                    }
                )
            if not override_reason:
                raise ValidationError(
                    {"override_reason": over + " " + _("초과 승인 사유를 적어 주세요.")}
                )
            stored_override_by = override_by
    expenditure = Expenditure(
        line=line,
        spent_on=spent_on,
        amount_won=amount_won,
        kind=kind,
        counterparty=counterparty.strip(),
        description=description.strip(),
        override_by=stored_override_by,
        override_reason=override_reason if stored_override_by else "",
        created_by=actor,
    )
    if evidence is not None:
        expenditure.evidence = evidence
    expenditure.full_clean()
    expenditure.save()
    record(
        actor=actor,
        obj=expenditure,
        action=ChangeAction.CREATED,
        fields=EXPENDITURE_FIELDS,
        note=expenditure.override_reason,
    )
    return expenditure


@service
@transaction.atomic
def transfer_make(
    *,
    from_line: BudgetLine,
    to_line: BudgetLine,
    amount_won: int,
    reason: str,
    actor,
    transferred_on: dt.date | None = None,
) -> Transfer:
    """Move budget between two leaves of one year (전용), kept with who, when and why.
    Refused beyond the source's remaining budget."""
    require_permission(actor, "budget.edit")
    if from_line.pk == to_line.pk:
        raise ValidationError({"to_line": _("보내는 항목과 받는 항목이 같습니다.")})
    # Lock in a fixed order so two transfers in opposite directions cannot deadlock.
    first, second = sorted([from_line, to_line], key=lambda line: line.pk)
    locked = {
        first.pk: _locked_leaf(first, "from_line" if first.pk == from_line.pk else "to_line"),
        second.pk: _locked_leaf(second, "from_line" if second.pk == from_line.pk else "to_line"),
    }
    from_line, to_line = locked[from_line.pk], locked[to_line.pk]
    if from_line.fiscal_year_id != to_line.fiscal_year_id:
        raise ValidationError({"to_line": _("같은 회계연도의 항목끼리만 전용할 수 있습니다.")})
    amount_won = int(amount_won)
    if amount_won <= 0:
        raise ValidationError({"amount_won": _("전용 금액은 0보다 커야 합니다.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("전용 사유를 적어 주세요.")})
    transferred_on = transferred_on or timezone.localdate()
    if transferred_on.year != from_line.fiscal_year.year:
        raise ValidationError(
            {
                "transferred_on": _("전용일자 %(day)s은(는) %(year)s 회계연도가 아닙니다.")
                % {"day": transferred_on.isoformat(), "year": from_line.fiscal_year.year}
            }
        )
    remaining = line_remaining(from_line)
    if amount_won > remaining:
        raise ValidationError(
            {
                "amount_won": _("'%(name)s'의 남은 예산 %(remaining)s보다 많이 전용할 수 없습니다.")
                % {"name": from_line.name, "remaining": format_won(remaining)}
            }
        )
    transfer = Transfer(
        fiscal_year_id=from_line.fiscal_year_id,
        from_line=from_line,
        to_line=to_line,
        amount_won=amount_won,
        transferred_on=transferred_on,
        reason=reason,
        made_by=actor,
    )
    transfer.full_clean(exclude=["made_at"])
    transfer.save()
    record(
        actor=actor,
        obj=transfer,
        action=ChangeAction.CREATED,
        fields=["from_line", "to_line", "amount_won", "transferred_on"],
        note=reason,
    )
    return transfer
