"""The buying side of the mall: the buyer's cart, quotes and orders (/mall/cart/, /mall/quotes/,
/mall/orders/), the vendor's side of the same (/mall/vendor/quotes/, /mall/vendor/orders/,
/mall/vendor/settlement/) and the staff's read-only list of every order (/console/mall/orders/).

Each page is scoped through `ieum.mall.access`: another party's quote or order is a 404.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from ieum.core.forms import apply_service_errors
from ieum.core.idempotency import FORM_FIELD as IDEMPOTENCY_FIELD
from ieum.core.views import PermissionMixin, hwpx_response, xlsx_response
from ieum.mall import access
from ieum.mall.choices import OrderStatus, QuoteRequestStatus
from ieum.mall.exports import quotes as quote_files
from ieum.mall.forms.orders import (
    CheckoutForm,
    InvoiceForm,
    OrderFilterForm,
    OrderTransitionForm,
    PaymentForm,
    QuoteAnswerForm,
    QuoteDeclineForm,
    QuoteLineFormSet,
    QuoteRequestForm,
)
from ieum.mall.models import Order, Product, Quote, QuoteRequest
from ieum.mall.selectors import catalog as catalog_selectors
from ieum.mall.selectors import orders as selectors
from ieum.mall.services import orders as services

PER_PAGE = 30


def _error_message(error: ValidationError) -> str:
    return " ".join(error.messages)


class BuyerMixin(PermissionMixin):
    """An approved buyer of an institution (`self.institution`)."""

    permission = "mall.buy"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.institution = access.buyer_institution(request.user)
        return super().dispatch(request, *args, **kwargs)


class VendorMixin(PermissionMixin):
    """A member of a vendor enterprise (`self.vendor`); a suspended vendor still sees its
    orders and settlement, the services refuse what it may no longer do."""

    permission = "mall.sell"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.vendor = access.member_vendor(request.user, selling=False)
        return super().dispatch(request, *args, **kwargs)


def _order_page(request, *, template: str, side: str):
    form = OrderFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    orders = selectors.order_list(
        user=request.user,
        status=filters.get("status", ""),
        start=filters.get("start"),
        end=filters.get("end"),
    )
    page_obj = Paginator(orders, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, template, {"filter_form": form, "page_obj": page_obj, "side": side})


def _order_or_404(request, number: str) -> Order:
    try:
        return selectors.order_detail(user=request.user, number=number)
    except Order.DoesNotExist:
        raise Http404(_("주문을 찾을 수 없습니다.")) from None


def _request_or_404(request, pk: int) -> QuoteRequest:
    try:
        return selectors.quote_request_detail(user=request.user, pk=pk)
    except QuoteRequest.DoesNotExist:
        raise Http404(_("견적 요청을 찾을 수 없습니다.")) from None


# ---------------------------------------------------------------------------------------------
# Cart


class CartView(BuyerMixin, View):
    def get(self, request):
        return render(
            request,
            "mall/orders/cart.html",
            {
                "cart": selectors.cart_detail(user=request.user),
                "checkout_form": CheckoutForm(prefix="order"),
                "quote_form": QuoteRequestForm(prefix="quote"),
            },
        )


def _product(pk: int, *, published: bool = False) -> Product:
    product = catalog_selectors.product_get(pk, published=published)
    if product is None:
        raise Http404(_("상품을 찾을 수 없습니다."))
    return product


class CartAddView(BuyerMixin, View):
    """Add from a product page (field `quantity`); back to that page on an error."""

    def post(self, request, product_id: int):
        product = _product(product_id, published=True)
        try:
            services.cart_add(
                user=request.user, product=product, quantity=request.POST.get("quantity", "")
            )
        except ValidationError as error:
            messages.error(request, _error_message(error))
            return redirect("mall:product-detail", pk=product.pk)
        messages.success(
            request, _("'%(name)s'을(를) 장바구니에 담았습니다.") % {"name": product.name}
        )
        return redirect("mall:cart-detail")


class CartUpdateView(BuyerMixin, View):
    def post(self, request, product_id: int):
        product = _product(product_id)
        quantity = request.POST.get("quantity", "")
        try:
            services.cart_update(user=request.user, product=product, quantity=quantity)
        except ValidationError as error:
            messages.error(request, _error_message(error))
        else:
            messages.success(request, _("수량을 바꿨습니다."))
        return redirect("mall:cart-detail")


class CartRemoveView(BuyerMixin, View):
    def post(self, request, product_id: int):
        product = _product(product_id)
        services.cart_remove(user=request.user, product=product)
        messages.success(request, _("'%(name)s'을(를) 뺐습니다.") % {"name": product.name})
        return redirect("mall:cart-detail")


class CartOrderView(BuyerMixin, View):
    """Order the cart at catalog prices: one order per vendor."""

    def post(self, request):
        form = CheckoutForm(request.POST, prefix="order")
        if form.is_valid():
            try:
                placed = services.cart_order(
                    user=request.user,
                    idempotency_key=request.POST.get(IDEMPOTENCY_FIELD, ""),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                messages.error(request, _error_message(error))
            else:
                numbers = ", ".join(order.number for order in placed)
                messages.success(request, _("주문했습니다: %(numbers)s") % {"numbers": numbers})
                if len(placed) == 1:
                    return redirect("mall:order-detail", number=placed[0].number)
                return redirect("mall:order-list")
        return redirect("mall:cart-detail")


class CartQuoteView(BuyerMixin, View):
    """Ask each vendor in the cart for a quote."""

    def post(self, request):
        form = QuoteRequestForm(request.POST, prefix="quote")
        if not form.is_valid():
            messages.error(request, _("납품 희망일을 확인해 주세요."))
            return redirect("mall:cart-detail")
        try:
            requests = services.cart_request_quotes(
                user=request.user,
                idempotency_key=request.POST.get(IDEMPOTENCY_FIELD, ""),
                **form.cleaned_data,
            )
        except ValidationError as error:
            messages.error(request, _error_message(error))
            return redirect("mall:cart-detail")
        messages.success(
            request,
            _("입점기업 %(count)s곳에 견적을 요청했습니다.") % {"count": len(requests)},
        )
        if len(requests) == 1:
            return redirect("mall:quoterequest-detail", pk=requests[0].pk)
        return redirect("mall:quoterequest-list")


# ---------------------------------------------------------------------------------------------
# Quotes, buyer's side


class _QuoteRequestList(View):
    template_name = "mall/orders/quote_list.html"
    side = "buyer"

    def get(self, request):
        status = request.GET.get("status", "")
        if status not in QuoteRequestStatus.values:
            status = ""
        requests = selectors.quote_request_list(user=request.user, status=status)
        return render(
            request,
            self.template_name,
            {
                "page_obj": Paginator(requests, PER_PAGE).get_page(request.GET.get("page")),
                "status": status,
                "statuses": QuoteRequestStatus.choices,
                "side": self.side,
            },
        )


class QuoteRequestListView(BuyerMixin, _QuoteRequestList):
    side = "buyer"


class QuoteRequestDetailView(BuyerMixin, View):
    def get(self, request, pk: int):
        quote_request = _request_or_404(request, pk)
        quote = quote_request.found_quote
        return render(
            request,
            "mall/orders/quote_detail.html",
            {
                "quote_request": quote_request,
                "quote": quote,
                "side": "buyer",
                "can_order": quote is not None
                and quote_request.status == QuoteRequestStatus.QUOTED
                and quote.valid_until >= timezone.localdate(),
                "can_cancel": quote_request.status
                in (QuoteRequestStatus.REQUESTED, QuoteRequestStatus.QUOTED),
            },
        )


class QuoteOrderView(BuyerMixin, View):
    def post(self, request, pk: int):
        quote_request = _request_or_404(request, pk)
        if quote_request.found_quote is None:
            raise Http404(_("견적서가 아직 없습니다."))
        try:
            order = services.order_from_quote(
                user=request.user,
                quote=quote_request.found_quote,
                idempotency_key=request.POST.get(IDEMPOTENCY_FIELD, ""),
            )
        except ValidationError as error:
            messages.error(request, _error_message(error))
            return redirect("mall:quoterequest-detail", pk=pk)
        messages.success(request, _("견적대로 주문했습니다: %(number)s") % {"number": order.number})
        return redirect("mall:order-detail", number=order.number)


class QuoteRequestCancelView(BuyerMixin, View):
    def post(self, request, pk: int):
        quote_request = _request_or_404(request, pk)
        try:
            services.quote_request_cancel(request=quote_request, user=request.user)
        except ValidationError as error:
            messages.error(request, _error_message(error))
        else:
            messages.success(request, _("견적 요청을 취소했습니다."))
        return redirect("mall:quoterequest-detail", pk=pk)


class QuoteDownloadView(LoginRequiredMixin, View):
    """The 견적서 as XLSX or HWPX, for the buyer and for the vendor who wrote it (scoped by
    `access.visible_quote_requests`, so no role permission of its own)."""

    def get(self, request, pk: int, fmt: str):
        try:
            quote = selectors.quote_for_document(user=request.user, pk=pk)
        except Quote.DoesNotExist:
            raise Http404(_("견적서를 찾을 수 없습니다.")) from None
        filename = f"견적서-{quote.request.institution.name}-{pk}"
        if fmt == "xlsx":
            return xlsx_response(quote_files.quote_xlsx(quote), f"{filename}.xlsx")
        return hwpx_response(quote_files.quote_hwpx(quote), f"{filename}.hwpx")


# ---------------------------------------------------------------------------------------------
# Quotes, vendor's side


class VendorQuoteListView(VendorMixin, _QuoteRequestList):
    side = "vendor"


class VendorQuoteDetailView(VendorMixin, View):
    """Answer a request with an itemised quote (prefilled with catalog prices) or decline it."""

    template_name = "mall/orders/vendor_quote_detail.html"

    def _initial_lines(self, quote_request: QuoteRequest) -> list[dict]:
        return [
            {
                "product": item.product_id,
                "name": item.product.name,
                "unit": item.product.unit,
                "quantity": item.quantity,
                "unit_price_won": item.product.price_won,
            }
            for item in quote_request.items.all()
        ]

    def _render(self, quote_request, *, formset=None, answer_form=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "quote_request": quote_request,
                "quote": quote_request.found_quote,
                "side": "vendor",
                "can_answer": quote_request.status == QuoteRequestStatus.REQUESTED,
                "formset": formset
                or QuoteLineFormSet(prefix="lines", initial=self._initial_lines(quote_request)),
                "answer_form": answer_form
                or QuoteAnswerForm(
                    prefix="answer",
                    initial={"valid_until": timezone.localdate() + dt.timedelta(days=30)},
                ),
                "decline_form": QuoteDeclineForm(prefix="decline"),
            },
            status=status,
        )

    def get(self, request, pk: int):
        return self._render(_request_or_404(request, pk))

    def post(self, request, pk: int):
        quote_request = _request_or_404(request, pk)
        formset = QuoteLineFormSet(request.POST, prefix="lines")
        answer_form = QuoteAnswerForm(request.POST, prefix="answer")
        if formset.is_valid() and answer_form.is_valid():
            try:
                services.quote_submit(
                    request=quote_request,
                    user=request.user,
                    lines=self._lines(formset),
                    **answer_form.cleaned_data,
                )
            except ValidationError as error:
                apply_service_errors(answer_form, error)
            else:
                messages.success(request, _("견적서를 보냈습니다."))
                return redirect("mall:vendor-quoterequest-detail", pk=pk)
        return self._render(quote_request, formset=formset, answer_form=answer_form, status=400)

    def _lines(self, formset) -> list[dict]:
        # The service refuses another vendor's product; an unknown id is a line without one.
        wanted = [form.cleaned_data.get("product") for form in formset.forms if not form.is_blank]
        products = catalog_selectors.product_map(wanted)
        lines = []
        for form in formset.forms:
            if form.is_blank:
                continue
            data = form.cleaned_data
            lines.append(
                {
                    "product": products.get(data.get("product")),
                    "name": data.get("name", ""),
                    "unit": data.get("unit", ""),
                    "quantity": data["quantity"],
                    "unit_price_won": data["unit_price_won"],
                }
            )
        return lines


class VendorQuoteDeclineView(VendorMixin, View):
    def post(self, request, pk: int):
        quote_request = _request_or_404(request, pk)
        reason = request.POST.get("decline-reason", "")
        try:
            services.quote_decline(request=quote_request, user=request.user, reason=reason)
        except ValidationError as error:
            messages.error(request, _error_message(error))
        else:
            messages.success(request, _("견적 불가로 답했습니다."))
        return redirect("mall:vendor-quoterequest-detail", pk=pk)


# ---------------------------------------------------------------------------------------------
# Orders


class OrderListView(BuyerMixin, View):
    def get(self, request):
        return _order_page(request, template="mall/orders/order_list.html", side="buyer")


class VendorOrderListView(VendorMixin, View):
    def get(self, request):
        return _order_page(request, template="mall/orders/order_list.html", side="vendor")


class ConsoleOrderListView(PermissionMixin, View):
    permission = "mall.view"

    def get(self, request):
        return _order_page(request, template="mall/orders/order_list.html", side="console")


class _OrderDetail(View):
    side = "buyer"

    def get(self, request, number: str):
        order = _order_or_404(request, number)
        return render(request, "mall/orders/order_detail.html", self.context(order))

    def context(self, order: Order) -> dict:
        user = self.request.user
        steps = services.allowed_transitions(order=order, user=user)
        return {
            "order": order,
            "side": self.side,
            "steps": [
                {
                    "status": step,
                    "label": OrderStatus(step).label,
                    "action": services.TRANSITIONS[(order.status, step)].action,
                    "needs_reason": services.TRANSITIONS[(order.status, step)].needs_reason,
                }
                for step in steps
                if step != OrderStatus.COMPLETED
            ],
            "can_pay": OrderStatus.COMPLETED in steps,
            "can_invoice": self.side == "vendor" and order.status in services.INVOICE_STATES,
            "payment_form": PaymentForm(initial={"paid_on": timezone.localdate()}),
            "invoice_form": InvoiceForm(
                initial={
                    "number": order.tax_invoice_number,
                    "issued_on": order.tax_invoice_date or timezone.localdate(),
                }
            ),
        }


class OrderDetailView(BuyerMixin, _OrderDetail):
    side = "buyer"


class VendorOrderDetailView(VendorMixin, _OrderDetail):
    side = "vendor"


class ConsoleOrderDetailView(PermissionMixin, _OrderDetail):
    permission = "mall.view"
    side = "console"


class _OrderAction(View):
    """A POST on an order's page that calls one service, then goes back to the page."""

    detail_url = "mall:order-detail"

    def post(self, request, number: str):
        order = _order_or_404(request, number)
        try:
            message = self.perform(order)
        except ValidationError as error:
            messages.error(request, _error_message(error))
        else:
            messages.success(request, message)
        return redirect(self.detail_url, number=number)

    def perform(self, order: Order) -> str:
        raise NotImplementedError


