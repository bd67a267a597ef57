"""The report benchmark still runs (at a toy size: the real figures come from bench/)."""

from ieum.core.testing import run_benchmark


def test_report_benchmark_runs_at_toy_size(tmp_path):
    result = run_benchmark(
        "report.py", "--entries", "300", "--kpis", "130", "--repeat", "1", tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "sqlite: 300 ledger entries, 130 KPIs" in result.stdout
    assert "budget_status --format json" in result.stdout
    for name in ("html", "hwpx", "docx", "xlsx", "json"):
        assert f"report_build + {name}" in result.stdout
