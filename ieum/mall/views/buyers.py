"""A public buyer's pages: joining the mall for their institution, their institution's purchase
records with downloads, its stated needs and the recommendations drawn from them; and the public
page of a promotion. A buyer only ever sees their own institution: it comes from their approved
membership, never from the address."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ieum.core.choices import Role
from ieum.core.forms import apply_service_errors
from ieum.core.views import PermissionMixin, hwpx_response, xlsx_response

from ..access import buyer_institution
from ..choices import ProductCertification
from ..exports import records as record_files
from ..forms.buyers import BuyingNeedForm, PeriodForm
from ..models import BuyingNeed, Promotion
from ..selectors import buyers as buyer_selectors
from ..selectors import promotions as promotion_selectors
from ..selectors.recommendations import recommendations
from ..selectors.records import purchase_orders, purchase_records
from ..services import institutions as services


def record_download(records, *, institution, orders, file_format: str) -> HttpResponse:
    """The record as XLSX or HWPX; anything else is not a page."""
    name = record_files.record_filename(records, institution, file_format)
    if file_format == "xlsx":
        data = record_files.records_xlsx(records, institution=institution, orders=orders)
        return xlsx_response(data, name)
    if file_format == "hwpx":
        data = record_files.records_hwpx(records, institution=institution, orders=orders)
        return hwpx_response(data, name)
    raise Http404(_("지원하지 않는 파일 형식입니다."))


class MembershipApplyView(PermissionMixin, View):
    """A buyer account asks to join for its institution, and sees where the application is."""

    permission = "mall.buy"
    template_name = "mall/buyers/join.html"

    def _render(self, request, status=200):
        membership = buyer_selectors.membership_of_user(request.user)
        context = {"membership": membership, "institution": request.user.institution}
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request)

    def post(self, request):
        try:
            services.membership_apply(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self._render(request, status=400)
        messages.success(request, _("가입 신청을 접수했습니다. 센터가 확인한 뒤 승인합니다."))
        return redirect("mall:membership-apply")


class BuyerMixin(PermissionMixin):
    """A buyer with an approved membership; `self.institution` is theirs. A buyer still
    waiting is sent to the membership page instead of a bare refusal."""

    permission = "mall.buy"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            try:
                self.institution = buyer_institution(request.user)
            except PermissionDenied as refusal:
                if request.user.role == Role.BUYER:
                    messages.error(request, str(refusal))
                    return redirect("mall:membership-apply")
        return super().dispatch(request, *args, **kwargs)


class PurchaseRecordView(BuyerMixin, TemplateView):
    template_name = "mall/buyers/records.html"

    def get_context_data(self, **kwargs):
        form = PeriodForm(self.request.GET or None)
        start, end = form.period()
        records = purchase_records(institution=self.institution, start=start, end=end)
        orders = Paginator(
            purchase_orders(institution=self.institution, start=start, end=end), 50
        ).get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "institution": self.institution,
            "records": records,
            "record": records.rows[0],
            "page_obj": orders,
            "query": f"start={start.isoformat()}&end={end.isoformat()}",
        }


class PurchaseRecordDownloadView(BuyerMixin, View):
    def get(self, request):
        start, end = PeriodForm(request.GET or None).period()
        records = purchase_records(institution=self.institution, start=start, end=end)
        orders = purchase_orders(institution=self.institution, start=start, end=end)
        return record_download(
            records,
            institution=self.institution,
            orders=orders,
            file_format=request.GET.get("format", "xlsx"),
        )


class BuyingNeedListView(BuyerMixin, View):
    """The institution's needs, and a form to state a new one."""

    template_name = "mall/buyers/needs.html"

    def _render(self, request, form, status=200):
        needs = list(buyer_selectors.buying_need_list(self.institution))
        labels = dict(ProductCertification.choices)
        for need in needs:
            need.certification_labels = [labels.get(c, c) for c in need.certifications]
        context = {"needs": needs, "form": form, "institution": self.institution}
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, BuyingNeedForm())

    def post(self, request):
        form = BuyingNeedForm(request.POST)
        if form.is_valid():
            try:
                services.buying_need_save(
                    institution=self.institution, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("구매 수요를 저장했습니다."))
                return redirect("mall:need-list")
        return self._render(request, form, status=400)


class BuyingNeedUpdateView(BuyerMixin, View):
    template_name = "mall/buyers/need_form.html"

    def _need(self, pk: int) -> BuyingNeed:
        need = buyer_selectors.buying_need_detail(institution=self.institution, pk=pk)
        if need is None:
            raise Http404(_("구매 수요를 찾을 수 없습니다."))
        return need

    def get(self, request, pk: int):
        need = self._need(pk)
        form = BuyingNeedForm(
            initial={
                "title": need.title,
                "keywords": need.keywords,
                "category": need.category_id,
                "certifications": need.certifications,
                "vendor_kinds": need.vendor_kinds,
                "max_unit_price_won": need.max_unit_price_won,
                "delivery_district": need.delivery_district,
            }
        )
        return render(request, self.template_name, {"form": form, "need": need})

    def post(self, request, pk: int):
        need = self._need(pk)
        form = BuyingNeedForm(request.POST)
        if form.is_valid():
            try:
                services.buying_need_save(
                    need=need, institution=self.institution, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("구매 수요를 저장했습니다."))
                return redirect("mall:need-list")
        return render(request, self.template_name, {"form": form, "need": need}, status=400)


class BuyingNeedDeleteView(BuyerMixin, View):
    def post(self, request, pk: int):
        need = buyer_selectors.buying_need_detail(institution=self.institution, pk=pk)
        if need is None:
            raise Http404(_("구매 수요를 찾을 수 없습니다."))
        services.buying_need_delete(need=need, institution=self.institution, actor=request.user)
        messages.success(request, _("구매 수요를 삭제했습니다."))
        return redirect("mall:need-list")


class RecommendationListView(BuyerMixin, TemplateView):
    template_name = "mall/buyers/recommendations.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "institution": self.institution,
            "has_needs": buyer_selectors.buying_need_exists(self.institution),
            "recommendations": recommendations(institution=self.institution, limit=30),
        }


class PromotionDetailView(TemplateView):
    """A published promotion, public on purpose: anyone may browse the mall."""

    template_name = "mall/buyers/promotion_detail.html"

    def get_context_data(self, **kwargs):
        try:
            promotion, products = promotion_selectors.promotion_public(kwargs["pk"])
        except Promotion.DoesNotExist:
            raise Http404(_("기획전을 찾을 수 없습니다.")) from None
        return {
            **super().get_context_data(**kwargs),
            "promotion": promotion,
            "products": products,
        }


urlpatterns = [
    path("join/", MembershipApplyView.as_view(), name="membership-apply"),
    path("records/", PurchaseRecordView.as_view(), name="record-list"),
    path(
        "records/download/",
        PurchaseRecordDownloadView.as_view(),
        name="record-download",
    ),
    path("needs/", BuyingNeedListView.as_view(), name="need-list"),
    path("needs/<int:pk>/edit/", BuyingNeedUpdateView.as_view(), name="need-update"),
    path("needs/<int:pk>/delete/", BuyingNeedDeleteView.as_view(), name="need-delete"),
    path(
        "recommendations/",
        RecommendationListView.as_view(),
        name="recommendation-list",
    ),
    path("promotions/<int:pk>/", PromotionDetailView.as_view(), name="promotion-detail"),
]
