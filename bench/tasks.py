"""Benchmark: background work. What queueing a job adds to a request, how fast two workers
drain 10,000 queued e-mails (and that none is sent twice), and the first search of a new process.

    .venv/bin/python bench/tasks.py                          # SQLite (var/bench-tasks.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ieum_bench_tasks .venv/bin/python bench/tasks.py

1. Enqueue: a request's transaction that queues one e-mail job on commit against the same
   transaction without it, `--enqueues` times each, interleaved; the median difference is what
   queueing adds (target ≤ 5 ms).
2. Drain: `--emails` notifications, each with its job, drained by two `ieum worker` processes
   writing mail to files (Django's file backend). Every notification must be marked sent once
   and appear in the files exactly once.
3. First search: a new process imports ieum.wsgi (as gunicorn does, which loads the morpheme
   model) and then runs one catalog search through the API; printed against a process that
   searches without the start-up load (target: the first search ≤ 1 s).

It prints figures and fails only if a mail was lost or sent twice.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mall import _prepare_database  # noqa: E402

SUBJECT = "ieum bench mail {:06d}"


def measure_enqueue(repeats: int) -> tuple[float, float, float]:
    from django.db import transaction

    from ieum.core.notifications import send_notification
    from ieum.core.tasks import enqueue_on_commit

    def plain() -> float:
        started = time.perf_counter()
        with transaction.atomic():
            pass
        return time.perf_counter() - started

    def queued() -> float:
        started = time.perf_counter()
        with transaction.atomic():
            enqueue_on_commit(send_notification, 0)
        return time.perf_counter() - started

    without, with_job = [], []
    for _ in range(repeats):
        without.append(plain())
        with_job.append(queued())
    base = statistics.median(without) * 1000
    queued_ms = statistics.median(with_job) * 1000
    return base, queued_ms, queued_ms - base


def queue_emails(count: int) -> None:
    from django.db import transaction

    from ieum.accounts.models import User
    from ieum.core.choices import Role
    from ieum.core.models import Notification
    from ieum.core.notifications import send_notification

    user, _ = User.objects.get_or_create(
        username="bench-mail", defaults={"role": Role.CITIZEN, "email": "bench@example.org"}
    )
    with transaction.atomic():
        notifications = Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind="bench",
                email="bench@example.org",
                language="ko",
                subject=SUBJECT.format(n),
                body="bench",
            )
            for n in range(count)
        )
        for notification in notifications:
            send_notification.enqueue(notification.pk)


def drain(count: int, workers: int) -> tuple[float, dict]:
    from django.db.models import Count
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from ieum.core.models import Notification

    outbox = Path(tempfile.mkdtemp(prefix="ieum-bench-mail-"))
    env = {
        **os.environ,
        # The development settings read EMAIL_BACKEND from the environment (the test settings
        # keep mail in memory); the database is the same (SQLITE_PATH or DATABASE_URL).
        "DJANGO_SETTINGS_MODULE": "ieum.settings.dev",
        "DEBUG": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "LOG_LEVEL": "ERROR",
        "IEUM_LOG_LEVEL": "ERROR",
    }
    env.pop("CACHE_BACKEND", None)
    # The workers load the morpheme model before their first job; start them, wait until both
    # have said they are alive, and only then queue the mail, so the time is the drain's alone.
    from ieum.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.all().delete()
    processes = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "ieum", "worker", "--interval", "0.1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    try:
        while WorkerHeartbeat.objects.count() < workers:
            time.sleep(0.2)
        queue_emails(count)
        started = time.perf_counter()
        pending = DBTaskResult.objects.filter(
            task_path="ieum.core.notifications.send_notification",
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        while pending.exists():
            time.sleep(0.5)
        seconds = time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    text = "".join(path.read_text() for path in outbox.glob("*.log"))
    subjects = re.findall(r"^Subject: (ieum bench mail \d{6})$", text, flags=re.MULTILINE)
    by_worker = (
        DBTaskResult.objects.filter(task_path="ieum.core.notifications.send_notification")
        .values("worker_ids")
        .annotate(n=Count("pk"))
    )
    checks = {
        "mails written": len(subjects),
        "distinct": len(set(subjects)),
        "marked sent": Notification.objects.filter(kind="bench", sent_at__isnull=False).count(),
        "workers used": len({tuple(row["worker_ids"]) for row in by_worker}),
    }
    return seconds, checks


def first_search() -> tuple[float, float, float]:
    """(start-up with the model load, first search after it, first search of a cold process)."""
    script = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ieum.settings.test")
mode = sys.argv[1]
started = time.perf_counter()
if mode == "warm":
    import ieum.wsgi  # what gunicorn imports: Django set up, the morpheme model loaded
else:
    import django
    django.setup()
ready = time.perf_counter()
from django.test import Client
import ieum.mall.services
Client().get("/api/mall/products", {"q": "대나무칫솔을"})
done = time.perf_counter()
print(ready - started, done - ready)
"""
    env = {**os.environ, "ALLOWED_HOSTS": "testserver"}

    def run(mode: str) -> tuple[float, float]:
        output = subprocess.run(  # noqa: S603
            [sys.executable, "-c", script, mode],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        ).stdout.split()
        return float(output[0]), float(output[1])

    startup, warm = run("warm")
    _cold_startup, cold = run("cold")
    return startup, warm, cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enqueues", type=int, default=500)
    parser.add_argument("--emails", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sqlite-path", default=str(ROOT / "var" / "bench-tasks.sqlite3"))
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ieum.settings.test")
    os.environ.setdefault("SQLITE_PATH", args.sqlite_path)
    _prepare_database(os.environ.get("DATABASE_URL"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from ieum.core.models import Notification

    call_command("migrate", verbosity=0)
    Notification.objects.filter(kind="bench").delete()
    DBTaskResult.objects.all().delete()
    print(f"{connection.vendor}, {args.emails:,} e-mails, {args.workers} workers", flush=True)

    base, queued, added = measure_enqueue(args.enqueues)
    print(
        f"enqueue: commit alone {base:.2f} ms, with one job queued {queued:.2f} ms "
        f"(median of {args.enqueues}): queueing adds {added:.2f} ms (target ≤ 5 ms)",
        flush=True,
    )
    DBTaskResult.objects.all().delete()

    seconds, checks = drain(args.emails, args.workers)
    print(
        f"drain: {args.emails:,} e-mails by {args.workers} workers in {seconds:.1f} s "
        f"({args.emails / seconds:,.0f}/s); "
        + ", ".join(f"{name} {value:,}" for name, value in checks.items()),
        flush=True,
    )
    once = checks["mails written"] == checks["distinct"] == checks["marked sent"] == args.emails
    print("e-mail: each sent exactly once" if once else "e-mail: LOST OR DUPLICATED", flush=True)

    startup, warm, cold = first_search()
    print(
        f"first search: process start-up {startup:.1f} s (model loaded), first search after it "
        f"{warm * 1000:.0f} ms (target ≤ 1 s); without the start-up load {cold:.1f} s",
        flush=True,
    )
    if not once:
        sys.exit(1)


if __name__ == "__main__":
    main()
