"""`ieum demo`: load the demo (the 2022 center from the seed plus labelled sample data).

Each app that has demo data provides `<app>/demo.py` with `load(stdout)`; they run in
INSTALLED_APPS order, each idempotent, so running the command twice changes nothing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


class Command(BaseCommand):
    help = "데모 데이터(2022년 센터 현황과 예시 기업 등)를 불러옵니다. 여러 번 실행해도 같습니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "apps",
            nargs="*",
            metavar="APP",
            help="이 앱들의 데모만 불러옵니다 (예: organization enterprises). 순서는 앱 순서대로.",
        )

    def handle(self, *args, **options):
        wanted = set(options["apps"])
        demo_apps = {
            config.label
            for config in apps.get_app_configs()
            if config.name.startswith("ieum.") and find_spec(f"{config.name}.demo") is not None
        }
        if unknown := wanted - demo_apps:
            raise CommandError(
                f"데모가 없는 앱입니다: {', '.join(sorted(unknown))} "
                f"(있는 앱: {', '.join(sorted(demo_apps))})"
            )
        for config in apps.get_app_configs():
            if config.label not in demo_apps or (wanted and config.label not in wanted):
                continue
            module = import_module(f"{config.name}.demo")
            with transaction.atomic():
                module.load(self.stdout)
        # Fresh statistics: without them SQLite's planner scans whole tables for rare words.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("데모 데이터를 불러왔습니다."))
