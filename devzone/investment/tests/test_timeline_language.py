"""A lead's timeline (跟进记录) is a record: its lines read in the site's language (Chinese) whoever's request
writes them (``core.notify.stored``), as the stage names a skip writes already did. An English-reading officer
who signed a contract wrote "Signed: …" and the skip's reason "Signed" into the timeline, in English for every
later reader, and the contract's line gave its amount unformatted (12000.00万元); registering a lead and moving it
wrote "Register lead" and "Advanced to …". Each test failed before its fix. And the funnel chart's tooltip
separates a stage from its count the reader's way: a full-width "：" in Chinese, ": " in English (the chart's
script had "{b}：{c}" fixed for every language)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.investment import services as svc
from devzone.investment.models import LeadLog
from devzone.testing.english import catalog_has
from devzone.testing.investment import TODAY, new_lead

pytestmark = pytest.mark.django_db


def _sign(actor, lead):
    return svc.contract_sign(
        actor=actor,
        lead=lead,
        contract_investment=Decimal("12000"),
        signed_on=TODAY - dt.timedelta(days=1),
        project_name="示例食品深加工项目",
    )


def test_an_english_officers_signing_writes_the_timeline_in_chinese(client_for, officer, lead_a):
    with translation.override("en"):
        _sign(officer, lead_a)
    moved = LeadLog.objects.get(lead=lead_a, kind="stage", to_stage="signed").text
    assert moved.startswith("签约：示例食品深加工项目")
    assert moved.endswith("：签约")  # the skipped stages' reason, none given: the signing, in Chinese
    assert "Signed" not in moved
    (line,) = LeadLog.objects.filter(lead=lead_a, kind="contract").values_list("text", flat=True)
    assert line == "示例食品深加工项目，合同投资额1.2亿元"
    # and the Chinese reader reads them so on the lead's page
    page = client_for(officer).get(reverse("investment:lead_detail", args=[lead_a.pk])).content.decode()
    assert "签约：示例食品深加工项目" in page and "示例食品深加工项目，合同投资额1.2亿元" in page


def test_an_english_officers_registration_and_move_write_the_timeline_in_chinese(officer, team_a):
    with translation.override("en"):
        lead = new_lead(officer, team_a)
        svc.lead_move(actor=officer, lead=lead, target="aware", on=TODAY)
    texts = list(LeadLog.objects.filter(lead=lead).order_by("pk").values_list("text", flat=True))
    assert texts == ["登记线索", "推进到“了解”"]


def test_an_english_officers_exception_and_merges_write_the_timeline_in_chinese(
    officer, team_a, zone_a_leader, lead_a
):
    off = new_lead(officer, team_a, name="甲置业有限公司", industry="70")
    other = new_lead(officer, team_a, name="另一家食品有限公司")
    with translation.override("en"):
        svc.lead_request_exception(actor=officer, lead=off, reason="配套项目")
        svc.lead_approve_exception(actor=zone_a_leader, lead=off, reason="市级重点")
        svc.lead_absorb(actor=officer, lead=lead_a, contact_name="王经理", source="fair")
        svc.lead_merge(actor=officer, keep=lead_a, other=other)
    exceptions = list(
        LeadLog.objects.filter(lead=off, kind="exception").order_by("pk").values_list("text", flat=True)
    )
    assert exceptions == ["申请例外：配套项目", "批准例外：市级重点"]
    merges = list(
        LeadLog.objects.filter(lead=lead_a, kind="merge").order_by("pk").values_list("text", flat=True)
    )
    assert merges == ["重复登记已合并（来源：展会招商）", "已合并线索：另一家食品有限公司"]


# --- the funnel chart's tooltip ------------------------------------------------------------------------------
ENGLISH = {"%(stage)s：%(n)s": "%(stage)s: %(n)s", "未接触": "Not contacted", "签约": "Signed"}


def _chart(client, url: str) -> dict:
    html = client.get(url).content.decode()
    m = re.search(r'<script id="chart-funnel" type="application/json">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def test_the_funnel_tooltip_separates_stage_and_count_the_readers_way(
    client_for, officer, team_a, zone_a_leader
):
    catalog_has(ENGLISH)
    new_lead(officer, team_a)
    client = client_for(zone_a_leader)
    chinese = _chart(client, reverse("investment:funnel"))
    assert chinese["tips"][0] == "未接触：1" and len(chinese["tips"]) == len(chinese["stages"])
    client.cookies["devzone_language"] = "en"
    english = _chart(client, reverse("investment:funnel"))
    assert english["tips"][0] == "Not contacted: 1"
    assert "Signed: 0" in english["tips"]
    assert not any("：" in t for t in english["tips"])


def test_the_chart_script_takes_the_pages_tooltip():
    """The script no longer writes a separator of its own: it shows the tooltip the page wrote."""
    from django.contrib.staticfiles import finders

    script = open(finders.find("investment/charts.js"), encoding="utf-8").read()
    funnel = script[script.index("leadFunnel") : script.index("leaderboard")]
    assert "：" not in funnel and "d.tips[" in funnel
