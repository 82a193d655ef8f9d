"""Every operation of the OpenAPI document, with generated parameters and bodies
(schemathesis): no server error, and every answer (status, content type, body,
headers) is one the document describes. Members' operations run with a token."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cinematheque.members.tokens import token_create
from cinematheque.wsgi import application
from tests import factories

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

EXAMPLES = 12
# No server error, and every answer as documented. (How strictly the API validates
# what it is sent is tested by tests/api/test_errors.py, with messages.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Django closes the database connection at the end of every WSGI request (its
    test client turns that off too): the test's transaction must outlive them."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(heat) -> str:
    member = factories.make_user(username="schema-member")
    return token_create(member, name="schemathesis").plain


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the checkout
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_documented(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
