"""The background-work benchmark still runs (at a toy size: the figures come from
bench/tasks.py at 10,000 e-mails)."""

from ieum.core.testing import run_benchmark


def test_tasks_benchmark_runs_at_toy_size(tmp_path):
    result = run_benchmark("tasks.py", "--emails", "40", "--enqueues", "20", tmp_path=tmp_path)

    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    assert "queueing adds" in result.stdout
    assert "drain: 40 e-mails by 2 workers" in result.stdout
    assert "e-mail: each sent exactly once" in result.stdout
    assert "first search after it" in result.stdout
