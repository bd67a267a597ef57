from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ieum.core.cli import USER_HELP, acting_user
from ieum.core.dates import parse_date
from ieum.spaces.services.tenants import tenancies_end_expired


class Command(BaseCommand):
    help = (
        "계약 기간이 끝난 입주 계약을 '계약 종료'로 바꿉니다. 매일 한 번 실행하세요 (cron 등). "
        "여러 번 실행해도 같습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", metavar="YYYY-MM-DD", help="기준일 (기본: 오늘)")
        parser.add_argument("--user", metavar="USERNAME", help=USER_HELP)

    def handle(self, *args, on=None, user=None, **options):
        actor = acting_user(user, "spaces.manage")
        try:
            day = parse_date(on) if on else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"기준일을 읽을 수 없습니다: {on}") from exc
        ended = tenancies_end_expired(on=day, actor=actor)
        self.stdout.write(f"{day:%Y-%m-%d} 기준 계약 종료로 바꾼 입주 계약: {ended}건")
