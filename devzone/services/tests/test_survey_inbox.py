"""While a survey is open, nothing in the database ties an answer to the link spent with it (docs/security.md,
"Nothing ties an answer to its link"): the answer waits in the inbox, then a release writes a batch of answers
again in a transaction of its own, in random order — so on PostgreSQL the released answers share one
transaction id (``xmin``) that no link carries, and their order on the heap is not the order they came in. And no
answer is lost or counted twice when a release fails or a process dies before it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection

from devzone.core import sealbox
from devzone.services import answer_box
from devzone.services.models import AnswerCount, SealedAnswer, SurveyComment, SurveyLink
from devzone.services.services import surveys as survey_svc
from devzone.testing import factories as f
from devzone.testing.services import open_survey, today


def _survey_with_links(side, n: int):
    """An open survey of ``side``'s zone with the enterprise's link and ``n - 1`` more (made as ``survey_open``
    makes them); the survey and the ``n`` tokens."""
    side.request("answered")  # the enterprise was served this quarter: it gets a link
    survey, issued = open_survey(
        actor=side.leader,
        year=today().year,
        quarter=(today().month - 1) // 3 + 1,
        closes_on=today() + dt.timedelta(days=10),
        department_ids=[side.department.pk],
    )
    tokens = [issued[0][1]]
    for k in range(n - 1):
        token = f"inbox-token-{k}"
        SurveyLink.objects.create(
            survey=survey,
            enterprise=f.EnterpriseFactory(zone=side.zone),
            token_hash=survey_svc.token_hash(token),
        )
        tokens.append(token)
    return survey, tokens


def _answer(survey, token: str, n: int) -> None:
    level = n % 5 + 1
    survey_svc.survey_answer(
        token=token,
        answers={
            d.pk: {"overall": level, "efficiency": level, "attitude": level} for d in survey.departments.all()
        },
        comment=f"第{n}份答卷",
    )


def _xmins(sql: str, survey_id: int) -> list[int]:
    with connection.cursor() as cur:
        cur.execute(sql, [survey_id])
        return [int(x) for (x,) in cur.fetchall()]


def _counted(survey) -> int:
    return sum(AnswerCount.objects.filter(survey=survey, question="overall").values_list("count", flat=True))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="transaction ids (xmin) are PostgreSQL's")
def test_it_ties_no_released_answer_to_its_link_by_transaction_id_or_order(side_a, settings):
    settings.DEVZONE_SURVEY_MIN_ANSWERS = batch = 8  # the heap keeps the arrival order once in 40,320
    folder = Path(settings.DEVZONE_BALLOT_KEY_DIR)
    before = set(folder.glob("*.key"))
    survey, tokens = _survey_with_links(side_a, batch + 1)
    keys = set(folder.glob("*.key")) - before  # the survey's key and its inbox's
    for n, token in enumerate(tokens[:batch]):  # each answer its own committed transaction, as on the site
        _answer(survey, token, n)

    spent = _xmins(
        "SELECT xmin::text FROM services_surveylink WHERE survey_id = %s AND used ORDER BY xmin::text::bigint",
        survey.pk,
    )
    boxes = _xmins("SELECT xmin::text FROM services_sealedanswer WHERE survey_id = %s", survey.pk)
    assert len(spent) == len(set(spent)) == len(boxes) == batch  # a transaction of its own for each link ...
    assert not set(boxes) & set(spent)  # ... and none of them wrote an answer that is still there
    assert len(set(boxes)) == 1 and boxes[0] > spent[-1]  # the batch, written at once after the last answer
    # in the order of the heap, the answers do not come as they came in
    survey.refresh_from_db()
    with connection.cursor() as cur:
        cur.execute("SELECT box FROM services_sealedanswer WHERE survey_id = %s ORDER BY ctid", [survey.pk])
        on_heap = [answer_box.unseal(survey.box_key, bytes(box))[1] for (box,) in cur.fetchall()]
    arrived = [f"第{n}份答卷" for n in range(batch)]
    assert sorted(on_heap) == sorted(arrived) and on_heap != arrived
    # the inbox's key is destroyed: a deleted inbox row left on a page can no longer be opened
    assert survey_svc.release_batch() == batch
    assert not SealedAnswer.objects.filter(survey=survey, pending=True).exists()
    assert {k.stem for k in keys if k.exists()} == {str(survey.box_key)} and sealbox.key_exists(
        survey.inbox_key
    )

    _answer(survey, tokens[batch], batch)  # one more waits in the inbox (fewer than a batch) ...
    assert SealedAnswer.objects.filter(survey=survey, pending=True).count() == 1
    survey_svc.survey_close(actor=side_a.leader, survey=survey)  # ... and the closing counts it with the rest
    assert _counted(survey) == SurveyComment.objects.filter(survey=survey).count() == batch + 1
    assert not SealedAnswer.objects.filter(survey=survey).exists()
    assert not sealbox.key_exists(survey.box_key) and not sealbox.key_exists(survey.inbox_key)


@pytest.mark.django_db
def test_an_answer_is_neither_lost_nor_counted_twice_when_a_release_fails_or_never_runs(
    side_a, monkeypatch, django_capture_on_commit_callbacks
):
    batch = survey_svc.release_batch()
    survey, tokens = _survey_with_links(side_a, batch + 2)

    def dies(*args, **kwargs):
        raise OSError("the process died while it released the inbox")

    monkeypatch.setattr(SealedAnswer.objects, "bulk_create", dies)  # after the inbox rows were deleted
    for n, token in enumerate(tokens[:batch]):
        with django_capture_on_commit_callbacks(execute=True):
            _answer(survey, token, n)  # the last one's release fails: the enterprise is told it answered
    assert SealedAnswer.objects.filter(survey=survey, pending=True).count() == batch  # all still in the inbox
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        _answer(survey, tokens[batch], batch)  # the next answer's release takes them all
    assert SealedAnswer.objects.filter(survey=survey, pending=False).count() == batch + 1
    assert not SealedAnswer.objects.filter(survey=survey, pending=True).exists()
    assert survey_svc.inbox_release(survey.pk, at_least=1) == 0  # released once: nothing is left to release

    _answer(survey, tokens[batch + 1], batch + 1)  # committed, and the process dies before its release
    assert SealedAnswer.objects.filter(survey=survey, pending=True).count() == 1
    survey_svc.survey_close(actor=side_a.leader, survey=survey)
    assert _counted(survey) == SurveyComment.objects.filter(survey=survey).count() == batch + 2
    assert SurveyLink.objects.filter(survey=survey, used=True).count() == batch + 2
