"""An English reader of 大招商's analytic pages and of a lead's duties: the funnel's stage names (in the table
and in the chart's data), its stage errors, the leaderboard's period and the weights of its footnote, a lead's
follow-up duties (指定负责人, 项目研判 …) read in English; the Chinese reader reads them as before, and the
stage names a skip writes into a lead's timeline stay in the site's language whoever skips. And the demo's
最近跟进 of a lead is the date of its newest timeline entry or activity, the one its page shows."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from devzone.investment import demo, funnel, selectors
from devzone.investment import services as svc
from devzone.investment.choices import Period
from devzone.investment.models import Lead, LeadLog
from devzone.testing.english import catalog_has, chinese_left
from devzone.testing.investment import TODAY, new_lead

pytestmark = pytest.mark.django_db

# the English of the texts these pages read, already in the project's catalog
IN_CATALOG = {
    "未接触": "Not contacted",
    "了解": "Aware",
    "关注": "Interested",
    "签约": "Signed",
    "签约项目": "Signed projects",
    "合同投资额": "Contract investment",
    "线索转化率": "Lead conversion rate",
    "%(year)s年": "%(year)s",
    "%(year)d年第%(quarter)d季度": "Q%(quarter)d %(year)d",
    "指定负责人": "Assign owner",
    "项目研判": "Project assessment",
    "进展报告": "Progress report",
}
# the English of the texts this change adds (the project's catalog is compiled separately, from the same texts):
# this stop's new messages, in the English catalog
NEW = {
    "%(year)d年上半年": "H1 %(year)d",
    "%(year)d年下半年": "H2 %(year)d",
    "线索已处于“%(stage)s”阶段": "The lead is already at “%(stage)s”",
    "阶段只能向前推进，不能从“%(current)s”退回“%(target)s”": "A lead only moves forward: it cannot go back from "
    "“%(current)s” to “%(target)s”",
    "从“%(current)s”跳到“%(target)s”须填写被跳过阶段%(stages)s的日期，或说明跳过的理由": "To jump from "
    "“%(current)s” to “%(target)s”, give the dates of the skipped stages %(stages)s or a reason for skipping",
    "阶段日期不能早于上一阶段的日期（%(date)s）": "The date cannot be before the previous stage's date (%(date)s)",
}


@pytest.fixture
def english():
    catalog_has({**IN_CATALOG, **NEW})


def _english_page(client_for, user, url: str) -> str:
    c = client_for(user)
    c.cookies["devzone_language"] = "en"
    r = c.get(url)
    assert r.status_code == 200, url
    return r.content.decode()


def _chart(html: str, name: str) -> dict:
    m = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert m, name
    return json.loads(m.group(1))


def _data(reader, *names) -> list[str]:
    """The page's data: the reader's and the zone's names, the teams' and firms' names given."""
    return [reader.profile.zone.name, reader.profile.display_name, *names, "简体中文", "语言"]


def test_the_funnel_reads_its_stages_in_english_in_the_table_and_the_chart(
    client_for, officer, team_a, zone_a_leader, english
):
    new_lead(officer, team_a)
    html = _english_page(client_for, zone_a_leader, reverse("investment:funnel"))
    chart = _chart(html, "chart-funnel")
    assert chart["stages"][:3] == ["Not contacted", "Aware", "Interested"]
    assert not re.search(r"[\u4e00-\u9fff]", json.dumps(chart["stages"], ensure_ascii=False))
    assert chinese_left(html, _data(zone_a_leader, team_a.name, "山东示例食品有限公司")) == []


def test_the_leaderboard_reads_its_period_and_weights_in_english(
    client_for, officer, team_a, zone_a_leader, english
):
    url = reverse("investment:leaderboard")
    html = _english_page(client_for, zone_a_leader, url)
    assert re.search(r'data-figure="period">2026</span>', html)
    assert "Signed projects 20" in html and "Contract investment 30" in html
    assert chinese_left(html, _data(zone_a_leader, team_a.name)) == []
    quarter = _english_page(client_for, zone_a_leader, f"{url}?period=quarter&on=2026-08-10")
    assert 'data-figure="period">Q3 2026</span>' in quarter


