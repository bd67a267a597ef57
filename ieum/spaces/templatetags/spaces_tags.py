"""A booking in a calendar cell, written in Python: a facility's week shows hundreds of them,
and an `{% include %}` per booking cost most of that page's time."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..choices import BookingStatus

register = template.Library()


@register.simple_tag
def booking_item(booking) -> str:
    """The `<li>` of a booking: time, and title and booker for those who may see them
    (`show_details`, set by access.mark_details); others see only 예약됨 on confirmed ones."""
    details = getattr(booking, "show_details", False)
    if not details and booking.status != BookingStatus.CONFIRMED:
        return ""
    starts, ends = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    when = format_html(
        '<time datetime="{}">{}~{}</time>',
        starts.isoformat(),
        starts.strftime("%H:%M"),
        ends.strftime("%H:%M"),
    )
    if not details:
        body = format_html("<span>{}</span>", _("예약됨"))
    else:
        who = booking.enterprise.name if booking.enterprise_id else booking.organizer
        if not who and booking.booked_by_id:
            who = str(booking.booked_by)
        pending = (
            format_html(' <span class="badge sample">{}</span>', _("승인 대기"))
            if booking.status == BookingStatus.REQUESTED
            else ""
        )
        body = format_html(
            '<a href="{}">{}</a> <small>{}</small>{}',
            reverse("spaces:booking-detail", args=[booking.pk]),
            booking.title,
            who or "",
            pending,
        )
    return format_html('<li class="booking booking-{}">{} {}</li>', booking.status, when, body)
