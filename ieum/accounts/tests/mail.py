"""Helpers for the notification tests of every app: run a block as a transaction that commits
(or rolls back), then run the queued jobs as the worker would, and read Django's outbox."""

from contextlib import contextmanager

import pytest
from django.core import mail
from django.db import transaction

from ieum.core.testing import run_queued_tasks


class Rollback(Exception):
    """Raised at the end of a block to roll its transaction back."""


def run_jobs(capture) -> None:
    """Run the queued jobs, and the jobs they queue on commit, until none is left."""
    while True:
        with capture(execute=True) as callbacks:
            run_queued_tasks()
        if not callbacks:
            return


@contextmanager
def committed(capture):
    """`with committed(django_capture_on_commit_callbacks) as sent:` — the block's on-commit
    callbacks run as if it had committed, then every queued job; `sent` holds the mail."""
    mail.outbox.clear()
    sent: list = []
    with capture(execute=True):
        yield sent
    run_jobs(capture)
    sent.extend(mail.outbox)


@contextmanager
def rolled_back(capture):
    """The block runs in a transaction that rolls back; `sent` holds whatever was mailed."""
    mail.outbox.clear()
    sent: list = []
    with capture(execute=True), pytest.raises(Rollback), transaction.atomic():
        yield sent
        raise Rollback
    run_jobs(capture)
    sent.extend(mail.outbox)


def to(message) -> str:
    [address] = message.to
    return address
