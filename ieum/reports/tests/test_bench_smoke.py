"""The report benchmark still runs (at a toy size: the real figures come from bench/)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_report_benchmark_runs_at_toy_size(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "IEUM_VAR_DIR"}}
    env["IEUM_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [
            sys.executable,
            str(ROOT / "bench" / "report.py"),
            "--entries",
            "300",
            "--kpis",
            "130",
            "--repeat",
            "1",
            "--sqlite-path",
            str(tmp_path / "bench.sqlite3"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "sqlite: 300 ledger entries, 130 KPIs" in result.stdout
    assert "budget_status --format json" in result.stdout
    for name in ("html", "hwpx", "docx", "xlsx", "json"):
        assert f"report_build + {name}" in result.stdout
