from django.urls import path

from ieum.core.routing import app_urlpatterns

from . import views

app_name = "organization"

console = [
    path("", views.OverviewView.as_view(), name="overview"),
    path(
        "center/edit/",
        views.CenterUpdateView.as_view(),
        name="center-edit",
    ),
    path(
        "history/new/",
        views.ContractEventCreateView.as_view(),
        name="contract-event-create",
    ),
    path(
        "history/<int:pk>/edit/",
        views.ContractEventUpdateView.as_view(),
        name="contract-event-edit",
    ),
    path(
        "history/<int:pk>/delete/",
        views.ContractEventDeleteView.as_view(),
        name="contract-event-delete",
    ),
    path(
        "facilities/new/",
        views.FacilityCreateView.as_view(),
        name="facility-create",
    ),
    path(
        "facilities/<int:pk>/edit/",
        views.FacilityUpdateView.as_view(),
        name="facility-edit",
    ),
    path(
        "departments/",
        views.DepartmentListView.as_view(),
        name="department-list",
    ),
    path(
        "departments/<int:pk>/edit/",
        views.DepartmentUpdateView.as_view(),
        name="department-edit",
    ),
    path("staffing/", views.StaffingView.as_view(), name="staffing"),
    path(
        "staffing/<int:year>/edit/",
        views.StaffingPlanEditView.as_view(),
        name="staffing-edit",
    ),
    path(
        "positions/<int:pk>/edit/",
        views.PositionUpdateView.as_view(),
        name="position-edit",
    ),
]

# The center's home page is the site's front door, at the root; the rest is console.
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    *app_urlpatterns("organization", console=console),
]
