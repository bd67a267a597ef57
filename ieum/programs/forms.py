from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import BusinessLine, Kpi, Milestone, Narrative, ProgramChange


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ServiceModelForm(forms.ModelForm):
    """Labels and widgets from the model; validation is left to the service the view calls."""

    def _post_clean(self):
        pass


class BusinessLineForm(ServiceModelForm):
    class Meta:
        model = BusinessLine
        fields = [
            "year",
            "code",
            "number",
            "title",
            "parent",
            "department",
            "budget_code",
            "purpose",
            "content",
            "method",
            "sort_order",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 3}),
            "method": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = BusinessLine.objects.filter(parent=None).exclude(
            pk=self.instance.pk
        )


class KpiForm(ServiceModelForm):
    provider = forms.ChoiceField(label=_("계산 제공자"), required=False)

    class Meta:
        model = Kpi
        fields = ["key", "name", "unit", "target", "provider", "counted_until", "sort_order"]
        widgets = {"counted_until": _date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("직접 입력"))] + [
            (p.key, f"{p.name} ({p.key})") for p in registry.all_providers()
        ]


class KpiValueForm(forms.Form):
    """A manual figure; `kpis` offers a choice of KPI (on the line page), else it is fixed."""

    kpi = forms.ModelChoiceField(label=_("성과지표"), queryset=Kpi.objects.none())
    as_of = forms.DateField(label=_("기준일"), widget=_date_input())
    value = forms.DecimalField(label=_("값"), max_digits=18, decimal_places=2)
    source = forms.CharField(
        label=_("출처"), max_length=200, help_text=_("예: 인스타그램 관리자 화면")
    )
    note = forms.CharField(
        label=_("비고"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, kpis=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kpis is None:
            del self.fields["kpi"]
        else:
            self.fields["kpi"].queryset = kpis


class MilestoneForm(ServiceModelForm):
    class Meta:
        model = Milestone
        fields = [
            "text",
            "start_year",
            "start_month",
            "end_year",
            "end_month",
            "period_note",
            "status",
            "sort_order",
        ]


class NarrativeForm(ServiceModelForm):
    class Meta:
        model = Narrative
        fields = ["as_of", "period_label", "text"]
        widgets = {"as_of": _date_input(), "text": forms.Textarea(attrs={"rows": 8})}


class ProgramChangeForm(ServiceModelForm):
    class Meta:
        model = ProgramChange
        fields = ["year", "name", "line", "tag", "text", "previous_text", "sort_order"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "previous_text": forms.Textarea(attrs={"rows": 3}),
        }
