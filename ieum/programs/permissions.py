"""Permissions of business lines, KPIs and milestones (ieum.core.permissions)."""

from ieum.core.choices import STAFF_SIDE
from ieum.core.permissions import register_permissions

register_permissions({"programs.view": STAFF_SIDE, "programs.edit": STAFF_SIDE})
