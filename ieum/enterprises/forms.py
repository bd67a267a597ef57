from django import forms
from django.utils.translation import gettext_lazy as _

from ieum.core.districts import District

from .choices import EnterpriseKind
from .models import Enterprise
from .services import ENTERPRISE_FIELDS


class EnterpriseForm(forms.ModelForm):
    """Profile fields; brn/crn accepted with or without hyphens (the service normalises them)."""

    brn = forms.CharField(label=_("사업자등록번호"), max_length=12, help_text=_("예: 123-45-67890"))
    crn = forms.CharField(
        label=_("법인등록번호"), max_length=14, required=False, help_text=_("예: 110111-1234567")
    )
    homepage = forms.URLField(label=_("홈페이지"), required=False, assume_scheme="https")
    district = forms.ChoiceField(
        label=_("자치구"), choices=[("", _("소재지에서 읽기"))] + District.choices, required=False
    )

    class Meta:
        model = Enterprise
        # What staff edit on the profile page: every service field but the demo marker.
        fields = [f for f in ENTERPRISE_FIELDS if f != "is_sample"]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}),
            "business_description": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self):
        # Validation belongs to the service (normalised brn/crn, district); skip ModelForm's.
        pass


class CertificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("유형"), choices=EnterpriseKind.choices)
    number = forms.CharField(label=_("인증·지정번호"), max_length=50, required=False)
    certified_on = forms.DateField(
        label=_("인증·지정일"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    round = forms.CharField(label=_("회차"), max_length=30, required=False)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("이름"), max_length=50)
    role = forms.CharField(label=_("직함"), max_length=50, required=False)
    phone = forms.CharField(label=_("전화"), max_length=30, required=False)
    email = forms.EmailField(label=_("이메일"), required=False)
