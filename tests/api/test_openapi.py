"""The OpenAPI document: served, valid OpenAPI 3.1 (openapi-spec-validator), and every
operation it lists is exercised by a test (a `route` mark the `api` fixture checks)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from api.openapi import document
from api.routes import ROUTES
from tests.api.conftest import Api

HERE = Path(__file__).parent
_MARK = re.compile(r'@pytest\.mark\.route\("([A-Z]+ [^"]+)"\)')


def _operations() -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, item in document()["paths"].items()
        for method in item
        if method != "parameters"
    }


def test_the_document_is_valid_openapi_3_1() -> None:
    doc = document()
    assert doc["openapi"].startswith("3.1")
    validate(doc)  # raises on an invalid document
    broken = document()
    broken["paths"]["/api/tickets"]["get"]["responses"] = "none"
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


def test_the_document_lists_exactly_the_served_routes() -> None:
    assert _operations() == {f"{method} {path}" for path, method, _ in ROUTES}


def test_every_documented_operation_is_exercised_by_a_test() -> None:
    marked: set[str] = set()
    for module in HERE.glob("test_*.py"):
        marked |= set(_MARK.findall(module.read_text(encoding="utf-8")))
    assert _operations() - marked == set(), "documented but never exercised"
    assert marked - _operations() == set(), "marked but not documented"


@pytest.mark.route("GET /api/openapi.json")
async def test_the_document_is_served_without_a_token(api: Api) -> None:
    r = await api.get("/api/openapi.json", token=None)
    assert r.status_code == 200 and r.json() == document()


def test_an_answer_the_document_does_not_promise_fails_the_calling_test() -> None:
    import httpx
    from jsonschema.exceptions import ValidationError

    from tests.api.conftest import _conforms

    with pytest.raises(AssertionError, match="not documented"):
        _conforms("GET /api/tickets", httpx.Response(418, json={}), "application/json")
    with pytest.raises(ValidationError):
        page = {"tickets": [{"number": 1}], "next_cursor": None}  # a ticket without its keys
        _conforms("GET /api/tickets", httpx.Response(200, json=page), "application/json")
