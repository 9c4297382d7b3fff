"""The quarterly satisfaction survey: one-use links stored as hashes, answers sealed while the survey is open
(checked in the database and its raw pages), opened into counts at closing, refusals for a used link or a closed
survey, results per department above a minimum of answers, re-issue that no member of staff can use, the report
of many answers from one address, and the combined score the performance module reads."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from devzone.core.actors import system_actor
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import AuditEvent
from devzone.services import scoring, selectors
from devzone.services.choices import SurveyStatus
from devzone.services.models import AnswerCount, SealedAnswer, SurveyComment, SurveyLink
from devzone.services.services import followups as follow_svc
from devzone.services.services import ratings as rating_svc
from devzone.services.services import surveys as survey_svc
from devzone.testing.services import open_survey, today

pytestmark = pytest.mark.django_db


def quarter():
    return scoring.quarter_of(today())


def opened(side, closes_on=None):
    year, q = quarter()
    side.application()  # the enterprise was served this quarter
    return open_survey(actor=side.leader, year=year, quarter=q, closes_on=closes_on or today())


def answers(survey, o=5, e=4, a=5):
    return {d.pk: {"overall": o, "efficiency": e, "attitude": a} for d in survey.departments.all()}


def test_links_go_to_every_enterprise_served_and_only_the_hash_is_stored(side_a):
    from devzone.testing import factories as f

    f.EnterpriseFactory(zone=side_a.zone, name="未服务企业")  # nothing done for it this quarter: no link
    survey, issued = opened(side_a)
    assert [ent for ent, _t in issued] == [side_a.enterprise]
    assert {d.name for d in survey.departments.all()} == {"综合服务部", "经济发展部"}  # the defaults
    token = issued[0][1]
    link = SurveyLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cur:  # the token itself is nowhere in the table
        cur.execute("SELECT * FROM services_surveylink")
        assert token not in json.dumps(cur.fetchall(), default=str)


@pytest.mark.isolation
def test_an_answer_keeps_no_link_to_the_enterprise(client, side_a):
    survey, issued = opened(side_a)
    token = issued[0][1]
    page = client.get(reverse("services:survey_answer", args=[token]))  # no login needed
    assert page.status_code == 200 and side_a.enterprise.name not in page.content.decode()
    data = {
        f"d{d.pk}_{q}": "4" for d in survey.departments.all() for q in ("overall", "efficiency", "attitude")
    }
    assert (
        client.post(
            reverse("services:survey_answer", args=[token]), {**data, "comment": "服务很好"}
        ).status_code
        == 200
    )
    assert SurveyLink.objects.get().used is True
    assert SealedAnswer.objects.count() == 1 and not AnswerCount.objects.exists()
    # the sealed answer has no column that points at a link, an enterprise, a department or a time
    columns = {
        c.name
        for c in connection.introspection.get_table_description(connection.cursor(), "services_sealedanswer")
    }
    assert columns == {"id", "survey_id", "box", "pending"}  # pending: in the inbox, not yet released
    link_columns = {
        c.name
        for c in connection.introspection.get_table_description(connection.cursor(), "services_surveylink")
    }
    assert link_columns == {"id", "survey_id", "enterprise_id", "token_hash", "used"}
    # and the public API refuses the used token, changing nothing
    response = client.post(
        "/api/v1/services/surveys/answer",
        json.dumps({"token": token, "answers": {}}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "已使用" in response.json()["title"]
    assert SealedAnswer.objects.count() == 1


def test_a_link_used_twice_is_refused_and_changes_nothing(side_a):
    survey, issued = opened(side_a)
    token = issued[0][1]
    assert survey_svc.survey_answer(token=token, answers=answers(survey)) == 2
    with pytest.raises(DomainError, match="已使用过"):
        survey_svc.survey_answer(token=token, answers=answers(survey, 1, 1, 1))
    survey_svc.survey_close(actor=side_a.leader, survey=survey)
    overall = AnswerCount.objects.filter(question="overall")
    assert sorted(overall.values_list("level", "count")) == [(5, 1), (5, 1)]  # the first answer, once


def test_a_link_after_the_survey_closed_is_refused(client, side_a):
    survey, issued = opened(side_a)
    token = issued[0][1]
    with pytest.raises(DomainError, match="已结束"):
        survey_svc.survey_answer(token=token, answers=answers(survey), on=today() + dt.timedelta(days=1))
    survey_svc.survey_close(actor=side_a.leader, survey=survey)
    response = client.get(reverse("services:survey_answer", args=[token]))
    assert response.status_code == 410 and "已结束" in response.content.decode()
    assert not SealedAnswer.objects.exists() and not SurveyLink.objects.get().used
    assert client.get(reverse("services:survey_answer", args=["nonsense"])).status_code == 404


def test_an_incomplete_answer_is_refused_with_the_fields(side_a):
    survey, issued = opened(side_a)
    partial = answers(survey)
    first = next(iter(partial))
    partial[first] = {"overall": 5, "efficiency": 9}
    with pytest.raises(DomainError) as exc:
        survey_svc.survey_answer(token=issued[0][1], answers=partial)
    assert f"d{first}_efficiency" in exc.value.errors and f"d{first}_attitude" in exc.value.errors
    assert not SurveyLink.objects.get().used and not SealedAnswer.objects.exists()


def test_only_a_leader_opens_a_survey_once_per_quarter(side_a):
    year, q = quarter()
    with pytest.raises(PermissionDeniedError):
        survey_svc.survey_open(actor=side_a.head, year=year, quarter=q, closes_on=today())
    opened(side_a)
    with pytest.raises(DomainError, match="已发起过"):
        survey_svc.survey_open(actor=side_a.leader, year=year, quarter=q, closes_on=today())
    with pytest.raises(DomainError, match="截止日期"):
        survey_svc.survey_open(
            actor=side_a.leader, year=year - 1, quarter=q, closes_on=today() - dt.timedelta(days=1)
        )


def test_the_enterprise_user_takes_the_survey_from_the_portal(client_for, side_a):
    survey, issued = opened(side_a)
    c = client_for(side_a.company)
    home = c.get(reverse("services:home")).content.decode()
    assert "参加测评" in home
    response = c.post(reverse("services:survey_take"))
    assert response.status_code == 302
    new_token = response["Location"].rstrip("/").split("/")[-1]
    with pytest.raises(NotFoundError):  # the link sent earlier no longer works
        survey_svc.survey_answer(token=issued[0][1], answers=answers(survey))
    survey_svc.survey_answer(token=new_token, answers=answers(survey))
    assert "参加测评" not in c.get(reverse("services:home")).content.decode()


def test_results_and_department_satisfaction_combine_survey_and_ratings(side_a, settings):
    settings.DEVZONE_SURVEY_MIN_ANSWERS = 1
    survey, issued = opened(side_a)
    survey_svc.survey_answer(token=issued[0][1], answers=answers(survey, 5, 5, 5))
    year, q = quarter()
    assert (
        selectors.department_satisfaction(zone=side_a.zone, year=year, quarter=q) == {}
    )  # sealed while open
    survey_svc.survey_close(actor=side_a.leader, survey=survey)
    results = {r["name"]: r for r in selectors.survey_results(survey=survey)}
    assert results["综合服务部"]["points"] == Decimal("100.00")
    # 好差评 of 综合服务部 this quarter: one 满意 (75) and one 非常不满意 (0) -> 37.5
    side_a.rating(level=4)
    side_a.rating(level=1, comment="答复敷衍")
    scores = selectors.department_satisfaction(zone=side_a.zone, year=year, quarter=q)
    assert scores[side_a.department.pk] == Decimal("75.00")  # 0.6 × 100 + 0.4 × 37.5
    assert scores[side_a.economic.pk] == Decimal("100.00")  # survey only
    # an upheld appeal takes the bad rating out
    bad = side_a.department.pk
    rating = rating_svc.Rating.objects.get(level=1)
    appeal = follow_svc.appeal_file(actor=side_a.head, rating=rating, reason="企业误评了其他部门")
    follow_svc.appeal_decide(actor=side_a.leader, appeal=appeal, upheld=True, decision="经核实为误评")
    assert selectors.department_satisfaction(zone=side_a.zone, year=year, quarter=q)[bad] == Decimal("90.00")
    # another quarter: nothing
    assert selectors.department_satisfaction(zone=side_a.zone, year=year - 1, quarter=q) == {}


def test_a_survey_past_its_day_is_closed_by_the_system_actor(side_a):
    survey, _issued = opened(side_a)
    assert survey_svc.close_due_surveys(survey.closes_on) == 0
    assert survey_svc.close_due_surveys(survey.closes_on + dt.timedelta(days=1)) == 1
    survey.refresh_from_db()
    assert (survey.status, survey.closed_on) == (SurveyStatus.CLOSED, survey.closes_on + dt.timedelta(days=1))
    event = AuditEvent.objects.get(
        object_id=str(survey.pk), content_type__model="survey", action="transition"
    )
    assert event.actor == system_actor()
    assert survey_svc.close_due_surveys(survey.closes_on + dt.timedelta(days=2)) == 0  # once


def test_another_zones_leader_cannot_learn_that_a_survey_exists(side_a, side_b):
    """Found by the refactor: resending a link of another zone's survey answered 403 (revealing it)."""
    survey, _issued = opened(side_a)
    with pytest.raises(NotFoundError):
        survey_svc.link_reissue(
            actor=side_b.leader, survey=survey, enterprise_id=side_a.enterprise.pk, reason="遗失"
        )
    with pytest.raises(PermissionDeniedError):
        survey_svc.link_reissue(
            actor=side_a.head, survey=survey, enterprise_id=side_a.enterprise.pk, reason="遗失"
        )


