from django.core.management.base import BaseCommand, CommandError

from ieum.budget.importing import ImportResult, budget_import
from ieum.core.cli import USER_HELP, acting_user
from ieum.core.tabular import TabularError, read_table


class Command(BaseCommand):
    help = (
        "예산 파일(XLSX 또는 CSV: 코드, 상위코드, 구분, 사업명, 예산액)을 회계연도의 예산으로 "
        "가져옵니다. 코드가 같은 항목은 고칩니다. 잘못된 행이 하나라도 있으면 아무것도 "
        "저장하지 않고 종료 코드 1로 끝납니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="가져올 파일 (.xlsx 또는 .csv)")
        parser.add_argument("--year", type=int, required=True, help="회계연도")
        parser.add_argument("--user", metavar="USERNAME", help=USER_HELP)

    def handle(self, *args, file, year, user, **options):
        actor = acting_user(user, "budget.edit")
        try:
            result = budget_import(year=year, table=read_table(file), actor=actor)
        except TabularError as exc:
            result = ImportResult(errors=list(exc.errors))
        report(self, result, f"{year}년 예산 항목")


def report(command: BaseCommand, result: ImportResult, what: str) -> None:
    """The summary on stdout, each bad row on stderr as '행 N · 열: 사유', exit 1 on errors."""
    for error in result.errors:
        command.stderr.write(str(error))
    if result.errors:
        raise CommandError(f"오류 {len(result.errors):,}건이 있어 아무것도 저장하지 않았습니다.")
    command.stdout.write(
        f"{what}: 새로 등록 {result.created:,}건 · 갱신 {result.updated:,}건 "
        f"· 변경 없음 {result.skipped:,}건"
    )
