"""`ieum worker`: run background jobs and the scheduled chores (see ieum.core.tasks).

Run one or more beside the web processes, on any machine that reaches the database. Each
claims jobs from the shared queue, writes a heartbeat, requeues or fails jobs of workers that
died, and enqueues the chores that are due (once per period, whichever worker gets there).
"""

import os
import socket
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from ieum.core import search, tasks


class Command(BaseCommand):
    help = (
        "백그라운드 작업(가져오기, 메일, 정기 작업)을 처리합니다. 여러 대에서 함께 돌려도 됩니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queues", default="*", help="처리할 큐 (쉼표로 구분, 기본: 모두)")
        parser.add_argument("--interval", type=float, default=1.0, help="큐가 비었을 때 쉬는 초")
        parser.add_argument("--batch", action="store_true", help="쌓인 작업을 모두 처리하고 끝냄")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--worker-id", default=None, help="작업자 ID (기본: 임의)")

    def handle(self, *args, queues, interval, batch, max_tasks, worker_id, **options):
        worker_id = worker_id or f"{socket.gethostname()[:30]}-{get_random_string(12)}"
        # Loaded before the first job, so no import or search job pays for it.
        search.warm_up()
        started_at = timezone.now()
        identity = {
            "worker_id": worker_id,
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": started_at,
        }
        tasks.heartbeat(**identity)
        stop = threading.Event()
        keeper = threading.Thread(
            target=self.keep_house, args=(identity, stop), name="ieum-housekeeping", daemon=True
        )
        keeper.start()
        self.stdout.write(f"작업자 {worker_id} 시작 (큐: {queues})")
        worker = Worker(
            queue_names=queues.split(","),
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
            keeper.join(timeout=5)
            tasks.WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()

    def keep_house(self, identity: dict, stop: threading.Event) -> None:
        """Heartbeat, lost jobs and chores, on this thread's own connection."""
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    tasks.heartbeat(**identity)
                    tasks.housekeeping(worker_id=identity["worker_id"])
                except Exception:
                    tasks.logger.exception("worker housekeeping failed")
                stop.wait(settings.WORKER_HEARTBEAT_SECONDS)
        finally:
            connection.close()
