"""schemathesis against the demo's OpenAPI document, in-process through the WSGI application,
as the anonymous caller, staff, an enterprise member, a buyer and the administrator.

Each operation gets schemathesis' coverage cases (boundary values: the largest integers, empty
and odd strings, missing and extra fields …), each sent as the next identity in turn, and a
bounded number of fuzzed requests (fixed seed, IEUM_FUZZ_EXAMPLES, 8 unless set), each sent as
every identity. No answer may be a server error, and every answer must have a status the
document lists for the operation and a body that fits the schema it documents for that status.
The counts are printed at the end of the module (`pytest -s`). About 3,000 requests: 2–3 minutes
with the demo's loading on a busy 2-core machine.
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .api_demo import IDENTITIES, api_demo

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("IEUM_FUZZ_EXAMPLES", "8"))  # fuzzed requests per operation
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SENT: Counter = Counter()
OPERATIONS: set[str] = set()


@pytest.fixture(scope="module")
def identities(django_db_setup, django_db_blocker):
    with api_demo(django_db_blocker) as headers:
        yield headers
    print(
        f"\nschemathesis: {len(OPERATIONS)} operations, "
        + ", ".join(f"{who} {SENT[who]}" for who in IDENTITIES)
        + f" requests ({sum(SENT.values())} in all)"
    )


# The document is read through the application itself (no database is needed to serve it).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


@schema.parametrize()
@seed(20221)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_holds_under_fuzzing(case, identities):
    OPERATIONS.add(case.operation.label)
    if case.meta is not None and case.meta.phase.name == TestPhase.COVERAGE:
        turn = sum(SENT.values())
        callers = [IDENTITIES[turn % len(IDENTITIES)]]
    else:
        callers = IDENTITIES
    for who in callers:
        SENT[who] += 1
        case.call_and_validate(headers=identities[who], checks=CHECKS)
