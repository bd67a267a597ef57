"""Sign-in behind a proxy: the client's address, and a per-username delay that slows password
guessing without letting a stranger lock an account out.

**The address.** Behind the TLS proxy (README, production) every request arrives from the
proxy's address. `client_ip` believes the proxy's `X-Forwarded-For` / `X-Real-IP` only when the
request comes from an address in `IEUM_TRUSTED_PROXIES`; from anywhere else those headers are
the client's own words and are ignored. In `X-Forwarded-For` it takes the rightmost address
that is not a trusted proxy: a client may put anything at the left, but each proxy appends the
address it was connected from. django-axes uses it (`AXES_CLIENT_IP_CALLABLE`), so its lock
stays per (username, client address): five wrong passwords lock that pair for 30 minutes.

**The delay.** A lock per username alone would let anyone lock `admin` out; a lock per address
alone lets a guesser spread over many addresses. So, per username across every address, once
`LOGIN_DELAY_AFTER_FAILURES` failures are recorded within the axes cool-off, each further
attempt must wait 1, 2, 4 … seconds (at most `LOGIN_DELAY_MAX_SECONDS`) after the latest
failure. An attempt inside the wait is refused at once, before any password is checked, with
the seconds left (HTTP 429 and `Retry-After` on the login page); it is not counted, and nothing
sleeps in the web worker. The owner of the account, from their own address, is at worst held
for that many seconds, never locked; and a browser that has signed in to the account before
(a signed cookie set at sign-in, `KNOWN_DEVICE_COOKIE`, 90 days) skips the delay altogether, so
an attacker who keeps the wait at its maximum cannot keep the owner out of their own browser.
"""

import datetime as dt
import ipaddress
import math
from functools import cache

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Max, Q, Sum, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

KNOWN_DEVICE_COOKIE = "ieum_known_device"
KNOWN_DEVICE_SALT = "ieum.accounts.security.known_device"
KNOWN_DEVICE_MAX_AGE = 90 * 24 * 3600


def remember_device(response, username: str) -> None:
    """After a successful sign-in: this browser is known for `username`."""
    response.set_signed_cookie(
        KNOWN_DEVICE_COOKIE,
        username,
        salt=KNOWN_DEVICE_SALT,
        max_age=KNOWN_DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def known_device(request, username: str) -> bool:
    known = request.get_signed_cookie(
        KNOWN_DEVICE_COOKIE, default=None, salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE
    )
    return known is not None and known == username


@cache
def _trusted_networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    parsed = _address(address or "")
    networks = _trusted_networks(tuple(settings.IEUM_TRUSTED_PROXIES))
    return parsed is not None and any(parsed in network for network in networks)


def client_ip(request) -> str:
    """The client's address: the proxy's word for it when the request comes from a trusted
    proxy, else the connecting address (REMOTE_ADDR)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        parsed = _address(hop)
        if parsed is not None and not is_trusted_proxy(str(parsed)):
            return str(parsed)
    real = _address(request.META.get("HTTP_X_REAL_IP", ""))
    if real is not None:
        return str(real)
    return remote


def login_wait_seconds(username: str, *, now: dt.datetime | None = None) -> int:
    """Seconds `username` must still wait before its next sign-in attempt (0: none).

    Counted from axes' records within its cool-off, each address's failures up to the lock
    limit: axes goes on counting (and stamping) the attempts of an address it has locked,
    which check no password, so a locked address neither adds more nor restarts the wait."""
    if not username:
        return 0
    now = now or timezone.now()
    limit = settings.AXES_FAILURE_LIMIT
    window = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - window)
    found = recent.aggregate(
        failures=Sum(Least("failures_since_start", Value(limit))),
        latest=Max("attempt_time", filter=Q(failures_since_start__lt=limit)),
    )
    failures, latest = found["failures"] or 0, found["latest"]
    over = failures - settings.LOGIN_DELAY_AFTER_FAILURES
    if latest is None or over < 0:
        return 0
    delay = min(settings.LOGIN_DELAY_MAX_SECONDS, 2**over)
    return max(0, math.ceil(delay - (now - latest).total_seconds()))


class _Throttled:
    """Refuses an attempt inside the username's wait before the password is checked; an
    address axes has locked goes on to axes, which answers with its lock-out page."""

    retry_after = 0

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if (
            username
            and not known_device(self.request, username)
            and not self._locked_by_axes(username)
        ):
            wait = login_wait_seconds(username)
            if wait:
                self.retry_after = wait
                raise ValidationError(
                    _(
                        "이 계정에 로그인 실패가 잇따라 잠시 기다려야 합니다. "
                        "%(seconds)s초 후에 다시 시도해 주세요."
                    )
                    % {"seconds": wait},
                    code="throttled",
                )
        return super().clean()

    def _locked_by_axes(self, username: str) -> bool:
        return AxesProxyHandler.is_locked(self.request, credentials={"username": username})


class ThrottledAuthenticationForm(_Throttled, AuthenticationForm):
    """The login page's form."""


class ThrottledAdminAuthenticationForm(_Throttled, AdminAuthenticationForm):
    """The admin's login form."""
