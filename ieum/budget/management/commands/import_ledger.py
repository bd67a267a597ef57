from django.core.management.base import BaseCommand

from ieum.budget.importing import ImportResult, ledger_import
from ieum.core.cli import USER_HELP, acting_user
from ieum.core.tabular import TabularError, read_table

from .import_budget import report


class Command(BaseCommand):
    help = (
        "집행 내역 파일(XLSX 또는 CSV: 집행일자, 예산코드, 금액, 거래처, 적요)을 회계연도의 "
        "집행 원장에 더합니다. 반납·환입은 음수 금액입니다. 잘못된 행이 하나라도 있으면 "
        "아무것도 저장하지 않고 종료 코드 1로 끝납니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="가져올 파일 (.xlsx 또는 .csv)")
        parser.add_argument("--year", type=int, required=True, help="회계연도")
        parser.add_argument("--user", metavar="USERNAME", help=USER_HELP)

    def handle(self, *args, file, year, user, **options):
        actor = acting_user(user, "budget.edit")
        try:
            result = ledger_import(year=year, table=read_table(file), actor=actor)
        except TabularError as exc:
            result = ImportResult(errors=list(exc.errors))
        report(self, result, f"{year}년 집행 내역")
