"""The load test of bench/mall.py --load: buyers ordering at once through gunicorn.

gunicorn serves `ieum.wsgi` with the production settings on a free local port, on the
benchmark's PostgreSQL database, the way the README runs it (4 workers, static files collected
into the benchmark's var directory, every request marked as forwarded by a TLS proxy). Each buyer
is a thread with its own session: it signs in through the login form, then, until the time is
up, puts a product in its cart and places the order, both through the HTML forms with their
CSRF token (or, with `--load-via api`, posts each order to /api/mall/orders with its token).
Afterwards the database must show one order per success and each day's order numbers exactly
1 … N.
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Outcome:
    orders: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


class Browser:
    """A buyer's browser: cookies, CSRF, and the headers a TLS-terminating proxy adds."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict | None = None, *, json_body=None, token=""
    ) -> tuple[int, str, str]:
        """(status, Location, body) of one request (a form, or JSON with a bearer token); a new
        connection each time, as gunicorn's sync workers close it after every response."""
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
            headers["Authorization"] = f"Bearer {token}"
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()

    def login(self, username: str, password: str) -> None:
        status, _, body = self.request("GET", "/accounts/login/")
        if status != 200:
            raise RuntimeError(f"login page: HTTP {status}")
        match = _CSRF_INPUT.search(body)
        form = {"username": username, "password": password}
        if match:
            form["csrfmiddlewaretoken"] = match.group(1)
        status, location, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username}: HTTP {status} {location}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SQLITE_PATH"}}
    env.update(
        DJANGO_SETTINGS_MODULE="ieum.settings.production",
        SECRET_KEY=secrets.token_urlsafe(45),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1",
        IEUM_VAR_DIR=str(var_dir),
        LOG_LEVEL="ERROR",
    )
    return env


@contextlib.contextmanager
def gunicorn(database_url: str, var_dir: Path, *, workers: int):
    """A running gunicorn on a free port with the production settings; yields the port."""
    env = production_env(database_url, var_dir)
    subprocess.run(  # noqa: S603 - our own command line
        [str(VENV_BIN / "ieum"), "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )
    port = free_port()
    log = (var_dir / "gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [
            str(VENV_BIN / "gunicorn"),
            "ieum.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = Browser(port).request("GET", "/accounts/login/")
                if status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start, see {var_dir / 'gunicorn.log'}")
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@dataclass(frozen=True)
class Buyer:
    """A buyer of the load test: signs in with its password (HTML forms) or uses its API token;
    `products` are (product id, its cart-add path) to cycle through."""

    username: str
    products: list[tuple[int, str]]
    token: str = ""


@dataclass(frozen=True)
class Paths:
    """Where the buyers go, and the redirects that mean success."""

    cart: str
    cart_order: str
    orders: str
    api_orders: str


def _order_by_forms(browser: Browser, buyer: Buyer, n: int, paths: Paths) -> None:
    """A product page's cart form, then the cart's order form (redirected to the order)."""
    _, cart_add = buyer.products[n % len(buyer.products)]
    status, location, _ = browser.request("POST", cart_add, {"quantity": "1"})
    if status != 302 or not location.endswith(paths.cart):
        raise RuntimeError(f"cart add: HTTP {status} {location}")
    status, location, _ = browser.request(
        "POST", paths.cart_order, {"order-delivery_address": "", "order-note": ""}
    )
    if status != 302 or paths.orders not in location:
        raise RuntimeError(f"order: HTTP {status} {location}")


def _order_by_api(browser: Browser, buyer: Buyer, n: int, paths: Paths) -> None:
    """POST /api/mall/orders with the buyer's token (201 with the new order)."""
    product, _ = buyer.products[n % len(buyer.products)]
    payload = {"items": [{"product_id": product, "quantity": 1}]}
    status, _, body = browser.request(
        "POST", paths.api_orders, json_body=payload, token=buyer.token
    )
    if status != 201:
        raise RuntimeError(f"API order: HTTP {status} {body[:200]}")


def drive(
    port: int,
    buyers: list[Buyer],
    paths: Paths,
    *,
    password: str,
    seconds: float,
    via: str = "html",
) -> tuple[Outcome, float]:
    """Every buyer orders one product at a time until `seconds` are up, through the HTML forms
    (`via="html"`, signed in first) or the API. Returns the outcome and the seconds it took."""
    order = _order_by_api if via == "api" else _order_by_forms
    browsers = []
    for buyer in buyers:
        browser = Browser(port)
        if via != "api":
            browser.login(buyer.username, password)
        browsers.append(browser)
    outcome = Outcome()
    lock = threading.Lock()
    start = threading.Barrier(len(buyers) + 1)
    stop_at = [0.0]

    def run(browser: Browser, buyer: Buyer) -> None:
        start.wait()
        n = 0
        while time.monotonic() < stop_at[0]:
            began = time.perf_counter()
            try:
                order(browser, buyer, n, paths)
            except (OSError, RuntimeError, http.client.HTTPException) as error:
                with lock:
                    outcome.errors.append(f"{buyer.username}: {error}")
            else:
                with lock:
                    outcome.orders += 1
                    outcome.latencies.append((time.perf_counter() - began) * 1000)
            n += 1

    threads = [
        threading.Thread(target=run, args=(browser, buyer), daemon=True)
        for browser, buyer in zip(browsers, buyers, strict=True)
    ]
    for thread in threads:
        thread.start()
    stop_at[0] = time.monotonic() + seconds
    began = time.monotonic()
    start.wait()
    for thread in threads:
        thread.join()
    return outcome, time.monotonic() - began


def summary(outcome: Outcome, took: float) -> str:
    lat = sorted(outcome.latencies) or [0.0]
    p95 = lat[min(len(lat) - 1, max(0, round(0.95 * len(lat)) - 1))]
    return (
        f"{outcome.orders:,} orders in {took:.1f} s = {outcome.orders / took:.1f} orders/s; "
        f"HTTP errors {len(outcome.errors)}; round trip per order p50 "
        f"{statistics.median(lat):.0f} ms, p95 {p95:.0f} ms"
    )
