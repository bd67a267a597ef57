from django.core.management.base import BaseCommand, CommandError

from ieum.accounts.models import User
from ieum.accounts.services import api_token_create


class Command(BaseCommand):
    help = "사용자의 개인 API 토큰을 만들어 출력합니다 (한 번만 표시됩니다)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="토큰 이름 (예: 구매시스템 연동)")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"사용자 '{username}'을(를) 찾을 수 없습니다.")
        _, raw = api_token_create(user=user, name=name)
        self.stdout.write(raw)
