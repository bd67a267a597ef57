"""Import and export of the registry; included by enterprises/urls.py (namespace enterprises)."""

from django.urls import path

from . import views_io

urlpatterns = [
    path("import/", views_io.EnterpriseImportView.as_view(), name="import"),
    path("import/<int:pk>/", views_io.ImportJobDetailView.as_view(), name="import-job"),
    path(
        "import/<int:pk>/status/",
        views_io.ImportJobStatusView.as_view(),
        name="import-job-status",
    ),
    path("import/<int:pk>/file/", views_io.ImportJobFileView.as_view(), name="import-job-file"),
    path("import/<int:pk>/report.xlsx", views_io.ImportReportView.as_view(), name="import-report"),
    path("export.xlsx", views_io.EnterpriseExportView.as_view(), name="export"),
]
