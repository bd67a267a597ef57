"""The import benchmark still runs (at a toy size: the real figures come from bench/)."""

from ieum.core.testing import run_benchmark


def test_imports_benchmark_runs_at_toy_size(tmp_path):
    result = run_benchmark("imports.py", "--rows", "200", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "rows per file: 200" in result.stdout
    for name in ("ledger", "products"):
        line = next(line for line in result.stdout.splitlines() if line.startswith(name + " "))
        assert line.split()[-1] == "200"  # every row written
    assert "page upload (ledger" in result.stdout