class _OrderTransition(_OrderAction):
    def perform(self, order: Order) -> str:
        form = OrderTransitionForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("알 수 없는 주문 상태입니다."))
        services.order_transition(
            order=order,
            user=self.request.user,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
        )
        return _("주문이 '%(status)s' 상태가 되었습니다.") % {
            "status": OrderStatus(form.cleaned_data["to_status"]).label
        }


class OrderTransitionView(BuyerMixin, _OrderTransition):
    pass


class VendorOrderTransitionView(VendorMixin, _OrderTransition):
    detail_url = "mall:vendor-order-detail"


class OrderPaymentView(BuyerMixin, _OrderAction):
    def perform(self, order: Order) -> str:
        form = PaymentForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("대금 지급일을 입력해 주세요."))
        services.order_record_payment(
            order=order, user=self.request.user, paid_on=form.cleaned_data["paid_on"]
        )
        return _("대금 지급을 기록했습니다.")


class VendorOrderInvoiceView(VendorMixin, _OrderAction):
    detail_url = "mall:vendor-order-detail"

    def perform(self, order: Order) -> str:
        form = InvoiceForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("세금계산서 번호와 발행일을 입력해 주세요."))
        services.order_record_invoice(order=order, user=self.request.user, **form.cleaned_data)
        return _("세금계산서를 등록했습니다.")


