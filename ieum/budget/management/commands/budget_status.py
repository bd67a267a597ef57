import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from ieum.budget.selectors import budget_execution
from ieum.core.cli import USER_HELP, acting_user
from ieum.core.money import format_rate, format_thousand_won


class Command(BaseCommand):
    help = "회계연도 예산의 기준일 집행 현황(예산액·집행액·집행률)을 표 또는 JSON으로 보여 줍니다."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="회계연도")
        parser.add_argument(
            "--as-of", required=True, metavar="YYYY-MM-DD", help="기준일 (이날까지의 집행)"
        )
        parser.add_argument("--format", choices=("table", "json"), default="table")
        parser.add_argument("--user", metavar="USERNAME", help=USER_HELP)

    def handle(self, *args, year, as_of, format, user, **options):  # noqa: A002
        acting_user(user, "budget.view")
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            raise CommandError(
                f"기준일 '{as_of}'을(를) 읽을 수 없습니다 (예: 2022-10-31)."
            ) from None
        root = budget_execution(year=year, as_of=day)
        if root is None:
            raise CommandError(f"{year}년 예산이 없습니다.")
        if format == "json":
            self.stdout.write(json.dumps(root.as_dict(), ensure_ascii=False, indent=2))
            return
        rows = [
            (
                "  " * depth + node.name,
                format_thousand_won(node.budget_won),
                format_thousand_won(node.executed_won),
                format_rate(node.executed_won, node.budget_won),
            )
            for depth, node in root.walk()
        ]
        header = ("구분", "예산액(교부액)", "집행액", "집행률")
        self.stdout.write(f"{year}년 예산 집행 현황 ({day.isoformat()} 기준, 단위: 천원)")
        table = [header, *rows]
        widths = [max(_width(row[column]) for row in table) for column in range(4)]
        for row in table:
            cells = [_pad(row[0], widths[0], right=False)]
            cells += [_pad(row[column], widths[column]) for column in (1, 2, 3)]
            self.stdout.write("  ".join(cells))


def _pad(text: str, width: int, *, right: bool = True) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def _width(text: str) -> int:
    """Display width: Hangul takes two columns in a terminal."""
    return sum(2 if ord(char) >= 0x1100 else 1 for char in text)
