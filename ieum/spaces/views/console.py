"""The spaces staff console (/console/spaces/): requests waiting for approval with approve and
reject, today's bookings with attendance entry and no-show, and links to the other console
pages (rooms, closed days, tenants, kitchen, invoices, settlement, usage)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from ieum.core.dates import parse_date
from ieum.core.views import PermissionMixin

from ..access import is_manager
from ..forms.bookings import AttendanceForm, ReasonForm
from ..models import Booking
from ..selectors.bookings import booking_detail, bookings_on, pending_approvals
from ..services import bookings as booking_services

CONSOLE_LINKS = (
    ("spaces:room-admin-list", gettext_lazy("공간 관리")),
    ("spaces:closedday-list", gettext_lazy("휴관일")),
    ("spaces:call-list", gettext_lazy("입주기업 모집")),
    ("spaces:tenancy-list", gettext_lazy("입주 계약")),
    ("spaces:agreement-list", gettext_lazy("공유주방 협약")),
    ("spaces:invoice-list", gettext_lazy("청구·납부")),
    ("spaces:settlement", gettext_lazy("수익금 정산")),
    ("spaces:usage", gettext_lazy("이용 실적")),
)


def console_links() -> list[tuple[str, str]]:
    """(url, label) of the console pages that exist (other parts of the app add theirs)."""
    links = []
    for name, label in CONSOLE_LINKS:
        try:
            links.append((reverse(name), str(label)))
        except NoReverseMatch:
            continue
    return links


class SpacesConsoleView(PermissionMixin, TemplateView):
    permission = "spaces.view"
    template_name = "spaces/console/home.html"

    def get_context_data(self, **kwargs):
        try:
            day = parse_date(self.request.GET["date"])
        except (KeyError, ValueError):
            day = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            "day": day,
            "pending": pending_approvals()[:100],
            "today_bookings": bookings_on(day),
            "now": timezone.now(),
            "links": console_links(),
            "can_manage": is_manager(self.request.user),
        }


class _DecisionView(PermissionMixin, View):
    permission = "spaces.manage"

    def act(self, request, booking: Booking) -> str:
        raise NotImplementedError

    def post(self, request, pk: int):
        booking = booking_detail(pk)
        if booking is None:
            raise Http404(_("예약을 찾을 수 없습니다."))
        try:
            messages.success(request, self.act(request, booking))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        next_url = request.POST.get("next", "")
        if next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect("spaces:console")


class BookingApproveView(_DecisionView):
    def act(self, request, booking):
        booking_services.booking_approve(booking=booking, actor=request.user)
        return _("%(title)s 예약을 승인했습니다.") % {"title": booking.title}


class BookingRejectView(_DecisionView):
    def act(self, request, booking):
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        booking_services.booking_reject(booking=booking, actor=request.user, reason=reason)
        return _("%(title)s 예약을 반려했습니다.") % {"title": booking.title}


class BookingAttendanceView(_DecisionView):
    def act(self, request, booking):
        form = AttendanceForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("실제 인원은 0 이상의 숫자로 입력해 주세요."))
        booking_services.booking_record_attendance(
            booking=booking,
            actor=request.user,
            actual_attendees=form.cleaned_data["actual_attendees"],
        )
        return _("%(title)s 실제 인원 %(count)d명을 기록했습니다.") % {
            "title": booking.title,
            "count": form.cleaned_data["actual_attendees"],
        }


class BookingNoShowView(_DecisionView):
    def act(self, request, booking):
        booking_services.booking_mark_no_show(booking=booking, actor=request.user)
        return _("%(title)s 예약을 노쇼로 처리했습니다.") % {"title": booking.title}


console_urlpatterns = [
    path("", SpacesConsoleView.as_view(), name="console"),
    path(
        "bookings/<int:pk>/approve/",
        BookingApproveView.as_view(),
        name="booking-approve",
    ),
    path(
        "bookings/<int:pk>/reject/",
        BookingRejectView.as_view(),
        name="booking-reject",
    ),
    path(
        "bookings/<int:pk>/attendance/",
        BookingAttendanceView.as_view(),
        name="booking-attendance",
    ),
    path(
        "bookings/<int:pk>/no-show/",
        BookingNoShowView.as_view(),
        name="booking-no-show",
    ),
]
