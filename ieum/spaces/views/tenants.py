"""Tenant pages: calls for tenants, applications and scoring, tenancy contracts and the shared
kitchen's agreements in the staff console (/console/spaces/…), and the member's own tenancy,
invoices and applications (/spaces/tenancy/…).

Console pages need `spaces.view` to read and `spaces.manage` to change. A member's pages need
`spaces.book` and show only the member's own enterprise: another enterprise's application is a
404, and its contracts and invoices never appear.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from ieum.core.files import private_file_response
from ieum.core.forms import apply_service_errors
from ieum.core.idempotency import FORM_FIELD as IDEMPOTENCY_FIELD
from ieum.core.permissions import has_permission
from ieum.core.views import PermissionMixin

from ..choices import ApplicationStatus, CallStatus, TenancyStatus
from ..forms.tenants import (
    AgreementForm,
    ApplyForm,
    CallForm,
    ExitForm,
    HygieneForm,
    RenewForm,
    ScoreForm,
    TenancyForm,
)
from ..models import Tenancy
from ..selectors import facilities as facility_selectors
from ..selectors import fees as fee_selectors
from ..selectors import kitchen as kitchen_selectors
from ..selectors import tenants as selectors
from ..services import kitchen as kitchen_services
from ..services import tenants as services


def _service_error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _day(value: str | None):
    try:
        return parse_date(value or "") or timezone.localdate()
    except ValueError:
        return timezone.localdate()


class FormPage(PermissionMixin, View):
    """GET shows a form, a valid POST calls `perform`; a service refusal is shown on the form."""

    permission = "spaces.manage"
    template_name = "spaces/tenants/form.html"
    heading = ""
    files = False

    def setup_object(self, **kwargs):
        self.object = None

    def make_form(self, data=None, files=None):
        raise NotImplementedError

    def perform(self, form):
        raise NotImplementedError

    def success(self, result):
        raise NotImplementedError

    def cancel_url(self) -> str:
        return reverse("spaces:tenancy-list")

    def render_form(self, form, status=200):
        context = {
            "form": form,
            "object": self.object,
            "heading": self.heading,
            "cancel_url": self.cancel_url(),
            "multipart": self.files,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, **kwargs):
        self.setup_object(**kwargs)
        return self.render_form(self.make_form())

    def post(self, request, **kwargs):
        self.setup_object(**kwargs)
        form = self.make_form(request.POST, request.FILES if self.files else None)
        if form.is_valid():
            try:
                result = self.perform(form)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return self.success(result)
        return self.render_form(form, status=400)


# --- calls (console) -----------------------------------------------------------------------


class CallListView(PermissionMixin, TemplateView):
    permission = "spaces.view"
    template_name = "spaces/tenants/call_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "calls": selectors.call_list()[:300]}


class CallCreateView(FormPage):
    heading = gettext_lazy("입주기업 모집 공고 등록")

    def make_form(self, data=None, files=None):
        return CallForm(data, initial={"criteria": "사업계획: 40\n사회적 가치: 30\n역량: 30"})

    def perform(self, form):
        return services.call_create(actor=self.request.user, **form.cleaned_data)

    def success(self, call):
        messages.success(self.request, _("공고를 등록했습니다. 모집을 시작하세요."))
        return redirect("spaces:call-detail", pk=call.pk)

    def cancel_url(self):
        return reverse("spaces:call-list")


class CallUpdateView(FormPage):
    heading = gettext_lazy("입주기업 모집 공고 수정")

    def setup_object(self, **kwargs):
        self.object = selectors.call_detail(kwargs["pk"])
        if self.object is None:
            raise Http404(_("모집 공고를 찾을 수 없습니다."))

    def make_form(self, data=None, files=None):
        return CallForm(data, initial=CallForm.initial_for(self.object))

    def perform(self, form):
        data = dict(form.cleaned_data)
        data.pop("facility")
        return services.call_update(call=self.object, actor=self.request.user, **data)

    def success(self, call):
        messages.success(self.request, _("공고를 고쳤습니다."))
        return redirect("spaces:call-detail", pk=call.pk)

    def cancel_url(self):
        return reverse("spaces:call-detail", args=[self.object.pk])


class CallDetailView(PermissionMixin, TemplateView):
    """The call, its applications ranked by score, and the selection form."""

    permission = "spaces.view"
    template_name = "spaces/tenants/call_detail.html"

    def get_context_data(self, **kwargs):
        call = selectors.call_detail(kwargs["pk"])
        if call is None:
            raise Http404(_("모집 공고를 찾을 수 없습니다."))
        ranking = selectors.call_ranking(call)
        proposed = {a.pk for a in ranking if a.rank is not None and a.rank <= call.units}
        return {
            **super().get_context_data(**kwargs),
            "call": call,
            "ranking": ranking,
            "proposed": proposed,
            "can_select": call.status == CallStatus.CLOSED,
            "selected_status": ApplicationStatus.SELECTED,
            "can_manage": has_permission(self.request.user, "spaces.manage"),
        }


class _CallAction(PermissionMixin, View):
    permission = "spaces.manage"
    message = ""

    def act(self, call):
        raise NotImplementedError

    def post(self, request, pk: int):
        call = selectors.call_detail(pk)
        if call is None:
            raise Http404(_("모집 공고를 찾을 수 없습니다."))
        try:
            self.act(call)
        except ValidationError as error:
            _service_error(request, error)
        else:
            messages.success(request, self.message)
        return redirect("spaces:call-detail", pk=pk)


class CallOpenView(_CallAction):
    message = gettext_lazy("모집을 시작했습니다.")

    def act(self, call):
        services.call_open(call=call, actor=self.request.user)


class CallCloseView(_CallAction):
    message = gettext_lazy("모집을 마감했습니다. 신청을 심사하세요.")

    def act(self, call):
        services.call_close(call=call, actor=self.request.user)


class CallSelectView(_CallAction):
    message = gettext_lazy("선정을 마쳤습니다. 선정된 기업과 입주 계약을 맺으세요.")

    def act(self, call):
        services.applications_select(
            call=call,
            application_ids=[v for v in self.request.POST.getlist("application") if v.isdigit()],
            actor=self.request.user,
        )


class ApplicationScoreView(FormPage):
    """An application with its plan and document, and the scoring form."""

    template_name = "spaces/tenants/application_detail.html"
    heading = gettext_lazy("입주 신청 심사")

    def setup_object(self, **kwargs):
        self.object = selectors.application_detail(kwargs["pk"])
        if self.object is None:
            raise Http404(_("입주 신청을 찾을 수 없습니다."))

    def make_form(self, data=None, files=None):
        return ScoreForm(data, call=self.object.call, application=self.object)

    def perform(self, form):
        return services.application_score(
            application=self.object, scores=form.scores(), actor=self.request.user
        )

    def success(self, application):
        messages.success(self.request, _("점수를 저장했습니다."))
        return redirect("spaces:call-detail", pk=application.call_id)

    def cancel_url(self):
        return reverse("spaces:call-detail", args=[self.object.call_id])


class ApplicationDocumentView(PermissionMixin, View):
    """An application's document, for staff only (not served from the public media URL)."""

    permission = "spaces.view"

    def get(self, request, pk: int):
        application = selectors.application_detail(pk)
        if application is None:
            raise Http404(_("입주 신청을 찾을 수 없습니다."))
        return private_file_response(application.document, filename=application.document_name)


