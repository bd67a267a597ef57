import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from ieum.reports.renderers import FORMATS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_report_command_writes_each_format(demo_data, tmp_path, format_name):
    output = tmp_path / f"report.{format_name}"
    stdout = io.StringIO()

    call_command(
        "report",
        "--year",
        "2022",
        "--as-of",
        "2022-10-31",
        "--format",
        format_name,
        "-o",
        str(output),
        stdout=stdout,
    )

    data = output.read_bytes()
    assert str(output) in stdout.getvalue()
    if format_name == "json":
        assert json.loads(data)["as_of"] == "2022-10-31"
    elif format_name == "html":
        assert "2022 주요업무보고" in data.decode()
    elif format_name == "docx":
        assert Document(io.BytesIO(data)).tables
    elif format_name == "xlsx":
        assert "인력" in load_workbook(io.BytesIO(data)).sheetnames
    else:
        assert data.startswith(b"PK")


def test_report_command_refuses_a_bad_date(tmp_path):
    with pytest.raises(CommandError, match="없는 날짜"):
        call_command(
            "report", "--year", "2022", "--as-of", "2022-02-30", "--format", "json",
            "-o", str(tmp_path / "x.json"),
        )  # fmt: skip
