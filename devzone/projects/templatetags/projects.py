"""The key-project pages' own tags: a project's colour as a badge (``{% status_badge t %}``), the portfolio's
rows (``{% portfolio_rows page all_zones today %}``) and the problem list's (``{% problem_rows … %}``).

Drawn by Python rather than by a template loop with two includes per row: the portfolio's 50 rows cost ~25 ms
of rendering that way, most of the page (docs/benchmark.md)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core.templatetags.devzone import row_html, show, table_body, wan
from devzone.projects import selectors
from devzone.projects.choices import Colour, ProblemStatus
from devzone.projects.wording import dispatch_title_label, milestone_label, status_reason_label

register = template.Library()

BADGE_CLASSES = {Colour.RED: "bg-red text-red-fg", Colour.YELLOW: "bg-yellow text-yellow-fg"}


@register.filter
def status_reason(stored: str) -> str:
    """``{{ t.status_reason|status_reason }}``: the stored reason of a project's colour in the reader's
    language (``wording``)."""
    return status_reason_label(stored)


@register.filter
def milestone(name: str) -> str:
    """``{{ m.name|milestone }}``: a milestone's name, a default step's in the reader's language."""
    return milestone_label(name)


@register.filter
def dispatch_title(stored: str) -> str:
    """``{{ d.title|dispatch_title }}``: a weekly dispatch's stored title in the reader's language (``wording``)."""
    return dispatch_title_label(stored)


@register.simple_tag
def status_badge(t):
    """``{% status_badge t %}``: a key project's colour (红/黄/绿) as a badge."""
    return row_html(
        '<span class="badge status-{} {}" data-status="{}">{}</span>',
        t.status,
        BADGE_CLASSES.get(t.status, "bg-green text-green-fg"),
        t.status,
        t.get_status_display(),
    )


@register.simple_tag(takes_context=True)
def agent_contact(context, t, missing: str = "—"):
    """``{% agent_contact t %}``: the key project's agent (代办专员) with their mobile number as the page's user
    may read it (``selectors.sees_agent_phone``): in full as a tap-to-call link, else masked; ``missing`` when no
    agent is assigned."""
    if not t.agent:
        return missing
    request = context.get("request")
    number, full = selectors.agent_phone(user=getattr(request, "user", None), tracking=t)
    if not number:
        return t.agent.name
    if full:
        return row_html(
            '{} · <a href="tel:{}" data-agent-phone="full">{}</a>',
            t.agent.name,
            "".join(number.split()),
            number,
        )
    return row_html('{} · <span data-agent-phone="masked">{}</span>', t.agent.name, number)


def _late(day, today) -> bool:
    return day is not None and day < today


def _agent(t, missing: str) -> str:
    if t.agent:
        return t.agent.name
    return row_html('<span class="text-danger">{}</span>', missing)


def _row(t, all_zones: bool, today) -> str:
    badge = status_badge(t)
    total = wan(t.project.total_investment)
    next_on = t.next_milestone_on
    reason = status_reason_label(t.status_reason)
    next_name = milestone_label(t.next_milestone)
    phone_next = (
        row_html(
            ' · {} {} <span class="{}">{}</span>',
            _("下一节点"),
            next_name,
            "text-danger" if _late(next_on, today) else "",
            show(next_on),
        )
        if t.next_milestone
        else ""
    )
    return row_html(
        '<tr data-project="{}">{}<td><a href="{}">{}</a><div class="text-secondary small">{}</div>'
        '<div class="d-md-none mt-1">{} <span class="small text-secondary">{}</span></div>'
        '<div class="small text-secondary d-md-none">{} · {}{}</div></td>'
        '<td class="d-none d-md-table-cell">{}{}</td>'
        '<td class="text-nowrap d-none d-md-table-cell">{}</td>'
        '<td class="d-none d-lg-table-cell">{}</td>'
        '<td class="d-none d-md-table-cell">{}</td>'
        '<td class="d-none d-md-table-cell text-wrap">{}{}</td>'
        '<td class="text-nowrap d-none d-md-table-cell{}">{}</td></tr>',
        t.project_id,
        row_html('<td class="text-nowrap" data-zone-cell>{}</td>', t.zone.name) if all_zones else "",
        t.get_absolute_url(),
        t.project.name,
        t.project.enterprise.name,
        badge,
        reason,
        total,
        _agent(t, _("未指定代办专员")),
        phone_next,
        badge,
        row_html('<div class="text-secondary small text-wrap">{}</div>', reason) if reason else "",
        total,
        show(getattr(t.project.area, "name", "")),
        _agent(t, _("未指定")),
        next_name or "—",
        row_html(
            '<div class="small text-nowrap {}">{}</div>',
            "text-danger" if _late(next_on, today) else "text-secondary",
            show(next_on),
        )
        if next_on
        else "",
        " text-danger" if _late(t.next_visit_due, today) else "",
        show(t.next_visit_due),
    )


@register.simple_tag
def portfolio_rows(page, all_zones, today):
    """``{% portfolio_rows page all_zones today %}``: the body of the portfolio's table, a row per key project
    (its zone in the city's all-zones mode; the project and enterprise, the colour and its reason, the
    investment, the area, the agent, the next milestone and the next visit, late ones in red; on a phone the
    middle columns fold into the first)."""
    return table_body(
        page,
        lambda t: _row(t, all_zones, today),
        width=8 if all_zones else 7,
        empty=_("没有符合条件的重点项目"),
    )


def _problem_row(p, enterprise: bool, today) -> str:
    late = _late(p.due_on, today)
    overdue = p.status == ProblemStatus.OPEN and late
    if p.status == ProblemStatus.RESOLVED:
        badge = "bg-green-lt"
    else:
        badge = "bg-red-lt" if late else "bg-blue-lt"
    project = (
        row_html(
            '<a href="{}">{}</a>', reverse("projects:project_detail", args=[p.project_id]), p.project.name
        )
        if enterprise
        else p.project.name
    )
    return row_html(
        '<tr data-problem="{}"><td><a href="{}">{}</a><div class="small text-secondary">{} · {}</div></td>'
        '<td data-label="{}">{}</td><td data-label="{}">{}</td>'
        '<td data-label="{}">{}<div class="small text-secondary">{}</div></td>'
        '<td data-label="{}" class="text-nowrap{}">{}</td><td data-label="{}"><span class="badge {}">{}</span></td></tr>',
        p.pk,
        p.get_absolute_url(),
        p.title,
        p.get_source_display(),
        show(p.raised_on),
        _("项目"),
        project,
        _("类别"),
        p.get_category_display(),
        _("责任部门/责任人"),
        getattr(p.department, "name", ""),
        getattr(p.owner, "name", ""),
        _("办结期限"),
        " text-danger fw-bold" if overdue else "",
        show(p.due_on),
        _("状态"),
        badge,
        _("已超期") if overdue else p.get_status_display(),
    )


@register.simple_tag
def problem_rows(page, enterprise, today):
    """``{% problem_rows page enterprise today %}``: the body of the problem list (a card per problem on a phone,
    each cell headed by its column's name: ``table-cards``), a row per problem (its title,
    source and day raised; the project, linked for an enterprise; the category; the department and the person
    responsible; the deadline, in bold red when an open problem is past it; the status, 已超期 for such a one)."""
    return table_body(
        page, lambda p: _problem_row(p, bool(enterprise), today), width=6, empty=_("没有符合条件的问题")
    )
