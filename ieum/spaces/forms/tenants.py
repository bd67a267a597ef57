"""Forms of the tenant, kitchen and fee pages. They only parse input; every rule (periods,
fees, overlaps, scores, files) is checked by the services, in Korean."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ieum.enterprises.models import Enterprise
from ieum.organization.models import Facility

from ..choices import RoomKind
from ..models import Room

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DATE, **kwargs)


def _won(label, **kwargs):
    return forms.IntegerField(label=label, initial=0, **kwargs)


class CallForm(forms.Form):
    facility = forms.ModelChoiceField(label=_("시설"), queryset=Facility.objects.all())
    title = forms.CharField(label=_("공고명"), max_length=200)
    description = forms.CharField(
        label=_("공고 내용"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    opens_on = _date(_("접수 시작"))
    closes_on = _date(_("접수 마감"))
    units = forms.IntegerField(label=_("모집 공간 수"), min_value=0)
    criteria = forms.CharField(
        label=_("심사 기준"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("한 줄에 하나씩 '기준 이름: 배점' (예: 사업계획: 40)"),
    )

    def clean_criteria(self) -> list[dict]:
        criteria = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            name, _sep, points = line.rpartition(":")
            if not _sep:
                name, points = line, ""
            criteria.append({"name": name.strip(), "max": points.strip()})
        return criteria

    @staticmethod
    def initial_for(call) -> dict:
        return {
            "facility": call.facility_id,
            "title": call.title,
            "description": call.description,
            "opens_on": call.opens_on,
            "closes_on": call.closes_on,
            "units": call.units,
            "criteria": "\n".join(f"{c['name']}: {c['max']}" for c in call.criteria),
        }


class ApplyForm(forms.Form):
    plan = forms.CharField(label=_("입주 목적·사업계획"), widget=forms.Textarea(attrs={"rows": 8}))
    document = forms.FileField(
        label=_("첨부 서류"),
        required=False,
        help_text=_("PDF, JPG, PNG, HWP 파일 하나, 10MB까지"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.hwp,.hwpx"}),
    )


class ScoreForm(forms.Form):
    """One field per criterion of the call: score_0, score_1 … (the service's error keys)."""

    def __init__(self, *args, call, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        for index, criterion in enumerate(call.criteria):
            initial = application.scores.get(criterion["name"]) if application else None
            self.fields[f"score_{index}"] = forms.CharField(
                label=f"{criterion['name']} ({criterion['max']}점)",
                initial=initial,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def scores(self) -> dict:
        return {
            criterion["name"]: self.cleaned_data.get(f"score_{index}")
            for index, criterion in enumerate(self.call.criteria)
        }


class TenancyForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("입주기업"), queryset=Enterprise.objects.all())
    facility = forms.ModelChoiceField(label=_("시설"), queryset=Facility.objects.all())
    unit = forms.ModelChoiceField(
        label=_("입주 공간"),
        queryset=Room.objects.filter(kind=RoomKind.TENANT_UNIT).select_related("facility"),
        required=False,
    )
    starts_on = _date(_("계약 시작"))
    ends_on = _date(_("계약 종료"))
    monthly_fee_won = _won(_("월 임대료(원)"))
    deposit_won = _won(_("보증금(원)"))
    maintenance_fee_won = _won(_("월 관리비(원)"))


class RenewForm(forms.Form):
    starts_on = _date(
        _("갱신 계약 시작"), required=False, help_text=_("비우면 이전 계약 종료 다음 날")
    )
    ends_on = _date(_("갱신 계약 종료"))
    monthly_fee_won = _won(_("월 임대료(원)"))
    deposit_won = _won(_("보증금(원)"))
    maintenance_fee_won = _won(_("월 관리비(원)"))


class ExitForm(forms.Form):
    exited_on = _date(_("퇴거일"))
    reason = forms.CharField(label=_("퇴거 사유"), widget=forms.Textarea(attrs={"rows": 3}))


class AgreementForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("기업"), queryset=Enterprise.objects.all())
    kitchen = forms.ModelChoiceField(
        label=_("공유주방"),
        queryset=Room.objects.filter(kind=RoomKind.KITCHEN).select_related("facility"),
    )
    starts_on = _date(_("협약 시작"))
    ends_on = _date(_("협약 종료"))
    hygiene_certificate = forms.FileField(
        label=_("위생 교육·보건증"),
        required=False,
        help_text=_("PDF, JPG, PNG 파일, 10MB까지"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    hygiene_expires_on = _date(_("위생 증명 만료일"))
    note = forms.CharField(
        label=_("비고"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HygieneForm(forms.Form):
    hygiene_expires_on = _date(_("새 위생 증명 만료일"))
    hygiene_certificate = forms.FileField(
        label=_("위생 교육·보건증"),
        required=False,
        help_text=_("PDF, JPG, PNG 파일, 10MB까지"),
    )


class PayForm(forms.Form):
    paid_on = _date(_("납부일"))


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("취소 사유"), max_length=500)


class MonthForm(forms.Form):
    """A facility and a month (YYYY-MM), for monthly invoices and the settlement."""

    facility = forms.ModelChoiceField(label=_("시설"), queryset=Facility.objects.all())
    month = forms.DateField(
        label=_("귀속월"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)
