"""Units and labels of the 市级统筹 pages as the city officer reads them: pools in 万元 labelled by the period they
are in force for (a year's result sets each quarter's pool), an annual task's metric named without 万元 when its
cells carry their own unit (12亿元), 序时进度 of this year's tasks in December, page titles that are text only,
the row editors' drop-downs in the reader's language, and the management model naming the parties registered."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from devzone.core.choices import ZoneOperator
from devzone.planning import institutions
from devzone.planning.models import Assessment
from devzone.testing.investment import freeze_today
from devzone.testing.planning import plan_of, published_scheme

pytestmark = pytest.mark.django_db


def test_pools_read_in_wan_yuan_with_the_period_they_are_in_force_for(city_officer, client_for, zone_a):
    scheme = published_scheme(city_officer, [zone_a], [20])  # full pool 10,000 元 a quarter, score 50
    a = Assessment.objects.get(zone=zone_a)
    assert (a.quarter, a.pool_fen) == (0, 5_000_00)
    c = client_for(city_officer)
    home = c.get(reverse("planning:home")).content.decode()
    results = home.split('data-testid="results"')[1]
    assert "0.5万元" in results and "每季度（全年适用）" in results
    assert "季度奖金池（元）" not in home and "5,000.00" not in results
    detail = c.get(reverse("planning:scheme_detail", args=[scheme.pk])).content.decode()
    assert "满分季度奖金池 1万元" in detail and "10,000.00" not in detail
    assert f'data-testid="pool-{a.pk}">0.5万元' in detail


def test_an_amount_metrics_label_carries_no_unit_of_its_own(city_officer, client_for, zone_a, monkeypatch):
    freeze_today(monkeypatch, dt.date(2026, 12, 7))
    plan = plan_of(
        city_officer,
        zone_a,
        targets=[
            {"year": 2026, "metric": "investment", "target": "120000", "owner": "投资促进部", "done": "0"},
            {"year": 2026, "metric": "firms", "target": "12", "owner": "企业服务部", "done": "0"},
        ],
    )
    page = client_for(city_officer).get(reverse("planning:home")).content.decode()
    investment, firms = plan.targets.get(metric="investment"), plan.targets.get(metric="firms")
    # the cells say 12亿元: the label says no 万元
    assert (
        f'data-testid="metric-{investment.pk}">固定资产投资</td><td class="text-end" data-label="目标值">12亿元'
        in page
    )
    assert f'data-testid="metric-{firms.pk}">规上企业（家）</td>' in page  # a count keeps its unit
    # 序时进度 on 7 December of a plan in force from 1 January: 341 of 365 days
    assert f'data-testid="expected-{investment.pk}">93.4%' in page


def _titles(client, urls):
    for url in urls:
        text = client.get(url).content.decode()
        yield url, re.search(r"<title>(.*?)</title>", text, re.S).group(1)


def test_no_page_title_of_planning_holds_markup(city_officer, client_for, zone_a):
    """The 设立内设机构 form once sat inside the zone page's title block: the browser's tab read a form, with
    its CSRF token."""
    scheme = published_scheme(city_officer, [zone_a], [20])
    plan_of(city_officer, zone_a)
    urls = [
        reverse("planning:home"),
        reverse("planning:plan_edit", args=[zone_a.pk]),
        reverse("planning:scheme_new"),
        reverse("planning:scheme_detail", args=[scheme.pk]),
        reverse("planning:scheme_edit", args=[scheme.pk]),
        reverse("planning:institutions"),
        reverse("planning:institution_zone", args=[zone_a.pk]),
        reverse("planning:companies"),
    ]
    for url, title in _titles(client_for(city_officer), urls):
        assert "<" not in title and "csrfmiddlewaretoken" not in title, (url, title)


def test_the_row_editors_name_metrics_and_sources_in_the_readers_language(city_officer, client_for, zone_a):
    """The annual tasks and indicators were typed as text lines with internal codes (``output``,
    ``contracts``), which a hint listed in Chinese on English pages too: each row's drop-down now names them in
    the reader's language, and no hint lists a code."""
    c = client_for(city_officer)
    for language, metric, source in (
        ("zh-hans", "工业总产值（万元）", "招商签约项目数（平台计算）"),
        ("en", "Industrial output (10k yuan)", "Investment contracts signed (computed by the platform)"),
    ):
        c.cookies["devzone_language"] = language
        plan = c.get(reverse("planning:plan_edit", args=[zone_a.pk])).content.decode()
        scheme = c.get(reverse("planning:scheme_new")).content.decode()
        assert f'<option value="output">{metric}</option>' in plan
        assert f'<option value="contracts">{source}</option>' in scheme
        assert "output / investment" not in plan and "contracts / entered" not in scheme


def test_the_management_model_names_the_parties_registered(city_officer, client_for, zone_a, zone_b):
    """The model's table said 运营企业 "—" for a 管委会+公司 zone while the parties' table below named its
    platform company: both read the parties now, and a model without the party it needs is flagged."""
    zone_a.operator = ZoneOperator.COMMITTEE_AND_COMPANY
    zone_a.save(update_fields=["operator"])
    zone_b.operator = ZoneOperator.COMMITTEE_AND_COMPANY
    zone_b.save(update_fields=["operator"])
    institutions.party_set(actor=city_officer, zone_id=zone_a.pk, name="甲平台公司", role="platform")
    c = client_for(city_officer)
    page = c.get(reverse("planning:companies")).content.decode()
    modes = page.split('data-testid="modes"')[1].split("</table>")[0]
    row_a = modes.split(f'data-testid="mode-{zone_a.pk}"')[1].split("</tr>")[0]
    assert "甲平台公司" in row_a and "平台公司" in row_a
    row_b = modes.split(f'data-testid="mode-{zone_b.pk}"')[1].split("</tr>")[0]
    assert f'data-testid="mode-gap-{zone_b.pk}"' in row_b and "尚未登记平台公司" in row_b
    # the institutions page's management model reads the same parties
    zones = c.get(reverse("planning:institutions")).content.decode().split('data-testid="zones"')[1]
    assert "甲平台公司" in zones
