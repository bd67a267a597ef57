from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ieum.accounts.cli import USER_HELP, acting_user
from ieum.core.tabular import REPORT_SUFFIXES, RowError, TabularError, read_table
from ieum.mall.importing import ImportResult, products_import


class Command(BaseCommand):
    help = (
        "상품 목록(XLSX 또는 CSV)을 함께누리에 올립니다. 사업자등록번호 열로 입점기업을 고르며, "
        "입점 승인된 기업의 상품만 받습니다. 같은 기업에 이름이 같은 상품이 있으면 새로 만들지 "
        "않고 고칩니다. 새 상품은 바로 판매를 시작합니다(--draft 이면 임시 저장). "
        "기본은 전부 아니면 전무: 잘못된 행이 하나라도 있으면 아무것도 저장하지 않습니다. "
        "오류가 하나라도 있으면(--partial 로 나머지를 저장했어도) 종료 코드 1로 끝납니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="가져올 파일 (.xlsx 또는 .csv)")
        parser.add_argument(
            "--partial", action="store_true", help="잘못된 행만 빼고 나머지를 저장합니다."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="검사만 하고 아무것도 저장하지 않습니다."
        )
        parser.add_argument(
            "--draft", action="store_true", help="새 상품을 판매하지 않고 임시 저장합니다."
        )
        parser.add_argument(
            "--report", metavar="OUT", help="결과 보고서를 저장할 파일 (.json 또는 .xlsx)"
        )
        parser.add_argument("--user", metavar="USERNAME", help=USER_HELP)

    def handle(self, *args, file, partial, dry_run, draft, report, user, **options):
        acting_user(user, "mall.manage")
        if report and Path(report).suffix.lower() not in REPORT_SUFFIXES:
            raise CommandError("보고서 파일은 .json 또는 .xlsx로 끝나야 합니다.")
        try:
            table = read_table(file)
        except TabularError as exc:
            result = ImportResult(errors=[RowError(0, "", str(exc))], partial=partial)
        else:
            result = products_import(table=table, partial=partial, dry_run=dry_run, draft=draft)
        if report:
            result.write(report)
        self.stdout.write(self.summary(result))
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            raise CommandError(f"오류 {len(result.errors)}건이 있습니다.")

    def summary(self, result: ImportResult) -> str:
        lines = [
            f"데이터 {result.rows:,}행: 새 상품 {result.created:,}개 · 수정 {result.updated:,}개 "
            f"· 변경 없음 {result.skipped:,}개 · 오류 {len(result.errors):,}건"
        ]
        if result.ignored_columns:
            lines.append(f"무시한 열: {', '.join(result.ignored_columns)}")
        if result.dry_run:
            lines.append("시험 실행이라 아무것도 저장하지 않았습니다.")
        elif not result.accepted:
            lines.append(
                "오류가 있어 아무것도 저장하지 않았습니다. "
                "고친 뒤 다시 가져오거나 --partial 로 나머지만 저장하세요."
            )
        elif result.errors:
            lines.append("오류가 있는 행만 빼고 저장했습니다.")
        elif result.draft:
            lines.append("새 상품은 임시 저장했습니다. 입점기업 페이지에서 판매를 시작하세요.")
        return "\n".join(lines)
