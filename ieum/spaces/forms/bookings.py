"""Forms of rooms, closed days, bookings and the availability search. They only parse input;
the services decide what is allowed and say so in Korean."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ieum.organization.models import Facility

from ..choices import BookingPurpose
from ..models import ClosedDay, Room
from ..services.rooms import ROOM_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ROOM_FIELDS
        widgets = {
            "opens_at": TIME_INPUT,
            "closes_at": TIME_INPUT,
            "equipment": forms.Textarea(attrs={"rows": 3}),
        }


class ClosedDayForm(forms.ModelForm):
    class Meta:
        model = ClosedDay
        fields = ["facility", "room", "day", "reason"]
        widgets = {"day": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.select_related("facility")


class AvailabilityForm(forms.Form):
    day = forms.DateField(label=_("날짜"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("시작"), widget=TIME_INPUT)
    end_time = forms.TimeField(label=pgettext_lazy("time", "종료"), widget=TIME_INPUT)
    attendees = forms.IntegerField(label=_("인원"), min_value=1, max_value=1000, initial=4)
    facility = forms.ModelChoiceField(
        label=_("시설"),
        queryset=Facility.objects.order_by("sort_order", "name"),
        required=False,
        empty_label=_("전체 시설"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("종료 시각은 시작 시각보다 뒤여야 합니다."))
        return data


class BookingForm(forms.Form):
    room = forms.ModelChoiceField(
        label=_("공간"), queryset=Room.objects.filter(is_bookable=True).select_related("facility")
    )
    day = forms.DateField(label=_("날짜"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("시작"), widget=TIME_INPUT)
    end_time = forms.TimeField(label=pgettext_lazy("time", "종료"), widget=TIME_INPUT)
    purpose = forms.ChoiceField(label=_("이용 목적"), choices=BookingPurpose.choices)
    title = forms.CharField(label=_("행사·회의명"), max_length=200)
    expected_attendees = forms.IntegerField(label=_("예상 인원"), min_value=1)
    organizer = forms.CharField(
        label=_("이용 단체"), max_length=200, required=False, help_text=_("외부 대관의 단체명")
    )
    repeat = forms.BooleanField(label=_("매주 반복"), required=False)
    interval_weeks = forms.IntegerField(
        label=_("반복 간격(주)"), min_value=1, max_value=52, initial=1, required=False
    )
    until = forms.DateField(label=_("반복 종료일"), required=False, widget=DATE_INPUT)
    skip_conflicts = forms.BooleanField(label=_("겹치는 날짜는 빼고 예약"), required=False)

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rooms is not None:
            self.fields["room"].queryset = rooms.select_related("facility")

    def clean(self):
        data = super().clean()
        if data.get("repeat") and not data.get("until"):
            self.add_error("until", _("반복 종료일을 입력해 주세요."))
        return data

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["day"]
        return (
            timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["start_time"])),
            timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["end_time"])),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("사유"), max_length=500, required=False)


class AttendanceForm(forms.Form):
    actual_attendees = forms.IntegerField(label=_("실제 인원"), min_value=0)