# --- tenancies (console) -------------------------------------------------------------------


class TenancyListView(PermissionMixin, TemplateView):
    """Contracts by facility, status or in force on a day; with `on`, the tenant count of
    every facility on that day."""

    permission = "spaces.view"
    template_name = "spaces/tenants/tenancy_list.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        facility = facility_selectors.facility_get(params.get("facility"))
        status = params.get("status", "")
        status = status if status in TenancyStatus.values else ""
        on = _day(params.get("on")) if params.get("on") else None
        return {
            **super().get_context_data(**kwargs),
            "facilities": facility_selectors.facility_list(),
            "facility": facility,
            "status": status,
            "statuses": TenancyStatus.choices,
            "on": on,
            "summary": selectors.tenants_by_facility(on=on or timezone.localdate()),
            "tenancies": selectors.tenancy_list(facility=facility, status=status, on=on)[:500],
        }


class TenancyDetailView(PermissionMixin, TemplateView):
    permission = "spaces.view"
    template_name = "spaces/tenants/tenancy_detail.html"

    def get_context_data(self, **kwargs):
        try:
            tenancy = selectors.tenancy_detail(kwargs["pk"])
        except Tenancy.DoesNotExist:
            raise Http404(_("입주 계약을 찾을 수 없습니다.")) from None
        return {
            **super().get_context_data(**kwargs),
            "tenancy": tenancy,
            "invoices": fee_selectors.invoice_list().filter(tenancy=tenancy)[:120],
            "exit_form": ExitForm(),
            "is_active": tenancy.status == TenancyStatus.ACTIVE,
            "can_manage": has_permission(self.request.user, "spaces.manage"),
            "changes": selectors.tenancy_history(tenancy),
        }


