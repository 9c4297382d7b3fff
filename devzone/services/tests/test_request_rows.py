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
