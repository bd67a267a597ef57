"""Spaces URLs: rooms, calendars and bookings under /spaces/, the staff console under
/console/spaces/. Each views module declares its own patterns for each area."""

from ieum.core.routing import app_urlpatterns

from .views import bookings, console, fees, rooms, tenants, usage

app_name = "spaces"

urlpatterns = app_urlpatterns(
    "spaces",
    public=[
        *rooms.urlpatterns,
        *bookings.urlpatterns,
        *tenants.urlpatterns,
    ],
    console=[
        *console.console_urlpatterns,
        *rooms.console_urlpatterns,
        *fees.console_urlpatterns,
        *tenants.console_urlpatterns,
        *usage.console_urlpatterns,
    ],
)
