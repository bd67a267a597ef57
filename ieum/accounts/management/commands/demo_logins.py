"""`ieum demo_logins`: the demo logins and where to sign in, printed after `ieum demo`."""

import unicodedata

from django.core.management.base import BaseCommand

from ieum.accounts.demo import DEMO_LOGINS
from ieum.accounts.models import User

DEMO_URL = "http://127.0.0.1:8000/"


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "데모 계정(역할, 아이디, 비밀번호)과 접속 주소를 보여 줍니다."

    def handle(self, *args, **options):
        usernames = set(
            User.objects.filter(
                username__in=[login.username for login in DEMO_LOGINS], is_active=True
            ).values_list("username", flat=True)
        )
        rows = [
            (str(login.role.label), login.username, login.password)
            for login in DEMO_LOGINS
            if login.username in usernames
        ]
        if not rows:
            self.stdout.write("데모 계정이 없습니다. 먼저 `ieum demo`를 실행하세요.")
            return
        header = ("역할", "아이디", "비밀번호")
        widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(3)]
        self.stdout.write("데모 계정")
        for row in (header, tuple("-" * w for w in widths), *rows):
            cells = [_pad(cell, width) for cell, width in zip(row, widths, strict=True)]
            self.stdout.write("  " + "  ".join(cells).rstrip())
        self.stdout.write(f"접속 주소: {DEMO_URL}")
