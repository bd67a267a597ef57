"""The vendor portal (/mall/vendor/: apply, products, images, bulk upload) and the staff's
vendor review (/console/mall/vendors/).

Portal pages need `mall.sell`; the product pages also an approved vendor (access.member_vendor),
and a product is looked up within the vendor's own, so another vendor's product is a 404.
Review pages need `mall.manage`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ieum.core.files import private_file_response
from ieum.core.forms import apply_service_errors
from ieum.core.imports import import_job_context, import_job_create
from ieum.core.permissions import has_permission
from ieum.core.tabular import write_xlsx
from ieum.core.views import PermissionMixin, xlsx_response

from ..access import member_vendor
from ..choices import ProductStatus, VendorStatus
from ..forms.catalog import (
    ProductForm,
    ProductImageForm,
    ProductUploadForm,
    ReasonForm,
    VendorApplyForm,
)
from ..importing import HEADERS
from ..models import Product, Vendor
from ..selectors import catalog as selectors
from ..selectors import vendors as vendor_selectors
from ..services import catalog as catalog_services
from ..services import vendors as vendor_services
from ..tasks import PRODUCTS

ERRORS_SHOWN = 300


def _service_error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _back(request, product: Product):
    """Back to the product's page when the button was there, else to the portal."""
    if request.POST.get("from") == "product":
        return redirect("mall:product-update", pk=product.pk)
    return redirect("mall:vendor-portal")


class VendorPortalView(PermissionMixin, TemplateView):
    """The vendor's home: its status, and once it sells, its products in every state."""

    permission = "mall.sell"
    template_name = "mall/vendors/portal.html"

    def get_context_data(self, **kwargs):
        vendor = vendor_selectors.vendor_of_enterprise(self.request.user.enterprise_id)
        context = {**super().get_context_data(**kwargs), "vendor": vendor}
        if vendor is not None:
            context["last_event"] = vendor_selectors.vendor_last_event(vendor)
            context["products"] = selectors.vendor_products(vendor)
            context["counts"] = vendor_selectors.vendor_product_counts(vendor)
        return context


