"""The staff console of the mall: the dashboard, memberships, institutions and their targets,
every institution's purchase records, and promotions. Reading needs `mall.view`, every decision
and edit `mall.manage`."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ieum.core.charts import monthly_chart
from ieum.core.dates import parse_date
from ieum.core.forms import apply_service_errors
from ieum.core.permissions import has_permission, require_permission
from ieum.core.views import PermissionMixin
from ieum.enterprises.choices import InstitutionKind
from ieum.enterprises.models import Institution

from ..choices import TargetKind
from ..forms.buyers import (
    InstitutionForm,
    MembershipRejectForm,
    PeriodForm,
    PromotionForm,
    PromotionProductsForm,
    PurchaseTargetForm,
)
from ..models import Membership, Promotion
from ..selectors import buyers as buyer_selectors
from ..selectors import promotions as promotion_selectors
from ..selectors.dashboard import mall_dashboard
from ..selectors.records import purchase_records
from ..services import institutions as institution_services
from ..services import promotions as promotion_services
from .buyers import record_download


def _as_of(request) -> dt.date:
    try:
        return parse_date(request.GET["as_of"])
    except (KeyError, ValueError):
        return timezone.localdate()


class DashboardView(PermissionMixin, TemplateView):
    permission = "mall.view"
    template_name = "mall/console/dashboard.html"

    def get_context_data(self, **kwargs):
        as_of = _as_of(self.request)
        dashboard = mall_dashboard(as_of=as_of)
        chart = monthly_chart(
            dashboard.months, title=_("%(year)s년 월별 매출액 (백만원)") % {"year": as_of.year}
        )
        return {
            **super().get_context_data(**kwargs),
            "dashboard": dashboard,
            "as_of": as_of,
            "chart": chart,
        }


# Memberships


class MembershipListView(PermissionMixin, TemplateView):
    """Applications waiting for a decision, then the history of decided ones."""

    permission = "mall.view"
    template_name = "mall/console/members.html"

    def get_context_data(self, **kwargs):
        history = buyer_selectors.membership_history()
        page = Paginator(history, 50).get_page(self.request.GET.get("page"))
        page.object_list = buyer_selectors.with_history(page.object_list)
        return {
            **super().get_context_data(**kwargs),
            "queue": buyer_selectors.membership_queue(),
            "page_obj": page,
            "reject_form": MembershipRejectForm(),
            "can_manage": has_permission(self.request.user, "mall.manage"),
        }


class _MembershipDecisionView(PermissionMixin, View):
    permission = "mall.manage"

    def decide(self, request, membership: Membership) -> str:
        raise NotImplementedError

    def post(self, request, pk: int):
        membership = buyer_selectors.membership_detail(pk)
        if membership is None:
            raise Http404(_("가입 신청을 찾을 수 없습니다."))
        try:
            messages.success(request, self.decide(request, membership))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("mall:membership-list")


class MembershipApproveView(_MembershipDecisionView):
    def decide(self, request, membership: Membership) -> str:
        institution_services.membership_approve(membership=membership, actor=request.user)
        return _("%(user)s님의 가입을 승인했습니다.") % {"user": membership.user}


class MembershipRejectView(_MembershipDecisionView):
    def decide(self, request, membership: Membership) -> str:
        institution_services.membership_reject(
            membership=membership, actor=request.user, reason=request.POST.get("reason", "")
        )
        return _("%(user)s님의 가입 신청을 반려했습니다.") % {"user": membership.user}


# Institutions and targets


class InstitutionListView(PermissionMixin, TemplateView):
    """Every institution with its approved members, this year's purchases and its target."""

    permission = "mall.view"
    template_name = "mall/console/institutions.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in InstitutionKind.values else ""
        records = purchase_records(
            start=dt.date(today.year, 1, 1), end=today, institution_kind=kind
        )
        members = buyer_selectors.approved_member_counts()
        rows = [(row, members.get(row.institution.pk, 0)) for row in records.rows]
        return {
            **super().get_context_data(**kwargs),
            "rows": rows,
            "year": today.year,
            "kind": kind,
            "kinds": InstitutionKind.choices,
            "can_manage": has_permission(self.request.user, "mall.manage"),
        }


