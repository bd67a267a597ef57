"""Helpers for tests that several apps share."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_benchmark(script: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run bench/<script> at whatever (toy) size `args` say, on its own SQLite file in tmp_path,
    whatever database the test run itself uses: CI keeps the benchmarks working this way."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "IEUM_VAR_DIR"}}
    env["IEUM_VAR_DIR"] = str(tmp_path)
    command = [sys.executable, str(ROOT / "bench" / script), *args]
    command += ["--sqlite-path", str(tmp_path / "bench.sqlite3")]
    return subprocess.run(  # noqa: S603 - our own script, fixed arguments
        command, capture_output=True, text=True, env=env, timeout=300, check=False
    )


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Browser tests need Debian's chromium; .ci/run installs it when missing.
needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Debian's chromium is not installed (.ci/run)"
)


needs_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL (the test run's DATABASE_URL)",
)


def run_benchmark_on_postgresql(
    script: str, *args: str, tmp_path: Path
) -> subprocess.CompletedProcess:
    """Run bench/<script> against a throwaway PostgreSQL database on the test run's server
    (the load tests need several gunicorn processes on one database), then drop it."""
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"ieum_bench_smoke_{Path(script).stem}_{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": f"{server}/{name}", "IEUM_VAR_DIR": str(tmp_path)}
    command = [sys.executable, str(ROOT / "bench" / script), *args]
    try:
        return subprocess.run(  # noqa: S603 - our own script, fixed arguments
            command, capture_output=True, text=True, env=env, timeout=300, check=False
        )
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
