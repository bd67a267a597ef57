"""Commands acting for a person go through the same permission table as the pages and API."""

from django.core.management.base import CommandError

from .models import User
from .permissions import has_permission

USER_HELP = (
    "이 사용자로서 실행합니다: 화면·API와 같은 권한표로 확인합니다. "
    "생략하면 서버 운영자(셸 접근 권한자)로서 실행합니다."
)


def acting_user(username: str | None, permission: str) -> User | None:
    """The active user named `username` if they hold `permission`; None when no name is given.

    Raises CommandError (Korean) for an unknown user or a missing permission.
    """
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"사용자 '{username}'을(를) 찾을 수 없습니다.")
    if not has_permission(user, permission):
        raise CommandError(f"'{username}' 사용자는 이 작업을 할 권한이 없습니다 ({permission}).")
    return user
