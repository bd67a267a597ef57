"""The mall benchmark still runs (at a toy size: the real figures come from bench/mall.py)."""

import os
import subprocess
import sys

import pytest

from ieum.core.testing import ROOT, run_benchmark

TOY = ("--products", "400", "--lines", "3000", "--vendors", "20", "--buyers-per-institution", "1")


def test_mall_benchmark_runs_at_toy_size(tmp_path):
    result = run_benchmark("mall.py", *TOY, "--requests", "2", "--load", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "sqlite, 400 products, 3,000 order lines" in result.stdout
    for scenario in (
        "search, common word",
        "search, rare word",
        "search, word + facet",
        "category page",
        "product page",
        "place an order (cart order form",
        "buyer's orders, first page",
        "buyer's purchase records",
    ):
        assert scenario in result.stdout
    assert "targets of issue 4" in result.stdout
    assert "load test: PostgreSQL only" in result.stdout


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the load test needs PostgreSQL (the test run's DATABASE_URL)",
)
def test_mall_load_test_runs_on_postgresql(tmp_path):
    """A few seconds of buyers ordering through gunicorn, on a database of its own."""
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"ieum_bench_mall_smoke_{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": f"{server}/{name}", "IEUM_VAR_DIR": str(tmp_path)}
    command = [sys.executable, str(ROOT / "bench" / "mall.py"), *TOY, "--requests", "1"]
    command += ["--load", "--load-buyers", "4", "--load-seconds", "3", "--load-workers", "2"]
    try:
        result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            command, capture_output=True, text=True, env=env, timeout=300, check=False
        )
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    assert "load test: OK" in result.stdout
    assert "HTTP errors 0" in result.stdout
