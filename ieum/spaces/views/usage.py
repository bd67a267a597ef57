"""Usage statistics (/console/spaces/usage/): a facility's uses and people in a period, by
purpose, by room kind and crossed, on the page and as XLSX (?format=xlsx)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from ieum.core.tabular import write_xlsx
from ieum.core.views import PermissionMixin, xlsx_response

from ..selectors import facilities as facility_selectors
from ..selectors.usage import Usage, usage


class UsageForm(forms.Form):
    facility = forms.ModelChoiceField(
        label=gettext_lazy("시설"), queryset=facility_selectors.facility_list(), empty_label=None
    )
    start = forms.DateField(
        label=gettext_lazy("시작일"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("종료일"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("종료일은 시작일보다 빠를 수 없습니다."))
        return cleaned


def usage_xlsx(result: Usage) -> bytes:
    """One sheet: the totals by purpose, then by room kind, then purpose × room kind."""
    rows: list[list[object]] = []
    for _value, label, tally in result.purposes:
        rows.append([_("이용 목적"), str(label), "", tally.uses, tally.people])
    for _value, label, tally in result.kinds:
        rows.append([_("공간 유형"), "", str(label), tally.uses, tally.people])
    kind_labels = [str(label) for _value, label, _tally in result.kinds]
    for purpose_label, tallies, _total in result.cross_rows():
        for kind_label, tally in zip(kind_labels, tallies, strict=True):
            if tally.uses:
                rows.append(
                    [_("목적×유형"), str(purpose_label), kind_label, tally.uses, tally.people]
                )
    rows.append([_("합계"), "", "", result.total.uses, result.total.people])
    return write_xlsx(
        [_("구분"), _("이용 목적"), _("공간 유형"), _("이용 횟수(회)"), _("이용 인원(명)")],
        rows,
        title=_("이용 실적"),
        widths=[12, 32, 16, 14, 14],
    )


class UsageView(PermissionMixin, TemplateView):
    """?facility=&start=&end= (default: the first facility, this year to today)."""

    permission = "spaces.view"
    template_name = "spaces/usage/usage.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        params = request.GET.copy()
        params.setdefault("start", dt.date(today.year, 1, 1).isoformat())
        params.setdefault("end", today.isoformat())
        if not params.get("facility"):
            first = facility_selectors.facility_default(with_rooms=True)
            if first is not None:
                params["facility"] = str(first.pk)
        self.form = UsageForm(params)
        self.result = None
        if self.form.is_valid():
            data = self.form.cleaned_data
            self.result = usage(facility=data["facility"], start=data["start"], end=data["end"])
            if params.get("format") == "xlsx":
                name = data["facility"].short_name or data["facility"].name
                return xlsx_response(
                    usage_xlsx(self.result),
                    f"이용실적_{name}_{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.xlsx",
                )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("format", None)
        if self.form.is_valid():
            query.update(
                {
                    "facility": self.form.cleaned_data["facility"].pk,
                    "start": self.form.cleaned_data["start"].isoformat(),
                    "end": self.form.cleaned_data["end"].isoformat(),
                }
            )
        return {
            **super().get_context_data(**kwargs),
            "form": self.form,
            "result": self.result,
            "query": query.urlencode(),
        }


console_urlpatterns = [
    path("usage/", UsageView.as_view(), name="usage"),
]
