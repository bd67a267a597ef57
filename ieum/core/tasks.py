"""Background work: Django's tasks framework (django-tasks) on its database backend.

Apps declare tasks with `@task()` in their `tasks.py` and enqueue them after the transaction
that made the work commits (`enqueue_on_commit`), so a rolled-back request leaves no job.
`ieum worker` runs them; several workers, on several machines, share the queue (each job is
claimed with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL).

Besides running jobs, every worker keeps house (`housekeeping`, every few seconds):

- it writes its heartbeat (`WorkerHeartbeat`);
- it looks for jobs left "running" by a worker that has stopped sending heartbeats (killed,
  its machine gone): such a job is queued again until it has been tried TASK_MAX_ATTEMPTS
  times, then marked failed with the reason, and the task's `on_lost` handler (if any) records
  the failure where people look (an import job's page, say);
- it enqueues the scheduled chores that are due. A chore runs once per period however many
  workers run: the claim is a unique (chore, period) row in `ChoreRun`, inserted in the same
  transaction as the job, so of two workers reaching a chore at once only one insert succeeds.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from ieum.core.permissions import require_permission

from . import idempotency, search
from .models import ChoreRun, WorkerHeartbeat

logger = logging.getLogger(__name__)

LOST_EXCEPTION = "ieum.core.tasks.WorkerLost"


class WorkerLost(Exception):
    """The worker running a job stopped (killed, or its machine went away) before the job
    finished."""


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Queue `task` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


# Handlers called when a job is given up because its worker was lost: (args, kwargs, reason).
_lost_handlers: dict[str, Callable[[list, dict, str], None]] = {}


def on_lost(task: Task) -> Callable:
    """Register what to record when `task`'s job is marked failed because its worker died."""

    def register(handler: Callable[[list, dict, str], None]) -> Callable:
        _lost_handlers[task.module_path] = handler
        return handler

    return register


@dataclass(frozen=True)
class Chore:
    """A job the workers run on a schedule: daily at `hour` (Asia/Seoul), or every hour."""

    name: str
    task: Task
    every: str = "daily"
    hour: int = 3

    def period(self, now: datetime.datetime) -> str | None:
        """The period `now` falls in, or None when today's run is not yet due."""
        local = timezone.localtime(now)
        if self.every == "hourly":
            return local.strftime("%Y-%m-%dT%H")
        if local.hour < self.hour:
            return None
        return local.date().isoformat()


_chores: dict[str, Chore] = {}


def register_chore(name: str, *, task: Task, every: str = "daily", hour: int = 3) -> Chore:
    """Declare a chore (in an app's tasks.py); its name is its identity in `ChoreRun`."""
    if every not in ("daily", "hourly"):
        raise ValueError(f"chore {name!r}: every must be 'daily' or 'hourly'")
    chore = Chore(name=name, task=task, every=every, hour=hour)
    _chores[name] = chore
    return chore


def chores() -> list[Chore]:
    autodiscover_modules("tasks")
    return sorted(_chores.values(), key=lambda chore: chore.name)


