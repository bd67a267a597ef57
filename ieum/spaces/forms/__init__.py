"""Forms of the spaces pages: rooms and bookings in ``bookings``, tenants, kitchen and fees in
``tenants``."""
