"""Rooms for bookers: the rooms list with the availability search (/spaces/), a room's day,
week and month calendar, a facility's rooms × days calendar; and for staff the rooms and closed
days admin under /console/spaces/rooms/ and /console/spaces/closed-days/."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ieum.core.dates import parse_date
from ieum.core.forms import apply_service_errors
from ieum.core.permissions import require_permission
from ieum.core.views import PermissionMixin, ServiceFormView

from ..access import bookable_rooms, is_manager, mark_details
from ..choices import BookingStatus
from ..forms.bookings import AvailabilityForm, ClosedDayForm, RoomForm
from ..selectors import bookings as booking_selectors
from ..selectors import facilities as facility_selectors
from ..selectors.rooms import closed_day_get, closed_days, room_detail, room_list
from ..services import rooms as room_services

VIEWS = ("day", "week", "month")


def _shown_range(request, *, views=VIEWS) -> tuple[str, dt.date, dt.date, int, dt.date, dt.date]:
    """(view, anchor day, first day, number of days, previous anchor, next anchor)."""
    view = request.GET.get("view", "week")
    if view not in views:
        view = "week"
    try:
        anchor = parse_date(request.GET["date"])
    except (KeyError, ValueError):
        anchor = timezone.localdate()
    if view == "day":
        return view, anchor, anchor, 1, anchor - dt.timedelta(days=1), anchor + dt.timedelta(1)
    if view == "week":
        start = anchor - dt.timedelta(days=anchor.weekday())
        step = dt.timedelta(weeks=1)
        return view, anchor, start, 7, anchor - step, anchor + step
    first = anchor.replace(day=1)
    start = first - dt.timedelta(days=first.weekday())
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    end = next_month + dt.timedelta(days=(7 - next_month.weekday()) % 7)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    return view, anchor, start, (end - start).days, previous, next_month


class RoomListView(PermissionMixin, TemplateView):
    """Rooms the user may book, and the availability search: rooms free for a date, a time and
    a head count, each with a prefilled booking link."""

    permission = "spaces.book"
    template_name = "spaces/rooms/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = AvailabilityForm(self.request.GET or None)
        free = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            free = booking_selectors.availability(
                day=data["day"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                attendees=data["attendees"],
                facility=data["facility"],
                user=user,
            )
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "free": free,
            "search": form.cleaned_data if free is not None else None,
            "rooms": room_list(rooms=bookable_rooms(user)),
            "facilities": facility_selectors.bookable_facility_list(),
        }

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and self.request.GET.get("day"):
            return ["spaces/rooms/_availability.html"]
        return [self.template_name]


class RoomDetailView(PermissionMixin, TemplateView):
    """A room with its day, week or month calendar. Others' bookings show as 예약됨 to members;
    staff see every detail. An htmx request gets the calendar alone."""

    permission = "spaces.book"
    template_name = "spaces/rooms/detail.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["spaces/rooms/_calendar.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        room = room_detail(self.kwargs["pk"])
        if room is None:
            raise Http404(_("공간을 찾을 수 없습니다."))
        view, anchor, start, days, previous, following = _shown_range(self.request)
        calendar = booking_selectors.room_calendar(room=room, start=start, days=days)
        for day in calendar:
            day.bookings = mark_details(self.request.user, day.bookings)
        weeks = [calendar[i : i + 7] for i in range(0, len(calendar), 7)]
        return {
            **super().get_context_data(**kwargs),
            "room": room,
            "view": view,
            "anchor": anchor,
            "calendar": calendar,
            "weeks": weeks,
            "previous": previous,
            "following": following,
            "today": timezone.localdate(),
            "month": anchor.month,
            "base_url": reverse("spaces:room-detail", args=[room.pk]),
        }


class FacilityCalendarView(PermissionMixin, TemplateView):
    """A facility's bookable rooms × days: a day or a week with every booking, or a month with
    the number of bookings per room and day."""

    permission = "spaces.book"
    template_name = "spaces/rooms/facility.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["spaces/rooms/_facility_grid.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        facility = facility_selectors.facility_get(self.kwargs["pk"])
        if facility is None:
            raise Http404(_("시설을 찾을 수 없습니다."))
        view, anchor, start, days, previous, following = _shown_range(self.request)
        rows = booking_selectors.facility_calendar(facility=facility, start=start, days=days)
        for row in rows:
            for day in row.days:
                day.bookings = [
                    booking
                    for booking in mark_details(self.request.user, day.bookings)
                    if booking.show_details or booking.status == BookingStatus.CONFIRMED
                ]
        return {
            **super().get_context_data(**kwargs),
            "facility": facility,
            "view": view,
            "anchor": anchor,
            "rows": rows,
            "days": [start + dt.timedelta(days=n) for n in range(days)],
            "previous": previous,
            "following": following,
            "today": timezone.localdate(),
            "base_url": reverse("spaces:facility-calendar", args=[facility.pk]),
        }


# Console: rooms and closed days


class RoomAdminListView(PermissionMixin, TemplateView):
    permission = "spaces.view"
    template_name = "spaces/rooms/admin_list.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "rooms": room_list(),
            "can_manage": is_manager(self.request.user),
        }


class _RoomFormView(ServiceFormView):
    permission = "spaces.manage"
    template_name = "spaces/rooms/form.html"
    form_class = RoomForm

    def get_form(self, data=None):
        files = self.request.FILES if data is not None else None
        return self.form_class(data, files, instance=self.object)

    def get_success_url(self) -> str:
        return reverse("spaces:room-admin-list")

    def _fields(self, form) -> dict:
        fields = {name: form.cleaned_data[name] for name in RoomForm.Meta.fields}
        if fields["photo"] is False:  # "clear" ticked on the file input
            fields["photo"] = ""
        elif fields["photo"] is None:
            fields.pop("photo")
        return fields


class RoomCreateView(_RoomFormView):
    heading = _("공간 등록")

    def get_object(self):
        return None

    def get_success_message(self) -> str:
        return _("%(room)s을(를) 등록했습니다.") % {"room": self.result}

    def perform(self, form):
        return room_services.room_create(actor=self.request.user, **self._fields(form))


class RoomUpdateView(_RoomFormView):
    heading = _("공간 수정")

    def get_object(self):
        room = room_detail(self.kwargs["pk"])
        if room is None:
            raise Http404(_("공간을 찾을 수 없습니다."))
        return room

    def get_form(self, data=None):
        # A copy, so a refused edit does not leave the form's instance half-changed.
        files = self.request.FILES if data is not None else None
        return self.form_class(data, files, instance=room_detail(self.object.pk))

    def get_success_message(self) -> str:
        return _("%(room)s을(를) 수정했습니다.") % {"room": self.result}

    def perform(self, form):
        return room_services.room_update(
            room=self.object, actor=self.request.user, **self._fields(form)
        )


class ClosedDayListView(PermissionMixin, View):
    permission = "spaces.view"
    template_name = "spaces/rooms/closed_days.html"

    def render_page(self, form, status=200):
        context = {
            "form": form,
            "closed_days": closed_days(),
            "can_manage": is_manager(self.request.user),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(ClosedDayForm())

    def post(self, request):
        require_permission(request.user, "spaces.manage")
        form = ClosedDayForm(request.POST)
        if form.is_valid():
            try:
                room_services.closed_day_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("휴관일을 등록했습니다."))
                return redirect("spaces:closedday-list")
        return self.render_page(form, status=400)


class ClosedDayDeleteView(PermissionMixin, View):
    permission = "spaces.manage"

    def post(self, request, pk: int):
        closed = closed_day_get(pk)
        if closed is None:
            raise Http404(_("휴관일을 찾을 수 없습니다."))
        room_services.closed_day_delete(actor=request.user, closed_day=closed)
        messages.success(request, _("휴관일을 삭제했습니다."))
        return redirect("spaces:closedday-list")


urlpatterns = [
    path("", RoomListView.as_view(), name="room-list"),
    path("rooms/<int:pk>/", RoomDetailView.as_view(), name="room-detail"),
    path("facilities/<int:pk>/", FacilityCalendarView.as_view(), name="facility-calendar"),
]

console_urlpatterns = [
    path("rooms/", RoomAdminListView.as_view(), name="room-admin-list"),
    path("rooms/new/", RoomCreateView.as_view(), name="room-create"),
    path("rooms/<int:pk>/edit/", RoomUpdateView.as_view(), name="room-update"),
    path("closed-days/", ClosedDayListView.as_view(), name="closedday-list"),
    path(
        "closed-days/<int:pk>/delete/",
        ClosedDayDeleteView.as_view(),
        name="closedday-delete",
    ),
]
