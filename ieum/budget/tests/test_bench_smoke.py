"""The budget benchmark still runs (at a toy size: the real figures come from bench/)."""

from ieum.core.testing import run_benchmark


def test_budget_benchmark_runs_at_toy_size(tmp_path):
    result = run_benchmark("budget.py", "--entries", "500", "--repeat", "1", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "budget_status --format json" in result.stdout
    assert "ledger entries: 500" in result.stdout
