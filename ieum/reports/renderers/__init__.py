"""One renderer per format; each turns a Report into bytes and computes nothing.

FORMATS maps a format name to its file extension, content type and renderer module.
"""

from dataclasses import dataclass
from importlib import import_module

from django.utils.translation import gettext_lazy as _

from ieum.reports.model import Report


@dataclass(frozen=True)
class Format:
    name: str
    label: str  # lazy: translated where it is shown
    extension: str
    content_type: str

    def render(self, report: Report) -> bytes:
        output = import_module(f"ieum.reports.renderers.{self.name}").render(report)
        return output.encode() if isinstance(output, str) else output


FORMATS: dict[str, Format] = {
    item.name: item
    for item in (
        Format("html", "HTML", "html", "text/html; charset=utf-8"),
        Format("hwpx", _("한글(HWPX)"), "hwpx", "application/hwp+zip"),
        Format(
            "docx",
            _("워드(DOCX)"),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Format(
            "xlsx",
            _("엑셀(XLSX)"),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Format("json", "JSON", "json", "application/json"),
    )
}


def render(report: Report, format_name: str) -> bytes:
    return FORMATS[format_name].render(report)
