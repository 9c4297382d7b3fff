"""An answer sent while the leader (or the job) closes the survey, on PostgreSQL: it is counted or refused with a
clear message — never accepted ("提交成功", the link spent) and then left out of the counts, sealed after the box
was opened under a key about to be destroyed, with its address row left behind in a closed survey."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from devzone.core.errors import DomainError
from devzone.services.models import AnswerCount, SealedAnswer, SurveyAddress, SurveyLink
from devzone.services.services import surveys as survey_svc
from devzone.testing.services import open_survey, quarter_survey

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
]


def _someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cur:
        cur.execute("select count(*) from pg_locks where not granted")
        return cur.fetchone()[0] > 0


def test_an_answer_sent_during_the_closing_is_refused_not_lost(side_a):
    side_a.request("answered")  # the enterprise was served this quarter: it gets a link
    survey, issued = open_survey(**quarter_survey(side_a))
    [(_enterprise, token)] = issued
    outcome: list = []

    def answer():
        try:
            outcome.append(
                survey_svc.survey_answer(
                    token=token,
                    answers={side_a.department.pk: {"overall": 5, "efficiency": 5, "attitude": 5}},
                    address="10.0.0.8",
                )
            )
        except Exception as e:  # noqa: BLE001 — the test looks at what the enterprise was told
            outcome.append(e)
        finally:
            connection.close()

    with transaction.atomic():  # the leader's closing, not committed yet when the answer comes in
        survey_svc.survey_close(actor=side_a.leader, survey=survey)
        sender = threading.Thread(target=answer)
        sender.start()
        while sender.is_alive() and not _someone_waits_on_a_lock():
            pass
    sender.join()

    [told] = outcome
    spent = SurveyLink.objects.filter(survey=survey, used=True).count()
    counted = sum(
        AnswerCount.objects.filter(survey=survey, question="overall").values_list("count", flat=True)
    )
    # the enterprise is told the survey has ended, and its link is not spent on an answer nobody will count
    assert isinstance(told, DomainError) and "已结束" in told.message, outcome
    assert spent == counted == 0
    # nothing of the answer stays behind, readable or linkable, in the closed survey
    assert not SealedAnswer.objects.filter(survey=survey).exists()
    assert not SurveyAddress.objects.filter(survey=survey).exists()
