from django.urls import path

from ieum.core.routing import app_urlpatterns

from . import views

app_name = "programs"

console = [
    path("", views.LineListView.as_view(), name="line-list"),
    path("lines/new/", views.LineCreateView.as_view(), name="line-create"),
    path("lines/<int:pk>/", views.LineDetailView.as_view(), name="line-detail"),
    path("lines/<int:pk>/edit/", views.LineUpdateView.as_view(), name="line-edit"),
    path("lines/<int:pk>/kpis/new/", views.KpiCreateView.as_view(), name="kpi-create"),
    path("kpis/<int:pk>/", views.KpiDetailView.as_view(), name="kpi-detail"),
    path("kpis/<int:pk>/edit/", views.KpiUpdateView.as_view(), name="kpi-edit"),
    path(
        "lines/<int:pk>/milestones/new/",
        views.MilestoneCreateView.as_view(),
        name="milestone-create",
    ),
    path("milestones/<int:pk>/edit/", views.MilestoneUpdateView.as_view(), name="milestone-edit"),
    path(
        "milestones/<int:pk>/status/",
        views.MilestoneStatusView.as_view(),
        name="milestone-status",
    ),
    path(
        "lines/<int:pk>/narratives/new/",
        views.NarrativeCreateView.as_view(),
        name="narrative-create",
    ),
    path("narratives/<int:pk>/edit/", views.NarrativeUpdateView.as_view(), name="narrative-edit"),
    path("changes/", views.ChangeListView.as_view(), name="change-list"),
    path("changes/new/", views.ChangeCreateView.as_view(), name="change-create"),
    path("changes/<int:pk>/edit/", views.ChangeUpdateView.as_view(), name="change-edit"),
]

urlpatterns = app_urlpatterns("programs", console=console)
