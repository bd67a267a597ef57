"""Forms of the cart, quotes and orders. Cart quantities are not forms at all: the services
decide what a valid quantity is (a whole number, at least the product's minimum) and say so in
Korean."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ieum.mall.choices import OrderStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CheckoutForm(forms.Form):
    """Ordering the cart directly at catalog prices."""

    delivery_address = forms.CharField(label=_("납품 장소"), max_length=300, required=False)
    note = forms.CharField(
        label=_("요청 사항"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuoteRequestForm(forms.Form):
    message = forms.CharField(
        label=_("요청 사항"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    needed_by = forms.DateField(label=_("납품 희망일"), required=False, widget=DATE_INPUT)
    delivery_address = forms.CharField(label=_("납품 장소"), max_length=300, required=False)


class QuoteLineForm(forms.Form):
    """One line of the vendor's quote; `product` is empty for a line such as delivery."""

    product = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("품명"), max_length=200, required=False)
    unit = forms.CharField(label=_("단위"), max_length=20, required=False)
    quantity = forms.IntegerField(label=_("수량"), min_value=1, required=False)
    unit_price_won = forms.IntegerField(label=_("단가(원)"), min_value=1, required=False)

    def clean(self):
        data = super().clean()
        filled = data.get("name") or data.get("product")
        if filled and (not data.get("quantity") or not data.get("unit_price_won")):
            raise forms.ValidationError(_("수량과 단가를 입력해 주세요."))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("name") or data.get("product"))


QuoteLineFormSet = forms.formset_factory(QuoteLineForm, extra=1)


class QuoteAnswerForm(forms.Form):
    valid_until = forms.DateField(label=_("견적 유효기간"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("비고"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuoteDeclineForm(forms.Form):
    reason = forms.CharField(label=_("견적 불가 사유"), widget=forms.Textarea(attrs={"rows": 2}))


class OrderTransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=OrderStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("사유·메모"), required=False, max_length=1000)


class InvoiceForm(forms.Form):
    number = forms.CharField(label=_("세금계산서 번호"), max_length=40)
    issued_on = forms.DateField(label=_("발행일"), widget=DATE_INPUT)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("대금 지급일"), widget=DATE_INPUT)


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("상태"), required=False, choices=[("", _("전체")), *OrderStatus.choices]
    )
    start = forms.DateField(label=_("주문일 부터"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("주문일 까지"), required=False, widget=DATE_INPUT)
