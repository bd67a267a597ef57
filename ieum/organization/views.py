"""The public home page and the staff pages about the center's organization."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from ieum.core.permissions import has_permission
from ieum.core.views import PermissionMixin
from ieum.core.views import ServiceFormView as BaseServiceFormView

from . import selectors, services
from .forms import (
    CenterForm,
    ContractEventForm,
    DepartmentForm,
    FacilityForm,
    PositionForm,
    StaffingPlanForm,
)
from .models import Center, ContractEvent, Department, Facility, Position


def _center_or_404() -> Center:
    center = selectors.center_get()
    if center is None:
        raise Http404(_("센터 정보가 아직 없습니다. 먼저 센터 정보를 등록하세요."))
    return center


class HomeView(TemplateView):
    """The public front page; it must render even before any data is loaded."""

    template_name = "organization/home.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "profile": selectors.center_profile()}


class OrganizationViewMixin(PermissionMixin):
    permission = "organization.view"

    def get_context_data(self, **kwargs):
        can_edit = has_permission(self.request.user, "organization.edit")
        return {**super().get_context_data(**kwargs), "can_edit": can_edit}


class OverviewView(OrganizationViewMixin, TemplateView):
    template_name = "organization/overview.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "profile": selectors.center_profile()}


class DepartmentListView(OrganizationViewMixin, TemplateView):
    template_name = "organization/department_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "tree": selectors.department_tree()}


class StaffingView(OrganizationViewMixin, TemplateView):
    template_name = "organization/staffing.html"

    def get_context_data(self, **kwargs):
        try:
            year = int(self.request.GET["year"])
        except (KeyError, ValueError):
            year = None
        table = selectors.staffing_table(year)
        next_year = (table.years[0] + 1) if table.years else timezone.localdate().year
        return {
            **super().get_context_data(**kwargs),
            "table": table,
            "requested_year": year,
            "next_year": next_year,
        }


class ServiceFormView(BaseServiceFormView):
    """The organization's edit pages: organization.edit, back to the overview by default."""

    permission = "organization.edit"

    def get_success_url(self) -> str:
        return reverse("organization:overview")


class CenterUpdateView(ServiceFormView):
    template_name = "organization/center_form.html"
    form_class = CenterForm
    success_message = gettext_lazy("센터 정보를 저장했습니다.")

    def get_object(self):
        # Before the demo or any data, this page is where the center is first registered.
        return selectors.center_get() or Center()

    def perform(self, form):
        services.center_update(actor=self.request.user, center=self.object, **form.cleaned_data)


class ContractEventCreateView(ServiceFormView):
    template_name = "organization/contract_event_form.html"
    form_class = ContractEventForm
    success_message = gettext_lazy("설립 및 운영 경과를 추가했습니다.")

    def get_object(self):
        return ContractEvent(center=_center_or_404())

    def perform(self, form):
        services.contract_event_create(
            actor=self.request.user, center=self.object.center, **form.cleaned_data
        )


class ContractEventUpdateView(ServiceFormView):
    template_name = "organization/contract_event_form.html"
    form_class = ContractEventForm
    success_message = gettext_lazy("설립 및 운영 경과를 수정했습니다.")

    def get_object(self):
        return get_object_or_404(ContractEvent, pk=self.kwargs["pk"])

    def perform(self, form):
        services.contract_event_update(
            actor=self.request.user, event=self.object, **form.cleaned_data
        )


class ContractEventDeleteView(PermissionMixin, View):
    """GET asks for confirmation; POST deletes."""

    permission = "organization.edit"

    def get(self, request, pk: int):
        event = get_object_or_404(ContractEvent, pk=pk)
        return render(request, "organization/contract_event_delete.html", {"object": event})

    def post(self, request, pk: int):
        event = get_object_or_404(ContractEvent, pk=pk)
        services.contract_event_delete(actor=request.user, event=event)
        messages.success(request, _("설립 및 운영 경과를 삭제했습니다."))
        return redirect("organization:overview")


class FacilityCreateView(ServiceFormView):
    template_name = "organization/facility_form.html"
    form_class = FacilityForm
    success_message = gettext_lazy("시설을 등록했습니다.")

    def get_object(self):
        return Facility(center=_center_or_404())

    def perform(self, form):
        services.facility_create(
            actor=self.request.user, center=self.object.center, **form.cleaned_data
        )


class FacilityUpdateView(ServiceFormView):
    template_name = "organization/facility_form.html"
    form_class = FacilityForm
    success_message = gettext_lazy("시설 정보를 저장했습니다.")

    def get_object(self):
        return get_object_or_404(Facility, pk=self.kwargs["pk"])

    def perform(self, form):
        services.facility_update(actor=self.request.user, facility=self.object, **form.cleaned_data)


class DepartmentUpdateView(ServiceFormView):
    template_name = "organization/department_form.html"
    form_class = DepartmentForm
    success_message = gettext_lazy("부서 정보를 저장했습니다.")

    def get_object(self):
        return get_object_or_404(Department, pk=self.kwargs["pk"])

    def perform(self, form):
        services.department_update(
            actor=self.request.user, department=self.object, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("organization:department-list")


class PositionUpdateView(ServiceFormView):
    template_name = "organization/position_form.html"
    form_class = PositionForm
    success_message = gettext_lazy("직위 정보를 저장했습니다.")

    def get_object(self):
        return get_object_or_404(Position, pk=self.kwargs["pk"])

    def perform(self, form):
        services.position_update(actor=self.request.user, position=self.object, **form.cleaned_data)

    def get_success_url(self):
        return reverse("organization:staffing")


class StaffingPlanEditView(ServiceFormView):
    """The year's 정원 and 현원 for every grade in one form; creates the year if it is new."""

    template_name = "organization/staffing_form.html"
    form_class = StaffingPlanForm

    def get_object(self):
        # The year's current figures prefill the form; a new year starts from zeros.
        return selectors.staffing_table(self.kwargs["year"])

    def get_form(self, data=None):
        table = self.object
        initial = {}
        if table.plan is not None:
            initial = {"as_of": table.plan.as_of, "note": table.plan.note}
        for column in table.columns:
            grade = column.position.grade
            initial[f"quota_{grade}"] = column.quota or 0
            initial[f"current_{grade}"] = column.current or 0
        positions = [column.position for column in table.columns]
        return StaffingPlanForm(data, initial=initial, positions=positions)

    def perform(self, form):
        services.staffing_plan_save(
            actor=self.request.user,
            year=self.kwargs["year"],
            as_of=form.cleaned_data["as_of"],
            note=form.cleaned_data["note"],
            lines=form.lines(),
        )

    def get_success_message(self):
        return _("%(year)s년 인력 현황을 저장했습니다.") % {"year": self.kwargs["year"]}

    def get_success_url(self):
        return f"{reverse('organization:staffing')}?year={self.kwargs['year']}"

    def get_form_context(self):
        return {**super().get_form_context(), "year": self.kwargs["year"]}
