"""Several processes work as one: two gunicorn web processes and two workers on one PostgreSQL
database and one Redis, as two machines would run them.

- a product changed through one web process is found by a search through the other at once
  (the facet counts live in the shared cache, and the write moves its version);
- an import uploaded through one finishes on a worker, and the other shows its progress;
- a worker killed with SIGKILL in the middle of a job leaves the job retried, never "running";
- a chore due once is run once, though both workers reach it.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ieum.accounts.services import api_token_create
from ieum.core.choices import ImportJobStatus, Role
from ieum.core.models import ChoreRun, ImportJob, WorkerHeartbeat
from ieum.core.testing import needs_postgresql, subprocess_env, worker_process
from ieum.enterprises.tests.factories import valid_brn
from ieum.mall.services.catalog import product_reindex
from ieum.mall.tests.factories import ProductFactory, VendorFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        return False
    return True


pytestmark = [
    needs_postgresql,
    pytest.mark.skipif(not _redis_reachable(), reason="Redis is not running on 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "ieum-multi-Password-1"  # noqa: S105


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until(condition, *, timeout: float, step: float = 0.2, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {what}")


class Web:
    """One gunicorn process (one worker) on its own port, as if on its own machine."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "ieum.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def ready(self) -> bool:
        try:
            return requests.get(f"{self.url}/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _signed_in(web: Web, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{web.url}/accounts/login/", timeout=10)
    response = session.post(
        f"{web.url}/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{web.url}/accounts/login/"},
        timeout=30,
    )
    assert response.ok, response.text[:500]
    return session


def _upload(session: requests.Session, web: Web, rows: int, first: int) -> None:
    lines = ["기업명,사업자등록번호,자치구"]
    lines += [f"다중처리기업{n},{valid_brn(n)},은평구" for n in range(first, first + rows)]
    session.get(f"{web.url}/enterprises/import/", timeout=10)
    response = session.post(
        f"{web.url}/enterprises/import/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        files={"file": ("기업목록.csv", "\n".join(lines).encode(), "text/csv")},
        headers={"Referer": f"{web.url}/enterprises/import/"},
        timeout=60,
    )
    assert response.ok, response.text[:500]


@pytest.fixture
def cluster(tmp_path, make_user):
    """Two web processes and two workers on the test database and a Redis database of their
    own; yields (web_a, web_b, workers)."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    staff = make_user(Role.STAFF)
    staff.set_password(PASSWORD)
    staff.save()
    env = subprocess_env(
        var_dir=tmp_path,
        REDIS_URL=REDIS_URL,
        WORKER_HEARTBEAT_SECONDS="1",
        WORKER_LOST_SECONDS="6",
        TASK_MAX_ATTEMPTS="2",
    )
    webs = [Web(env, tmp_path / "web-a.log"), Web(env, tmp_path / "web-b.log")]
    extra = {k: env[k] for k in ("REDIS_URL", "WORKER_HEARTBEAT_SECONDS", "WORKER_LOST_SECONDS")}
    with (
        worker_process(var_dir=tmp_path, **extra) as first,
        worker_process(var_dir=tmp_path, **extra) as second,
    ):
        try:
            for web in webs:
                _wait_until(web.ready, timeout=120, what="gunicorn to answer")
            _wait_until(
                lambda: WorkerHeartbeat.objects.count() == 2, timeout=120, what="two workers"
            )
            yield webs[0], webs[1], [first, second], staff
        finally:
            for web in webs:
                web.stop()


def test_processes_on_one_database_and_redis_work_as_one(cluster):
    web_a, web_b, workers, staff = cluster

    # A chore due today is claimed once, though both workers look for it every second.
    today = timezone.localdate().isoformat()
    _wait_until(
        lambda: ChoreRun.objects.filter(chore="spaces.end_tenancies", period=today).exists(),
        timeout=30,
        what="the daily chore",
    )
    time.sleep(3)  # both workers have kept house several times since
    assert ChoreRun.objects.filter(chore="spaces.end_tenancies", period=today).count() == 1
    chore_jobs = DBTaskResult.objects.filter(task_path="ieum.spaces.tasks.end_tenancies")
    assert chore_jobs.count() == 1
    _wait_until(
        lambda: chore_jobs.get().status == TaskResultStatus.SUCCESSFUL, timeout=30, what="chore"
    )

    # A product written through A is found through B at once, counts included.
    vendor = VendorFactory()
    member = make_vendor_member(vendor)
    kept = ProductFactory(vendor=vendor, name="천연 비누")
    renamed = ProductFactory(vendor=vendor, name="대나무 칫솔")
    product_reindex([kept.pk, renamed.pk])
    _token, raw = api_token_create(user=member, name="test")
    search = f"{web_b.url}/api/mall/products"
    assert requests.get(search, params={"q": "비누"}, timeout=30).json()["total"] == 1
    response = requests.patch(
        f"{web_a.url}/api/mall/vendor/products/{renamed.pk}",
        json={"name": "무지개 비누"},
        headers={"Authorization": f"Bearer {raw}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    found = requests.get(search, params={"q": "비누"}, timeout=30).json()
    assert found["total"] == 2
    assert {item["name"] for item in found["items"]} == {"천연 비누", "무지개 비누"}

    # An import uploaded through A runs on a worker; B shows its progress and its end.
    session_a = _signed_in(web_a, staff.username)
    session_b = _signed_in(web_b, staff.username)
    _upload(session_a, web_a, rows=600, first=500_000)
    job = ImportJob.objects.latest("pk")
    status_b = f"{web_b.url}/enterprises/import/{job.pk}/status/"
    _wait_until(
        lambda: "600" in session_b.get(status_b, timeout=30).text,
        timeout=120,
        what="B to show the job's rows",
    )
    _wait_until(
        lambda: ImportJob.objects.get(pk=job.pk).is_finished,
        timeout=120,
        what="the import to finish",
    )
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportJobStatus.SUCCEEDED, 600)
    assert "완료" in session_b.get(status_b, timeout=30).text

    # A worker killed in the middle of a job: the job is run again by the other worker.
    _upload(session_a, web_a, rows=20_000, first=600_000)
    big = ImportJob.objects.latest("pk")
    result = _wait_until(
        lambda: DBTaskResult.objects.filter(
            task_path="ieum.core.imports.run_import_job", status=TaskResultStatus.RUNNING
        ).first(),
        timeout=60,
        what="the big import to start",
    )
    victim = WorkerHeartbeat.objects.get(worker_id=result.worker_ids[-1])
    os.kill(victim.pid, signal.SIGKILL)
    finished = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    _wait_until(
        lambda: DBTaskResult.objects.get(pk=result.pk).status in finished,
        timeout=240,
        step=0.5,
        what="the killed worker's job to be retried and finish",
    )
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(result.worker_ids) == 2 and result.worker_ids[0] != result.worker_ids[1]
    big.refresh_from_db()
    assert (big.status, big.created_count) == (ImportJobStatus.SUCCEEDED, 20_000)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
    assert any(w.poll() == -signal.SIGKILL for w in workers)


def make_vendor_member(vendor):
    from ieum.mall.tests.factories import VendorMemberFactory

    return VendorMemberFactory(enterprise=vendor.enterprise)
