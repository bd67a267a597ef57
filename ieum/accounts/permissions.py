"""Who may do what: the one table that views, the API and the CLI all consult."""

from django.core.exceptions import PermissionDenied

from .choices import Role

STAFF_SIDE = frozenset({Role.STAFF, Role.ADMIN})

PERMISSIONS: dict[str, frozenset[str]] = {
    "console.view": STAFF_SIDE,
    "tasks.manage": STAFF_SIDE,
    "organization.view": STAFF_SIDE,
    "organization.edit": STAFF_SIDE,
    "enterprises.view": STAFF_SIDE,
    "enterprises.view_contacts": STAFF_SIDE,
    "enterprises.edit": STAFF_SIDE,
    "enterprises.import": STAFF_SIDE,
    "enterprises.export": STAFF_SIDE,
    "budget.view": STAFF_SIDE,
    "budget.edit": STAFF_SIDE,
    "budget.override": frozenset({Role.ADMIN}),
    "programs.view": STAFF_SIDE,
    "programs.edit": STAFF_SIDE,
    "reports.view": STAFF_SIDE,
    # 함께누리: staff run the mall; buyers buy for their institution (once their membership is
    # approved); enterprise members sell for their enterprise (once it is an approved vendor).
    "mall.view": STAFF_SIDE,
    "mall.manage": STAFF_SIDE,
    "mall.buy": frozenset({Role.BUYER}),
    "mall.sell": frozenset({Role.ENTERPRISE}),
    # Spaces: staff run the facilities; enterprise members book rooms and apply as tenants.
    "spaces.view": STAFF_SIDE,
    "spaces.manage": STAFF_SIDE,
    "spaces.book": frozenset({Role.ENTERPRISE, Role.STAFF, Role.ADMIN}),
    "api.use": frozenset(Role.values),
    "admin.site": frozenset({Role.ADMIN}),
}

# Permissions that a role alone does not give: an administrator grants them to a staff member
# one by one (Django's user permissions, in the admin), e.g. the finance officer who may
# override a spending limit with a reason.
GRANTED: dict[str, str] = {
    "budget.override": "budget.override_expenditure",
}


def has_permission(user, permission: str) -> bool:
    """True if `user` (signed in, active) holds `permission` by its role."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role in PERMISSIONS[permission]:
        return True
    return permission in GRANTED and user.role == Role.STAFF and user.has_perm(GRANTED[permission])


def require_permission(user, permission: str) -> None:
    if not has_permission(user, permission):
        raise PermissionDenied("이 작업을 할 권한이 없습니다.")


def can_view_enterprise(user, enterprise) -> bool:
    """Staff see every enterprise; a member sees the enterprise they belong to."""
    if has_permission(user, "enterprises.view"):
        return True
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.ENTERPRISE
        and user.enterprise_id == enterprise.pk
    )
