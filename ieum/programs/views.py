"""Staff pages for business lines, their KPIs, milestones, narratives and the changes table."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from ieum.core.dates import parse_date
from ieum.core.forms import apply_service_errors
from ieum.core.permissions import has_permission, require_permission
from ieum.core.views import PermissionMixin
from ieum.core.views import ServiceFormView as BaseServiceFormView
from ieum.organization.models import Department

from . import selectors, services
from .choices import MilestoneStatus
from .forms import (
    BusinessLineForm,
    KpiForm,
    KpiValueForm,
    MilestoneForm,
    NarrativeForm,
    ProgramChangeForm,
)
from .models import BusinessLine, Kpi, Milestone, Narrative, ProgramChange


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _as_of(request):
    """The date figures are read at: ?as_of=YYYY-MM-DD, or today."""
    try:
        return parse_date(request.GET["as_of"])
    except (KeyError, ValueError):
        return timezone.localdate()


class ProgramsViewMixin(PermissionMixin):
    permission = "programs.view"

    def get_context_data(self, **kwargs):
        can_edit = has_permission(self.request.user, "programs.edit")
        return {**super().get_context_data(**kwargs), "can_edit": can_edit}


class LineListView(ProgramsViewMixin, TemplateView):
    """The year's business lines, optionally one department's."""

    template_name = "programs/line_list.html"

    def get_context_data(self, **kwargs):
        years = selectors.line_years()
        year = _int_or_none(self.request.GET.get("year"))
        if year is None:
            year = years[0] if years else timezone.localdate().year
        department_id = _int_or_none(self.request.GET.get("department"))
        return {
            **super().get_context_data(**kwargs),
            "year": year,
            "years": years,
            "departments": list(Department.objects.order_by("sort_order", "name")),
            "department_id": department_id,
            "lines": selectors.line_list(year=year, department_id=department_id),
        }


def _value_form_kpis(line: BusinessLine):
    return Kpi.objects.filter(line=line, provider="").order_by("sort_order", "id")


class LineDetailView(ProgramsViewMixin, TemplateView):
    """A line with its KPIs (latest figures, value entry), milestones and narratives."""

    template_name = "programs/line_detail.html"

    def get_context_data(self, **kwargs):
        line = get_object_or_404(BusinessLine, pk=self.kwargs["pk"])
        as_of = _as_of(self.request)
        value_form = kwargs.pop("value_form", None) or KpiValueForm(
            kpis=_value_form_kpis(line), initial={"as_of": as_of}
        )
        return {
            **super().get_context_data(**kwargs),
            "detail": selectors.line_detail(line, as_of=as_of),
            "as_of": as_of,
            "value_form": value_form,
            "statuses": MilestoneStatus.choices,
        }

    def post(self, request, pk: int):
        """Enter a manual value for one of the line's KPIs."""
        require_permission(request.user, "programs.edit")
        line = get_object_or_404(BusinessLine, pk=pk)
        form = KpiValueForm(request.POST, kpis=_value_form_kpis(line))
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.kpi_value_record(actor=request.user, **data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("'%(name)s' 값을 저장했습니다.") % {"name": data["kpi"].name}
                )
                return redirect("programs:line-detail", pk=line.pk)
        return self.render_to_response(self.get_context_data(value_form=form), status=400)


class KpiDetailView(ProgramsViewMixin, TemplateView):
    """A KPI's history of values and a form to add one."""

    template_name = "programs/kpi_detail.html"

    def get_context_data(self, **kwargs):
        kpi = get_object_or_404(Kpi.objects.select_related("line"), pk=self.kwargs["pk"])
        form = kwargs.pop("value_form", None) or KpiValueForm(
            initial={"as_of": timezone.localdate()}
        )
        return {
            **super().get_context_data(**kwargs),
            "kpi": kpi,
            "figure": selectors.kpi_value(kpi, as_of=timezone.localdate()),
            "history": selectors.kpi_history(kpi),
            "changes": selectors.kpi_changes(kpi),
            "value_form": form,
        }

    def post(self, request, pk: int):
        require_permission(request.user, "programs.edit")
        kpi = get_object_or_404(Kpi, pk=pk)
        form = KpiValueForm(request.POST)
        if form.is_valid():
            try:
                services.kpi_value_record(actor=request.user, kpi=kpi, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("'%(name)s' 값을 저장했습니다.") % {"name": kpi.name})
                return redirect("programs:kpi-detail", pk=kpi.pk)
        return self.render_to_response(self.get_context_data(value_form=form), status=400)


class ServiceFormView(BaseServiceFormView):
    """The programs' edit pages: programs.edit, one shared form template."""

    permission = "programs.edit"
    template_name = "programs/form_page.html"


