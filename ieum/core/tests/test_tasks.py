"""Background jobs: queued after commit, lost workers' jobs retried then failed, chores once
per period, the staff's jobs page with retry, and /healthz."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from ieum.core import tasks
from ieum.core.choices import Role
from ieum.core.models import ChoreRun, WorkerHeartbeat
from ieum.core.testing import run_queued_tasks

pytestmark = pytest.mark.django_db

CALLS: list[str] = []
LOST: list[tuple] = []


@task()
def record_call(word: str) -> str:
    """시험용 작업"""
    CALLS.append(word)
    return word


@task()
def always_fails() -> None:
    """시험용 실패 작업"""
    raise RuntimeError("일부러 실패")


@tasks.on_lost(record_call)
def _record_lost(args, kwargs, reason):
    LOST.append((args, reason))


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()
    LOST.clear()


def _running(worker_id: str, attempts: int = 1, started_minutes_ago: int = 5) -> DBTaskResult:
    result = record_call.enqueue("lost").db_result
    result.status = TaskResultStatus.RUNNING
    result.worker_ids = [f"old-{n}" for n in range(attempts - 1)] + [worker_id]
    result.started_at = timezone.now() - datetime.timedelta(minutes=started_minutes_ago)
    result.save()
    return result


def _beat(worker_id: str, seconds_ago: float) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname="host",
        pid=1,
        started_at=now - datetime.timedelta(hours=1),
        seen_at=now - datetime.timedelta(seconds=seconds_ago),
    )


def test_enqueue_on_commit_queues_after_commit_and_nothing_on_rollback(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_on_commit(record_call, "kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        tasks.enqueue_on_commit(record_call, "rolled back")
        raise RuntimeError
    run_queued_tasks()
    assert CALLS == ["kept"]


def test_a_failed_job_is_recorded_with_its_reason():
    always_fails.enqueue()
    [result] = run_queued_tasks(raise_failures=False)
    assert result.status == TaskResultStatus.FAILED
    assert tasks.task_failure_reason(result) == "RuntimeError: 일부러 실패"
    assert tasks.task_label(result) == "시험용 실패 작업"


def test_a_job_of_a_lost_worker_is_retried_then_failed_with_the_reason():
    _beat("alive", seconds_ago=1)
    _beat("dead", seconds_ago=600)
    kept = _running("alive")
    first = _running("dead", attempts=1)
    second = _running("dead", attempts=2)
    counts = tasks.reap_lost_tasks()
    assert counts == {"retried": 1, "failed": 1}
    kept.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert kept.status == TaskResultStatus.RUNNING
    assert first.status == TaskResultStatus.READY
    assert second.status == TaskResultStatus.FAILED
    assert "멈췄습니다" in second.traceback
    assert [(["lost"], second.traceback)] == LOST
    # The requeued job runs again on the next worker.
    run_queued_tasks()
    assert CALLS == ["lost"]


def test_a_job_with_no_heartbeat_at_all_is_lost_but_a_just_claimed_one_is_not():
    unknown = _running("never-seen")
    fresh = _running("starting", started_minutes_ago=0)
    tasks.reap_lost_tasks()
    unknown.refresh_from_db()
    fresh.refresh_from_db()
    assert unknown.status == TaskResultStatus.READY
    assert fresh.status == TaskResultStatus.RUNNING


def test_a_chore_is_queued_once_per_period_whichever_worker_asks():
    tasks.register_chore("test.record", task=record_call.using(), every="daily", hour=0)
    try:
        now = timezone.now()
        first = tasks.schedule_due_chores(worker_id="a", now=now)
        second = tasks.schedule_due_chores(worker_id="b", now=now)
        assert "test.record" in first
        assert "test.record" not in second
        assert ChoreRun.objects.filter(chore="test.record").count() == 1
        tomorrow = now + datetime.timedelta(days=1)
        assert "test.record" in tasks.schedule_due_chores(worker_id="b", now=tomorrow)
    finally:
        tasks._chores.pop("test.record")


def test_a_daily_chore_waits_for_its_hour():
    chore = tasks.Chore(name="x", task=record_call, hour=3)
    seoul = timezone.get_default_timezone()
    assert chore.period(datetime.datetime(2022, 10, 31, 2, 59, tzinfo=seoul)) is None
    assert chore.period(datetime.datetime(2022, 10, 31, 3, 0, tzinfo=seoul)) == "2022-10-31"


def test_the_apps_chores_are_registered():
    names = {chore.name for chore in tasks.chores()}
    assert {"spaces.end_tenancies", "spaces.hygiene_reminders", "mall.expire_quotes"} <= names


def test_staff_see_failed_jobs_and_retry_them(client, make_user):
    always_fails.enqueue()
    [failed] = run_queued_tasks(raise_failures=False)
    client.force_login(make_user(Role.STAFF))
    page = client.get(reverse("core:task-list"), {"status": "FAILED"})
    assert page.status_code == 200
    assert "RuntimeError: 일부러 실패" in page.content.decode()
    response = client.post(reverse("core:task-retry", args=[failed.pk]))
    assert response.status_code == 302
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_only_failed_jobs_can_be_retried_and_only_by_staff(client, make_user):
    result = record_call.enqueue("x").db_result
    client.force_login(make_user(Role.STAFF))
    client.post(reverse("core:task-retry", args=[result.pk]))
    assert DBTaskResult.objects.count() == 1
    client.force_login(make_user(Role.ENTERPRISE))
    assert client.post(reverse("core:task-retry", args=[result.pk])).status_code == 403


def test_healthz_reports_database_cache_and_workers_without_secrets(client):
    body = client.get("/healthz").json()
    assert body["checks"] == {"database": "ok", "cache": "ok", "worker": "down"}
    assert body["status"] == "degraded"
    _beat("w", seconds_ago=1)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "postgres" not in response.content.decode() and "sqlite" not in response.content.decode()


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
)
def test_healthz_is_503_when_the_cache_is_down(client):
    from django.core.cache import caches

    caches._settings = None  # read the overridden CACHES
    try:
        response = client.get("/healthz")
    finally:
        caches._settings = None
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "down"


def test_staff_queue_a_search_rebuild_that_a_worker_runs(client, make_user):
    from ieum.enterprises.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(name="햇살나눔 도시락")
    client.force_login(make_user(Role.STAFF))
    assert client.post(reverse("core:search-reindex")).status_code == 302
    [result] = run_queued_tasks()
    assert result.return_value["enterprises.enterprise"] >= 1
    from ieum.enterprises.selectors import EnterpriseFilters, enterprise_list

    assert enterprise in enterprise_list(EnterpriseFilters(q="도시락을"))


def test_the_console_card_counts_failed_jobs_and_live_workers(client, make_user):
    always_fails.enqueue()
    run_queued_tasks(raise_failures=False)
    _beat("w", seconds_ago=1)
    client.force_login(make_user(Role.STAFF))
    page = client.get(reverse("core:console")).content.decode()
    assert "백그라운드 작업" in page and "실패 1건" in page and "작업자 1개 실행 중" in page
    tasks_page = client.get(reverse("core:task-list")).content.decode()
    assert "실패" in tasks_page and "FAILED" not in tasks_page.split("<tbody>")[-1]
