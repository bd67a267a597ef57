"""The registry benchmark still runs (at a toy size: the real figures come from bench/)."""

from ieum.core.testing import run_benchmark


def test_registry_benchmark_runs_at_toy_size(tmp_path):
    result = run_benchmark("registry.py", "--count", "300", "--requests", "2", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "sqlite, 300 enterprises" in result.stdout
    assert "search, common word" in result.stdout
