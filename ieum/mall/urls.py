"""함께누리 URLs: the public catalog and the buyers' and vendors' pages under /mall/, the staff
console under /console/mall/. Each views module declares its own patterns for each area."""

from ieum.core.routing import app_urlpatterns

from .views import buyers, catalog, console, orders, vendors

app_name = "mall"

urlpatterns = app_urlpatterns(
    "mall",
    public=[
        *catalog.urlpatterns,
        *orders.urlpatterns,
        *buyers.urlpatterns,
        *vendors.urlpatterns,
    ],
    console=[
        *console.console_urlpatterns,
        *orders.console_urlpatterns,
        *vendors.console_urlpatterns,
    ],
)
