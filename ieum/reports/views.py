"""The staff page that previews the business report, asks for a file in each format (rendered
by a worker), follows it and downloads it."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView

from ieum.core.files import private_file_response
from ieum.core.forms import apply_service_errors
from ieum.core.views import PermissionMixin
from ieum.organization.selectors import staffing_latest

from .builder import report_build
from .forms import DownloadForm, ReportForm
from .renderers import FORMATS
from .selectors import report_file_list, report_file_queryset
from .services import report_file_request


def _default_period() -> dict:
    """The latest staffing plan's year and date (the demo's 2022-10-31), else today."""
    plan = staffing_latest()
    if plan is not None:
        return {"year": plan.year, "as_of": plan.as_of}
    today = timezone.localdate()
    return {"year": today.year, "as_of": today}


class ReportView(PermissionMixin, View):
    permission = "reports.view"
    template_name = "reports/index.html"

    def get(self, request):
        form = ReportForm(request.GET if "year" in request.GET else None, initial=_default_period())
        context = {"form": form}
        status = 200
        if form.is_bound and form.is_valid():
            period = form.cleaned_data
            try:
                context["report"] = report_build(year=period["year"], as_of=period["as_of"])
            except ValidationError as error:
                context["errors"] = error.messages
                status = 400
        elif form.is_bound:
            status = 400
        return render_index(request, context, status=status)


def render_index(request, context: dict, *, status: int = 200):
    context = {
        "formats": FORMATS.values(),
        "report_files": report_file_list(requested_by=request.user),
        **context,
    }
    return render(request, "reports/index.html", context, status=status)


class ReportFileCreateView(PermissionMixin, View):
    """A format button: ask for the file and follow it on its own page."""

    permission = "reports.view"

    def post(self, request):
        form = DownloadForm(request.POST)
        if form.is_valid():
            period = form.cleaned_data
            try:
                report_file = report_file_request(
                    actor=request.user,
                    year=period["year"],
                    as_of=period["as_of"],
                    format_name=period["format"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return redirect("reports:report-file-detail", pk=report_file.pk)
        return render_index(request, {"form": form}, status=400)


class ReportFileDetailView(PermissionMixin, DetailView):
    permission = "reports.view"
    context_object_name = "report_file"
    template_name = "reports/report_file.html"

    def get_queryset(self):
        return report_file_queryset()


class ReportFileStatusView(ReportFileDetailView):
    """The part of the file's page that htmx polls until the render ends."""

    template_name = "reports/report_file_status.html"


class ReportFileDownloadView(PermissionMixin, View):
    """The rendered file, from the private storage; staff share reports, so any staff member
    may download any report file."""

    permission = "reports.view"

    def get(self, request, pk: int):
        report_file = get_object_or_404(report_file_queryset(), pk=pk)
        if not report_file.is_ready:
            return redirect("reports:report-file-detail", pk=report_file.pk)
        response = private_file_response(report_file.file, filename=report_file.filename)
        # The helper guesses the type from the name, and no table knows .hwpx.
        response["Content-Type"] = report_file.content_type
        return response
