"""Forms of the buyers' pages and the staff console: they parse input; the services decide."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ieum.core.districts import District
from ieum.core.money import parse_won
from ieum.enterprises.choices import EnterpriseKind, InstitutionKind

from ..choices import ProductCertification, PromotionSeries, TargetKind
from ..models import Category, Promotion


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class WonField(forms.CharField):
    """An amount in won typed with or without separators ('1,500,000', '1500000원')."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_won(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class PeriodForm(forms.Form):
    """The period of a purchase record; the year so far by default."""

    start = forms.DateField(label=_("시작일"), required=False, widget=_date_input())
    end = forms.DateField(label=_("종료일"), required=False, widget=_date_input())
    nothing = forms.BooleanField(label=_("무실적 기관만"), required=False)
    kind = forms.ChoiceField(
        label=_("기관 유형"),
        required=False,
        choices=[("", _("전체")), *InstitutionKind.choices],
    )

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"start": dt.date(today.year, 1, 1), "end": today})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or dt.date(data["end"].year, 1, 1)
        if data["end"] < data["start"]:
            self.add_error("end", _("종료일이 시작일보다 앞설 수 없습니다."))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        """The valid period, or the year so far when the input was not valid."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        today = timezone.localdate()
        return dt.date(today.year, 1, 1), today


class MembershipRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("반려 사유"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


class InstitutionForm(forms.Form):
    name = forms.CharField(label=_("기관명"), max_length=200)
    kind = forms.ChoiceField(label=_("기관 유형"), choices=InstitutionKind.choices)
    district = forms.ChoiceField(
        label=_("자치구"), required=False, choices=[("", _("없음")), *District.choices]
    )


class PurchaseTargetForm(forms.Form):
    year = forms.IntegerField(label=_("연도"))
    kind = forms.ChoiceField(
        label=_("목표 방식"), choices=TargetKind.choices, widget=forms.RadioSelect
    )
    target_won = WonField(label=_("목표액(원)"), required=False)
    target_percent = forms.DecimalField(
        label=_("목표 비율(%)"), required=False, max_digits=6, decimal_places=2
    )
    total_purchases_won = WonField(
        label=_("총구매액(원)"), required=False, help_text=_("비율로 정할 때: 올해 총구매액")
    )


class BuyingNeedForm(forms.Form):
    title = forms.CharField(label=_("필요 물품"), max_length=100)
    keywords = forms.CharField(
        label=_("검색어"), max_length=100, required=False, help_text=_("예: 세제, 대나무 칫솔")
    )
    category = forms.ModelChoiceField(
        label=_("카테고리"),
        queryset=Category.objects.select_related("parent").order_by("parent_id", "sort_order"),
        required=False,
        help_text=_("하위 분류의 상품도 함께 찾습니다."),
    )
    certifications = forms.MultipleChoiceField(
        label=_("필수 인증"),
        choices=ProductCertification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vendor_kinds = forms.MultipleChoiceField(
        label=_("기업 유형"),
        choices=EnterpriseKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("고르지 않으면 모든 유형"),
    )
    max_unit_price_won = WonField(label=_("최대 단가(원)"), required=False)
    delivery_district = forms.ChoiceField(
        label=_("배송지 자치구"), required=False, choices=[("", _("상관없음")), *District.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].label_from_instance = lambda c: (
            f"{c.parent.name} › {c.name}" if c.parent_id else c.name
        )


class PromotionForm(forms.Form):
    title = forms.CharField(label=_("기획전명"), max_length=100)
    theme = forms.CharField(label=_("주제"), max_length=100, required=False)
    series = forms.ChoiceField(
        label=_("기획전 구분"), choices=PromotionSeries.choices, initial=PromotionSeries.OTHER
    )
    starts_on = forms.DateField(label=_("시작일"), widget=_date_input())
    ends_on = forms.DateField(label=_("종료일"), widget=_date_input())
    description = forms.CharField(
        label=_("소개"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    banner = forms.FileField(
        label=_("배너 이미지"), required=False, help_text=_("JPEG, PNG, GIF, WebP · 5MB 이하")
    )
    previous = forms.ModelChoiceField(
        label=_("전년도 기획전"),
        queryset=Promotion.objects.order_by("-starts_on"),
        required=False,
        help_text=_("매출을 비교할 작년의 같은 기획전"),
    )
    is_published = forms.BooleanField(label=_("공개"), required=False)

    def __init__(self, *args, promotion: Promotion | None = None, **kwargs):
        if promotion is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": promotion.title,
                "theme": promotion.theme,
                "series": promotion.series,
                "starts_on": promotion.starts_on,
                "ends_on": promotion.ends_on,
                "description": promotion.description,
                "previous": promotion.previous_id,
                "is_published": promotion.is_published,
            }
        super().__init__(*args, **kwargs)
        if promotion is not None:
            self.fields["previous"].queryset = self.fields["previous"].queryset.exclude(
                pk=promotion.pk
            )


class PromotionProductsForm(forms.Form):
    product_ids = forms.CharField(
        label=_("상품 번호"), help_text=_("쉼표나 띄어쓰기로 여러 개 (예: 12, 345)")
    )

    def clean_product_ids(self) -> list[int]:
        parts = self.cleaned_data["product_ids"].replace(",", " ").split()
        if not parts or not all(part.isdigit() for part in parts):
            raise ValidationError(_("상품 번호를 숫자로 적어 주세요."))
        return [int(part) for part in parts]
