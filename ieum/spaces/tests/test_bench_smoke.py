"""The spaces benchmark still runs (at a toy size: the real figures come from bench/spaces.py)."""

import os
import subprocess
import sys

import pytest

from ieum.core.testing import ROOT, run_benchmark

TOY = ("--rooms", "10", "--bookings", "2000", "--requests", "2")


def test_spaces_benchmark_runs_at_toy_size(tmp_path):
    result = run_benchmark("spaces.py", *TOY, "--load", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "sqlite, 10 rooms, 2,000 bookings" in result.stdout
    for scenario in (
        "room week calendar (page, staff)",
        "facility week calendar (page, staff)",
        "availability, all rooms, a day (page)",
        "availability, all rooms, a day (API)",
    ):
        assert scenario in result.stdout
    assert "targets of issue 5" in result.stdout
    assert "load test: PostgreSQL only" in result.stdout


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the load test needs PostgreSQL (the test run's DATABASE_URL)",
)
def test_simultaneous_bookings_of_one_slot_on_postgresql(tmp_path):
    """Eight members booking one slot at once through gunicorn, on a database of its own."""
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"ieum_bench_spaces_smoke_{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": f"{server}/{name}", "IEUM_VAR_DIR": str(tmp_path)}
    command = [sys.executable, str(ROOT / "bench" / "spaces.py"), *TOY]
    command += ["--load", "--load-clients", "8", "--load-workers", "2"]
    try:
        result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            command, capture_output=True, text=True, env=env, timeout=300, check=False
        )
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    assert "load test: OK" in result.stdout
    assert "1 created, 7 refused (422, 7 naming the collision), 0 server errors" in result.stdout
