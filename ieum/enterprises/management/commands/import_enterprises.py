from ieum.core.cli import TableImportCommand
from ieum.enterprises.importing import ImportResult, enterprise_import


class Command(TableImportCommand):
    help = (
        "기업 목록(XLSX 또는 CSV)을 등록부로 가져옵니다. 전국 사회적기업 인증 현황과 이음의 "
        "내보내기 파일을 읽습니다. 사업자등록번호가 같은 기업은 새로 만들지 않고 고칩니다. "
        "기본은 전부 아니면 전무: 잘못된 행이 하나라도 있으면 아무것도 저장하지 않습니다. "
        "오류가 하나라도 있으면(--partial 로 나머지를 저장했어도) 종료 코드 1로 끝납니다."
    )
    permission = "enterprises.import"

    def run_import(self, table, *, actor, partial, dry_run, **options):
        return enterprise_import(table=table, partial=partial, dry_run=dry_run, actor=actor)

    def unreadable(self, error, *, partial):
        return ImportResult(errors=[error], partial=partial)
