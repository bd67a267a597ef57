"""Background work of the registry: its spreadsheet import (kind "enterprises", from the staff
page) runs as an import job of ieum.core.imports."""

from django.urls import reverse
from django.utils.translation import gettext_noop

from ieum.core.imports import register_importer

from .importing import enterprise_import

ENTERPRISES = "enterprises"

register_importer(
    ENTERPRISES,
    label=gettext_noop("기업 가져오기"),
    run=enterprise_import,
    page=lambda job: reverse("enterprises:import-job", args=[job.pk]),
)
