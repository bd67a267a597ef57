"""Who may do what: the one permission table that views, the API, the CLI and the services
all consult.

The table is assembled from the apps: each declares its permissions in its own
`permissions.py` with `register_permissions` (discovered on first use, as console cards and
chores are), so core knows no app and an app's permissions live beside its code. Core
declares the ones of the platform itself below.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.utils.module_loading import autodiscover_modules

from .choices import EVERYONE, STAFF_SIDE, Role

# permission → the roles that hold it
PERMISSIONS: dict[str, frozenset[str]] = {}
# Permissions that a role alone does not give: an administrator grants them to a staff member
# one by one (Django's user permissions, in the admin), e.g. the finance officer who may
# override a spending limit with a reason. permission → Django permission ("app.codename").
GRANTED: dict[str, str] = {}
_discovered = False


def register_permissions(
    permissions: dict[str, Iterable[str]], *, granted: dict[str, str] | None = None
) -> None:
    """Declare permissions (in an app's permissions.py): {"mall.view": STAFF_SIDE, …}; a name
    declared twice with other roles is an error, so two apps cannot quietly disagree."""
    for name, roles in permissions.items():
        roles = frozenset(roles)
        if PERMISSIONS.get(name, roles) != roles:
            raise ValueError(f"permission {name!r} is declared twice with different roles")
        PERMISSIONS[name] = roles
    GRANTED.update(granted or {})


def permission_table() -> dict[str, frozenset[str]]:
    """Every permission of every app."""
    global _discovered
    if not _discovered:
        autodiscover_modules("permissions")
        _discovered = True
    return PERMISSIONS


def has_permission(user, permission: str) -> bool:
    """True if `user` (signed in, active) holds `permission` by its role, or by a grant."""
    table = permission_table()
    if permission not in table:
        raise KeyError(f"unknown permission {permission!r}")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role in table[permission]:
        return True
    return permission in GRANTED and user.role == Role.STAFF and user.has_perm(GRANTED[permission])


def require_permission(user, permission: str) -> None:
    if not has_permission(user, permission):
        raise PermissionDenied("이 작업을 할 권한이 없습니다.")


SYSTEM_USERNAME = "system"


def system_actor():
    """The named actor of the demo loaders, the chores and the commands run without --user.

    A real administrator row named "system" (created on first use) rather than None, so the
    services check it like anyone else and the audit log records who acted;
    its password is unusable and it has no e-mail, so no one can sign in as it. A row of that
    name that is not this actor (another role, a usable password) is refused, never borrowed.
    """
    user, _created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"role": Role.ADMIN, "display_name": "시스템", "password": make_password(None)},
    )
    if user.role != Role.ADMIN or user.has_usable_password() or not user.is_active:
        raise RuntimeError(
            f"a user named {SYSTEM_USERNAME!r} exists but is not the system actor "
            "(an active administrator with an unusable password)"
        )
    return user


register_permissions(
    {
        "console.view": STAFF_SIDE,
        "tasks.manage": STAFF_SIDE,
        "api.use": EVERYONE,
        "admin.site": frozenset({Role.ADMIN}),
    }
)
