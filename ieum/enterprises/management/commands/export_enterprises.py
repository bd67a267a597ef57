from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ieum.core.cli import USER_HELP, acting_user
from ieum.enterprises.exports import enterprise_export
from ieum.enterprises.models import Enterprise


class Command(BaseCommand):
    help = "등록부의 모든 기업을 XLSX로 내보냅니다 (import_enterprises 로 다시 읽을 수 있습니다)."

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT.xlsx", help="저장할 파일")
        parser.add_argument("--user", metavar="USERNAME", help=USER_HELP)

    def handle(self, *args, out, user, **options):
        acting_user(user, "enterprises.export")
        path = Path(out)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("내보낼 파일은 .xlsx로 끝나야 합니다.")
        try:
            path.write_bytes(enterprise_export(Enterprise.objects.all()))
        except OSError as exc:
            raise CommandError(f"'{path}'에 저장할 수 없습니다: {exc.strerror}") from exc
        count = Enterprise.objects.count()
        self.stdout.write(f"기업 {count:,}곳을 {path}에 내보냈습니다.")
