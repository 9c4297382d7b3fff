"""No member of staff holds an enterprise's survey link (review C): the satisfaction survey feeds the
departments' assessment and pay, and opening it handed the zone leader every enterprise's one-use link (the API's
``links``, the page's Excel send-out list), with which the leader could answer in any enterprise's name. Now the
survey is delivered to each enterprise's own accounts (their messages; the enterprise opens its link from its
portal), and the leader's send-out list says to whom it was delivered and whether it was answered — an enterprise
without an account is listed as 无法送达, with what to do. Each test failed before its fix."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from devzone.core.choices import Role
from devzone.core.models import AuditEvent, Notification
from devzone.services.models import SurveyLink
from devzone.services.services import surveys as survey_svc
from devzone.testing import factories as f
from devzone.testing.services import today

pytestmark = pytest.mark.django_db


def _body(side) -> dict:
    on = today()
    return {
        "year": on.year,
        "quarter": (on.month - 1) // 3 + 1,
        "closes_on": str(on + dt.timedelta(days=10)),
        "departments": [side.department.pk],
    }


def _strings(value) -> list[str]:
    """Every text a JSON answer holds, and each piece of it between slashes (a token is a URL's last piece)."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value, *value.split("/")] if isinstance(value, str) else []


def _spends_a_link(texts) -> list[str]:
    """The texts that are a live token of some link (its SHA-256 is stored)."""
    hashes = set(SurveyLink.objects.values_list("token_hash", flat=True))
    return [t for t in texts if survey_svc.token_hash(t) in hashes]


def _unserved_company(side, name: str):
    """Another enterprise of the zone with an account, served this quarter (the side now stands for it)."""
    enterprise = f.EnterpriseFactory(zone=side.zone, name=name)
    user = f.user_with_role(Role.ENTERPRISE_USER, enterprise=enterprise, user__username=f"u{enterprise.pk}")
    side.enterprise, side.company = enterprise, user
    side.request("answered")
    return enterprise, user


def test_opening_the_survey_gives_the_leader_no_link_to_answer_with(client_for, side_a):
    side_a.request("answered")  # the enterprise was served this quarter: it gets a link
    leader = client_for(side_a.leader)
    opened = leader.post(
        "/api/v1/services/surveys", json.dumps(_body(side_a)), content_type="application/json"
    )
    assert opened.status_code == 201, opened.content
    answer = opened.json()
    assert "links" not in answer and "/services/s/" not in opened.content.decode()
    assert _spends_a_link(_strings(answer)) == []
    survey_id = answer["survey"]
    [row] = answer["delivery"]
    assert (row["enterprise"], row["delivered"], row["answered"]) == (side_a.enterprise.pk, True, False)
    # nor do the send-out list, the survey's pages, its audit trail or the notices the leader can read
    shown = [
        leader.get(f"/api/v1/services/surveys/{survey_id}/delivery").content.decode(),
        leader.get(reverse("services:survey_detail", args=[survey_id])).content.decode(),
        leader.get(reverse("services:survey_list")).content.decode(),
        *AuditEvent.objects.values_list("note", flat=True),
        *Notification.objects.values_list("url", flat=True),
    ]
    assert not [text for text in shown if "/services/s/" in text]
    # the enterprise's own user opens the survey from the portal, and answers: once
    told = Notification.objects.get(user=side_a.company, kind="services.survey_link")
    assert told.url == reverse("services:home")
    company = client_for(side_a.company)
    token = company.post(reverse("services:survey_take"))["Location"].rstrip("/").rsplit("/", 1)[-1]
    d = side_a.department.pk
    filled = {f"d{d}_overall": "4", f"d{d}_efficiency": "4", f"d{d}_attitude": "5", "comment": ""}
    assert company.post(reverse("services:survey_answer", args=[token]), filled).status_code == 200
    assert SurveyLink.objects.get(enterprise=side_a.enterprise).used
    [row] = leader.get(f"/api/v1/services/surveys/{survey_id}/delivery").json()
    assert row["answered"] is True


def test_the_page_opens_the_survey_and_shows_the_send_out_list_without_links(client_for, side_a):
    side_a.request("answered")
    served = side_a.enterprise.name
    delivered_to = side_a.company
    delivered_to.profile.display_name = "旺旺经办人"
    delivered_to.profile.save(update_fields=["display_name"])
    nobody, _user = _unserved_company(side_a, "无账号有限公司")
    _user.is_active = False  # an enterprise served this quarter without any account in use
    _user.save(update_fields=["is_active"])
    leader = client_for(side_a.leader)
    response = leader.post(
        reverse("services:survey_new"), {**_body(side_a), "closes_on": today()}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain  # the survey's page, not a workbook
    assert "/services/s/" not in page
    assert "旺旺经办人" in page and "已送达" in page  # to whom it was delivered
    assert "无法送达" in page and "开通企业账号" in page  # and what to do where it could not be
    assert not SurveyLink.objects.get(enterprise=nobody).used
    rows = {
        r["name"]: r
        for r in leader.get(
            f"/api/v1/services/surveys/{SurveyLink.objects.first().survey_id}/delivery"
        ).json()
    }
    assert rows["无账号有限公司"]["delivered"] is False and rows["无账号有限公司"]["action"]
    assert rows[served]["delivered_to"] == ["旺旺经办人"] and rows[served]["action"] == ""


def test_only_a_leader_reads_the_send_out_list(client_for, side_a):
    side_a.request("answered")
    survey, _told = survey_svc.survey_open(
        actor=side_a.leader, year=today().year, quarter=(today().month - 1) // 3 + 1, closes_on=today()
    )
    url = f"/api/v1/services/surveys/{survey.pk}/delivery"
    assert client_for(side_a.head).get(url).status_code == 403
    page = client_for(side_a.head).get(survey.get_absolute_url()).content.decode()
    assert side_a.enterprise.name not in page
