"""The counts a closed survey keeps say neither which levels came together in one answer nor in which order the
answers came (CONVENTIONS: physical order leaks): they are written in one canonical order."""

from __future__ import annotations

import pytest

from devzone.core.choices import Role
from devzone.services.models import AnswerCount
from devzone.services.services import requests as request_svc
from devzone.services.services import surveys as survey_svc
from devzone.testing import factories as f
from devzone.testing.services import open_survey, quarter_survey

pytestmark = pytest.mark.django_db


def _served(side, name: str) -> None:
    enterprise = f.EnterpriseFactory(zone=side.zone, name=name)
    user = f.user_with_role(Role.ENTERPRISE_USER, enterprise=enterprise, user__username=f"u_{name}")
    req = request_svc.request_submit(actor=user, category="utilities", title="用电", description="增容")
    req = request_svc.request_accept(actor=side.head, request=req, assignee_id=side.officer.pk)
    request_svc.request_answer(actor=side.officer, request=req, body="已办")


def _counts_in_id_order(side, first_level: int, second_level: int) -> list[tuple[str, int, int]]:
    """Two enterprises answer, the first with ``first_level`` everywhere, then the second; the survey closes."""
    _served(side, f"{side.mark}甲企业")
    _served(side, f"{side.mark}乙企业")
    survey, issued = open_survey(**quarter_survey(side))
    for (_enterprise, token), level in zip(issued, (first_level, second_level), strict=True):
        survey_svc.survey_answer(
            token=token,
            answers={side.department.pk: {"overall": level, "efficiency": level, "attitude": level}},
        )
    survey_svc.survey_close(actor=side.leader, survey=survey)
    rows = AnswerCount.objects.filter(survey=survey).order_by("id")
    return list(rows.values_list("question", "level", "count"))


def test_the_order_of_the_counts_does_not_tell_which_answer_came_first(side_a, side_b):
    a = _counts_in_id_order(side_a, 5, 1)  # first all 非常满意, then all 非常不满意
    b = _counts_in_id_order(side_b, 1, 5)  # the same two answers, the other way round
    # the same rows, in the same order of ids (and of insertion): the first rows are not the first answer
    assert a == b
    assert a == [(q, level, 1) for q in ("overall", "efficiency", "attitude") for level in (1, 5)]
