"""The spaces card on the staff console home: today's bookings and requests waiting."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ieum.core.cards import Card, console_card
from ieum.core.permissions import has_permission

from .choices import BookingStatus
from .models import Booking
from .selectors.bookings import bookings_on


@console_card(order=60)
def spaces_card(user) -> Card | None:
    if not has_permission(user, "spaces.view"):
        return None
    today = bookings_on(timezone.localdate()).filter(status=BookingStatus.CONFIRMED).count()
    pending = Booking.objects.filter(
        status=BookingStatus.REQUESTED, ends_at__gt=timezone.now()
    ).count()
    return Card(
        title=_("오늘 공간 예약"),
        value=_("%(count)s건") % {"count": f"{today:,}"},
        note=_("승인 대기 %(pending)s건") % {"pending": f"{pending:,}"},
        url=reverse("spaces:console"),
    )
