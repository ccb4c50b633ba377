"""The published OpenAPI schema matches what the server does (schemathesis generates requests
from /openapi.json, valid and invalid, and checks every answer against the schema)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402

from storyfuse.serve import ServeOptions, create_app  # noqa: E402
from storyfuse.stories.store import Store  # noqa: E402
from tests.conftest import FakeEmbedder  # noqa: E402
from tests.serve.conftest import AUTH, TOKEN, flood_articles, hostile_article  # noqa: E402


def _app():
    path = Path(tempfile.mkdtemp(prefix="storyfuse-openapi-")) / "s.db"
    with Store(path, embedder=FakeEmbedder()) as store:
        list(store.add([*flood_articles(), hostile_article()]))
    return create_app(ServeOptions(db=str(path), token=TOKEN), embedder=FakeEmbedder())


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_endpoint_answers_as_its_schema_says(case):
    # Whether a well-formed article can be read (has text once cleaned) is not something a
    # schema can say: adding answers 422 when no input could be read (tested in test_api.py),
    # so only for adding is a schema-valid request allowed to be refused.
    excluded = [positive_data_acceptance] if case.method == "POST" else []
    case.call_and_validate(headers=AUTH, excluded_checks=excluded)
