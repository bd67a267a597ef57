"""Registry pages for staff (list, search, detail, edit) and an enterprise's own profile."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ieum.core.districts import DISTRICT_NAMES
from ieum.core.forms import apply_service_errors
from ieum.core.permissions import has_permission
from ieum.core.views import PermissionMixin
from ieum.enterprises.permissions import can_view_enterprise

from .. import selectors, services
from ..choices import EnterpriseKind
from ..forms import CertificationForm, ContactForm, EnterpriseForm
from ..models import Enterprise


class EnterpriseListView(PermissionMixin, TemplateView):
    """Search and filter the registry; htmx requests get only the results table."""

    permission = "enterprises.view"

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and not self.request.headers.get("HX-Boosted"):
            return ["enterprises/_enterprise_results.html"]
        return ["enterprises/enterprise_list.html"]

    def get_context_data(self, **kwargs):
        filters = selectors.EnterpriseFilters.from_query(self.request.GET)
        context = {
            **super().get_context_data(**kwargs),
            "filters": filters,
            "page_obj": selectors.enterprise_page(filters, self.request.GET.get("page")),
            "sorts": [(key, label) for key, (label, _) in selectors.SORTS.items()],
            "can_import": has_permission(self.request.user, "enterprises.import"),
            "can_export": has_permission(self.request.user, "enterprises.export"),
            "can_edit": has_permission(self.request.user, "enterprises.edit"),
        }
        if not self.request.headers.get("HX-Request"):
            context |= {
                "kinds": EnterpriseKind.choices,
                "districts": DISTRICT_NAMES,
                "industries": selectors.industry_choices(),
                "years": selectors.certification_years(),
            }
        return context


class EnterpriseDetailView(TemplateView):
    """Profile, certifications, support history; contacts only for staff."""

    template_name = "enterprises/enterprise_detail.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            enterprise = selectors.enterprise_detail(kwargs["pk"])
        except Enterprise.DoesNotExist:
            raise Http404(_("기업을 찾을 수 없습니다.")) from None
        if not can_view_enterprise(request.user, enterprise):
            raise PermissionDenied(_("이 기업 정보를 볼 권한이 없습니다."))
        can_edit = has_permission(request.user, "enterprises.edit")
        return self.render_to_response(
            {
                "enterprise": enterprise,
                "show_contacts": has_permission(request.user, "enterprises.view_contacts"),
                "can_edit": can_edit,
                # Who on the staff changed what is for the staff's eyes.
                "changes": selectors.enterprise_changes(enterprise) if can_edit else None,
                "certification_form": CertificationForm(),
                "contact_form": ContactForm(prefix="contact"),
            }
        )


class EnterpriseCreateView(PermissionMixin, View):
    permission = "enterprises.edit"
    template_name = "enterprises/enterprise_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": EnterpriseForm()})

    def post(self, request):
        form = EnterpriseForm(request.POST)
        if form.is_valid():
            try:
                enterprise = services.enterprise_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("'%(name)s'을(를) 등록했습니다.") % {"name": enterprise.name}
                )
                return redirect("enterprises:enterprise-detail", pk=enterprise.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class EnterpriseUpdateView(PermissionMixin, View):
    permission = "enterprises.edit"
    template_name = "enterprises/enterprise_form.html"

    def _enterprise(self, pk: int) -> Enterprise:
        enterprise = selectors.enterprise_get(pk)
        if enterprise is None:
            raise Http404(_("기업을 찾을 수 없습니다."))
        return enterprise

    def get(self, request, pk: int):
        enterprise = self._enterprise(pk)
        form = EnterpriseForm(instance=enterprise, initial={"brn": enterprise.brn_display})
        return render(request, self.template_name, {"form": form, "enterprise": enterprise})

    def post(self, request, pk: int):
        enterprise = self._enterprise(pk)
        form = EnterpriseForm(request.POST, instance=enterprise)
        if form.is_valid():
            try:
                services.enterprise_update(
                    selectors.enterprise_get(pk), actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("기업 정보를 저장했습니다."))
                return redirect("enterprises:enterprise-detail", pk=pk)
        context = {"form": form, "enterprise": enterprise}
        return render(request, self.template_name, context, status=400)


class _DetailAddView(PermissionMixin, View):
    """A small form on the detail page that adds one row through a service, then returns."""

    permission = "enterprises.edit"
    form_class: type[forms.Form]
    prefix: str | None = None  # ids stay unique when two such forms share the page
    success_message = ""

    def add(self, enterprise: Enterprise, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        enterprise = selectors.enterprise_get(pk)
        if enterprise is None:
            raise Http404(_("기업을 찾을 수 없습니다."))
        form = self.form_class(request.POST, prefix=self.prefix)
        if form.is_valid():
            try:
                self.add(enterprise, form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, self.success_message)
        else:
            errors = [f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()]
            messages.error(request, " ".join(errors))
        return redirect("enterprises:enterprise-detail", pk=pk)


class CertificationCreateView(_DetailAddView):
    form_class = CertificationForm
    success_message = _("인증·지정 이력을 추가했습니다.")

    def add(self, enterprise: Enterprise, data: dict) -> None:
        services.certification_add(actor=self.request.user, enterprise=enterprise, **data)


class ContactCreateView(_DetailAddView):
    form_class = ContactForm
    prefix = "contact"
    success_message = _("담당자를 추가했습니다.")

    def add(self, enterprise: Enterprise, data: dict) -> None:
        services.contact_add(enterprise=enterprise, actor=self.request.user, **data)


class ContactDeleteView(PermissionMixin, View):
    permission = "enterprises.edit"

    def post(self, request, pk: int, contact_pk: int):
        contact = selectors.contact_detail(enterprise_id=pk, pk=contact_pk)
        if contact is None:
            raise Http404(_("담당자를 찾을 수 없습니다."))
        services.contact_remove(contact=contact, actor=request.user)
        messages.success(request, _("담당자를 삭제했습니다."))
        return redirect("enterprises:enterprise-detail", pk=pk)
