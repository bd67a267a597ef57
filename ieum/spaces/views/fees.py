"""Fee pages of the staff console: invoices (/console/spaces/invoices/: filters, monthly
tenancy invoices, booking invoices, paid, void) and the monthly settlement per facility
(/console/spaces/settlement/, with its XLSX). Reading needs `spaces.view`, changing
`spaces.manage`. Members see their own invoices on /spaces/tenancy/ (views.tenants)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ieum.core.permissions import has_permission
from ieum.core.views import PermissionMixin, xlsx_response

from ..choices import InvoiceKind, InvoiceStatus
from ..exports import settlement_filename, settlement_xlsx
from ..forms.tenants import MonthForm, PayForm, VoidForm
from ..selectors import facilities as facility_selectors
from ..selectors import fees as selectors
from ..selectors.bookings import booking_detail
from ..services import fees as services


def _service_error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _back(request):
    """Back to the page the button was on (a console page of this site), else the list."""
    target = request.POST.get("next", "")
    if target.startswith("/console/spaces/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect("spaces:invoice-list")


class InvoiceListView(PermissionMixin, TemplateView):
    permission = "spaces.view"
    template_name = "spaces/fees/invoice_list.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        facility = facility_selectors.facility_get(params.get("facility"))
        status = params.get("status", "")
        status = status if status in InvoiceStatus.values else ""
        kind = params.get("kind", "")
        kind = kind if kind in InvoiceKind.values else ""
        month_form = MonthForm(params) if params.get("month") else None
        month = month_form.cleaned_data["month"] if month_form and month_form.is_valid() else None
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            "facilities": facility_selectors.facility_list(),
            "facility": facility,
            "status": status,
            "statuses": InvoiceStatus.choices,
            "kind": kind,
            "kinds": InvoiceKind.choices,
            "month": month,
            "invoices": selectors.invoice_list(
                facility=facility, status=status, kind=kind, month=month
            )[:500],
            "monthly_form": MonthForm(initial={"month": today.replace(day=1)}),
            "pay_form": PayForm(initial={"paid_on": today}),
            "can_manage": has_permission(self.request.user, "spaces.manage"),
        }


class InvoiceMonthlyView(PermissionMixin, View):
    """Issue a facility's monthly tenancy invoices (again: only what is missing)."""

    permission = "spaces.manage"

    def post(self, request):
        form = MonthForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("시설과 귀속월을 골라 주세요."))
            return redirect("spaces:invoice-list")
        facility, month = form.cleaned_data["facility"], form.cleaned_data["month"]
        created = services.invoices_for_month(facility=facility, month=month, actor=request.user)
        messages.success(
            request,
            _("%(facility)s %(month)s 청구 %(count)d건을 발행했습니다.")
            % {"facility": facility.name, "month": f"{month:%Y-%m}", "count": len(created)},
        )
        return redirect(
            f"{reverse('spaces:invoice-list')}?facility={facility.pk}&month={month:%Y-%m}"
        )


class InvoiceBookingView(PermissionMixin, View):
    """Issue the invoice of an outside booking's fee."""

    permission = "spaces.manage"

    def post(self, request, booking_pk: int):
        booking = booking_detail(booking_pk)
        if booking is None:
            raise Http404(_("예약을 찾을 수 없습니다."))
        try:
            invoice = services.invoice_for_booking(booking=booking, actor=request.user)
        except ValidationError as error:
            _service_error(request, error)
            return redirect("spaces:invoice-list")
        messages.success(request, _("대관료 청구서를 발행했습니다."))
        return redirect(
            f"{request.build_absolute_uri('/')[:-1]}/console/spaces/invoices/?status=unpaid#invoice-{invoice.pk}"
        )


class InvoicePayView(PermissionMixin, View):
    permission = "spaces.manage"

    def post(self, request, pk: int):
        invoice = selectors.invoice_get(pk)
        if invoice is None:
            raise Http404(_("청구서를 찾을 수 없습니다."))
        form = PayForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("납부일을 적어 주세요."))
        else:
            try:
                services.invoice_mark_paid(
                    invoice=invoice, paid_on=form.cleaned_data["paid_on"], actor=request.user
                )
            except ValidationError as error:
                _service_error(request, error)
            else:
                messages.success(request, _("납부 처리했습니다."))
        return _back(request)


class InvoiceVoidView(PermissionMixin, View):
    permission = "spaces.manage"

    def post(self, request, pk: int):
        invoice = selectors.invoice_get(pk)
        if invoice is None:
            raise Http404(_("청구서를 찾을 수 없습니다."))
        form = VoidForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            services.invoice_void(invoice=invoice, reason=reason, actor=request.user)
        except ValidationError as error:
            _service_error(request, error)
        else:
            messages.success(request, _("청구를 취소했습니다."))
        return _back(request)


class SettlementView(PermissionMixin, TemplateView):
    """?facility=&month=YYYY-MM: the month's invoiced, paid and unpaid by kind, and the list;
    with ?format=xlsx the same as a spreadsheet."""

    permission = "spaces.view"
    template_name = "spaces/fees/settlement.html"

    def get(self, request, *args, **kwargs):
        params = request.GET.copy()
        params.setdefault("month", f"{timezone.localdate():%Y-%m}")
        if not params.get("facility"):
            first = facility_selectors.facility_default()
            if first is not None:
                params["facility"] = str(first.pk)
        self.form = MonthForm(params)
        self.settlement = None
        if self.form.is_valid():
            self.settlement = selectors.monthly_settlement(
                facility=self.form.cleaned_data["facility"], month=self.form.cleaned_data["month"]
            )
            if params.get("format") == "xlsx":
                return xlsx_response(
                    settlement_xlsx(self.settlement), settlement_filename(self.settlement)
                )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "form": self.form,
            "settlement": self.settlement,
        }


console_urlpatterns = [
    path("invoices/", InvoiceListView.as_view(), name="invoice-list"),
    path("invoices/monthly/", InvoiceMonthlyView.as_view(), name="invoice-monthly"),
    path(
        "invoices/booking/<int:booking_pk>/",
        InvoiceBookingView.as_view(),
        name="invoice-booking",
    ),
    path("invoices/<int:pk>/pay/", InvoicePayView.as_view(), name="invoice-pay"),
    path("invoices/<int:pk>/void/", InvoiceVoidView.as_view(), name="invoice-void"),
    path("settlement/", SettlementView.as_view(), name="settlement"),
]
