"""The portfolio's rows and a key project's colour badge (``{% portfolio_rows %}``, ``{% status_badge %}``): what
a leader reads of each project, late dates in red, the zone column in the city's all-zones mode, names escaped;
and the problem list's rows (``{% problem_rows %}``)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

TODAY = dt.date(2026, 11, 23)


def tracked(**kw):
    project = SimpleNamespace(
        name="少海汇智慧住居项目",
        enterprise=SimpleNamespace(name="少海汇（济南）智慧住居科技有限公司"),
        total_investment=Decimal("150000"),
        area=SimpleNamespace(name="济北城区"),
    )
    fields = {
        "project_id": 7,
        "project": project,
        "zone": SimpleNamespace(name="济北经济开发区"),
        "status": "green",
        "status_reason": "",
        "agent": SimpleNamespace(name="王代办"),
        "next_milestone": "规划许可",
        "next_milestone_on": TODAY + dt.timedelta(days=3),
        "next_visit_due": TODAY + dt.timedelta(days=5),
        "get_absolute_url": lambda: "/projects/p/7/",
        "get_status_display": lambda: {"green": "正常", "yellow": "滞后", "red": "严重滞后"}[
            fields["status"]
        ],
    }
    fields |= kw
    return SimpleNamespace(**fields)


def rows(page, all_zones=False, language="zh-hans") -> str:
    with translation.override(language):
        return Template("{% load projects %}{% portfolio_rows page all_zones today %}").render(
            Context({"page": page, "all_zones": all_zones, "today": TODAY})
        )


def test_a_project_on_time_reads_its_investment_area_agent_milestone_and_visit():
    html = rows([tracked()])
    assert html.startswith('<tr data-project="7"><td><a href="/projects/p/7/">少海汇智慧住居项目</a>')
    assert '<span class="badge status-green bg-green text-green-fg" data-status="green">正常</span>' in html
    assert '<td class="text-nowrap d-none d-md-table-cell">15亿元</td>' in html
    assert (
        '<td class="d-none d-lg-table-cell">济北城区</td><td class="d-none d-md-table-cell">王代办</td>'
        in html
    )
    assert '规划许可<div class="small text-nowrap text-secondary">2026年11月26日</div>' in html
    assert '<td class="text-nowrap d-none d-md-table-cell">2026年11月28日</td>' in html
    assert "data-zone-cell" not in html and "text-danger" not in html


def test_a_late_project_shows_its_reason_the_missing_agent_and_late_dates_in_red():
    late = tracked(
        status="red",
        status_reason="节点逾期10天",
        agent=None,
        next_milestone_on=TODAY - dt.timedelta(days=1),
        next_visit_due=TODAY - dt.timedelta(days=2),
    )
    html = rows([late])
    assert html.count('data-status="red">严重滞后</span>') == 2  # in the column, and folded on a phone
    assert (
        '<div class="text-secondary small text-wrap">节点逾期10天</div>' in html
    )  # wraps: longer in English
    assert '<span class="text-danger">未指定代办专员</span>' in html  # on a phone
    assert '<td class="d-none d-md-table-cell"><span class="text-danger">未指定</span></td>' in html
    assert '<div class="small text-nowrap text-danger">2026年11月22日</div>' in html
    assert '<td class="text-nowrap d-none d-md-table-cell text-danger">2026年11月21日</td>' in html


def test_without_area_milestone_or_visit_a_dash_is_shown():
    html = rows(
        [
            tracked(
                project=SimpleNamespace(**{**vars(tracked().project), "area": None}),
                next_milestone="",
                next_milestone_on=None,
                next_visit_due=None,
            )
        ]
    )
    assert '<td class="d-none d-lg-table-cell">—</td>' in html
    assert (
        '<td class="d-none d-md-table-cell text-wrap">—</td><td class="text-nowrap d-none d-md-table-cell">—</td>'
        in html
    )
    assert "下一节点" not in html


def test_the_city_sees_each_projects_zone_and_names_are_escaped():
    html = rows([tracked(project_id=8, zone=SimpleNamespace(name="<b>临港</b>"))], all_zones=True)
    assert '<tr data-project="8"><td class="text-nowrap" data-zone-cell>&lt;b&gt;临港&lt;/b&gt;</td>' in html


def test_an_empty_portfolio_says_so_across_its_columns():
    assert 'colspan="7"' in rows([]) and "没有符合条件的重点项目" in rows([])
    assert 'colspan="8"' in rows([], all_zones=True)
    assert "No matching key projects" in rows([], language="en")


def problem(**kw):
    fields = {
        "pk": 3,
        "project_id": 7,
        "project": SimpleNamespace(name="少海汇智慧住居项目"),
        "title": "施工用电<增容>",
        "department": SimpleNamespace(name="规划建设部"),
        "owner": SimpleNamespace(name="李部长"),
        "raised_on": TODAY - dt.timedelta(days=10),
        "due_on": TODAY + dt.timedelta(days=2),
        "status": "open",
        "get_absolute_url": lambda: "/projects/problems/3/",
        "get_source_display": lambda: "现场走访",
        "get_category_display": lambda: "要素保障",
        "get_status_display": lambda: {"open": "办理中", "resolved": "已解决"}[fields["status"]],
    }
    fields |= kw
    return SimpleNamespace(**fields)


def problem_rows(page, enterprise=False) -> str:
    return Template("{% load projects %}{% problem_rows page enterprise today %}").render(
        Context({"page": page, "enterprise": enterprise, "today": TODAY})
    )


def test_an_open_problem_within_its_deadline_reads_blue_and_names_who_answers_for_it():
    html = problem_rows([problem()])
    assert html.startswith(
        '<tr data-problem="3"><td><a href="/projects/problems/3/">施工用电&lt;增容&gt;</a>'
    )
    assert '<div class="small text-secondary">现场走访 · 2026年11月13日</div>' in html
    assert '<td data-label="项目">少海汇智慧住居项目</td><td data-label="类别">要素保障</td>' in html
    assert (
        '<td data-label="责任部门/责任人">规划建设部<div class="small text-secondary">李部长</div></td>'
        in html
    )
    assert (
        '<td data-label="办结期限" class="text-nowrap">2026年11月25日</td>'
        '<td data-label="状态"><span class="badge bg-blue-lt">办理中</span></td>'
    ) in html


def test_an_open_problem_past_its_deadline_is_overdue_in_bold_red_and_a_resolved_one_green():
    late = problem_rows([problem(due_on=TODAY - dt.timedelta(days=1))])
    assert '<td data-label="办结期限" class="text-nowrap text-danger fw-bold">2026年11月22日</td>' in late
    assert '<span class="badge bg-red-lt">已超期</span>' in late
    done = problem_rows([problem(status="resolved", due_on=TODAY - dt.timedelta(days=1))])
    assert '2026年11月22日</td><td data-label="状态"><span class="badge bg-green-lt">已解决</span>' in done


def test_an_enterprise_follows_the_project_link_and_an_empty_list_says_so():
    assert '<td data-label="项目"><a href="/projects/p/7/">少海汇智慧住居项目</a></td>' in problem_rows(
        [problem()], enterprise=True
    )
    assert "没有符合条件的问题" in problem_rows([]) and 'colspan="6"' in problem_rows([])
