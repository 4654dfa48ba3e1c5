"""Schemathesis against the API's own OpenAPI 3 schema: every operation, with generated valid and
invalid input, as a planner with a token. No server error, and every answer matches the schema
(status code, content type, body)."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from mutasi.wsgi import application
from tests.plans import conftest as plans_fixtures

_inline_tasks = plans_fixtures._inline_tasks
_fresh_problem_cache = plans_fixtures._fresh_problem_cache
region = plans_fixtures.region
people = plans_fixtures.people


@pytest.fixture(autouse=True)
def _keep_the_test_connection():  # type: ignore[no-untyped-def]
    """The calls go to the WSGI application itself, whose end-of-request signal closes the
    database connection; the test's transaction lives on that connection (Django's test client
    disconnects the same handlers)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(people) -> str:  # type: ignore[no-untyped-def]
    return Token.objects.create(user=people["planner"]).key


def load_schema() -> schemathesis.schemas.BaseSchema:
    """The schema the API serves at /api/schema/ (drf-spectacular), calls going to the WSGI app."""
    from drf_spectacular.generators import SchemaGenerator

    loaded = schemathesis.openapi.from_dict(
        json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
    )
    loaded.app = application
    return loaded


schema = load_schema()


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_schema_says(case, token) -> None:  # type: ignore[no-untyped-def]
    excluded = []
    if case.operation.path == "/api/impor/":
        # The schema says "a file"; only an .xlsx workbook is imported, anything else gets 422
        # with the reason (tests/api/test_api.py checks those answers).
        excluded.append(positive_data_acceptance)
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, excluded_checks=excluded)
