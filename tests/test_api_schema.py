"""The API answers as its OpenAPI schema says: schemathesis generates requests from the schema
(a bounded number per operation) and checks status codes, content types, headers and bodies,
including the error shape and that a wrong method answers 405 with an Allow header.

The store is a small one written without the NLP pipeline (so collection stays fast); the
schema is loaded at import, as schemathesis' pytest integration wants. The same requests go to
the same store on a throwaway PostgreSQL server (tests/pgserver.py), skipped with the reason
when none can start."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis (dev extra) is not installed")
pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance, unsupported_method  # noqa: E402

from allegedly.store import connect, save_record  # noqa: E402
from allegedly.web import create_app  # noqa: E402
from tests.test_export import _record  # noqa: E402


def _app(db=None):
    db = db or Path(tempfile.mkdtemp(prefix="allegedly-schema-")) / "schema.db"
    conn = connect(db)
    save_record(conn, _record())
    conn.close()
    return create_app(db)


def _pg_app():
    from tests import pgserver

    server, why = pgserver.shared()
    return (_app(pgserver.schema_url(server)), "") if server else (None, why)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())
PG_APP, PG_MISSING = _pg_app()
pg_schema = schemathesis.openapi.from_asgi("/openapi.json", PG_APP or _app())


def _check(case) -> None:
    # A filter naming a value the store does not hold (an article id, a status) is a 400 that
    # names the values it holds: schema-valid, yet refused on purpose, so that check stays off.
    case.call_and_validate(excluded_checks=[positive_data_acceptance], additional_checks=[unsupported_method])


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says(case):
    _check(case)


@pytest.mark.postgres
@pytest.mark.skipif(PG_APP is None, reason=f"no PostgreSQL server for the postgres run: {PG_MISSING}")
@pg_schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_on_postgres_answers_as_its_schema_says(case):
    _check(case)
