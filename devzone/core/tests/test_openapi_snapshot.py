"""The published API contract (``/api/openapi.json``) is kept in the repository, ``docs/api/openapi.json``:
a change of any operation, body or answer shows in review as a diff of that file, and this test fails until the
file is regenerated on purpose:

    DEVZONE_UPDATE_OPENAPI=1 .venv/bin/pytest devzone/core/tests/test_openapi_snapshot.py

Integrators read the file without running DevZone."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"

pytestmark = pytest.mark.django_db


def _published(client) -> str:
    schema = client.get("/api/openapi.json").json()
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def test_the_published_api_is_the_one_in_the_repository(client):
    published = _published(client)
    if os.environ.get("DEVZONE_UPDATE_OPENAPI"):
        SNAPSHOT.write_text(published, encoding="utf-8")
    assert SNAPSHOT.exists(), "docs/api/openapi.json is missing: regenerate it (see this module's docstring)"
    kept = SNAPSHOT.read_text(encoding="utf-8")
    if kept != published:
        ops = lambda text: {  # noqa: E731
            (m, p) for p, item in json.loads(text)["paths"].items() for m in item
        }
        added, removed = ops(published) - ops(kept), ops(kept) - ops(published)
        pytest.fail(
            "The API changed against docs/api/openapi.json "
            f"(operations added {sorted(added)[:10]}, removed {sorted(removed)[:10]}, or bodies/answers changed): "
            "if intended, regenerate it (see this module's docstring) and review the diff"
        )
