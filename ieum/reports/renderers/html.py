"""The report as a printable HTML page (the staff preview uses the same body template)."""

from django.template.loader import render_to_string

from ieum.reports.model import Report


def render(report: Report) -> str:
    return render_to_string("reports/report.html", {"report": report})
