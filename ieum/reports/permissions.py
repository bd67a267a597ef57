"""Permissions of the business report (ieum.core.permissions)."""

from ieum.core.choices import STAFF_SIDE
from ieum.core.permissions import register_permissions

register_permissions({"reports.view": STAFF_SIDE})
