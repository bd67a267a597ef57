"""Background work of the budget: the budget and ledger files uploaded on the staff pages run
as import jobs of ieum.core.imports (the year is the job's option), so no upload holds a web
process while it is read and checked."""

from django.urls import reverse
from django.utils.translation import gettext_noop

from ieum.core.imports import register_importer

from .importing import budget_import, ledger_import

BUDGET = "budget.budget"
LEDGER = "budget.ledger"
KINDS = (BUDGET, LEDGER)


def _import_budget(*, table, partial, dry_run, progress, actor, year):
    # Budget and ledger files are all-or-nothing and have no dry run (the pages offer neither).
    return budget_import(year=year, table=table, actor=actor)


def _import_ledger(*, table, partial, dry_run, progress, actor, year):
    return ledger_import(year=year, table=table, actor=actor)


def _page(job) -> str:
    return reverse("budget:import-job", args=[job.pk])


register_importer(BUDGET, label=gettext_noop("예산 가져오기"), run=_import_budget, page=_page)
register_importer(LEDGER, label=gettext_noop("집행 내역 가져오기"), run=_import_ledger, page=_page)