class LineCreateView(ServiceFormView):
    form_class = BusinessLineForm
    heading = gettext_lazy("사업 등록")
    success_message = gettext_lazy("사업을 등록했습니다.")

    def get_object(self):
        return BusinessLine(year=timezone.localdate().year)

    def perform(self, form):
        return services.line_save(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("programs:line-detail", args=[self.result.pk])

    def get_cancel_url(self):
        return reverse("programs:line-list")


class LineUpdateView(ServiceFormView):
    form_class = BusinessLineForm
    heading = gettext_lazy("사업 수정")
    success_message = gettext_lazy("사업을 저장했습니다.")

    def get_object(self):
        return get_object_or_404(BusinessLine, pk=self.kwargs["pk"])

    def perform(self, form):
        return services.line_save(actor=self.request.user, line=self.object, **form.cleaned_data)

    def get_success_url(self):
        return reverse("programs:line-detail", args=[self.kwargs["pk"]])


class KpiCreateView(ServiceFormView):
    form_class = KpiForm
    heading = gettext_lazy("성과지표 등록")
    success_message = gettext_lazy("성과지표를 등록했습니다.")

    def get_object(self):
        return Kpi(line=get_object_or_404(BusinessLine, pk=self.kwargs["pk"]))

    def perform(self, form):
        return services.kpi_save(
            actor=self.request.user, line=self.object.line, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("programs:line-detail", args=[self.kwargs["pk"]])


class KpiUpdateView(ServiceFormView):
    form_class = KpiForm
    heading = gettext_lazy("성과지표 수정")
    success_message = gettext_lazy("성과지표를 저장했습니다.")

    def get_object(self):
        return get_object_or_404(Kpi.objects.select_related("line"), pk=self.kwargs["pk"])

    def perform(self, form):
        return services.kpi_save(
            actor=self.request.user, kpi=self.object, line=self.object.line, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("programs:kpi-detail", args=[self.kwargs["pk"]])


class MilestoneCreateView(ServiceFormView):
    form_class = MilestoneForm
    heading = gettext_lazy("향후계획 추가")
    success_message = gettext_lazy("향후계획을 추가했습니다.")
    help = gettext_lazy("시작 연도·월을 비우면 '~ 종료월'로 표시합니다.")

    def get_object(self):
        return Milestone(line=get_object_or_404(BusinessLine, pk=self.kwargs["pk"]))

    def perform(self, form):
        return services.milestone_save(
            actor=self.request.user, line=self.object.line, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("programs:line-detail", args=[self.object.line_id])


class MilestoneUpdateView(MilestoneCreateView):
    heading = gettext_lazy("향후계획 수정")
    success_message = gettext_lazy("향후계획을 저장했습니다.")

    def get_object(self):
        return get_object_or_404(Milestone, pk=self.kwargs["pk"])

    def perform(self, form):
        return services.milestone_save(
            actor=self.request.user,
            milestone=self.object,
            line=self.object.line,
            **form.cleaned_data,
        )


class MilestoneStatusView(PermissionMixin, View):
    """POST status=예정|진행|완료 from the line page."""

    permission = "programs.edit"

    def post(self, request, pk: int):
        milestone = get_object_or_404(Milestone, pk=pk)
        try:
            services.milestone_status_set(
                actor=request.user, milestone=milestone, status=request.POST.get("status")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("'%(text)s'을(를) %(status)s(으)로 바꿨습니다.")
                % {"text": milestone.text, "status": milestone.get_status_display()},
            )
        return redirect("programs:line-detail", pk=milestone.line_id)


class NarrativeCreateView(ServiceFormView):
    form_class = NarrativeForm
    heading = gettext_lazy("추진현황 서술 작성")
    success_message = gettext_lazy("서술을 저장했습니다.")
    help = gettext_lazy(
        "수치는 자리표시자로 쓰면 보고서를 만들 때 채워집니다: {kpi:키}, {budget:코드}(예산액), "
        "{budget:코드.executed}(집행액), {budget:코드.rate}(집행률)."
    )

    def get_object(self):
        return Narrative(line=get_object_or_404(BusinessLine, pk=self.kwargs["pk"]))

    def perform(self, form):
        return services.narrative_save(
            actor=self.request.user, line=self.object.line, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("programs:line-detail", args=[self.object.line_id])


class NarrativeUpdateView(NarrativeCreateView):
    heading = gettext_lazy("추진현황 서술 수정")

    def get_object(self):
        return get_object_or_404(Narrative.objects.select_related("line"), pk=self.kwargs["pk"])

    def perform(self, form):
        return services.narrative_save(
            actor=self.request.user,
            narrative=self.object,
            line=self.object.line,
            **form.cleaned_data,
        )


class ChangeListView(ProgramsViewMixin, TemplateView):
    """The year's changes table: last year's items beside this year's tagged ones."""

    template_name = "programs/change_list.html"

    def get_context_data(self, **kwargs):
        years = selectors.line_years()
        year = _int_or_none(self.request.GET.get("year"))
        if year is None:
            year = years[0] if years else timezone.localdate().year
        return {
            **super().get_context_data(**kwargs),
            "year": year,
            "years": years,
            "rows": selectors.program_change_table(year=year),
        }


class ChangeCreateView(ServiceFormView):
    form_class = ProgramChangeForm
    heading = gettext_lazy("주요 사업 변경 추가")
    success_message = gettext_lazy("주요 사업 변경을 저장했습니다.")
    help = gettext_lazy("전년도 내용은 사업명이 같은 항목이 함께 씁니다.")

    def get_object(self):
        return ProgramChange(year=timezone.localdate().year)

    def perform(self, form):
        return services.program_change_save(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return f"{reverse('programs:change-list')}?year={self.result.year}"

    def get_cancel_url(self):
        return reverse("programs:change-list")


class ChangeUpdateView(ChangeCreateView):
    heading = gettext_lazy("주요 사업 변경 수정")

    def get_object(self):
        return get_object_or_404(ProgramChange, pk=self.kwargs["pk"])

    def perform(self, form):
        return services.program_change_save(
            actor=self.request.user, change=self.object, **form.cleaned_data
        )
