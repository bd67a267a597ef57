"""Producing a report file: build the model once, then render it in the asked format."""

import datetime as dt
from dataclasses import dataclass

from .builder import report_build
from .renderers import FORMATS


@dataclass(frozen=True)
class ReportFile:
    filename: str  # Korean: 2022_주요업무보고_2022-10-31.hwpx
    ascii_filename: str  # for clients that ignore filename*: 2022_report_2022-10-31.hwpx
    content_type: str
    content: bytes


def report_filename(*, year: int, as_of: dt.date, extension: str) -> str:
    return f"{year}_주요업무보고_{as_of.isoformat()}.{extension}"


def report_file(*, year: int, as_of: dt.date, format_name: str) -> ReportFile:
    """The report of `year` as of `as_of` in one format. Raises KeyError for an unknown format
    and lets a selector's ValidationError (an unknown placeholder) through."""
    output_format = FORMATS[format_name]
    report = report_build(year=year, as_of=as_of)
    return ReportFile(
        filename=report_filename(year=year, as_of=as_of, extension=output_format.extension),
        ascii_filename=f"{year}_report_{as_of.isoformat()}.{output_format.extension}",
        content_type=output_format.content_type,
        content=output_format.render(report),
    )
