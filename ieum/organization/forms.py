from django import forms
from django.utils.translation import gettext_lazy as _

from ieum.core.districts import District

from .models import Center, ContractEvent, Department, Facility, Position


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ServiceModelForm(forms.ModelForm):
    """Labels and widgets from the model; validation is left to the service the view calls."""

    def _post_clean(self):
        pass


class CenterForm(ServiceModelForm):
    class Meta:
        model = Center
        fields = [
            "name",
            "operator",
            "operator_representatives",
            "legal_bases",
            "address",
            "area_m2",
            "main_facilities",
            "mandate_items",
        ]
        widgets = {
            "legal_bases": forms.Textarea(attrs={"rows": 3}),
            "mandate_items": forms.Textarea(attrs={"rows": 12}),
        }


class ContractEventForm(ServiceModelForm):
    class Meta:
        model = ContractEvent
        fields = ["occurred_on", "description", "term_start", "term_end"]
        widgets = {
            "occurred_on": _date_input(),
            "term_start": _date_input(),
            "term_end": _date_input(),
        }


class FacilityForm(ServiceModelForm):
    district = forms.ChoiceField(
        label=_("자치구"), choices=[("", _("위치에서 읽기"))] + District.choices, required=False
    )

    class Meta:
        model = Facility
        fields = [
            "name",
            "short_name",
            "ownership",
            "address",
            "district",
            "area_m2",
            "area_is_gross",
            "opened_on",
            "contents",
            "sort_order",
        ]
        widgets = {"opened_on": _date_input(), "contents": forms.Textarea(attrs={"rows": 5})}


class DepartmentForm(ServiceModelForm):
    class Meta:
        model = Department
        fields = ["name", "parent", "duties", "sort_order"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offering the department itself as its parent only invites an error.
        self.fields["parent"].queryset = Department.objects.exclude(pk=self.instance.pk)


class PositionForm(ServiceModelForm):
    class Meta:
        model = Position
        fields = ["name", "titles"]


class StaffingPlanForm(forms.Form):
    """정원 and 현원 for every grade of one year, in one form."""

    as_of = forms.DateField(label=_("기준일"), widget=_date_input())
    note = forms.CharField(
        label=_("비고"),
        max_length=200,
        required=False,
        help_text=_("예: 정규직 기준(전담 인력 제외)"),
    )

    def __init__(self, *args, positions: list[Position], **kwargs):
        super().__init__(*args, **kwargs)
        self.positions = positions
        for position in positions:
            for key, label in (("quota", _("정원")), ("current", _("현원"))):
                # min=0 helps the browser; the service is what refuses a negative figure.
                self.fields[f"{key}_{position.grade}"] = forms.IntegerField(
                    label=f"{position} {label}",
                    widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
                )

    def lines(self) -> dict[int, tuple[int, int]]:
        data = self.cleaned_data
        return {
            p.grade: (data[f"quota_{p.grade}"], data[f"current_{p.grade}"]) for p in self.positions
        }
