from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand

from ieum.core.files import private_files_move


class Command(BaseCommand):
    help = (
        "공개 media 폴더에 남아 있는 비공개 파일(입점 서류, 입주 신청 서류, 위생 증명, 예산 증빙, "
        "가져오기 파일)을 비공개 저장소로 옮기고 임의 이름을 붙입니다. 다시 실행해도 바뀌는 것이 "
        "없습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="옮길 파일을 세기만 하고 바꾸지 않습니다."
        )
        parser.add_argument(
            "--media-root",
            help="옛 파일이 있는 폴더 (기본: MEDIA_ROOT). 파일은 이 폴더에 올라가 있었습니다.",
        )

    def handle(self, *args, dry_run=False, media_root=None, verbosity=1, **options):
        source = FileSystemStorage(location=media_root or settings.MEDIA_ROOT)
        counts = private_files_move(source=source, dry_run=dry_run)
        verb = "옮길 파일" if dry_run else "옮김"
        for count in counts:
            if verbosity or count.moved:
                self.stdout.write(
                    f"{count.field}: {verb} {count.moved:,}건, "
                    f"이미 비공개 {count.already_private:,}건, 파일 없음 {len(count.missing):,}건"
                )
            for missing in count.missing:
                self.stderr.write(f"  파일 없음: {missing}")
        if dry_run:
            self.stdout.write("시험 실행: 아무것도 바꾸지 않았습니다.")
