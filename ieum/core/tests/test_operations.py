"""Operations: the API's documentation works on a closed network, logs are structured and
carry ids only, the morpheme model is loaded when a process starts, and the development server
takes its worker with it when it stops."""

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError

from ieum.core.logs import JsonFormatter, audit, service
from ieum.core.testing import ROOT


@pytest.mark.django_db
def test_api_docs_load_their_viewer_from_ieum_itself(client):
    page = client.get("/api/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert not [s for s in sources if s.startswith(("http://", "https://", "//"))]
    # Served by ieum from its static files (collectstatic gathers them for production).
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/").split("?")[0]), source


def test_json_log_lines_carry_the_structured_fields(caplog):
    record = logging.makeLogRecord(
        {"name": "ieum.audit", "levelno": 20, "levelname": "INFO", "msg": "x done"}
    )
    record.action = "mall.order_place"
    record.actor = 7
    line = json.loads(JsonFormatter().format(record))
    assert line["action"] == "mall.order_place"
    assert line["actor"] == 7
    assert line["message"] == "x done"


class _User:
    is_authenticated = True
    pk = 12
    email = "someone@example.org"


def test_a_service_call_is_logged_with_ids_and_outcome(caplog):
    @service
    def thing_refuse(*, actor):
        raise ValidationError({"name": "이름을 적어 주세요."})

    caplog.set_level(logging.INFO, logger="ieum.audit")
    with pytest.raises(ValidationError):
        thing_refuse(actor=_User())
    [record] = caplog.records
    assert (record.outcome, record.actor, record.fields) == ("refused", 12, ["name"])
    assert "someone@example.org" not in json.dumps(vars(record), default=str)
    audit("vendor.approve", actor=_User())
    assert caplog.records[-1].actor == 12


def test_a_web_process_loads_the_morpheme_model_as_it_starts():
    script = (
        "import time, ieum.wsgi\n"
        "from ieum.core import search\n"
        "started = time.perf_counter()\n"
        "search.tokenize('대나무칫솔을 샀다')\n"
        "print(time.perf_counter() - started)\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "ieum.settings.test", "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=True,
    )
    assert float(result.stdout.strip()) < 0.5


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_stopping_the_development_server_stops_its_worker(tmp_path):
    """`ieum serve` told to stop by TERM (as `kill` or a service manager does) takes its worker
    with it: an orphaned worker would go on running old code on new jobs."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(DJANGO_SETTINGS_MODULE="ieum.settings.test", IEUM_VAR_DIR=str(tmp_path))
    ieum = [sys.executable, "-m", "ieum"]
    subprocess.run([*ieum, "migrate", "-v", "0"], env=env, cwd=ROOT, check=True, timeout=300)  # noqa: S603
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [*ieum, "serve", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while not (workers := _children(server.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert workers, "the server started no worker"
        time.sleep(2)
        assert all(_alive(pid) for pid in workers), "the worker died on its own"
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
