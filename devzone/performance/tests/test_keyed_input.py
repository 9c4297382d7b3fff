"""The ``{"<id>": value}`` inputs of the performance services (a head's grades, a ballot's or a leader's
scores): every problem reported at once, on the field of the id it concerns."""

from __future__ import annotations

from decimal import Decimal

import pytest

from devzone.core.errors import DomainError
from devzone.performance.services.common import parse_scores
from devzone.performance.services.grades import _parse_grades

MEMBERS = {1: "甲", 2: "乙"}


def test_it_reads_a_heads_grades_leaving_blanks_unchanged():
    assert _parse_grades({"1": "excellent", "2": ""}, MEMBERS) == {1: "excellent"}


@pytest.mark.parametrize(
    "grades,errors",
    [
        ({"x": "good"}, {"grades": ["未知的工作人员"]}),
        ({"9": "good"}, {"grades.9": ["不是本轮本部门参与考核的人员"]}),
        ({"1": "best"}, {"grades.1": ["未知的等次"]}),
        ({"x": "good", "1": "best"}, {"grades": ["未知的工作人员"], "grades.1": ["未知的等次"]}),
    ],
)
def test_it_refuses_grades_with_every_problem_on_its_field(grades, errors):
    with pytest.raises(DomainError) as exc:
        _parse_grades(grades, MEMBERS)
    assert exc.value.errors == errors


def test_it_reads_scores_and_asks_for_every_department_when_blanks_are_not_skipped():
    assert parse_scores({"1": "90.5", "2": ""}, {1, 2}, outside="外", skip_blank=True) == {1: Decimal("90.5")}
    with pytest.raises(DomainError) as exc:
        parse_scores({"1": "90", "x": "80", "9": "70"}, {1, 2}, outside="外", skip_blank=False)
    assert exc.value.errors == {
        "scores": ["未知的部门"],
        "scores.9": ["外"],
        "scores.2": ["请为每个部门打分"],
    }
