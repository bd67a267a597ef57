"""Permissions of the budget (ieum.core.permissions). Overriding a spending limit is not given
by a role: an administrator grants Django's budget.override_expenditure to a staff member."""

from ieum.core.choices import STAFF_SIDE, Role
from ieum.core.permissions import register_permissions

register_permissions(
    {
        "budget.view": STAFF_SIDE,
        "budget.edit": STAFF_SIDE,
        "budget.override": frozenset({Role.ADMIN}),
    },
    granted={"budget.override": "budget.override_expenditure"},
)
