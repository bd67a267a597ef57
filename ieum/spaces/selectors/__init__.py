"""Every non-trivial read of the spaces app, one module per area."""
