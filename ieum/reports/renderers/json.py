"""The report model itself, as JSON: raw values (won as integers) beside their printed text."""

import json

from ieum.reports.model import Report


def render(report: Report) -> bytes:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2).encode()
