from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("console/", views.ConsoleView.as_view(), name="console"),
]
