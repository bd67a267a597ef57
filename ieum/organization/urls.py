from django.urls import path

from . import views

app_name = "organization"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("console/organization/", views.OverviewView.as_view(), name="overview"),
]