def test_a_reissued_link_reaches_the_enterprise_only_with_a_reason_on_record(client_for, side_a):
    """A leader who could see a re-issued link could answer in the enterprise's name and move pay."""
    from devzone.core.models import Notification

    survey, issued = opened(side_a)
    with pytest.raises(DomainError, match="重发原因"):
        survey_svc.link_reissue(
            actor=side_a.leader, survey=survey, enterprise_id=side_a.enterprise.pk, reason=" "
        )
    page = client_for(side_a.leader).post(
        reverse("services:survey_reissue", args=[survey.pk]),
        {"enterprise": side_a.enterprise.pk, "reason": "企业称未收到短信"},
        follow=True,
    )
    body = page.content.decode()
    assert "原链接已作废" in body and "/s/" not in body  # no new link for the leader to use
    with pytest.raises(NotFoundError):  # the old link is void
        survey_svc.survey_answer(token=issued[0][1], answers=answers(survey))
    event = AuditEvent.objects.filter(object_id=str(survey.pk), note__contains="企业称未收到短信").get()
    assert event.actor == side_a.leader
    told = Notification.objects.filter(user=side_a.company, kind="services.survey_link")
    assert told.count() == 2  # when the survey opened, and now
    assert not [n for n in told if "/s/" in n.url]  # the enterprise opens its new link from its portal
    new = client_for(side_a.company).post(reverse("services:survey_take"))
    survey_svc.survey_answer(token=new["Location"].rstrip("/").split("/")[-1], answers=answers(survey))