class InstitutionCreateView(PermissionMixin, View):
    permission = "mall.manage"
    template_name = "mall/console/institution_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": InstitutionForm()})

    def post(self, request):
        form = InstitutionForm(request.POST)
        if form.is_valid():
            try:
                institution = institution_services.institution_create(
                    actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("기관을 등록했습니다."))
                return redirect("mall:institution-detail", pk=institution.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class InstitutionDetailView(PermissionMixin, View):
    """An institution's members and targets; staff who manage set a year's target here."""

    permission = "mall.view"
    template_name = "mall/console/institution_detail.html"

    def _institution(self, pk: int) -> Institution:
        institution = buyer_selectors.institution_detail(pk)
        if institution is None:
            raise Http404(_("기관을 찾을 수 없습니다."))
        return institution

    def _render(self, request, institution, form, status=200):
        today = timezone.localdate()
        records = purchase_records(
            institution=institution, start=dt.date(today.year, 1, 1), end=today
        )
        context = {
            "institution": institution,
            "record": records.rows[0],
            "year": today.year,
            "members": buyer_selectors.institution_members(institution),
            "targets": buyer_selectors.purchase_target_list(institution),
            "form": form,
            "can_manage": has_permission(request.user, "mall.manage"),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk: int):
        institution = self._institution(pk)
        year = timezone.localdate().year
        target = buyer_selectors.purchase_target(institution=institution, year=year)
        initial = {"year": year, "kind": TargetKind.AMOUNT}
        if target is not None:
            initial |= {
                "kind": target.kind,
                "target_won": target.target_won,
                "target_percent": target.target_percent,
                "total_purchases_won": target.total_purchases_won,
            }
        return self._render(request, institution, PurchaseTargetForm(initial=initial))

    def post(self, request, pk: int):
        require_permission(request.user, "mall.manage")
        institution = self._institution(pk)
        form = PurchaseTargetForm(request.POST)
        if form.is_valid():
            try:
                institution_services.purchase_target_set(
                    institution=institution, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("우선구매 목표를 저장했습니다."))
                return redirect("mall:institution-detail", pk=pk)
        return self._render(request, institution, form, status=400)


# Purchase records of every institution


class RecordListView(PermissionMixin, TemplateView):
    permission = "mall.view"
    template_name = "mall/console/records.html"

    def get_context_data(self, **kwargs):
        form = PeriodForm(self.request.GET or None)
        start, end = form.period()
        data = form.cleaned_data if form.is_valid() else {}
        records = purchase_records(
            start=start,
            end=end,
            only_without_purchases=bool(data.get("nothing")),
            institution_kind=data.get("kind", ""),
        )
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "records": records,
            "query": self.request.GET.urlencode(),
        }


class RecordDownloadView(PermissionMixin, View):
    permission = "mall.view"

    def get(self, request):
        form = PeriodForm(request.GET or None)
        start, end = form.period()
        data = form.cleaned_data if form.is_valid() else {}
        records = purchase_records(
            start=start,
            end=end,
            only_without_purchases=bool(data.get("nothing")),
            institution_kind=data.get("kind", ""),
        )
        return record_download(
            records, institution=None, orders=(), file_format=request.GET.get("format", "xlsx")
        )


# Promotions


class PromotionListView(PermissionMixin, TemplateView):
    permission = "mall.view"
    template_name = "mall/console/promotions.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "promotions": promotion_selectors.promotion_list(),
            "can_manage": has_permission(self.request.user, "mall.manage"),
        }


class _PromotionFormView(PermissionMixin, View):
    permission = "mall.manage"
    template_name = "mall/console/promotion_form.html"

    def get_promotion(self, pk: int | None) -> Promotion | None:
        if pk is None:
            return None
        promotion = promotion_selectors.promotion_detail(pk)
        if promotion is None:
            raise Http404(_("기획전을 찾을 수 없습니다."))
        return promotion

    def save(self, request, promotion, data) -> Promotion:
        raise NotImplementedError

    def get(self, request, pk: int | None = None):
        promotion = self.get_promotion(pk)
        context = {"form": PromotionForm(promotion=promotion), "promotion": promotion}
        return render(request, self.template_name, context)

    def post(self, request, pk: int | None = None):
        promotion = self.get_promotion(pk)
        form = PromotionForm(request.POST, request.FILES, promotion=promotion)
        if form.is_valid():
            data = dict(form.cleaned_data)
            banner = data.pop("banner")
            try:
                saved = self.save(request, promotion, data, banner)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("기획전을 저장했습니다."))
                return redirect("mall:promotion-manage", pk=saved.pk)
        context = {"form": form, "promotion": promotion}
        return render(request, self.template_name, context, status=400)