class TenancyCreateView(FormPage):
    """A contract, blank or (?application=) for a selected application."""

    heading = gettext_lazy("입주 계약 등록")

    def setup_object(self, **kwargs):
        self.object = None
        pk = self.request.GET.get("application") or self.request.POST.get("application")
        self.application = None
        if pk and str(pk).isdigit():
            self.application = selectors.application_detail(pk)
            if self.application is None:
                raise Http404(_("입주 신청을 찾을 수 없습니다."))

    def make_form(self, data=None, files=None):
        initial = {}
        if self.application is not None:
            initial = {
                "enterprise": self.application.enterprise_id,
                "facility": self.application.call.facility_id,
            }
        return TenancyForm(data, initial=initial)

    def perform(self, form):
        return services.tenancy_create(
            application=self.application, actor=self.request.user, **form.cleaned_data
        )

    def success(self, tenancy):
        messages.success(self.request, _("입주 계약을 등록했습니다."))
        return redirect("spaces:tenancy-detail", pk=tenancy.pk)


class TenancyRenewView(FormPage):
    heading = gettext_lazy("입주 계약 갱신")

    def setup_object(self, **kwargs):
        self.object = selectors.tenancy_get(kwargs["pk"])
        if self.object is None:
            raise Http404(_("입주 계약을 찾을 수 없습니다."))

    def make_form(self, data=None, files=None):
        t = self.object
        return RenewForm(
            data,
            initial={
                "monthly_fee_won": t.monthly_fee_won,
                "deposit_won": t.deposit_won,
                "maintenance_fee_won": t.maintenance_fee_won,
            },
        )

    def perform(self, form):
        return services.tenancy_renew(
            tenancy=self.object, actor=self.request.user, **form.cleaned_data
        )

    def success(self, tenancy):
        messages.success(self.request, _("입주 계약을 갱신했습니다."))
        return redirect("spaces:tenancy-detail", pk=tenancy.pk)

    def cancel_url(self):
        return reverse("spaces:tenancy-detail", args=[self.object.pk])


class TenancyExitView(TenancyRenewView):
    heading = gettext_lazy("중도 퇴거 처리")

    def make_form(self, data=None, files=None):
        return ExitForm(data)

    def perform(self, form):
        return services.tenancy_exit(
            tenancy=self.object, actor=self.request.user, **form.cleaned_data
        )

    def success(self, tenancy):
        messages.success(self.request, _("퇴거 처리했습니다."))
        return redirect("spaces:tenancy-detail", pk=tenancy.pk)


# --- shared kitchen (console) --------------------------------------------------------------


class AgreementListView(PermissionMixin, TemplateView):
    permission = "spaces.view"
    template_name = "spaces/kitchen/agreement_list.html"

    def get_context_data(self, **kwargs):
        on = _day(self.request.GET.get("on"))
        agreements = list(kitchen_selectors.agreement_list())
        for agreement in agreements:
            agreement.in_force = agreement.starts_on <= on <= agreement.ends_on
            agreement.hygiene_ok = agreement.hygiene_expires_on >= on
        return {
            **super().get_context_data(**kwargs),
            "on": on,
            "agreements": agreements,
            "expiring": kitchen_selectors.expiring_agreements(on=on),
            "can_manage": has_permission(self.request.user, "spaces.manage"),
        }


class AgreementCreateView(FormPage):
    heading = gettext_lazy("공유주방 협약 등록")
    files = True

    def make_form(self, data=None, files=None):
        return AgreementForm(data, files)

    def perform(self, form):
        return kitchen_services.agreement_create(actor=self.request.user, **form.cleaned_data)

    def success(self, agreement):
        messages.success(self.request, _("협약을 등록했습니다."))
        return redirect("spaces:agreement-detail", pk=agreement.pk)

    def cancel_url(self):
        return reverse("spaces:agreement-list")


class AgreementDetailView(FormPage):
    """The agreement, and the form that records a renewed hygiene certificate."""

    permission = "spaces.view"
    template_name = "spaces/kitchen/agreement_detail.html"
    files = True

    def setup_object(self, **kwargs):
        self.object = kitchen_selectors.agreement_detail(kwargs["pk"])
        if self.object is None:
            raise Http404(_("이용 협약을 찾을 수 없습니다."))

    def make_form(self, data=None, files=None):
        return HygieneForm(data, files)

    def post(self, request, **kwargs):
        if not has_permission(request.user, "spaces.manage"):
            raise PermissionDenied
        return super().post(request, **kwargs)

    def perform(self, form):
        return kitchen_services.agreement_hygiene_update(
            agreement=self.object, actor=self.request.user, **form.cleaned_data
        )

    def success(self, agreement):
        messages.success(self.request, _("위생 증명을 갱신했습니다."))
        return redirect("spaces:agreement-detail", pk=agreement.pk)

    def cancel_url(self):
        return reverse("spaces:agreement-list")


