"""The staff console home and the pieces every staff page uses: the permission mixin, the
form page that calls a service, and spreadsheet downloads."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from ieum.accounts.permissions import require_permission

from .cards import console_cards
from .forms import apply_service_errors

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
    """Sign-in first, then the one permission table (ieum.accounts.permissions)."""

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
