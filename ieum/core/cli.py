"""Commands acting for a person go through the same permission table as the pages and API."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from .permissions import has_permission, system_actor
from .tabular import REPORT_SUFFIXES, RowError, TabularError, read_table

USER_HELP = (
    "이 사용자로서 실행합니다: 화면·API와 같은 권한표로 확인합니다. "
    "생략하면 시스템 계정(system)으로 실행하고, 기록에도 그렇게 남습니다."
)


def acting_user(username: str | None, permission: str):
    """The person a command acts as: the active user named `username` if they hold
    `permission`, or the system actor when no name is given (the shell's operator, recorded as
    such in the logs and histories). The services check the permission again, as for a page.

    Raises CommandError (Korean) for an unknown user or a missing permission.
    """
    if not username:
        return system_actor()
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"사용자 '{username}'을(를) 찾을 수 없습니다.")
    if not has_permission(user, permission):
        raise CommandError(f"'{username}' 사용자는 이 작업을 할 권한이 없습니다 ({permission}).")
    return user


class TableImportCommand(BaseCommand):
    """A registry-style import from the shell: FILE, --partial, --dry-run, --report, --user.

    Subclasses set `permission`, `nouns` (new, changed, unchanged, each with its counter) and
    implement `run_import(table, *, actor, partial, dry_run, **options)`, returning a result
    with the fields of `ieum.core.tabular.ImportReport` plus rows, dry_run, accepted and
    ignored_columns.
    The command exits 1 when any row was refused, even when --partial saved the others.
    """

    permission = ""
    nouns = ("새로 등록 {:,}건", "갱신 {:,}건", "변경 없음 {:,}건")

    def add_arguments(self, parser):
        parser.add_argument("file", help="가져올 파일 (.xlsx 또는 .csv)")
        parser.add_argument(
            "--partial", action="store_true", help="잘못된 행만 빼고 나머지를 저장합니다."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="검사만 하고 아무것도 저장하지 않습니다."
        )
        parser.add_argument(
            "--report", metavar="OUT", help="결과 보고서를 저장할 파일 (.json 또는 .xlsx)"
        )
        parser.add_argument("--user", metavar="USERNAME", help=USER_HELP)

    def run_import(self, table, *, actor, partial: bool, dry_run: bool, **options):
        raise NotImplementedError

    def unreadable(self, error: RowError, *, partial: bool):
        """The result of a file that could not be read as a table at all."""
        raise NotImplementedError

    def handle(self, *args, file, partial, dry_run, report, user, **options):
        actor = acting_user(user, self.permission)
        if report and Path(report).suffix.lower() not in REPORT_SUFFIXES:
            raise CommandError("보고서 파일은 .json 또는 .xlsx로 끝나야 합니다.")
        try:
            table = read_table(file)
        except TabularError as exc:
            result = self.unreadable(exc.errors[0], partial=partial)
            result.errors = list(exc.errors)
        else:
            result = self.run_import(
                table, actor=actor, partial=partial, dry_run=dry_run, **options
            )
        if report:
            result.write(report)
        self.stdout.write("\n".join(self.summary(result)))
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            raise CommandError(f"오류 {len(result.errors)}건이 있습니다.")

    def summary(self, result) -> list[str]:
        new, changed, unchanged = self.nouns
        counts = " · ".join(
            (
                new.format(result.created),
                changed.format(result.updated),
                unchanged.format(result.skipped),
                f"오류 {len(result.errors):,}건",
            )
        )
        lines = [f"데이터 {result.rows:,}행: {counts}"]
        if result.ignored_columns:
            lines.append(f"무시한 열: {', '.join(result.ignored_columns)}")
        if result.dry_run:
            lines.append("시험 실행이라 아무것도 저장하지 않았습니다.")
        elif not result.accepted:
            lines.append(
                "오류가 있어 아무것도 저장하지 않았습니다. "
                "고친 뒤 다시 가져오거나 --partial 로 나머지만 저장하세요."
            )
        elif result.errors:
            lines.append("오류가 있는 행만 빼고 저장했습니다.")
        return lines
