"""The lead list's rows (``{% lead_rows page %}``): a lead's marks after its name (outside the industry plan or
admitted as an exception, stale, lost), the amounts in 万元/亿元, a dash for a lead without an owner."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation


def lead(**kw):
    fields = {
        "company_name": "山东<齐鲁>高端装备有限公司",
        "fits": True,
        "exception_on": None,
        "is_stale": False,
        "lost_on": None,
        "intended_investment": Decimal("50000"),
        "owner": SimpleNamespace(name="李招商"),
        "industry": SimpleNamespace(name="通用设备制造业"),
        "team": SimpleNamespace(name="长三角招商小分队"),
        "last_activity_on": dt.date(2026, 11, 20),
        "get_absolute_url": lambda: "/investment/leads/9/",
        "get_source_display": lambda: "展会",
        "get_stage_display": lambda: "洽谈",
    }
    return SimpleNamespace(**(fields | kw))


def rows(page, language="zh-hans") -> str:
    with translation.override(language):
        return Template("{% load investment %}{% lead_rows page %}").render(Context({"page": page}))


def test_a_lead_reads_its_industry_investment_source_team_owner_stage_and_last_follow_up():
    html = rows([lead()])
    assert html.startswith('<tr><td><a href="/investment/leads/9/">山东&lt;齐鲁&gt;高端装备有限公司</a><div')
    assert (
        '<div class="d-md-none small text-secondary">5亿元 · 李招商 · 最近跟进 2026年11月20日</div>' in html
    )
    assert (
        '<td class="small d-none d-md-table-cell">通用设备制造业</td><td class="d-none d-md-table-cell">5亿元</td>'
        '<td class="d-none d-md-table-cell">展会</td><td class="d-none d-md-table-cell text-nowrap">长三角招商小分队</td>'
        '<td class="d-none d-md-table-cell text-nowrap">李招商</td><td class="text-nowrap">洽谈</td>'
    ) in html
    assert "badge" not in html


def test_marks_follow_the_name_and_a_lead_without_owner_shows_a_dash():
    html = rows([lead(fits=False, is_stale=True, lost_on=dt.date(2026, 11, 1), owner=None)])
    assert (
        '</a> <span class="badge bg-orange-lt ms-1">不符合产业定位</span> <span class="badge bg-red-lt ms-1">停滞</span>'
        ' <span class="badge bg-secondary-lt ms-1">流失</span><div'
    ) in html
    assert "5亿元 · — · 最近跟进" in html
    assert '<span class="badge bg-azure-lt ms-1">例外</span>' in rows(
        [lead(fits=False, exception_on=dt.date(2026, 5, 1))]
    )


def test_no_leads_say_so_across_the_columns():
    assert 'colspan="8"' in rows([]) and "暂无线索" in rows([])
    assert "CNY 500 million" in rows([lead()], language="en")
