"""The services pages' own tag: the request list's rows (``{% request_rows page reach.role %}``), drawn by Python
rather than by a template loop per cell (the cells were half of the page's rendering, ~8 of ~15 ms)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from devzone.core.choices import Role
from devzone.core.templatetags.devzone import show

register = template.Library()


def _row(req, staff: bool) -> str:
    enterprise = req.enterprise.name if staff else ""
    department = getattr(req.department, "name", "")
    return format_html(
        '<tr><td><a href="{}">{}</a><div class="small text-secondary">{} · {}</div>'
        '<div class="small text-secondary d-md-none">{}{} · {}</div></td>{}'
        '<td class="d-none d-md-table-cell">{}</td><td class="d-none d-md-table-cell text-nowrap">{}</td>'
        '<td class="d-none d-md-table-cell text-nowrap">{}</td>'
        '<td data-label="{}"><span class="badge bg-blue-lt" data-status="{}">{}</span></td></tr>',
        req.get_absolute_url(),
        req.title,
        req.number,
        req.get_category_display(),
        format_html("{} · ", enterprise) if staff else "",
        department,
        _("答复期限 %(d)s") % {"d": show(req.due_on)},
        format_html('<td class="d-none d-md-table-cell">{}</td>', enterprise) if staff else "",
        department,
        show(req.submitted_on),
        show(req.due_on),
        _("状态"),
        req.status,
        req.get_status_display(),
    )


@register.simple_tag
def request_rows(page, role):
    """``{% request_rows page reach.role %}``: the body of the request list, a row per request (its title,
    number and category; the enterprise, for staff; the department, submission, deadline and status; on a
    phone the middle columns fold under the title)."""
    if not page:
        return format_html(
            '<tr><td colspan="6" class="text-center text-secondary py-4">{}</td></tr>', _("暂无诉求")
        )
    staff = role != Role.ENTERPRISE_USER
    return format_html_join("", "{}", ((_row(req, staff),) for req in page))
