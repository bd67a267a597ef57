"""Bookings for bookers: my bookings (upcoming and past, with cancel), the booking form (one
booking or a weekly series; prefilled from the availability search) and a booking's page."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from ieum.core.dates import parse_date
from ieum.core.forms import apply_service_errors
from ieum.core.idempotency import FORM_FIELD as IDEMPOTENCY_FIELD
from ieum.core.views import PermissionMixin

from ..access import bookable_rooms, may_cancel, sees_details
from ..choices import BookingStatus
from ..forms.bookings import BookingForm, ReasonForm
from ..models import Booking
from ..selectors.bookings import booking_detail, booking_history, my_bookings
from ..services import bookings as booking_services


class MyBookingsView(PermissionMixin, TemplateView):
    permission = "spaces.book"
    template_name = "spaces/bookings/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        upcoming = my_bookings(user, upcoming=True)[:200]
        return {
            **super().get_context_data(**kwargs),
            "upcoming": upcoming,
            "past": my_bookings(user, upcoming=False)[:50],
            "cancel_form": ReasonForm(),
        }


class BookingCreateView(PermissionMixin, View):
    """GET: the form, prefilled from the query (?room=&day=&start_time=&end_time=&attendees=);
    POST: book once or weekly."""

    permission = "spaces.book"
    template_name = "spaces/bookings/form.html"

    def rooms(self):
        return bookable_rooms(self.request.user)

    def render_form(self, form, status=200):
        room = None
        if form.is_bound and form.is_valid():
            room = form.cleaned_data["room"]
        return render(self.request, self.template_name, {"form": form, "room": room}, status=status)

    def get(self, request):
        initial = {}
        query = request.GET
        if query.get("room", "").isdigit():
            initial["room"] = int(query["room"])
        with contextlib.suppress(KeyError, ValueError):
            initial["day"] = parse_date(query["day"])
        for name in ("start_time", "end_time"):
            if query.get(name):
                initial[name] = query[name]
        if query.get("attendees", "").isdigit():
            initial["expected_attendees"] = int(query["attendees"])
        return self.render_form(BookingForm(initial=initial, rooms=self.rooms()))

    def post(self, request):
        form = BookingForm(request.POST, rooms=self.rooms())
        if not form.is_valid():
            return self.render_form(form, status=400)
        data = form.cleaned_data
        starts_at, ends_at = form.times()
        common = {
            "user": request.user,
            "room": data["room"],
            "purpose": data["purpose"],
            "title": data["title"],
            "expected_attendees": data["expected_attendees"],
            "organizer": data["organizer"],
        }
        try:
            if data["repeat"]:
                _series, bookings, conflicts = booking_services.booking_series_create(
                    first_starts_at=starts_at,
                    first_ends_at=ends_at,
                    interval_weeks=data["interval_weeks"] or 1,
                    until=data["until"],
                    skip_conflicts=data["skip_conflicts"],
                    **common,
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)d건을 예약했습니다.", "%(count)d건을 예약했습니다.", len(bookings)
                    )
                    % {"count": len(bookings)},
                )
                for conflict in conflicts:
                    messages.warning(request, str(conflict))
                return redirect("spaces:booking-list")
            booking = booking_services.booking_create(
                starts_at=starts_at,
                ends_at=ends_at,
                idempotency_key=request.POST.get(IDEMPOTENCY_FIELD, ""),
                **common,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                error = ValidationError(
                    {
                        (
                            "start_time"
                            if key == "starts_at"
                            else "end_time"
                            if key == "ends_at"
                            else key
                        ): value
                        for key, value in error.error_dict.items()
                    }
                )
            apply_service_errors(form, error)
            return self.render_form(form, status=400)
        if booking.status == BookingStatus.CONFIRMED:
            messages.success(request, _("예약이 확정되었습니다."))
        else:
            messages.success(request, _("예약을 신청했습니다. 센터 직원이 승인하면 확정됩니다."))
        return redirect("spaces:booking-detail", pk=booking.pk)


def _visible_booking(request, pk: int) -> Booking:
    booking = booking_detail(pk)
    if booking is None or not sees_details(request.user, booking):
        raise Http404(_("예약을 찾을 수 없습니다."))
    return booking


class BookingDetailView(PermissionMixin, TemplateView):
    permission = "spaces.book"
    template_name = "spaces/bookings/detail.html"

    def get_context_data(self, **kwargs):
        booking = _visible_booking(self.request, self.kwargs["pk"])
        return {
            **super().get_context_data(**kwargs),
            "booking": booking,
            "can_cancel": may_cancel(self.request.user, booking)
            and booking.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED),
            "cancel_form": ReasonForm(),
            "changes": booking_history(booking),
        }


class BookingCancelView(PermissionMixin, View):
    permission = "spaces.book"

    def post(self, request, pk: int):
        booking = _visible_booking(request, pk)
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            booking_services.booking_cancel(booking=booking, user=request.user, reason=reason)
        except PermissionDenied:
            raise
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("예약을 취소했습니다."))
        next_url = request.POST.get("next", "")
        if next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect("spaces:booking-list")


urlpatterns = [
    path("bookings/", MyBookingsView.as_view(), name="booking-list"),
    path("bookings/new/", BookingCreateView.as_view(), name="booking-create"),
    path("bookings/<int:pk>/", BookingDetailView.as_view(), name="booking-detail"),
    path("bookings/<int:pk>/cancel/", BookingCancelView.as_view(), name="booking-cancel"),
]
