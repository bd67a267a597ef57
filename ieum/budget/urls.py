from django.urls import path

from ieum.core.routing import app_urlpatterns

from . import views

app_name = "budget"

console = [
    path("", views.BudgetOverviewView.as_view(), name="overview"),
    path("export/", views.BudgetExportView.as_view(), name="budget-export"),
    path("import/", views.BudgetImportView.as_view(), name="budget-import"),
    path("ledger/", views.ExpenditureListView.as_view(), name="expenditure-list"),
    path("ledger/new/", views.ExpenditureCreateView.as_view(), name="expenditure-create"),
    path(
        "ledger/<int:pk>/evidence/",
        views.ExpenditureEvidenceView.as_view(),
        name="expenditure-evidence",
    ),
    path("ledger/export/", views.ExpenditureExportView.as_view(), name="expenditure-export"),
    path("ledger/import/", views.LedgerImportView.as_view(), name="ledger-import"),
    path("import/jobs/<int:pk>/", views.ImportJobView.as_view(), name="import-job"),
    path(
        "import/jobs/<int:pk>/status/",
        views.ImportJobStatusView.as_view(),
        name="import-job-status",
    ),
    path("transfers/", views.TransferListView.as_view(), name="transfer-list"),
    path("transfers/new/", views.TransferCreateView.as_view(), name="transfer-create"),
]

urlpatterns = app_urlpatterns("budget", console=console)
