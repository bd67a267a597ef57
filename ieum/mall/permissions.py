"""Permissions of 함께누리 (ieum.core.permissions): staff run the mall; buyers buy for their
institution (once their membership is approved); enterprise members sell for their enterprise
(once it is an approved vendor)."""

from ieum.core.choices import STAFF_SIDE, Role
from ieum.core.permissions import register_permissions

register_permissions(
    {
        "mall.view": STAFF_SIDE,
        "mall.manage": STAFF_SIDE,
        "mall.buy": frozenset({Role.BUYER}),
        "mall.sell": frozenset({Role.ENTERPRISE}),
    }
)
