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
from devzone.testing.projects import english_site as site_in_english

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


# --- a site whose language is English: what the module writes into the timeline and the trail is English --------
# The skip's line was put together from Chinese literals ("；跳过…：…", the stages joined by "、") and the audit notes
# of the lead's changes were Chinese literals ("修改线索", "并入…", "重新跟进时取消负责人", "大招商签约"…), so a site
# run in English kept them in Chinese. The texts are added to the catalog for the test (the project's catalog is
# compiled separately from the same msgids).
SITE_ENGLISH = {
    "推进到“%(s)s”": "Advanced to “%(s)s”",
    "了解": "Aware",
    "关注": "Attentive",
    "洽谈": "Negotiating",
    "、": ", ",
    "%(note)s；跳过%(stages)s：%(reason)s": "%(note)s; skipped %(stages)s: %(reason)s",
    "跳过%(stages)s：%(reason)s": "Skipped %(stages)s: %(reason)s",
    "修改线索": "Lead edited",
    "并入%(name)s": "Merged into %(name)s",
    "合并线索": "Leads merged",
    "重新跟进时取消负责人": "Owner removed on reopening",
    "大招商签约": "Signed through investment promotion",
}


@pytest.fixture
def english_site(settings, monkeypatch):
    site_in_english(settings, monkeypatch, SITE_ENGLISH)


def _notes(obj) -> list[str]:
    from devzone.core.models import AuditEvent

    return list(AuditEvent.objects.filter(object_id=str(obj.pk)).values_list("note", flat=True))


@pytest.mark.parametrize(
    ("note", "line"),
    [
        ("", "Advanced to “Negotiating”; skipped Aware, Attentive: met at the fair"),
        ("see the minutes", "see the minutes; skipped Aware, Attentive: met at the fair"),
    ],
)
def test_a_skip_on_an_english_site_writes_the_whole_line_in_english(
    english_site, officer, team_a, note, line
):
    lead = new_lead(officer, team_a)
    with translation.override("zh-hans"):  # whoever's request writes it
        svc.lead_move(
            actor=officer,
            lead=lead,
            target="negotiating",
            on=TODAY,
            skipped_dates={"invited": TODAY},
            reason="met at the fair",
            note=note,
        )
    assert LeadLog.objects.get(lead=lead, to_stage="negotiating").text == line


def test_the_audit_notes_of_a_leads_changes_are_written_in_the_sites_language(
    english_site, officer, team_a, zone_a_leader
):
    from devzone.core.models import Enterprise
    from devzone.investment.models import Lead, TeamMember
    from devzone.testing import factories as f
    from devzone.testing.investment import sign_contract

    keep = new_lead(officer, team_a)
    other = new_lead(officer, team_a, name="另一家食品有限公司")
    with translation.override("zh-hans"):
        svc.lead_update(actor=officer, lead=keep, contact_name="王经理")
        svc.lead_merge(actor=officer, keep=keep, other=other)
    assert "Lead edited" in _notes(keep) and "Leads merged" in _notes(keep)
    assert f"Merged into {keep.company_name}" in _notes(other)

    staff = officer.profile.staff
    lost = new_lead(officer, team_a, name="流失后重启机械有限公司", industry="34", owner=staff)
    svc.lead_lose(actor=officer, lead=lost, reason="选址在外地")
    TeamMember.objects.filter(team=team_a, staff=staff).update(is_active=False)
    with translation.override("zh-hans"):
        svc.lead_reopen(actor=zone_a_leader, lead=Lead.objects.get(pk=lost.pk))
    assert "Owner removed on reopening" in _notes(lost)

    TeamMember.objects.filter(team=team_a, staff=staff).update(is_active=True)
    signed = new_lead(officer, team_a, name="签约食品有限公司", credit_code=f.credit_code_for(4545))
    with translation.override("zh-hans"):
        sign_contract(officer, signed, "12000")
    signed.refresh_from_db()
    assert "Signed through investment promotion" in _notes(Enterprise.objects.get(pk=signed.enterprise_id))


def test_no_service_writes_a_note_from_a_literal():
    """Every audit and timeline note of the services is a msgid (kept in the site's language), none a Chinese
    literal or an f-string: the notes above were, and so were "指定负责人", "申请产业例外", "增资扩股", "再次签约",
    "主导产业" … ."""
    from devzone.investment import services
    from devzone.testing.projects import literal_notes

    assert literal_notes(services) == []
