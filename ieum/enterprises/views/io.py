"""Staff pages to import the registry from a spreadsheet and to download it as XLSX."""

from pathlib import Path

from django import forms
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, View

from ieum.core.files import private_file_response
from ieum.core.imports import (
    import_job_context,
    import_job_create,
    import_job_list,
    validate_upload_size,
)
from ieum.core.models import ImportJob
from ieum.core.views import PermissionMixin, xlsx_response

from .. import selectors
from ..exports import HEADERS, enterprise_export
from ..importing import HEADER_KEYS
from ..tasks import ENTERPRISES

NATIONAL_HEADERS = (
    "지역",
    "인증번호",
    "기관명",
    "사업내용",
    "사회적목적실현유형",
    "사회서비스분야",
    "사업자등록번호",
    "대표자",
    "소재지",
    "홈페이지",
    "인증일자",
    "인증회차",
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("파일"),
        help_text=_(
            "XLSX 또는 CSV(UTF-8 또는 CP949). 첫 번째 시트의 첫 행을 열 이름으로 읽습니다."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    partial = forms.BooleanField(
        label=_("오류 행만 빼고 가져오기"),
        required=False,
        help_text=_("끄면 잘못된 행이 하나라도 있을 때 아무것도 저장하지 않습니다."),
    )
    dry_run = forms.BooleanField(
        label=_("시험 실행"),
        required=False,
        help_text=_("검사만 하고 저장하지 않습니다."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("XLSX 또는 CSV 파일만 올릴 수 있습니다."))
        validate_upload_size(upload)
        return upload


class EnterpriseImportView(PermissionMixin, FormView):
    permission = "enterprises.import"
    template_name = "enterprises/import.html"
    form_class = ImportForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "ieum_headers": HEADERS,
            "national_headers": NATIONAL_HEADERS,
            "aliases": sorted(set(HEADER_KEYS) - set(HEADERS) - set(NATIONAL_HEADERS)),
            "recent_jobs": import_job_list(kind=ENTERPRISES)[:10],
        }

    def form_valid(self, form):
        job = import_job_create(
            upload=form.cleaned_data["file"],
            kind=ENTERPRISES,
            partial=form.cleaned_data["partial"],
            dry_run=form.cleaned_data["dry_run"],
            created_by=self.request.user,
        )
        return redirect("enterprises:import-job", pk=job.pk)


class ImportJobDetailView(PermissionMixin, DetailView):
    permission = "enterprises.import"
    model = ImportJob
    context_object_name = "job"
    template_name = "enterprises/import_job.html"

    def get_queryset(self):
        return import_job_list(kind=ENTERPRISES)

    def get_context_data(self, **kwargs):
        job = self.object
        return {
            **super().get_context_data(**kwargs),
            **import_job_context(job),
            "status_url": reverse("enterprises:import-job-status", args=[job.pk]),
            "page_url": reverse("enterprises:import-job", args=[job.pk]),
            "report_url": reverse("enterprises:import-report", args=[job.pk]),
        }


class ImportJobStatusView(ImportJobDetailView):
    """The part of the job page that htmx polls until the job ends."""

    template_name = "includes/import_job_status.html"


class ImportReportView(PermissionMixin, View):
    permission = "enterprises.import"

    def get(self, request, pk: int):
        job = get_object_or_404(import_job_list(kind=ENTERPRISES), pk=pk)
        return xlsx_response(job.report().to_xlsx(), f"기업가져오기-결과-{job.pk}.xlsx")


class ImportJobFileView(PermissionMixin, View):
    """The uploaded file itself (it holds contacts): staff who import, never a public URL."""

    permission = "enterprises.import"

    def get(self, request, pk: int):
        job = get_object_or_404(import_job_list(kind=ENTERPRISES), pk=pk)
        return private_file_response(job.file, filename=job.original_filename)


class EnterpriseExportView(PermissionMixin, View):
    permission = "enterprises.export"

    def get(self, request):
        data = enterprise_export(selectors.enterprise_export_list())
        return xlsx_response(data, f"사회적경제기업-{timezone.localdate():%Y%m%d}.xlsx")