def more_links(survey, zone, prefix: str, n: int) -> list[str]:
    """Links of ``survey`` for ``n`` more enterprises of ``zone`` (made as survey_open makes them); their tokens."""
    from devzone.testing import factories as f

    tokens = [f"{prefix}-{k}" for k in range(n)]
    for token in tokens:
        SurveyLink.objects.create(
            survey=survey, enterprise=f.EnterpriseFactory(zone=zone), token_hash=survey_svc.token_hash(token)
        )
    return tokens


def test_figures_need_the_minimum_of_answers_and_many_from_one_address_are_reported(side_a, settings):
    settings.DEVZONE_SURVEY_MIN_ANSWERS = 3
    survey, issued = opened(side_a)
    # three more enterprises served this quarter
    tokens = [issued[0][1], *more_links(survey, side_a.zone, "extra-token", 3)]
    survey_svc.survey_answer(token=tokens[0], answers=answers(survey), address="203.0.113.5")
    survey_svc.survey_answer(token=tokens[1], answers=answers(survey), address="198.51.100.1")
    survey_svc.survey_close(actor=side_a.leader, survey=survey)
    shown = {r["name"]: r["shown"] for r in selectors.survey_results(survey=survey)}
    assert shown == {"综合服务部": False, "经济发展部": False}  # two answers: no figure
    assert selectors.department_satisfaction(zone=side_a.zone, year=quarter()[0], quarter=quarter()[1]) == {}
    survey.refresh_from_db()
    assert survey.address_report["answers"] == 2 and survey.address_report["most_from_one"] == 1


