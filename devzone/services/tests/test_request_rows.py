"""The request list's rows (``{% request_rows page reach.role %}``): staff read the enterprise, an enterprise
reads only its own requests without that column; dates as a reader writes them; names escaped."""

import datetime as dt
from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation


def request(**kw):
    fields = {
        "title": "厂区道路<照明>不足",
        "number": "SQ2026000123",
        "enterprise": SimpleNamespace(name="济南数智软件有限公司"),
        "department": SimpleNamespace(name="综合服务部"),
        "submitted_on": dt.date(2026, 11, 2),
        "due_on": dt.date(2026, 11, 16),
        "status": "accepted",
        "get_absolute_url": lambda: "/services/requests/123/",
        "get_category_display": lambda: "基础设施",
        "get_status_display": lambda: "已受理",
        "shown_status": "accepted",  # as the reader reads it (``ServiceRequest.shown_status``)
        "shown_status_label": "已受理",
    }
    return SimpleNamespace(**(fields | kw))


def rows(page, role="zone_leader", language="zh-hans") -> str:
    with translation.override(language):
        return Template("{% load services %}{% request_rows page role %}").render(
            Context({"page": page, "role": role})
        )


def test_staff_read_the_enterprise_and_the_department_with_the_dates():
    html = rows([request()])
    assert html.startswith('<tr><td><a href="/services/requests/123/">厂区道路&lt;照明&gt;不足</a>')
    assert '<div class="small text-secondary">SQ2026000123 · 基础设施</div>' in html
    assert (
        '<div class="small text-secondary d-md-none">济南数智软件有限公司 · 综合服务部 · 答复期限 2026年11月16日</div>'
        in html
    )
    assert '<td class="d-none d-md-table-cell">济南数智软件有限公司</td>' in html
    assert '<td class="d-none d-md-table-cell text-nowrap">2026年11月2日</td>' in html
    assert (
        '<td data-label="状态"><span class="badge bg-blue-lt" data-status="accepted">已受理</span></td></tr>'
        in html
    )


def test_an_enterprise_does_not_read_its_own_name_on_every_row():
    html = rows([request()], role="enterprise_user")
    assert "济南数智软件有限公司" not in html
    assert '<div class="small text-secondary d-md-none">综合服务部 · 答复期限 2026年11月16日</div>' in html


def test_no_requests_say_so_in_the_users_language():
    assert "暂无诉求" in rows([]) and 'colspan="6"' in rows([])
    assert "No requests yet" in rows([], language="en")
    english = rows([request()], language="en")
    assert "Reply due " in english and "答复期限" not in english


def rating(**kw):
    fields = {
        "item": "企业开办",
        "comment": "窗口人员服务热情，材料一次性告知，全程不超过两个工作日，希望继续保持这样的效率和态度",
        "enterprise": SimpleNamespace(name="山东智家电器有限公司"),
        "department": SimpleNamespace(name="政务服务中心"),
        "served_by_label": "窗口甲",
        "level": 5,
        "automatic": False,
        "excluded": False,
        "rated_on": dt.date(2026, 11, 20),
        "get_absolute_url": lambda: "/services/ratings/5/",
        "get_kind_display": lambda: "审批服务",
        "get_level_display": lambda: {5: "非常满意", 3: "基本满意", 1: "非常不满意"}[fields["level"]],
    }
    fields |= kw
    return SimpleNamespace(**fields)


def rating_rows(page, show_enterprise=True, role="zone_leader") -> str:
    return Template("{% load services %}{% rating_rows page show_enterprise role %}").render(
        Context({"page": page, "show_enterprise": show_enterprise, "role": role})
    )


def test_a_rating_reads_its_service_a_cut_comment_who_served_its_level_and_date(monkeypatch):
    # the enterprise's comment only for who may know the enterprise (``selectors.rating_words_shown``): here a
    # reader who may; without a reader named, nobody
    assert "全程不超过" not in rating_rows([rating()])
    monkeypatch.setattr("devzone.services.selectors.rating_words_shown", lambda user, r: True)
    html = rating_rows([rating()])
    assert '<a href="/services/ratings/5/">企业开办</a><div class="small text-secondary">审批服务 · ' in html
    assert "全程不超过两个工作日，希望继续保持这样的...</div>" in html  # cut at 40 characters (zh-Hans: ...)
    assert '<td data-label="企业">山东智家电器有限公司</td>' in html
    assert (
        '<td data-label="部门 / 人员">政务服务中心<div class="small text-secondary">窗口甲</div></td>' in html
    )
    assert (
        '<span class="badge bg-green-lt" data-level="5">非常满意</span></td><td data-label="日期">2026年11月20日'
        in html
    )


def test_the_levels_colours_and_the_marks_of_an_automatic_or_excluded_rating():
    assert 'bg-blue-lt" data-level="3">基本满意' in rating_rows([rating(level=3, automatic=True)])
    assert '<span class="badge bg-secondary-lt">系统默认</span>' in rating_rows(
        [rating(level=3, automatic=True)]
    )
    excluded = rating(level=1, excluded=True, department=None, served_by_label="", comment="")
    staff = rating_rows([excluded])
    assert (
        'bg-red-lt" data-level="1">非常不满意</span> <span class="badge bg-dark-lt">申诉成立，不计入</span>'
        in staff
    )
    assert '<td data-label="部门 / 人员">—<div class="small text-secondary">—</div></td>' in staff
    assert "申诉成立" not in rating_rows([excluded], show_enterprise=False, role="enterprise_user")
    assert "山东智家电器有限公司" not in rating_rows([rating()], show_enterprise=False)
