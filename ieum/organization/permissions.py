"""Permissions of the center's organization pages (ieum.core.permissions)."""

from ieum.core.choices import STAFF_SIDE
from ieum.core.permissions import register_permissions

register_permissions({"organization.view": STAFF_SIDE, "organization.edit": STAFF_SIDE})
