from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
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
