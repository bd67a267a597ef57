from django.urls import path

from ieum.core.routing import app_urlpatterns

from .views import io, registry

app_name = "enterprises"

public = [
    path("", registry.EnterpriseListView.as_view(), name="enterprise-list"),
    path("new/", registry.EnterpriseCreateView.as_view(), name="enterprise-create"),
    path("<int:pk>/", registry.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("<int:pk>/edit/", registry.EnterpriseUpdateView.as_view(), name="enterprise-update"),
    path(
        "<int:pk>/certifications/",
        registry.CertificationCreateView.as_view(),
        name="certification-create",
    ),
    path("<int:pk>/contacts/", registry.ContactCreateView.as_view(), name="contact-create"),
    path(
        "<int:pk>/contacts/<int:contact_pk>/delete/",
        registry.ContactDeleteView.as_view(),
        name="contact-delete",
    ),
    path("import/", io.EnterpriseImportView.as_view(), name="import"),
    path("import/<int:pk>/", io.ImportJobDetailView.as_view(), name="import-job"),
    path("import/<int:pk>/status/", io.ImportJobStatusView.as_view(), name="import-job-status"),
    path("import/<int:pk>/file/", io.ImportJobFileView.as_view(), name="import-job-file"),
    path("import/<int:pk>/report.xlsx", io.ImportReportView.as_view(), name="import-report"),
    path("export.xlsx", io.EnterpriseExportView.as_view(), name="export"),
]

urlpatterns = app_urlpatterns("enterprises", public=public)
