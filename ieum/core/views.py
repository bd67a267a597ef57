"""The staff console home and the pieces every staff page uses: the permission mixin, the
form page that calls a service, and spreadsheet downloads."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.forms import Form
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.crypto import get_random_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ieum.core.permissions import require_permission

from .cards import console_cards
from .forms import apply_service_errors
from .models import WorkerHeartbeat
from .tasks import (
    STATUS_LABELS,
    search_reindex_queue,
    task_failure_reason,
    task_label,
    task_results,
    task_retry,
    workers_alive,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HWPX_TYPE = "application/hwp+zip"


def download_response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file download; a Korean file name is sent the RFC 5987 way."""
    return HttpResponse(
        data,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    return download_response(data, filename, XLSX_TYPE)


def hwpx_response(data: bytes, filename: str) -> HttpResponse:
    return download_response(data, filename, HWPX_TYPE)


class PermissionMixin(LoginRequiredMixin):
    """Sign-in first, then the one permission table (ieum.core.permissions)."""

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_permission(request.user, self.permission)
        return super().dispatch(request, *args, **kwargs)


class ConsoleView(PermissionMixin, TemplateView):
    permission = "console.view"
    template_name = "core/console.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cards": console_cards(self.request.user)}


class ServiceFormView(PermissionMixin, View):
    """GET shows the form; a valid POST calls the service, reports success and redirects.
    A service's ValidationError is shown on the form (per field where it names one).

    Subclasses say which form and object they edit (`get_object`), what to call (`perform`,
    whose result is kept as `self.result`) and where to go after (`get_success_url`).
    """

    template_name = ""
    form_class: type[Form]
    heading = ""
    help = ""
    success_message = ""

    def get_object(self):
        raise NotImplementedError

    def get_form(self, data=None) -> Form:
        return self.form_class(data, instance=self.object)

    def perform(self, form: Form):
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message

    def get_success_url(self) -> str:
        raise NotImplementedError

    def get_cancel_url(self) -> str:
        return self.get_success_url()

    def get_form_context(self) -> dict:
        return {
            "object": self.object,
            "heading": self.heading,
            "help": self.help,
            "cancel_url": self.get_cancel_url(),
        }

    def render_form(self, form: Form, status: int = 200):
        context = {"form": form, **self.get_form_context()}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_form(self.get_form())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                self.result = self.perform(form)
            except ValidationError as error:
                apply_service_errors(form, error)
                # The service may have changed the instance before refusing; show the saved one.
                self.object = self.get_object()
            else:
                messages.success(request, self.get_success_message())
                return redirect(self.get_success_url())
        return self.render_form(form, status=400)


def healthz(request):
    """For the load balancer and monitoring: the database, the shared cache and the workers.

    503 when this process cannot use the database or the cache (take it out of rotation);
    no worker alive shows as "down" with 200, since web requests are still served. The answer
    names no host, address or setting.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "down"
    try:
        key = f"healthz:{get_random_string(8)}"
        cache.set(key, "1", timeout=10)
        checks["cache"] = "ok" if cache.get(key) == "1" else "down"
        cache.delete(key)
    except Exception:  # any backend's connection error
        checks["cache"] = "down"
    workers = 0
    if checks["database"] == "ok":
        workers = workers_alive()
    checks["worker"] = "ok" if workers else "down"
    healthy = checks["database"] == "ok" and checks["cache"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy and workers else ("degraded" if healthy else "fail"),
         "checks": checks, "workers": workers},
        status=200 if healthy else 503,
    )  # fmt: skip


class TaskListView(PermissionMixin, TemplateView):
    """Background jobs, newest first; failed ones with their reason and a retry button."""

    permission = "tasks.manage"
    template_name = "core/tasks.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        if status not in TaskResultStatus.values:
            status = ""
        results = task_results(status=status or None)
        rows = [
            {"result": r, "label": task_label(r), "reason": task_failure_reason(r)} for r in results
        ]
        return {
            **super().get_context_data(**kwargs),
            "rows": rows,
            "status": status,
            "statuses": list(STATUS_LABELS.items()),
            "workers": WorkerHeartbeat.objects.all(),
            "lost_seconds": settings.WORKER_LOST_SECONDS,
        }


class TaskRetryView(PermissionMixin, View):
    permission = "tasks.manage"

    def post(self, request, pk):
        try:
            task_retry(actor=request.user, result_id=pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DBTaskResult.DoesNotExist as error:
            raise Http404 from error
        else:
            messages.success(request, _("작업을 다시 대기열에 넣었습니다."))
        return redirect("core:task-list")


class SearchReindexView(PermissionMixin, View):
    permission = "tasks.manage"

    def post(self, request):
        search_reindex_queue(actor=request.user)
        messages.success(request, _("검색 색인을 다시 만드는 작업을 대기열에 넣었습니다."))
        return redirect("core:task-list")
