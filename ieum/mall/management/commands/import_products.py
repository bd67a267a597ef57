from ieum.core.cli import TableImportCommand
from ieum.mall.importing import ImportResult, products_import


class Command(TableImportCommand):
    help = (
        "상품 목록(XLSX 또는 CSV)을 함께누리에 올립니다. 사업자등록번호 열로 입점기업을 고르며, "
        "입점 승인된 기업의 상품만 받습니다. 같은 기업에 이름이 같은 상품이 있으면 새로 만들지 "
        "않고 고칩니다. 새 상품은 바로 판매를 시작합니다(--draft 이면 임시 저장). "
        "기본은 전부 아니면 전무: 잘못된 행이 하나라도 있으면 아무것도 저장하지 않습니다. "
        "오류가 하나라도 있으면(--partial 로 나머지를 저장했어도) 종료 코드 1로 끝납니다."
    )
    permission = "mall.manage"
    nouns = ("새 상품 {:,}개", "수정 {:,}개", "변경 없음 {:,}개")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--draft", action="store_true", help="새 상품을 판매하지 않고 임시 저장합니다."
        )

    def run_import(self, table, *, actor, partial, dry_run, draft=False, **options):
        return products_import(
            table=table, partial=partial, dry_run=dry_run, draft=draft, actor=actor
        )

    def unreadable(self, error, *, partial):
        return ImportResult(errors=[error], partial=partial)

    def summary(self, result):
        lines = super().summary(result)
        if result.accepted and not result.errors and not result.dry_run and result.draft:
            lines.append("새 상품은 임시 저장했습니다. 입점기업 페이지에서 판매를 시작하세요.")
        return lines
