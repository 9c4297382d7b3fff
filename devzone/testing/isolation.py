"""Isolation coverage that is measured, not declared (a pytest plugin, loaded by devzone/conftest.py).

Every request a test client makes during an *isolation test* — a test in a ``test_isolation.py`` file or
marked ``@pytest.mark.isolation`` — is recorded as the page's URL name or the API's operation id. When the
whole suite has run, the session fails unless every URL pattern and every API operation was requested by an
isolation test, or is listed in an ``EXEMPT = {name: reason}`` of some ``devzone/<app>/tests/isolation.py``.
Under pytest-xdist each worker sends its record to the controller, which checks the union.

A run of part of the suite (paths, ``-k``, ``-m``, ``--lf``) skips the check: it cannot see every test. To check
one module while working on it, name it: ``DEVZONE_ISOLATION_CHECK=approvals pytest devzone/approvals`` checks
only that module's pages (its URL namespace) and operations (under ``/api/v1/approvals/``)."""

from __future__ import annotations

import importlib
import os
import re

import pytest

_state = {"active": False}
RECORDED: set[str] = set()
_route_ops: dict[tuple[str, str], str] = {}
_OUTPUT_KEY = "devzone_isolation_requests"


def record(match, method: str) -> None:
    """Called by ``devzone.testing.clients.RecordingClient`` after each request."""
    if not _state["active"]:
        return
    route = match.route or ""
    if route.startswith("api/"):
        op = operation_for(route, method)
        if op:
            RECORDED.add(op)
    elif match.view_name:
        RECORDED.add(match.view_name)


def operation_for(route: str, method: str) -> str:
    if not _route_ops:
        for path, ops in _schema()["paths"].items():
            for verb, op in ops.items():
                _route_ops[(path, verb.upper())] = op.get("operationId", "")
    path = "/" + re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", route)
    return _route_ops.get((path, method.upper()), "")


def _schema() -> dict:
    from devzone.api import api

    return api.get_openapi_schema()


# --- what there is -----------------------------------------------------------------------------------------
def page_names() -> list[str]:
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith(("admin/", "api/")):
                    continue  # the admin (sysadmins only) and the API (its operations, below)
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                yield f"{namespace}{p.name}" if p.name else f"<unnamed {p.pattern}>"

    return list(walk(get_resolver().url_patterns))


def operation_ids() -> list[str]:
    return [
        op.get("operationId", f"<no id: {method} {path}>")
        for path, ops in _schema()["paths"].items()
        for method, op in ops.items()
    ]


def exempt() -> dict[str, str]:
    """``EXEMPT`` of every app's ``tests/isolation.py``: {URL name or operation id: why no isolation test}."""
    from django.apps import apps

    out: dict[str, str] = {}
    for app in apps.get_app_configs():
        if not app.name.startswith("devzone."):
            continue
        name = f"{app.name}.tests.isolation"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name not in (name, f"{app.name}.tests"):
                raise
            continue
        out |= getattr(module, "EXEMPT", {})
    return out


def operation_paths() -> dict[str, str]:
    return {
        op.get("operationId", ""): path for path, ops in _schema()["paths"].items() for op in ops.values()
    }


def missing(recorded: set[str], only: str = "") -> tuple[list[str], list[str], list[str]]:
    """(pages never requested, operations never requested, EXEMPT rows for endpoints that do not exist);
    with ``only``, just that module's."""
    ex = exempt()
    pages, ops = page_names(), operation_ids()
    if only:
        paths = operation_paths()
        pages = [p for p in pages if p.startswith(f"{only}:")]
        ops = [o for o in ops if paths.get(o, "").startswith(f"/api/v1/{only}/")]
    known = set(pages) | set(ops) | {"api:openapi-json", "api:openapi-view", "api:api-root"}
    return (
        sorted(n for n in pages if n not in recorded and n not in ex),
        sorted(o for o in ops if o not in recorded and o not in ex),
        sorted(n for n in ex if n not in known),
    )


# --- the plugin ---------------------------------------------------------------------------------------------
def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "isolation: a zone-isolation test; the pages and API operations it requests count as covered",
    )
    config._devzone_isolation = set()


@pytest.fixture(autouse=True)
def _isolation_recording(request):
    is_isolation = request.node.path.name == "test_isolation.py" or request.node.get_closest_marker(
        "isolation"
    )
    _state["active"] = bool(is_isolation)
    yield
    _state["active"] = False


def _whole_suite(config) -> bool:
    """The run collected the suite from its test paths, without a selection."""
    opt = config.option
    if getattr(opt, "keyword", "") or getattr(opt, "markexpr", "") or getattr(opt, "lf", False):
        return False
    if getattr(opt, "deselect", None) or getattr(opt, "exitfirst", False):
        return False
    return config.args_source == pytest.Config.ArgsSource.TESTPATHS


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if hasattr(config, "workerinput"):  # an xdist worker: hand the record to the controller
        config.workeroutput[_OUTPUT_KEY] = sorted(RECORDED)
        return
    recorded = RECORDED | config._devzone_isolation
    only = os.environ.get("DEVZONE_ISOLATION_CHECK", "")
    if not only and (exitstatus != 0 or not _whole_suite(config) or not recorded):
        return
    pages, ops, stale = missing(recorded, only=only)
    if only:
        stale = []
    if pages or ops or stale:
        config._devzone_isolation_report = (pages, ops, stale)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    output = getattr(node, "workeroutput", {}) or {}
    node.config._devzone_isolation.update(output.get(_OUTPUT_KEY, []))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    report = getattr(config, "_devzone_isolation_report", None)
    if report is None:
        return
    pages, ops, stale = report
    tr = terminalreporter
    tr.section("isolation coverage", sep="=", red=True, bold=True)
    if pages:
        tr.line(f"pages no isolation test requested (test them, or EXEMPT with a reason): {pages}")
    if ops:
        tr.line(f"API operations no isolation test requested (test them, or EXEMPT with a reason): {ops}")
    if stale:
        tr.line(f"EXEMPT rows for endpoints that do not exist: {stale}")
    tr.line("1 failed: isolation coverage")
