"""Template filters and tags of 大招商."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from devzone.core.templatetags.devzone import row_html, show, table_body, wan
from devzone.investment.choices import Stage

register = template.Library()


@register.filter
def stage_label(value: str) -> str:
    try:
        return Stage(value).label
    except ValueError:
        return value


def _badges(lead) -> str:
    """The lead's marks after its name: outside the zone's industry plan (or admitted as an exception), stale,
    lost."""
    marks = []
    if not lead.fits:
        marks.append(
            ("bg-azure-lt", _("例外")) if lead.exception_on else ("bg-orange-lt", _("不符合产业定位"))
        )
    if lead.is_stale:
        marks.append(("bg-red-lt", _("停滞")))
    if lead.lost_on:
        marks.append(("bg-secondary-lt", _("流失")))
    return format_html_join("", ' <span class="badge {} ms-1">{}</span>', marks)


def _lead_row(lead) -> str:
    investment = wan(lead.intended_investment)
    owner = show(getattr(lead.owner, "name", ""))
    last = show(lead.last_activity_on)
    return row_html(
        '<tr><td><a href="{}">{}</a>{}<div class="d-md-none small text-secondary">{} · {} · {} {}</div></td>'
        '<td class="small d-none d-md-table-cell">{}</td><td class="d-none d-md-table-cell">{}</td>'
        '<td class="d-none d-md-table-cell">{}</td><td class="d-none d-md-table-cell text-nowrap">{}</td>'
        '<td class="d-none d-md-table-cell text-nowrap">{}</td><td class="text-nowrap">{}</td>'
        '<td class="d-none d-md-table-cell">{}</td></tr>',
        lead.get_absolute_url(),
        lead.company_name,
        _badges(lead),
        investment,
        owner,
        _("最近跟进"),
        last,
        getattr(lead.industry, "name", ""),
        investment,
        lead.get_source_display(),
        getattr(lead.team, "name", ""),
        owner,
        lead.get_stage_display(),
        last,
    )


@register.simple_tag
def lead_rows(page):
    """``{% lead_rows page %}``: the body of the lead list, drawn by Python rather than by a template loop per
    cell (the cells were more than half of the page's rendering): the company with its marks, the industry,
    the intended investment, the source, the team, the owner, the stage and the last follow-up (on a phone
    the investment, owner and follow-up fold under the name)."""
    return table_body(page, _lead_row, width=8, empty=_("暂无线索"))
