"""함께누리 URLs: the public catalog and the buyers' and vendors' pages under /mall/, the staff
console under /console/mall/. Each views module declares its own patterns."""

from .views import buyers, catalog, console, orders, vendors

app_name = "mall"

urlpatterns = [
    *catalog.urlpatterns,
    *orders.urlpatterns,
    *buyers.urlpatterns,
    *vendors.urlpatterns,
    *console.urlpatterns,
]
