"""Permissions of the enterprise registry (ieum.core.permissions), and who may see one
enterprise."""

from ieum.core.choices import STAFF_SIDE, Role
from ieum.core.permissions import has_permission, register_permissions

register_permissions(
    {
        "enterprises.view": STAFF_SIDE,
        "enterprises.view_contacts": STAFF_SIDE,
        "enterprises.edit": STAFF_SIDE,
        "enterprises.import": STAFF_SIDE,
        "enterprises.export": STAFF_SIDE,
    }
)


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
