"""The budget: fiscal years, the budget tree (총계 → 구분 → 사업 → 세부사업), the expenditure
ledger and budget transfers (전용). Money is an integer number of won."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ieum.core.files import RandomName, private_storage
from ieum.core.models import TimeStampedModel

from .choices import NEGATIVE_KINDS, Category, ExpenditureKind, LineKind


class FiscalYear(TimeStampedModel):
    """A fiscal year (= calendar year) with its own budget tree."""

    year = models.PositiveSmallIntegerField(_("회계연도"), unique=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("회계연도")
        verbose_name_plural = _("회계연도")

    def __str__(self) -> str:
        return f"{self.year}"


class BudgetLine(TimeStampedModel):
    """A node of a year's budget tree with its granted budget (교부액) before transfers.

    Expenditures are booked on leaves only; a parent's figures are rolled up from its leaves.
    """

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("회계연도"), on_delete=models.CASCADE, related_name="lines"
    )
    code = models.CharField(_("코드"), max_length=30)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("상위 항목"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(
        pgettext_lazy("budget line kind", "구분"), max_length=20, choices=LineKind.choices
    )
    category = models.CharField(
        _("비목"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text=_("구분(인건비·운영비·사업비·일반관리비) 항목만: 예산 규칙 검사에 씁니다."),
    )
    name = models.CharField(_("사업명"), max_length=200)
    budget_won = models.BigIntegerField(_("예산액(교부액)"))
    sort_order = models.PositiveIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["fiscal_year", "sort_order", "id"]
        verbose_name = _("예산 항목")
        verbose_name_plural = _("예산 항목")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "code"], name="%(app_label)s_%(class)s_unique_code"
            ),
            models.CheckConstraint(
                condition=models.Q(budget_won__gte=0),
                name="%(app_label)s_%(class)s_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=LineKind.ROOT, parent__isnull=True)
                | (~models.Q(kind=LineKind.ROOT) & models.Q(parent__isnull=False)),
                name="%(app_label)s_%(class)s_root_has_no_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(category="") | models.Q(kind=LineKind.CATEGORY),
                name="%(app_label)s_%(class)s_category_on_categories",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.code} {self.name}"


class Expenditure(TimeStampedModel):
    """A ledger entry on a leaf line: spending (positive) or a refund (반납/환입, negative)."""

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("예산 항목"),
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    spent_on = models.DateField(_("집행일자"))
    amount_won = models.BigIntegerField(_("금액"), help_text=_("반납·환입은 음수"))
    kind = models.CharField(
        _("유형"), max_length=10, choices=ExpenditureKind.choices, default=ExpenditureKind.SPENDING
    )
    counterparty = models.CharField(_("거래처"), max_length=200, blank=True)
    description = models.CharField(_("적요"), max_length=300, blank=True)
    evidence = models.FileField(
        _("증빙"),
        storage=private_storage,
        upload_to=RandomName("budget/evidence", keep_name_in="evidence_name"),
        blank=True,
    )
    evidence_name = models.CharField(_("원래 파일 이름"), max_length=255, blank=True)
    override_reason = models.TextField(_("예산 초과 승인 사유"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("초과 승인자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("입력자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name = _("집행 내역")
        verbose_name_plural = _("집행 내역")
        permissions = [("override_expenditure", _("예산 잔액을 넘는 집행을 사유와 함께 승인"))]
        indexes = [
            # Covers the per-line sums up to a date (selectors.budget_execution).
            models.Index(
                fields=["line", "spent_on", "amount_won"], name="budget_expenditure_line_day"
            ),
            models.Index(fields=["spent_on"], name="budget_expenditure_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=ExpenditureKind.SPENDING, amount_won__gt=0)
                    | models.Q(kind__in=NEGATIVE_KINDS, amount_won__lt=0)
                ),
                name="%(app_label)s_%(class)s_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(override_by__isnull=True) | ~models.Q(override_reason=""),
                name="%(app_label)s_%(class)s_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.line.name} {self.amount_won:,}원"


class Transfer(TimeStampedModel):
    """A budget transfer (전용) between two leaves of one year: the audit trail keeps who,
    when and why. The lines' stored budgets never change; the tree applies transfers.

    A line with transfers can go only with its whole year (RESTRICT); a line or year with
    ledger entries cannot be deleted at all (Expenditure.line is PROTECT)."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("회계연도"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_line = models.ForeignKey(
        BudgetLine, verbose_name=_("보내는 항목"), on_delete=models.RESTRICT, related_name="+"
    )
    to_line = models.ForeignKey(
        BudgetLine, verbose_name=_("받는 항목"), on_delete=models.RESTRICT, related_name="+"
    )
    amount_won = models.BigIntegerField(_("금액"))
    transferred_on = models.DateField(_("전용일자"))
    reason = models.TextField(_("사유"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("처리일시"), auto_now_add=True)

    class Meta:
        ordering = ["-transferred_on", "-id"]
        verbose_name = _("예산 전용")
        verbose_name_plural = _("예산 전용")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_won__gt=0),
                name="%(app_label)s_%(class)s_amount_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_line=models.F("to_line")),
                name="%(app_label)s_%(class)s_different_lines",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="%(app_label)s_%(class)s_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transferred_on} {self.from_line.name} → {self.to_line.name}"
