"""Forms of the catalog's pages: vendor application, product editing and images, bulk upload,
staff decisions. They only parse input; every rule is checked by the services."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from ieum.core.districts import DISTRICT_NAMES
from ieum.core.imports import validate_upload_size

from ..choices import ProductCertification, StockStatus, TaxType
from ..models import Category
from ..selectors.catalog import category_tree


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class VendorApplyForm(forms.Form):
    introduction = forms.CharField(
        label=_("기업 소개"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("주요 상품과 서비스, 공공기관 납품 경험을 적어 주세요."),
    )
    documents = MultipleFileField(
        label=_("인증서·사업자등록증"),
        required=False,
        help_text=_("PDF, JPG, PNG, HWP 파일, 한 파일에 10MB까지 여러 개를 올릴 수 있습니다."),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.hwp,.hwpx"}),
    )


def _category_choices() -> list[tuple[str, str]]:
    choices = []

    def walk(nodes, prefix):
        for node in nodes:
            label = f"{prefix} › {node.name}" if prefix else node.name
            choices.append((str(node.id), label))
            walk(node.children, label)

    walk(category_tree(), "")
    return [("", _("카테고리 선택")), *choices]


class ProductForm(forms.Form):
    """The product form; prices and quantities are checked by the service (Korean messages)."""

    name = forms.CharField(label=_("상품명"), max_length=200)
    category = forms.ChoiceField(label=_("카테고리"))
    price_won = forms.IntegerField(
        label=_("판매가(원)"), help_text=_("공공기관이 내는 금액 그대로 (과세 상품은 부가세 포함)")
    )
    tax_type = forms.ChoiceField(label=_("과세 구분"), choices=TaxType.choices)
    unit = forms.CharField(label=_("단위"), max_length=20, initial="개")
    min_order_quantity = forms.IntegerField(label=_("최소주문수량"), initial=1)
    lead_time_days = forms.IntegerField(label=_("납기(일)"), initial=3)
    stock_status = forms.ChoiceField(label=_("재고 상태"), choices=StockStatus.choices)
    description = forms.CharField(
        label=_("상품설명"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    classification_number = forms.CharField(
        label=_("물품분류번호"),
        max_length=20,
        required=False,
        help_text=_("조달청 10자리 물품분류번호 (예: 4713150101)"),
    )
    certifications = forms.MultipleChoiceField(
        label=_("상품 인증"),
        choices=ProductCertification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    delivery_districts = forms.MultipleChoiceField(
        label=_("배송 가능 지역"),
        choices=[(name, name) for name in DISTRICT_NAMES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("고르지 않으면 서울 전역에 배송합니다."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices()

    @classmethod
    def initial_for(cls, product) -> dict:
        return {
            **{name: getattr(product, name) for name in cls.base_fields if hasattr(product, name)},
            "category": str(product.category_id),
            "certifications": [c.kind for c in product.certificates.all()],
            "delivery_districts": product.delivery_district_codes,
        }

    def clean_category(self):
        category = Category.objects.filter(pk=self.cleaned_data["category"]).first()
        if category is None:
            raise forms.ValidationError(_("카테고리를 골라 주세요."))
        return category


class ProductImageForm(forms.Form):
    # A plain file field: the service decides what is an image (and says so in Korean).
    image = forms.FileField(
        label=_("상품 이미지"),
        help_text=_("JPEG, PNG, GIF, WEBP, 5MB 이하. 긴 쪽 1200px로 줄여 저장합니다."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    alt = forms.CharField(label=_("이미지 설명"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("사유"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProductUploadForm(forms.Form):
    file = forms.FileField(
        label=_("파일"),
        help_text=_("XLSX 또는 CSV(UTF-8 또는 CP949). 첫 행을 열 이름으로 읽습니다."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    partial = forms.BooleanField(
        label=_("오류 행만 빼고 올리기"),
        required=False,
        help_text=_("끄면 잘못된 행이 하나라도 있을 때 아무것도 저장하지 않습니다."),
    )
    draft = forms.BooleanField(
        label=_("임시 저장으로 올리기"),
        required=False,
        help_text=_("새 상품을 바로 판매하지 않고 임시 저장해 둡니다."),
    )
    dry_run = forms.BooleanField(
        label=_("시험 실행"), required=False, help_text=_("검사만 하고 저장하지 않습니다.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("XLSX 또는 CSV 파일만 올릴 수 있습니다."))
        validate_upload_size(upload)
        return upload
