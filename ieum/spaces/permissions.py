"""Permissions of the spaces (ieum.core.permissions): staff run the facilities; enterprise
members book rooms and apply as tenants."""

from ieum.core.choices import STAFF_SIDE, Role
from ieum.core.permissions import register_permissions

register_permissions(
    {
        "spaces.view": STAFF_SIDE,
        "spaces.manage": STAFF_SIDE,
        "spaces.book": frozenset({Role.ENTERPRISE, Role.STAFF, Role.ADMIN}),
    }
)