class VendorSettlementView(VendorMixin, View):
    def get(self, request):
        today = timezone.localdate()
        try:
            year = int(request.GET.get("year", today.year))
        except ValueError:
            year = today.year
        return render(
            request,
            "mall/orders/settlement.html",
            {
                "settlement": selectors.vendor_settlement(vendor=self.vendor, year=year),
                "years": range(today.year, today.year - 5, -1),
            },
        )


urlpatterns = [
    path("cart/", CartView.as_view(), name="cart-detail"),
    path("cart/add/<int:product_id>/", CartAddView.as_view(), name="cart-add"),
    path("cart/<int:product_id>/update/", CartUpdateView.as_view(), name="cart-update"),
    path("cart/<int:product_id>/remove/", CartRemoveView.as_view(), name="cart-remove"),
    path("cart/order/", CartOrderView.as_view(), name="cart-order"),
    path("cart/quote/", CartQuoteView.as_view(), name="cart-quote"),
    path("quotes/", QuoteRequestListView.as_view(), name="quoterequest-list"),
    path("quotes/<int:pk>/", QuoteRequestDetailView.as_view(), name="quoterequest-detail"),
    path("quotes/<int:pk>/order/", QuoteOrderView.as_view(), name="quote-order"),
    path(
        "quotes/<int:pk>/cancel/",
        QuoteRequestCancelView.as_view(),
        name="quoterequest-cancel",
    ),
    path(
        "quotes/<int:pk>/quote.xlsx",
        QuoteDownloadView.as_view(),
        {"fmt": "xlsx"},
        name="quote-xlsx",
    ),
    path(
        "quotes/<int:pk>/quote.hwpx",
        QuoteDownloadView.as_view(),
        {"fmt": "hwpx"},
        name="quote-hwpx",
    ),
    path("orders/", OrderListView.as_view(), name="order-list"),
    path("orders/<str:number>/", OrderDetailView.as_view(), name="order-detail"),
    path(
        "orders/<str:number>/transition/",
        OrderTransitionView.as_view(),
        name="order-transition",
    ),
    path("orders/<str:number>/payment/", OrderPaymentView.as_view(), name="order-payment"),
    path("vendor/quotes/", VendorQuoteListView.as_view(), name="vendor-quoterequest-list"),
    path(
        "vendor/quotes/<int:pk>/",
        VendorQuoteDetailView.as_view(),
        name="vendor-quoterequest-detail",
    ),
    path(
        "vendor/quotes/<int:pk>/decline/",
        VendorQuoteDeclineView.as_view(),
        name="vendor-quoterequest-decline",
    ),
    path("vendor/orders/", VendorOrderListView.as_view(), name="vendor-order-list"),
    path(
        "vendor/orders/<str:number>/",
        VendorOrderDetailView.as_view(),
        name="vendor-order-detail",
    ),
    path(
        "vendor/orders/<str:number>/transition/",
        VendorOrderTransitionView.as_view(),
        name="vendor-order-transition",
    ),
    path(
        "vendor/orders/<str:number>/invoice/",
        VendorOrderInvoiceView.as_view(),
        name="vendor-order-invoice",
    ),
    path("vendor/settlement/", VendorSettlementView.as_view(), name="settlement-detail"),
]

console_urlpatterns = [
    path("orders/", ConsoleOrderListView.as_view(), name="console-order-list"),
    path(
        "orders/<str:number>/",
        ConsoleOrderDetailView.as_view(),
        name="console-order-detail",
    ),
]
