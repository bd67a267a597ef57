from django import forms
from django.utils.translation import gettext_lazy as _

from .renderers import FORMATS


class ReportForm(forms.Form):
    """Which report: its year and the date its figures are taken at."""

    year = forms.IntegerField(label=_("연도"), min_value=2000, max_value=2100)
    as_of = forms.DateField(
        label=_("기준일"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class DownloadForm(ReportForm):
    format = forms.ChoiceField(label=_("형식"), choices=[(name, name) for name in FORMATS])
