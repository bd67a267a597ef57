from django.urls import include, path

from ieum.core.routing import app_urlpatterns

from . import views

app_name = "enterprises"

public = [
    path("", views.EnterpriseListView.as_view(), name="enterprise-list"),
    path("new/", views.EnterpriseCreateView.as_view(), name="enterprise-create"),
    path("<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("<int:pk>/edit/", views.EnterpriseUpdateView.as_view(), name="enterprise-update"),
    path(
        "<int:pk>/certifications/",
        views.CertificationCreateView.as_view(),
        name="certification-create",
    ),
    path("<int:pk>/contacts/", views.ContactCreateView.as_view(), name="contact-create"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/delete/",
        views.ContactDeleteView.as_view(),
        name="contact-delete",
    ),
    path("", include("ieum.enterprises.urls_io")),
]

urlpatterns = app_urlpatterns("enterprises", public=public)
