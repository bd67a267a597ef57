"""`ieum serve`: the development server on 127.0.0.1:8000, with a background worker beside it
(production runs gunicorn and `ieum worker` as separate processes)."""

import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "개발용 서버와 백그라운드 작업자를 함께 실행합니다 (기본 127.0.0.1:8000). "
        "운영에서는 gunicorn과 ieum worker를 따로 실행하세요."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-worker", action="store_true", help="백그라운드 작업자를 띄우지 않습니다."
        )

    def handle(self, *args, addrport, no_worker, **options):
        worker = None
        if not no_worker:
            worker = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "ieum", "worker"]
            )
        # A TERM (a service manager, `kill`) ends the server like Ctrl-C does, through the
        # `finally` below, so the worker never outlives it and runs old code on new jobs.
        signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
