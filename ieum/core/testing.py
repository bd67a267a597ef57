"""Helpers for tests that several apps share."""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


def run_queued_tasks(*, raise_failures: bool = True) -> list:
    """Run every queued background job in this process, as `ieum worker --batch` would, and
    return their results; a job that failed fails the test unless `raise_failures` is False."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    before = set(DBTaskResult.objects.finished().values_list("pk", flat=True))
    # The worker's own loop closes the connection between jobs, which a test's transaction
    # cannot survive: claim and run each ready job the way its loop does, without that.
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
    results = list(DBTaskResult.objects.finished().exclude(pk__in=before).order_by("finished_at"))
    if raise_failures:
        for result in results:
            if result.status == TaskResultStatus.FAILED:
                raise AssertionError(f"task {result.task_path} failed:\n{result.traceback}")
    return results


def subprocess_env(*, var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for another ieum process on this test run's (test) database, with its
    files in `var_dir` like the test's own (media/ and private/ there, see ieum/conftest.py)."""
    from django.db import connection

    database = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(DJANGO_SETTINGS_MODULE="ieum.settings.test", IEUM_VAR_DIR=str(var_dir), **extra)
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(database["NAME"])
    else:
        user = database.get("USER") or "postgres"
        host = database.get("HOST") or "127.0.0.1"
        port = database.get("PORT") or 5432
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{database['NAME']}"
    return env


@contextmanager
def worker_process(*, var_dir: Path, **extra_env: str) -> Iterator[subprocess.Popen]:
    """`ieum worker` in its own process on the test database, for tests that commit
    (django_db(transaction=True)); stopped (SIGTERM, then SIGKILL) when the block ends."""
    process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "ieum", "worker", "--interval", "0.2"],
        env=subprocess_env(var_dir=var_dir, **extra_env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_rows(app_label: str) -> dict:
    """Every row of every model of an app, to prove that a refused call wrote nothing."""
    from django.apps import apps

    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config(app_label).get_models()
    }


def write_services(module) -> set[str]:
    """The public services of a services module (those wrapped by ieum.core.logs.service)."""
    return {
        name
        for name, value in vars(module).items()
        if callable(value) and getattr(value, "__wrapped__", None) and not name.startswith("_")
    }


def assert_refused_and_nothing_written(app_label: str, call) -> None:
    """`call()` raises PermissionDenied and no row of the app changed."""
    from django.core.exceptions import PermissionDenied

    before = app_rows(app_label)
    with pytest.raises(PermissionDenied):
        call()
    if app_rows(app_label) != before:
        raise AssertionError(f"a refused call changed rows of {app_label}")


def assert_something_written(app_label: str, call) -> None:
    """`call()` succeeds and changes at least one row of the app."""
    before = app_rows(app_label)
    call()
    if app_rows(app_label) == before:
        raise AssertionError(f"the call changed no row of {app_label}")
