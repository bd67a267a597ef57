"""Spaces URLs: rooms, calendars and bookings under /spaces/, the staff console under
/console/spaces/. Each views module declares its own patterns."""

from .views import bookings, console, fees, rooms, tenants, usage

app_name = "spaces"

urlpatterns = [
    *rooms.urlpatterns,
    *bookings.urlpatterns,
    *tenants.urlpatterns,
    *fees.urlpatterns,
    *console.urlpatterns,
    *usage.urlpatterns,
]
