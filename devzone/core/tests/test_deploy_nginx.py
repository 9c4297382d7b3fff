"""The shipped nginx configuration keeps no access-log line for a request DevZone itself keeps none of (the ballot,
the survey answer: ``core.secrecy.no_trace``) nor for a path that carries a live secret (the one-time
set-password link): operators copy ``deploy/nginx-devzone.conf`` as it is (docs/operations.md)."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from devzone.core import secrecy

CONF = Path(__file__).resolve().parents[3] / "deploy" / "nginx-devzone.conf"


def _routes(patterns, prefix="", namespace=""):
    """(the route's fixed beginning, its namespaced view name, whether anything follows the fixed part) for every
    URL pattern."""
    for p in patterns:
        route = str(p.pattern).lstrip("^").rstrip("$")
        head = re.split(r"[<(\\\[]", route, maxsplit=1)[0]
        fixed = prefix + head
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _routes(p.url_patterns, fixed, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield "/" + fixed, namespace + p.name, head != route


def _unlogged_locations() -> list[tuple[str, str]]:
    """(modifier, path) of each location block that turns the access log off."""
    text = CONF.read_text(encoding="utf-8")
    found = []
    for m in re.finditer(r"location\s+(=\s+)?(\S+)\s*\{([^}]*)\}", text):
        if re.search(r"access_log\s+off\s*;", m.group(3)):
            found.append(("=" if m.group(1) else "", m.group(2)))
    return found


def _covered(path: str, exact: bool) -> bool:
    for modifier, loc in _unlogged_locations():
        if modifier == "=" and exact and path == loc:
            return True
        if modifier == "" and path.startswith(loc):
            return True
    return False


def test_every_no_trace_view_is_left_out_of_nginx_access_log():
    routes = list(_routes(get_resolver().url_patterns))
    assert secrecy._VIEWS, "the modules declare their no-trace views"
    for name in secrecy._VIEWS:
        paths = [(path, variable) for path, view, variable in routes if view == name]
        assert paths, f"{name} has a URL"
        for path, variable in paths:
            assert _covered(path, exact=not variable), f"nginx logs {path} ({name})"


def test_the_set_password_link_is_left_out_of_nginx_access_log():
    [path] = [
        path for path, view, _variable in _routes(get_resolver().url_patterns) if view == "password_set"
    ]
    assert _covered(path, exact=False), path


def test_other_pages_are_still_logged():
    assert not _covered("/core/project/", exact=True)
    assert not _covered("/performance/rounds/", exact=True)
