"""The demo the API tests run against, loaded once per test module, and a bearer token for each
demo login the fuzzing and contract tests call the API as."""

from contextlib import contextmanager
from io import StringIO

from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction

from ieum.accounts.models import User
from ieum.accounts.services import api_token_create

# The demos the API reads: the registry, the logins, the mall and the spaces (with the programs
# their bookings count for).
DEMO_APPS = ("organization", "enterprises", "accounts", "programs", "spaces", "mall")
IDENTITIES = ("anonymous", "staff", "enterprise", "buyer", "admin")


def identity_headers() -> dict[str, dict[str, str]]:
    """Authorization headers by identity: none for the anonymous caller, a fresh personal token
    for each demo login."""
    headers = {"anonymous": {}}
    for username in IDENTITIES[1:]:
        user = User.objects.get(username=username)
        headers[username] = {"Authorization": f"Bearer {api_token_create(user=user)[1]}"}
    return headers


@contextmanager
def api_demo(django_db_blocker):
    """The demo inside a transaction rolled back at the end. Requests made through the WSGI
    application keep the connection (as Django's test client does): closing it at the end of a
    request would end the transaction the demo lives in."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("demo", *DEMO_APPS, stdout=StringIO())
            yield identity_headers()
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