def test_the_periods_read_in_the_readers_language(english):
    cases = [
        (Period.MONTH, dt.date(2026, 10, 1), "2026年10月", "October 2026"),
        (Period.QUARTER, dt.date(2026, 7, 1), "2026年第3季度", "Q3 2026"),
        (Period.HALF, dt.date(2026, 1, 1), "2026年上半年", "H1 2026"),
        (Period.HALF, dt.date(2026, 7, 1), "2026年下半年", "H2 2026"),
        (Period.YEAR, dt.date(2026, 1, 1), "2026年", "2026"),
    ]
    for period, start, chinese, english_text in cases:
        with translation.override("zh-hans"):
            assert selectors.period_label(period, start) == chinese
        with translation.override("en"):
            assert selectors.period_label(period, start) == english_text


def test_the_stage_errors_read_in_the_readers_language(english):
    day = dt.date(2026, 10, 18)
    jump = {"current": "unaware", "dates": {"unaware": day}, "target": "invited", "on": day, "today": TODAY}
    with translation.override("en"):
        with pytest.raises(funnel.StageError) as e:
            funnel.plan_move(**jump)
        assert e.value.message == (
            "To jump from “Not contacted” to “Invited (site visit)”, give the dates of the skipped stages "
            "“Aware”, “Interested” or a reason for skipping"
        )
        with pytest.raises(funnel.StageError) as e:
            funnel.plan_move(**{**jump, "current": "attentive", "target": "aware"})
        assert e.value.message == "A lead only moves forward: it cannot go back from “Interested” to “Aware”"
        with pytest.raises(funnel.StageError) as e:
            funnel.plan_move(**{**jump, "target": "aware", "on": dt.date(2026, 10, 17)})
        assert e.value.message == "The date cannot be before the previous stage's date (Oct. 18, 2026)"
    with translation.override("zh-hans"):
        with pytest.raises(funnel.StageError) as e:
            funnel.plan_move(**jump)
        assert (
            e.value.message
            == "从“未接触”跳到“请进（考察）”须填写被跳过阶段“了解”、“关注”的日期，或说明跳过的理由"
        )
        with pytest.raises(funnel.StageError) as e:
            funnel.plan_move(**{**jump, "target": "aware", "on": dt.date(2026, 10, 17)})
        assert e.value.message == "阶段日期不能早于上一阶段的日期（2026年10月18日）"


def test_a_skip_by_an_english_reader_writes_the_stage_names_in_chinese_into_the_timeline(
    officer, team_a, english
):
    lead = new_lead(officer, team_a)
    with translation.override("en"):
        svc.lead_move(actor=officer, lead=lead, target="attentive", on=TODAY, reason="met at the fair")
    text = LeadLog.objects.filter(lead=lead, to_stage="attentive").get().text
    assert "跳过了解：met at the fair" in text


def test_a_big_leads_duties_read_in_english_on_its_page(client_for, officer, team_a, english):
    lead = new_lead(officer, team_a, intended_investment=Decimal(20000))
    html = _english_page(client_for, officer, reverse("investment:lead_detail", args=[lead.pk]))
    for duty in ("Assign owner", "Project assessment", "Progress report"):
        assert duty in html
    for duty in ("指定负责人", "项目研判", "进展报告"):
        assert duty not in chinese_left(html, [])


def test_the_demos_last_follow_up_is_the_newest_entry_or_activity_its_page_shows(zone_a):
    demo.load(city=None, zones=[zone_a], zone=zone_a, rng=random.Random(5))
    leads = Lead.objects.filter(zone=zone_a)
    assert leads.count() > 100
    wrong = []
    for lead in leads.prefetch_related("logs", "activities"):
        dates = [x.on for x in lead.logs.all()] + [a.on for a in lead.activities.all() if a.on <= demo.TODAY]
        if lead.last_activity_on != max(dates):
            wrong.append((lead.pk, lead.last_activity_on, max(dates)))
    assert wrong == []