class VendorApplyView(PermissionMixin, View):
    permission = "mall.sell"
    template_name = "mall/vendors/apply.html"

    def _enterprise(self):
        enterprise = self.request.user.enterprise
        if enterprise is None:
            raise PermissionDenied(_("소속 기업이 있는 회원만 입점 신청을 할 수 있습니다."))
        return enterprise

    def get(self, request):
        enterprise = self._enterprise()
        context = {"form": VendorApplyForm(), "enterprise": enterprise}
        return render(request, self.template_name, context)

    def post(self, request):
        enterprise = self._enterprise()
        form = VendorApplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                vendor_services.vendor_apply(
                    enterprise=enterprise,
                    user=request.user,
                    introduction=form.cleaned_data["introduction"],
                    documents=form.cleaned_data["documents"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, _("입점 신청을 접수했습니다. 센터가 검토한 뒤 알려 드립니다.")
                )
                return redirect("mall:vendor-portal")
        context = {"form": form, "enterprise": enterprise}
        return render(request, self.template_name, context, status=400)


class VendorMixin(PermissionMixin):
    """An approved vendor's page; `self.vendor` is the signed-in member's vendor."""

    permission = "mall.sell"

    def dispatch(self, request, *args, **kwargs):
        # The permission first (PermissionMixin would refuse anyway), then the approved vendor.
        if has_permission(request.user, self.permission):
            self.vendor = member_vendor(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_product(self, pk: int) -> Product:
        product = vendor_selectors.vendor_product(vendor=self.vendor, pk=pk)
        if product is None:
            raise Http404(_("상품을 찾을 수 없습니다."))
        return product


class ProductCreateView(VendorMixin, View):
    template_name = "mall/vendors/product_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ProductForm()})

    def post(self, request):
        form = ProductForm(request.POST)
        if form.is_valid():
            try:
                product = catalog_services.product_create(
                    vendor=self.vendor, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("'%(name)s'을(를) 임시 저장했습니다. 사진을 올리고 판매를 시작하세요.")
                    % {"name": product.name},
                )
                return redirect("mall:product-update", pk=product.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class ProductUpdateView(VendorMixin, View):
    template_name = "mall/vendors/product_form.html"

    def render_page(self, product, form, image_form=None, status=200):
        context = {
            "product": product,
            "form": form,
            "image_form": image_form or ProductImageForm(prefix="image"),
            "images": product.images.all(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk: int):
        product = self.get_product(pk)
        return self.render_page(product, ProductForm(initial=ProductForm.initial_for(product)))

    def post(self, request, pk: int):
        product = self.get_product(pk)
        form = ProductForm(request.POST)
        if form.is_valid():
            try:
                catalog_services.product_update(
                    product=product, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("상품 정보를 저장했습니다."))
                return redirect("mall:product-update", pk=pk)
        return self.render_page(self.get_product(pk), form, status=400)


class ProductPublishView(VendorMixin, View):
    def post(self, request, pk: int):
        product = self.get_product(pk)
        try:
            catalog_services.product_publish(product=product, actor=request.user)
        except ValidationError as error:
            _service_error(request, error)
        else:
            messages.success(
                request, _("'%(name)s'의 판매를 시작했습니다.") % {"name": product.name}
            )
        return _back(request, product)


class ProductSuspendView(VendorMixin, View):
    def post(self, request, pk: int):
        product = self.get_product(pk)
        try:
            catalog_services.product_suspend(product=product, actor=request.user)
        except ValidationError as error:
            _service_error(request, error)
        else:
            messages.success(
                request, _("'%(name)s'의 판매를 중지했습니다.") % {"name": product.name}
            )
        return _back(request, product)


class ProductImageCreateView(ProductUpdateView):
    def get(self, request, pk: int):
        return redirect("mall:product-update", pk=pk)

    def post(self, request, pk: int):
        product = self.get_product(pk)
        image_form = ProductImageForm(request.POST, request.FILES, prefix="image")
        if image_form.is_valid():
            try:
                catalog_services.product_image_add(
                    product=product,
                    file=image_form.cleaned_data["image"],
                    alt=image_form.cleaned_data["alt"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(image_form, error)
            else:
                messages.success(request, _("이미지를 올렸습니다."))
                return redirect("mall:product-update", pk=pk)
        form = ProductForm(initial=ProductForm.initial_for(product))
        return self.render_page(product, form, image_form, status=400)


class ProductImageDeleteView(VendorMixin, View):
    def post(self, request, pk: int, image_pk: int):
        product = self.get_product(pk)
        image = vendor_selectors.product_image_detail(product=product, pk=image_pk)
        if image is None:
            raise Http404(_("이미지를 찾을 수 없습니다."))
        catalog_services.product_image_remove(image=image, actor=request.user)
        messages.success(request, _("이미지를 지웠습니다."))
        return redirect("mall:product-update", pk=pk)


class ProductUploadView(VendorMixin, View):
    """Bulk upload of the vendor's own products from XLSX/CSV (the import's rules): the file
    becomes an import job that a worker runs; the job's page follows it."""

    template_name = "mall/vendors/upload.html"

    def render_page(self, form, status=200):
        context = {"form": form, "headers": HEADERS, "recent_jobs": self.jobs()[:10]}
        return render(self.request, self.template_name, context, status=status)

    def jobs(self):
        return vendor_selectors.product_upload_job_list(vendor=self.vendor, kind=PRODUCTS)

    def get(self, request):
        return self.render_page(ProductUploadForm())

    def post(self, request):
        form = ProductUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form, status=400)
        job = import_job_create(
            upload=form.cleaned_data["file"],
            kind=PRODUCTS,
            options={"vendor_id": self.vendor.pk, "draft": form.cleaned_data["draft"]},
            partial=form.cleaned_data["partial"],
            dry_run=form.cleaned_data["dry_run"],
            created_by=request.user,
        )
        return redirect("mall:product-upload-job", pk=job.pk)


class ProductUploadJobView(ProductUploadView):
    """One upload's progress and report (its status part is polled by htmx)."""

    template_name = "mall/vendors/upload_job.html"

    def get(self, request, pk: int):
        job = get_object_or_404(self.jobs(), pk=pk)
        context = {
            "job": job,
            **import_job_context(job),
            "status_url": reverse("mall:product-upload-job-status", args=[job.pk]),
            "page_url": reverse("mall:product-upload-job", args=[job.pk]),
            "report_url": reverse("mall:product-upload-job-report", args=[job.pk]),
        }
        return render(request, self.template_name, context)


class ProductUploadJobStatusView(ProductUploadJobView):
    template_name = "includes/import_job_status.html"


class ProductUploadJobFileView(ProductUploadView):
    """The vendor's own uploaded file, back from the private storage."""

    def get(self, request, pk: int):
        job = get_object_or_404(self.jobs(), pk=pk)
        return private_file_response(job.file, filename=job.original_filename)


class ProductUploadJobReportView(ProductUploadView):
    def get(self, request, pk: int):
        job = get_object_or_404(self.jobs(), pk=pk)
        return xlsx_response(job.report().to_xlsx(), f"상품올리기-결과-{job.pk}.xlsx")


class ProductUploadTemplateView(VendorMixin, View):
    """An XLSX with the upload's headers and one example row of the vendor's own."""

    def get(self, request):
        example = (
            "대나무 칫솔 (4개입)",
            "생활용품>욕실용품",
            "6,000",
            "세트",
            "10",
            "재고 있음",
            "생분해 대나무 손잡이 칫솔입니다.",
            "친환경",
            "4713150101",
            self.vendor.enterprise.brn_display,
            "과세",
            "3",
            "",
        )
        return xlsx_response(write_xlsx(HEADERS, [example], title="상품"), "상품-올리기-양식.xlsx")


# --- staff review ------------------------------------------------------------------------


class VendorReviewListView(PermissionMixin, TemplateView):
    permission = "mall.manage"
    template_name = "mall/vendors/review_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        status = status if status in VendorStatus.values else ""
        counts = vendor_selectors.vendor_status_counts()
        return {
            **super().get_context_data(**kwargs),
            "status": status,
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in VendorStatus.choices
            ],
            "total": sum(counts.values()),
            "vendors": selectors.vendor_review_list(status)[:500],
        }


class VendorReviewView(PermissionMixin, TemplateView):
    permission = "mall.manage"
    template_name = "mall/vendors/review_detail.html"

    def get_context_data(self, **kwargs):
        try:
            vendor = selectors.vendor_review(kwargs["pk"])
        except Vendor.DoesNotExist:
            raise Http404(_("입점기업을 찾을 수 없습니다.")) from None
        return {
            **super().get_context_data(**kwargs),
            "vendor": vendor,
            "reason_form": ReasonForm(),
            "product_counts": vendor_selectors.vendor_product_counts(vendor),
            "published": ProductStatus.PUBLISHED,
        }


class _DecisionView(PermissionMixin, View):
    permission = "mall.manage"
    needs_reason = False
    success_message = ""

    def decide(self, vendor: Vendor, reason: str) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        vendor = vendor_selectors.vendor_decision_target(pk)
        if vendor is None:
            raise Http404(_("입점기업을 찾을 수 없습니다."))
        form = ReasonForm(request.POST)
        form.is_valid()
        try:
            self.decide(vendor, form.cleaned_data.get("reason", ""))
        except ValidationError as error:
            _service_error(request, error)
        else:
            messages.success(request, self.success_message % {"name": vendor.enterprise.name})
        return redirect("mall:vendor-review", pk=pk)


class VendorApproveView(_DecisionView):
    success_message = _("'%(name)s'의 입점을 승인했습니다.")

    def decide(self, vendor, reason):
        vendor_services.vendor_approve(vendor=vendor, actor=self.request.user)


class VendorRejectView(_DecisionView):
    success_message = _("'%(name)s'의 입점 신청을 반려했습니다.")

    def decide(self, vendor, reason):
        vendor_services.vendor_reject(vendor=vendor, actor=self.request.user, reason=reason)


class VendorSuspendView(_DecisionView):
    success_message = _("'%(name)s'의 판매를 정지했습니다.")

    def decide(self, vendor, reason):
        vendor_services.vendor_suspend(vendor=vendor, actor=self.request.user, reason=reason)


class VendorReinstateView(_DecisionView):
    success_message = _("'%(name)s'의 판매를 재개했습니다.")

    def decide(self, vendor, reason):
        vendor_services.vendor_reinstate(vendor=vendor, actor=self.request.user)


class VendorDocumentView(PermissionMixin, View):
    """A vendor's application paper, for staff only (not served from the public media URL)."""

    permission = "mall.manage"

    def get(self, request, pk: int, document_pk: int):
        document = vendor_selectors.vendor_document_detail(vendor_id=pk, pk=document_pk)
        if document is None:
            raise Http404(_("서류를 찾을 수 없습니다."))
        return private_file_response(document.file, filename=document.original_name)


urlpatterns = [
    path("vendor/", VendorPortalView.as_view(), name="vendor-portal"),
    path("vendor/apply/", VendorApplyView.as_view(), name="vendor-apply"),
    path("vendor/products/new/", ProductCreateView.as_view(), name="product-create"),
    path("vendor/products/<int:pk>/", ProductUpdateView.as_view(), name="product-update"),
    path(
        "vendor/products/<int:pk>/publish/",
        ProductPublishView.as_view(),
        name="product-publish",
    ),
    path(
        "vendor/products/<int:pk>/suspend/",
        ProductSuspendView.as_view(),
        name="product-suspend",
    ),
    path(
        "vendor/products/<int:pk>/images/",
        ProductImageCreateView.as_view(),
        name="productimage-create",
    ),
    path(
        "vendor/products/<int:pk>/images/<int:image_pk>/delete/",
        ProductImageDeleteView.as_view(),
        name="productimage-delete",
    ),
    path("vendor/upload/", ProductUploadView.as_view(), name="product-upload"),
    path("vendor/upload/<int:pk>/", ProductUploadJobView.as_view(), name="product-upload-job"),
    path(
        "vendor/upload/<int:pk>/status/",
        ProductUploadJobStatusView.as_view(),
        name="product-upload-job-status",
    ),
    path(
        "vendor/upload/<int:pk>/file/",
        ProductUploadJobFileView.as_view(),
        name="product-upload-job-file",
    ),
    path(
        "vendor/upload/<int:pk>/report.xlsx",
        ProductUploadJobReportView.as_view(),
        name="product-upload-job-report",
    ),
    path(
        "vendor/upload/template.xlsx",
        ProductUploadTemplateView.as_view(),
        name="product-upload-template",
    ),
]

console_urlpatterns = [
    path("vendors/", VendorReviewListView.as_view(), name="vendor-list"),
    path("vendors/<int:pk>/", VendorReviewView.as_view(), name="vendor-review"),
    path("vendors/<int:pk>/approve/", VendorApproveView.as_view(), name="vendor-approve"),
    path("vendors/<int:pk>/reject/", VendorRejectView.as_view(), name="vendor-reject"),
    path("vendors/<int:pk>/suspend/", VendorSuspendView.as_view(), name="vendor-suspend"),
    path(
        "vendors/<int:pk>/reinstate/",
        VendorReinstateView.as_view(),
        name="vendor-reinstate",
    ),
    path(
        "vendors/<int:pk>/documents/<int:document_pk>/",
        VendorDocumentView.as_view(),
        name="vendordocument-download",
    ),
]