class PromotionCreateView(_PromotionFormView):
    def save(self, request, promotion, data, banner) -> Promotion:
        return promotion_services.promotion_create(actor=request.user, banner=banner, **data)


class PromotionUpdateView(_PromotionFormView):
    def save(self, request, promotion, data, banner) -> Promotion:
        return promotion_services.promotion_update(
            promotion=promotion, actor=request.user, banner=banner, **data
        )


class PromotionManageView(PermissionMixin, TemplateView):
    """A promotion's sales against last year's, its curated products, and finding more."""

    permission = "mall.view"
    template_name = "mall/console/promotion_detail.html"

    def get_context_data(self, **kwargs):
        promotion = promotion_selectors.promotion_detail(kwargs["pk"], with_previous=True)
        if promotion is None:
            raise Http404(_("기획전을 찾을 수 없습니다."))
        products = promotion_selectors.promotion_products(promotion)
        query = self.request.GET.get("q", "").strip()
        return {
            **super().get_context_data(**kwargs),
            "promotion": promotion,
            "result": promotion_selectors.promotion_result(promotion),
            "products": products,
            "q": query,
            "candidates": promotion_selectors.product_candidates(
                query, exclude=[p.pk for p in products]
            ),
            "products_form": PromotionProductsForm(),
            "can_manage": has_permission(self.request.user, "mall.manage"),
        }


class PromotionProductsAddView(PermissionMixin, View):
    permission = "mall.manage"

    def post(self, request, pk: int):
        promotion = promotion_selectors.promotion_detail(pk)
        if promotion is None:
            raise Http404(_("기획전을 찾을 수 없습니다."))
        # Ticked search results ('pick') and typed numbers ('product_ids') are added alike.
        typed = [*request.POST.getlist("pick"), request.POST.get("product_ids", "")]
        form = PromotionProductsForm({"product_ids": " ".join(typed).strip()})
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["product_ids"]))
        else:
            try:
                count = promotion_services.promotion_products_add(
                    promotion=promotion,
                    actor=request.user,
                    product_ids=form.cleaned_data["product_ids"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("기획 상품이 %(count)s개가 되었습니다.") % {"count": count}
                )
        return redirect("mall:promotion-manage", pk=pk)


class PromotionProductRemoveView(PermissionMixin, View):
    permission = "mall.manage"

    def post(self, request, pk: int, product_pk: int):
        promotion = promotion_selectors.promotion_detail(pk)
        if promotion is None:
            raise Http404(_("기획전을 찾을 수 없습니다."))
        promotion_services.promotion_product_remove(
            promotion=promotion, actor=request.user, product_id=product_pk
        )
        messages.success(request, _("기획 상품에서 뺐습니다."))
        return redirect("mall:promotion-manage", pk=pk)


console_urlpatterns = [
    path("", DashboardView.as_view(), name="console-dashboard"),
    path("members/", MembershipListView.as_view(), name="membership-list"),
    path(
        "members/<int:pk>/approve/",
        MembershipApproveView.as_view(),
        name="membership-approve",
    ),
    path(
        "members/<int:pk>/reject/",
        MembershipRejectView.as_view(),
        name="membership-reject",
    ),
    path("institutions/", InstitutionListView.as_view(), name="institution-list"),
    path(
        "institutions/new/",
        InstitutionCreateView.as_view(),
        name="institution-create",
    ),
    path(
        "institutions/<int:pk>/",
        InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    path("records/", RecordListView.as_view(), name="console-record-list"),
    path(
        "records/download/",
        RecordDownloadView.as_view(),
        name="console-record-download",
    ),
    path("promotions/", PromotionListView.as_view(), name="promotion-list"),
    path("promotions/new/", PromotionCreateView.as_view(), name="promotion-create"),
    path(
        "promotions/<int:pk>/",
        PromotionManageView.as_view(),
        name="promotion-manage",
    ),
    path(
        "promotions/<int:pk>/edit/",
        PromotionUpdateView.as_view(),
        name="promotion-update",
    ),
    path(
        "promotions/<int:pk>/products/",
        PromotionProductsAddView.as_view(),
        name="promotion-products",
    ),
    path(
        "promotions/<int:pk>/products/<int:product_pk>/remove/",
        PromotionProductRemoveView.as_view(),
        name="promotion-product-remove",
    ),
]
