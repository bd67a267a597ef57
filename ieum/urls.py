from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from ieum.api import api

admin.site.site_header = "이음 시스템 관리"
admin.site.site_title = "이음 관리"

urlpatterns = [
    path("", include("ieum.organization.urls")),
    path("", include("ieum.core.urls")),
    path("accounts/", include("ieum.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("enterprises/", include("ieum.enterprises.urls")),
    path("console/budget/", include("ieum.budget.urls")),
    path("console/programs/", include("ieum.programs.urls")),
    path("console/reports/", include("ieum.reports.urls")),
    path("", include("ieum.mall.urls")),
    path("", include("ieum.spaces.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
