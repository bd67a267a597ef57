from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from ieum.accounts.views import ThrottledLoginView, set_language
from ieum.api import api

admin.site.site_header = "이음 시스템 관리"
admin.site.site_title = "이음 관리"

urlpatterns = [
    path("", include("ieum.core.urls")),
    path("accounts/", include("ieum.accounts.urls")),
    # Before Django's own: the login page with the per-username delay (accounts.security).
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Every domain app is mounted at the root the same way; its urls.py places its pages under
    # /<app>/ and its console under /console/<app>/ (ieum.core.routing.app_urlpatterns).
    path("", include("ieum.organization.urls")),
    path("", include("ieum.enterprises.urls")),
    path("", include("ieum.budget.urls")),
    path("", include("ieum.programs.urls")),
    path("", include("ieum.mall.urls")),
    path("", include("ieum.spaces.urls")),
    path("", include("ieum.reports.urls")),
    # Django's set_language, which also remembers a signed-in person's choice (e-mail language).
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Public uploads only: private files live outside MEDIA_ROOT (ieum.core.files) and reach a
    # person through the permission-checked download views.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