def schedule_due_chores(*, worker_id: str, now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each chore whose period has no run yet; returns the names this worker claimed."""
    now = now or timezone.now()
    claimed = []
    for chore in chores():
        period = chore.period(now)
        if period is None or ChoreRun.objects.filter(chore=chore.name, period=period).exists():
            continue
        try:
            with transaction.atomic():
                run = ChoreRun.objects.create(chore=chore.name, period=period, worker_id=worker_id)
                result = chore.task.enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another worker claimed it first
        logger.info("chore %s queued for %s", chore.name, period, extra={"chore": chore.name})
        claimed.append(chore.name)
    return claimed


def heartbeat(*, worker_id: str, hostname: str, pid: int, started_at: datetime.datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": hostname[:255],
            "pid": pid,
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def reap_lost_tasks(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Retry or fail the jobs whose worker stopped sending heartbeats."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.WORKER_LOST_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    counts = {"retried": 0, "failed": 0}
    lost_handlers = []
    with transaction.atomic():
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for result in running:
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            if result.started_at and result.started_at >= cutoff:
                continue  # just claimed: its worker's first heartbeat may still be on its way
            worker = result.worker_ids[-1] if result.worker_ids else "?"
            if len(result.worker_ids) < settings.TASK_MAX_ATTEMPTS:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                counts["retried"] += 1
                logger.warning(
                    "job %s requeued: worker %s was lost", result.id, worker,
                    extra={"task": result.task_path, "worker": worker},
                )  # fmt: skip
                continue
            reason = (
                f"작업자({worker})가 작업 중에 멈췄습니다 "
                f"({len(result.worker_ids)}번 시도). 다시 시도하세요."
            )
            result.status = TaskResultStatus.FAILED
            result.finished_at = now
            result.exception_class_path = LOST_EXCEPTION
            result.traceback = reason
            result.save(
                update_fields=["status", "finished_at", "exception_class_path", "traceback"]
            )
            counts["failed"] += 1
            logger.error(
                "job %s failed: worker %s was lost", result.id, worker,
                extra={"task": result.task_path, "worker": worker},
            )  # fmt: skip
            handler = _lost_handlers.get(result.task_path)
            if handler is not None:
                lost_handlers.append((handler, result.args_kwargs, reason))
    for handler, args_kwargs, reason in lost_handlers:
        handler(args_kwargs["args"], args_kwargs["kwargs"], reason)
    # Forget workers silent for a day, so the table stays the size of the pool.
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return counts


def housekeeping(*, worker_id: str) -> None:
    """One round of what every worker does besides running jobs (see the module's text)."""
    autodiscover_modules("tasks")
    reap_lost_tasks()
    schedule_due_chores(worker_id=worker_id)


def workers_alive() -> int:
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.WORKER_LOST_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).count()


@task()
def rebuild_search_index() -> dict[str, int]:
    """검색 색인 다시 만들기"""
    return search.rebuild_all()


@task()
def purge_idempotency_keys() -> int:
    """만료된 멱등성 키 지우기"""
    return idempotency.purge_expired()


register_chore("core.purge_idempotency_keys", task=purge_idempotency_keys, every="hourly")


# The staff's view of the queue.


# django-tasks' own status labels are English; the staff see these.
STATUS_LABELS = {
    TaskResultStatus.READY: gettext_lazy("대기"),
    TaskResultStatus.RUNNING: gettext_lazy("진행 중"),
    TaskResultStatus.SUCCESSFUL: gettext_lazy("완료"),
    TaskResultStatus.FAILED: gettext_lazy("실패"),
}


def failed_recently(*, days: int = 7) -> int:
    since = timezone.now() - datetime.timedelta(days=days)
    return DBTaskResult.objects.failed().filter(finished_at__gte=since).count()


def task_label(result: DBTaskResult) -> str:
    """The first line of the task function's docstring, else its name."""
    try:
        doc = (result.task.func.__doc__ or "").strip()
    except (ImportError, AttributeError, ValueError):
        doc = ""
    return doc.splitlines()[0] if doc else result.task_name


def task_failure_reason(result: DBTaskResult) -> str:
    """What went wrong, in one line: the last line of the traceback."""
    lines = [line for line in (result.traceback or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def task_results(*, status: str | None = None, limit: int = 200) -> list[DBTaskResult]:
    results = DBTaskResult.objects.order_by("-enqueued_at")
    if status:
        results = results.filter(status=status)
    return list(results[:limit])


@transaction.atomic
def task_retry(*, actor, result_id: str) -> DBTaskResult:
    """Queue a failed job again with the same arguments (staff, from the jobs page)."""
    require_permission(actor, "tasks.manage")
    result = DBTaskResult.objects.select_for_update().get(pk=result_id)
    if result.status != TaskResultStatus.FAILED:
        raise ValidationError("실패한 작업만 다시 시도할 수 있습니다.")
    new = result.task.enqueue(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
    logger.info(
        "job %s retried as %s",
        result.id,
        new.id,
        extra={"actor": actor.pk, "task": result.task_path},
    )
    return new.db_result


def search_reindex_queue(*, actor) -> DBTaskResult:
    """Queue a rebuild of the whole search index (staff, from the jobs page)."""
    require_permission(actor, "tasks.manage")
    result = rebuild_search_index.enqueue()
    logger.info("search reindex queued", extra={"actor": actor.pk})
    return result.db_result
