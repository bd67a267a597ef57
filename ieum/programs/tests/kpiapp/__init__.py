"""A stand-in app whose only content is a kpis.py, to test that providers are discovered."""