def test_many_answers_from_one_address_show_in_the_report(side_a, settings):

    survey, issued = opened(side_a)
    tokens = more_links(survey, side_a.zone, "office-token", 4)
    for token in tokens:
        survey_svc.survey_answer(token=token, answers=answers(survey), address="203.0.113.77")
    survey_svc.survey_close(actor=side_a.leader, survey=survey)
    survey.refresh_from_db()
    assert survey.address_report == {
        "answers": 4,
        "addresses": 1,
        "most_from_one": 4,
        "addresses_with_several": 1,
    }


def test_while_the_survey_is_open_no_copy_ties_a_comment_or_levels_to_an_answer(client, side_a):
    """Every table and the raw database pages hold neither the comment nor the address of an open answer;
    after closing, the comment stands alone, apart from any level."""
    survey, issued = opened(side_a)
    secret = "审批窗口王科长态度很差请调查"
    data = {
        f"d{d.pk}_{q}": "2" for d in survey.departments.all() for q in ("overall", "efficiency", "attitude")
    }
    token = issued[0][1]
    assert (
        client.post(reverse("services:survey_answer", args=[token]), {**data, "comment": secret}).status_code
        == 200
    )
    with connection.cursor() as cur:
        dump = []
        for table in connection.introspection.table_names(cur):
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dump.append(repr(cur.fetchall()))
    dump = "\n".join(dump)
    assert secret not in dump and token not in dump
    from devzone.services.models import SurveyAddress

    assert [len(m) for m in SurveyAddress.objects.values_list("address_mac", flat=True)] == [
        64
    ]  # a keyed hash
    if connection.vendor == "sqlite":
        raw = connection.connection.serialize()
        assert secret.encode() not in raw and token.encode() not in raw
    survey_svc.survey_close(actor=side_a.leader, survey=survey)
    assert list(SurveyComment.objects.values_list("text", flat=True)) == [secret]
    assert not SealedAnswer.objects.exists()


def test_guessing_survey_links_is_rate_limited_per_address(client, side_a):
    survey, issued = opened(side_a)
    for n in range(30):
        assert client.get(reverse("services:survey_answer", args=[f"guess{n}"])).status_code == 404
    assert client.get(reverse("services:survey_answer", args=["guess-more"])).status_code == 429
    api = client.post(
        "/api/v1/services/surveys/answer",
        json.dumps({"token": issued[0][1], "answers": {}}),
        content_type="application/json",
    )
    assert api.status_code == 429  # the same address, through the API
    other = client.get(reverse("services:survey_answer", args=[issued[0][1]]), REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200  # another address opens its link
