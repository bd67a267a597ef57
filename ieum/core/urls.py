from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("console/", views.ConsoleView.as_view(), name="console"),
    path("console/tasks/", views.TaskListView.as_view(), name="task-list"),
    path("console/tasks/<uuid:pk>/retry/", views.TaskRetryView.as_view(), name="task-retry"),
    path("console/tasks/search-reindex/", views.SearchReindexView.as_view(), name="search-reindex"),
    path("healthz", views.healthz, name="healthz"),
]
