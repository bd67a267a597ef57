from django.urls import path

from . import views

app_name = "organization"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("console/organization/", views.OverviewView.as_view(), name="overview"),
    path(
        "console/organization/center/edit/",
        views.CenterUpdateView.as_view(),
        name="center-edit",
    ),
    path(
        "console/organization/history/new/",
        views.ContractEventCreateView.as_view(),
        name="contract-event-create",
    ),
    path(
        "console/organization/history/<int:pk>/edit/",
        views.ContractEventUpdateView.as_view(),
        name="contract-event-edit",
    ),
    path(
        "console/organization/history/<int:pk>/delete/",
        views.ContractEventDeleteView.as_view(),
        name="contract-event-delete",
    ),
    path(
        "console/organization/facilities/new/",
        views.FacilityCreateView.as_view(),
        name="facility-create",
    ),
    path(
        "console/organization/facilities/<int:pk>/edit/",
        views.FacilityUpdateView.as_view(),
        name="facility-edit",
    ),
    path(
        "console/organization/departments/",
        views.DepartmentListView.as_view(),
        name="department-list",
    ),
    path(
        "console/organization/departments/<int:pk>/edit/",
        views.DepartmentUpdateView.as_view(),
        name="department-edit",
    ),
    path("console/organization/staffing/", views.StaffingView.as_view(), name="staffing"),
    path(
        "console/organization/staffing/<int:year>/edit/",
        views.StaffingPlanEditView.as_view(),
        name="staffing-edit",
    ),
    path(
        "console/organization/positions/<int:pk>/edit/",
        views.PositionUpdateView.as_view(),
        name="position-edit",
    ),
]
