"""Spaces: the rooms of the center's facilities (`organization.Facility`), their bookings, the
tenants and their contracts, the shared kitchen's agreements, and the fees that follow. One
module per area; every model is importable from here."""

from .bookings import Booking, BookingSeries
from .fees import Invoice
from .kitchen import KitchenAgreement
from .rooms import ClosedDay, Room
from .tenants import Tenancy, TenantApplication, TenantCall

__all__ = [
    "Booking",
    "BookingSeries",
    "ClosedDay",
    "Invoice",
    "KitchenAgreement",
    "Room",
    "Tenancy",
    "TenantApplication",
    "TenantCall",
]
