"""Every write of the spaces app, one module per area."""
