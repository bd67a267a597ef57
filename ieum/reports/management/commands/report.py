"""ieum report --year 2022 --as-of 2022-10-31 --format hwpx -o 2022_report.hwpx"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ieum.core.dates import parse_date
from ieum.reports.renderers import FORMATS
from ieum.reports.services import report_file


class Command(BaseCommand):
    help = "주요업무보고를 만들어 파일로 저장합니다 (html, hwpx, docx, xlsx, json)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="보고 연도 (예: 2022)")
        parser.add_argument("--as-of", required=True, help="기준일 (예: 2022-10-31)")
        parser.add_argument("--format", choices=list(FORMATS), required=True)
        parser.add_argument("-o", "--output", required=True, help="저장할 파일 경로")

    def handle(self, *args, year, as_of, format, output, **options):
        try:
            as_of_date = parse_date(as_of)
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            produced = report_file(year=year, as_of=as_of_date, format_name=format)
        except ValidationError as error:
            raise CommandError("보고서를 만들 수 없습니다: " + " ".join(error.messages)) from None
        path = Path(output)
        path.write_bytes(produced.content)
        self.stdout.write(f"{path} ({len(produced.content):,} bytes)를 저장했습니다.\n")
