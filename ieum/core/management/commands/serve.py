"""`ieum serve`: the development server on 127.0.0.1:8000 (production uses gunicorn)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "개발용 서버를 실행합니다 (기본 127.0.0.1:8000). 운영에서는 gunicorn을 쓰세요."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        call_command("runserver", addrport, use_reloader=False)
