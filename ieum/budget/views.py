"""Staff pages of the budget: the tree with rates and a monthly chart, the ledger, entry forms
for expenditures and transfers, imports and XLSX downloads."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from ieum.core.charts import monthly_chart
from ieum.core.files import private_file_response
from ieum.core.forms import apply_service_errors, int_param
from ieum.core.imports import import_job_context, import_job_create, import_job_list
from ieum.core.permissions import has_permission
from ieum.core.views import PermissionMixin, xlsx_response

from . import selectors, services
from .exports import budget_tree_export, ledger_export
from .forms import ExpenditureForm, ImportForm, TransferForm
from .importing import BUDGET_HEADERS, BUDGET_REQUIRED, LEDGER_HEADERS, LEDGER_OPTIONAL
from .selectors import LedgerFilters
from .tasks import BUDGET, LEDGER


def _year(params) -> int:
    """The asked year, else the latest year with a budget, else this year."""
    text = (params.get("year") or "").strip()
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return selectors.latest_year() or timezone.localdate().year


def _as_of(params, year: int) -> dt.date:
    """The asked as-of date, else today or the year's last day, whichever comes first."""
    try:
        return dt.date.fromisoformat((params.get("as_of") or "").strip())
    except ValueError:
        return min(timezone.localdate(), dt.date(year, 12, 31))


class BudgetOverviewView(PermissionMixin, TemplateView):
    """The year's tree at an as-of date: 예산액(교부액), 집행액, 집행률, rules, monthly chart."""

    permission = "budget.view"
    template_name = "budget/overview.html"

    def get_context_data(self, **kwargs):
        year = _year(self.request.GET)
        as_of = _as_of(self.request.GET, year)
        root = selectors.budget_execution(year=year, as_of=as_of)
        query = urlencode({"year": year, "as_of": as_of.isoformat()})
        return {
            **super().get_context_data(**kwargs),
            "year": year,
            "as_of": as_of,
            "years": selectors.fiscal_years(),
            "root": root,
            "rows": list(root.walk()) if root else [],
            "violations": selectors.budget_rule_violations(year=year) if root else [],
            "chart": monthly_chart(
                selectors.monthly_execution(year=year, as_of=as_of),
                title=_("%(year)s년 월별 집행액 (백만원)") % {"year": year},
            )
            if root
            else None,
            "query": query,
            "can_edit": has_permission(self.request.user, "budget.edit"),
            "line_changes": selectors.budget_line_changes(year=year),
        }


def _ledger_filters(params, year: int) -> LedgerFilters:
    def day(name):
        try:
            return dt.date.fromisoformat((params.get(name) or "").strip())
        except ValueError:
            return None

    line = (params.get("line") or "").strip()
    return LedgerFilters(
        year=year,
        line=int_param(line, low=1),
        start=day("start"),
        end=day("end"),
        counterparty=(params.get("counterparty") or "").strip()[:100],
    )


class ExpenditureListView(PermissionMixin, TemplateView):
    """The ledger of a year with filters (line, date range, counterparty) and pages."""

    permission = "budget.view"

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and not self.request.headers.get("HX-Boosted"):
            return ["budget/_ledger_results.html"]
        return ["budget/ledger.html"]

    def get_context_data(self, **kwargs):
        year = _year(self.request.GET)
        filters = _ledger_filters(self.request.GET, year)
        return {
            **super().get_context_data(**kwargs),
            "year": year,
            "years": selectors.fiscal_years(),
            "filters": filters,
            "lines": selectors.leaf_lines(year=year),
            "page_obj": selectors.expenditure_page(filters, self.request.GET.get("page")),
            "total": selectors.ledger_total(filters),
            "can_edit": has_permission(self.request.user, "budget.edit"),
        }


class ExpenditureExportView(PermissionMixin, View):
    permission = "budget.view"

    def get(self, request):
        year = _year(request.GET)
        entries = selectors.expenditure_list(_ledger_filters(request.GET, year)).iterator(2000)
        return xlsx_response(ledger_export(entries), f"집행내역-{year}.xlsx")


class ExpenditureEvidenceView(PermissionMixin, View):
    """An entry's evidence file, for whoever may read the ledger (never a public URL)."""

    permission = "budget.view"

    def get(self, request, pk: int):
        entry = selectors.expenditure_get(pk)
        if entry is None:
            raise Http404(_("집행 내역을 찾을 수 없습니다."))
        return private_file_response(entry.evidence, filename=entry.evidence_name)


class BudgetExportView(PermissionMixin, View):
    permission = "budget.view"

    def get(self, request):
        year = _year(request.GET)
        as_of = _as_of(request.GET, year)
        root = selectors.budget_execution(year=year, as_of=as_of)
        if root is None:
            raise Http404(_("%(year)s년 예산이 없습니다.") % {"year": year})
        data = budget_tree_export(root, as_of=as_of)
        return xlsx_response(data, f"예산집행현황-{year}-{as_of:%Y%m%d}.xlsx")


class _YearFormView(PermissionMixin, View):
    permission = "budget.edit"
    template_name = ""

    def lines(self, year: int):
        return selectors.leaf_lines(year=year)

    def context(self, request, form, year):
        has_lines = any(
            bool(field.queryset) for field in form.fields.values() if hasattr(field, "queryset")
        )
        return {"form": form, "year": year, "has_lines": has_lines}

    def render_form(self, request, form, year, status=200):
        return render(request, self.template_name, self.context(request, form, year), status=status)


