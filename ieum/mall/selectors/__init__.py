"""Every non-trivial read of the mall, one module per area."""
