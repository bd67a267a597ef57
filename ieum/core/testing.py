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
