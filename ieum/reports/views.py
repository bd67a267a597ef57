"""The staff page that previews the business report and offers each format for download."""

from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from ieum.core.views import PermissionMixin
from ieum.organization.selectors import staffing_latest

from .builder import report_build
from .forms import DownloadForm, ReportForm
from .renderers import FORMATS
from .services import report_file


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
        context = {"form": form, "formats": FORMATS.values()}
        status = 200
        if form.is_bound and form.is_valid():
            period = form.cleaned_data
            try:
                context["report"] = report_build(year=period["year"], as_of=period["as_of"])
            except ValidationError as error:
                context["errors"] = error.messages
                status = 400
            context["query"] = f"year={period['year']}&as_of={period['as_of'].isoformat()}"
        elif form.is_bound:
            status = 400
        return render(request, self.template_name, context, status=status)


class ReportDownloadView(PermissionMixin, View):
    permission = "reports.view"

    def get(self, request):
        form = DownloadForm(request.GET)
        if not form.is_valid():
            return render(
                request,
                "reports/index.html",
                {"form": form, "formats": FORMATS.values()},
                status=400,
            )
        period = form.cleaned_data
        try:
            produced = report_file(
                year=period["year"], as_of=period["as_of"], format_name=period["format"]
            )
        except ValidationError as error:
            context = {"form": form, "formats": FORMATS.values(), "errors": error.messages}
            return render(request, "reports/index.html", context, status=400)
        response = HttpResponse(produced.content, content_type=produced.content_type)
        response["Content-Disposition"] = attachment_header(
            produced.filename, fallback=produced.ascii_filename
        )
        return response


def attachment_header(filename: str, *, fallback: str) -> str:
    """RFC 6266 with RFC 5987: the Korean name as filename*=UTF-8''…, an ASCII name before it
    for the few clients that do not read filename*."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
