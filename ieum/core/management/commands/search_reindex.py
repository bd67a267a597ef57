from django.core.management.base import BaseCommand

from ieum.core.search import rebuild_all


class Command(BaseCommand):
    help = "검색 색인을 모든 데이터에서 다시 만듭니다 (형태소 분석기를 바꾼 뒤 등)."

    def handle(self, *args, **options):
        for kind, count in rebuild_all().items():
            self.stdout.write(f"{kind}: {count:,}건 색인")
