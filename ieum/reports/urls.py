from django.urls import path

from ieum.core.routing import app_urlpatterns

from . import views

app_name = "reports"

console = [
    path("", views.ReportView.as_view(), name="report"),
    path("files/", views.ReportFileCreateView.as_view(), name="report-file-create"),
    path("files/<int:pk>/", views.ReportFileDetailView.as_view(), name="report-file-detail"),
    path(
        "files/<int:pk>/status/",
        views.ReportFileStatusView.as_view(),
        name="report-file-status",
    ),
    path(
        "files/<int:pk>/download/",
        views.ReportFileDownloadView.as_view(),
        name="report-file-download",
    ),
]

urlpatterns = app_urlpatterns("reports", console=console)
