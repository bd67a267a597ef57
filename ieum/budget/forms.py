from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from ieum.core.imports import validate_upload_size

from .choices import ExpenditureKind
from .models import BudgetLine


class LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BudgetLine) -> str:
        return f"{obj.code} {obj.name}"


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class ExpenditureForm(forms.Form):
    line = LineChoiceField(label=_("예산 항목"), queryset=BudgetLine.objects.none())
    spent_on = forms.DateField(label=_("집행일자"), widget=_date_input())
    amount_won = forms.IntegerField(
        label=_("금액(원)"), help_text=_("반납·환입은 음수로 적습니다 (예: -150000).")
    )
    kind = forms.ChoiceField(label=_("유형"), choices=ExpenditureKind.choices)
    counterparty = forms.CharField(label=_("거래처"), max_length=200, required=False)
    description = forms.CharField(label=_("적요"), max_length=300, required=False)
    evidence = forms.FileField(label=_("증빙 파일"), required=False)
    override_reason = forms.CharField(
        label=_("예산 초과 승인 사유"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("남은 예산을 넘는 집행일 때만 적습니다. 승인자로 기록됩니다."),
    )

    def __init__(self, *args, lines, can_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = BudgetLine.objects.filter(pk__in=[line.pk for line in lines])
        if not can_override:
            del self.fields["override_reason"]


class TransferForm(forms.Form):
    from_line = LineChoiceField(label=_("보내는 항목"), queryset=BudgetLine.objects.none())
    to_line = LineChoiceField(label=_("받는 항목"), queryset=BudgetLine.objects.none())
    amount_won = forms.IntegerField(label=_("금액(원)"), min_value=1)
    transferred_on = forms.DateField(label=_("전용일자"), widget=_date_input())
    reason = forms.CharField(label=_("사유"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = BudgetLine.objects.filter(pk__in=[line.pk for line in lines])
        self.fields["from_line"].queryset = queryset
        self.fields["to_line"].queryset = queryset


class ImportForm(forms.Form):
    year = forms.IntegerField(label=_("회계연도"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("파일"),
        help_text=_(
            "XLSX 또는 CSV(UTF-8 또는 CP949). 첫 번째 시트의 첫 행을 열 이름으로 읽습니다."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("XLSX 또는 CSV 파일만 올릴 수 있습니다."))
        validate_upload_size(upload)
        return upload