class ExpenditureCreateView(_YearFormView):
    """Book an expenditure or a refund; the override reason field only for those allowed."""

    template_name = "budget/expenditure_form.html"

    def form(self, request, year, data=None, files=None):
        return ExpenditureForm(
            data,
            files,
            lines=self.lines(year),
            can_override=has_permission(request.user, "budget.override"),
            initial={"spent_on": min(timezone.localdate(), dt.date(year, 12, 31))},
        )

    def get(self, request):
        year = _year(request.GET)
        return self.render_form(request, self.form(request, year), year)

    def post(self, request):
        year = _year(request.GET)
        form = self.form(request, year, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            can_override = "override_reason" in form.fields
            try:
                entry = services.expenditure_record(
                    line=data["line"],
                    spent_on=data["spent_on"],
                    amount_won=data["amount_won"],
                    kind=data["kind"],
                    counterparty=data["counterparty"],
                    description=data["description"],
                    evidence=data["evidence"],
                    actor=request.user,
                    override_by=request.user if can_override else None,
                    override_reason=data.get("override_reason", ""),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("'%(line)s'에 %(amount)s원을 기록했습니다.")
                    % {"line": entry.line.name, "amount": f"{entry.amount_won:,}"},
                )
                return redirect(f"{reverse('budget:expenditure-list')}?year={year}")
        return self.render_form(request, form, year, status=400)


class TransferCreateView(_YearFormView):
    template_name = "budget/transfer_form.html"

    def context(self, request, form, year):
        return {
            **super().context(request, form, year),
            "transfers": selectors.transfer_list(year=year),
        }

    def form(self, year, data=None):
        return TransferForm(
            data,
            lines=self.lines(year),
            initial={"transferred_on": min(timezone.localdate(), dt.date(year, 12, 31))},
        )

    def get(self, request):
        year = _year(request.GET)
        return self.render_form(request, self.form(year), year)

    def post(self, request):
        year = _year(request.GET)
        form = self.form(year, request.POST)
        if form.is_valid():
            try:
                services.transfer_make(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("예산을 전용했습니다."))
                return redirect(f"{reverse('budget:transfer-create')}?year={year}")
        return self.render_form(request, form, year, status=400)


class TransferListView(PermissionMixin, TemplateView):
    """The audit trail of transfers: who, when, why."""

    permission = "budget.view"
    template_name = "budget/transfer_list.html"

    def get_context_data(self, **kwargs):
        year = _year(self.request.GET)
        return {
            **super().get_context_data(**kwargs),
            "year": year,
            "years": selectors.fiscal_years(),
            "transfers": selectors.transfer_list(year=year),
            "can_edit": has_permission(self.request.user, "budget.edit"),
        }


class _ImportView(PermissionMixin, View):
    """Upload a file: it becomes an import job that a worker runs (ieum.core.imports), so the
    request only stores the file; the job's page follows it and shows its report."""

    permission = "budget.edit"
    template_name = "budget/import.html"
    title = ""
    kind = ""
    headers: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def page(self, request, form, status=200):
        context = {
            "form": form,
            "title": self.title,
            "headers": self.headers,
            "optional": self.optional,
            "recent_jobs": import_job_list(kind=self.kind)[:10],
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.page(request, ImportForm(initial={"year": _year(request.GET)}))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, form, status=400)
        try:
            job = import_job_create(
                upload=form.cleaned_data["file"],
                kind=self.kind,
                options={"year": form.cleaned_data["year"]},
                created_by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.page(request, form, status=400)
        return redirect("budget:import-job", pk=job.pk)


class BudgetImportView(_ImportView):
    title = gettext_lazy("예산 가져오기")
    kind = BUDGET
    headers = BUDGET_REQUIRED
    optional = tuple(name for name in BUDGET_HEADERS if name not in BUDGET_REQUIRED)


class LedgerImportView(_ImportView):
    title = gettext_lazy("집행 내역 가져오기")
    kind = LEDGER
    headers = LEDGER_HEADERS
    optional = LEDGER_OPTIONAL


class ImportJobView(PermissionMixin, View):
    """One budget or ledger upload: its progress (the status part is polled by htmx), then
    its counts and every bad row."""

    permission = "budget.edit"
    template_name = "budget/import_job.html"

    def get(self, request, pk: int):
        jobs = import_job_list(kind=BUDGET) | import_job_list(kind=LEDGER)
        job = get_object_or_404(jobs, pk=pk)
        year = job.options.get("year")
        budget = job.kind == BUDGET
        import_name = "budget:budget-import" if budget else "budget:ledger-import"
        done_name = "budget:overview" if budget else "budget:expenditure-list"
        context = {
            "job": job,
            **import_job_context(job),
            "title": BudgetImportView.title if budget else LedgerImportView.title,
            "year": year,
            "import_url": f"{reverse(import_name)}?year={year}",
            "done_url": f"{reverse(done_name)}?year={year}",
            "status_url": reverse("budget:import-job-status", args=[job.pk]),
            "page_url": reverse("budget:import-job", args=[job.pk]),
            "report_url": "",
        }
        return render(request, self.template_name, context)


class ImportJobStatusView(ImportJobView):
    template_name = "includes/import_job_status.html"