class AgreementCertificateView(PermissionMixin, View):
    permission = "spaces.view"

    def get(self, request, pk: int):
        agreement = kitchen_selectors.agreement_detail(pk)
        if agreement is None:
            raise Http404(_("이용 협약을 찾을 수 없습니다."))
        return private_file_response(
            agreement.hygiene_certificate, filename=agreement.hygiene_certificate_name
        )


# --- the member's side ---------------------------------------------------------------------


class MemberMixin(PermissionMixin):
    permission = "spaces.book"

    def enterprise(self):
        enterprise = self.request.user.enterprise
        if enterprise is None:
            raise PermissionDenied(_("소속 기업이 있는 회원만 이용할 수 있습니다."))
        return enterprise


class MyTenancyView(MemberMixin, TemplateView):
    """The member's enterprise: its contracts, its invoices, its applications, open calls."""

    template_name = "spaces/tenants/mine.html"

    def get_context_data(self, **kwargs):
        enterprise = self.request.user.enterprise
        context = {**super().get_context_data(**kwargs), "enterprise": enterprise}
        today = timezone.localdate()
        context["calls"] = selectors.open_calls(on=today)
        if enterprise is not None:
            context["tenancies"] = selectors.enterprise_tenancies(enterprise)
            context["invoices"] = fee_selectors.invoice_list(enterprise=enterprise)[:120]
            context["applications"] = selectors.enterprise_applications(enterprise)
            context["applied"] = {a.call_id for a in context["applications"]}
        return context


class CallApplyView(MemberMixin, View):
    template_name = "spaces/tenants/apply.html"

    def _call(self, pk):
        call = selectors.call_detail(pk, published=True)
        if call is None:
            raise Http404(_("모집 공고를 찾을 수 없습니다."))
        return call

    def get(self, request, pk: int):
        call = self._call(pk)
        return render(request, self.template_name, {"call": call, "form": ApplyForm()})

    def post(self, request, pk: int):
        call = self._call(pk)
        form = ApplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.application_submit(
                    call=call,
                    enterprise=self.enterprise(),
                    user=request.user,
                    idempotency_key=request.POST.get(IDEMPOTENCY_FIELD, ""),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("입주 신청을 접수했습니다."))
                return redirect("spaces:tenancy-mine")
        return render(request, self.template_name, {"call": call, "form": form}, status=400)


urlpatterns = [
    path("tenancy/", MyTenancyView.as_view(), name="tenancy-mine"),
    path("tenancy/calls/<int:pk>/apply/", CallApplyView.as_view(), name="call-apply"),
]

console_urlpatterns = [
    path("tenants/calls/", CallListView.as_view(), name="call-list"),
    path("tenants/calls/new/", CallCreateView.as_view(), name="call-create"),
    path("tenants/calls/<int:pk>/", CallDetailView.as_view(), name="call-detail"),
    path(
        "tenants/calls/<int:pk>/edit/",
        CallUpdateView.as_view(),
        name="call-update",
    ),
    path("tenants/calls/<int:pk>/open/", CallOpenView.as_view(), name="call-open"),
    path("tenants/calls/<int:pk>/close/", CallCloseView.as_view(), name="call-close"),
    path(
        "tenants/calls/<int:pk>/select/",
        CallSelectView.as_view(),
        name="call-select",
    ),
    path(
        "tenants/applications/<int:pk>/",
        ApplicationScoreView.as_view(),
        name="application-score",
    ),
    path(
        "tenants/applications/<int:pk>/document/",
        ApplicationDocumentView.as_view(),
        name="application-document",
    ),
    path("tenancies/", TenancyListView.as_view(), name="tenancy-list"),
    path("tenancies/new/", TenancyCreateView.as_view(), name="tenancy-create"),
    path("tenancies/<int:pk>/", TenancyDetailView.as_view(), name="tenancy-detail"),
    path(
        "tenancies/<int:pk>/renew/",
        TenancyRenewView.as_view(),
        name="tenancy-renew",
    ),
    path("tenancies/<int:pk>/exit/", TenancyExitView.as_view(), name="tenancy-exit"),
    path("kitchen/", AgreementListView.as_view(), name="agreement-list"),
    path("kitchen/new/", AgreementCreateView.as_view(), name="agreement-create"),
    path("kitchen/<int:pk>/", AgreementDetailView.as_view(), name="agreement-detail"),
    path(
        "kitchen/<int:pk>/certificate/",
        AgreementCertificateView.as_view(),
        name="agreement-certificate",
    ),
]
