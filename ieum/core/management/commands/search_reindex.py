from django.core.management.base import BaseCommand

from ieum.core.search import rebuild_all
from ieum.core.tasks import rebuild_search_index


class Command(BaseCommand):
    help = (
        "검색 색인을 모든 데이터에서 다시 만듭니다 (형태소 분석기를 바꾼 뒤 등). "
        "--queue면 작업자에게 맡기고 바로 끝납니다."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue", action="store_true", help="작업자(ieum worker)가 처리하도록 대기열에 넣기"
        )

    def handle(self, *args, queue=False, **options):
        if queue:
            result = rebuild_search_index.enqueue()
            self.stdout.write(f"검색 색인 작업을 대기열에 넣었습니다 (작업 {result.id}).")
            return
        for kind, count in rebuild_all().items():
            self.stdout.write(f"{kind}: {count:,}건 색인")
