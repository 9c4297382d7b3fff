"""docs/operations.md, "Background work": the operator's list of periodic jobs is complete, and the way a module
registers a job is the one the code has."""

import re
from pathlib import Path

from django.utils.module_loading import import_string

from devzone.core import registry, scheduler

DOC = Path(__file__).resolve().parents[3] / "docs" / "operations.md"


def background_work() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("## Background work") :]


def test_every_registered_job_is_listed_for_the_operator():
    text = background_work()
    registry.discover("jobs")
    assert sorted(name for name in scheduler.JOBS if f"`{name}`" not in text) == []


def test_the_registration_function_the_operator_is_shown_exists():
    named = set(re.findall(r"`(devzone\.core\.[\w.]+)\(", background_work()))
    assert named == {"devzone.core.registry.job"}
    for path in named:
        assert callable(import_string(path))
