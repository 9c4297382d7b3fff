"""The services pages' own tags: a rating's level as a badge (``{% level_badge level label %}``) and the rows of
the request and rating lists (``{% request_rows page reach.role %}``, ``{% rating_rows … %}``), drawn by Python
rather than by a template loop per cell and an include per row (the cells were half of a list's rendering,
~8 of ~15 ms)."""

from django import template
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from devzone.core.choices import Role
from devzone.core.templatetags.devzone import row_html, show, table_body
from devzone.services.models import comment_shown
from devzone.services.services.ratings import item_label, item_withheld_label

register = template.Library()


@register.filter
def rating_item(item: str) -> str:
    """``{{ rating.item|rating_item }}``: what was rated (审批：…, 诉求：…), its kind in the reader's language."""
    return item_label(item)


@register.filter
def item_for(rating, user) -> str:
    """``{{ rating|item_for:user }}``: what was rated as ``user`` may read it (``selectors.rating_item``: the
    request's title and the project's name only for who may know the enterprise behind the rating)."""
    from devzone.services.selectors import rating_item

    return rating_item(user, rating)


def _row(req, staff: bool) -> str:
    enterprise = req.enterprise.name if staff else ""
    department = getattr(req.department, "name", "")
    return row_html(
        '<tr><td><a href="{}">{}</a><div class="small text-secondary">{} · {}</div>'
        '<div class="small text-secondary d-md-none">{}{} · {}</div></td>{}'
        '<td class="d-none d-md-table-cell">{}</td><td class="d-none d-md-table-cell text-nowrap">{}</td>'
        '<td class="d-none d-md-table-cell text-nowrap">{}</td>'
        '<td data-label="{}"><span class="badge bg-blue-lt" data-status="{}">{}</span></td></tr>',
        req.get_absolute_url(),
        req.title,
        req.number,
        req.get_category_display(),
        row_html("{} · ", enterprise) if staff else "",
        department,
        _("答复期限 %(d)s") % {"d": show(req.due_on)},
        row_html('<td class="d-none d-md-table-cell">{}</td>', enterprise) if staff else "",
        department,
        show(req.submitted_on),
        show(req.due_on),
        _("状态"),
        req.shown_status,  # a rated request reads as 已办结 to who may not know its rater (``selectors``)
        req.shown_status_label,
    )


@register.simple_tag
def request_rows(page, role):
    """``{% request_rows page reach.role %}``: the body of the request list, a row per request (its title,
    number and category; the enterprise, for staff; the department, submission, deadline and status; on a
    phone the middle columns fold under the title)."""
    staff = role != Role.ENTERPRISE_USER
    return table_body(page, lambda req: _row(req, staff), width=6, empty=_("暂无诉求"))


@register.simple_tag
def level_badge(level, label):
    """``{% level_badge rating.level rating.get_level_display %}``: a rating's level, green when satisfied (4–5),
    blue for 基本满意 (3), red when not (1–2)."""
    colour = "bg-green-lt" if level >= 4 else ("bg-blue-lt" if level == 3 else "bg-red-lt")
    return row_html('<span class="badge {}" data-level="{}">{}</span>', colour, level, label)


def _rating_row(r, show_enterprise: bool, staff: bool, viewer=None) -> str:
    from devzone.services.selectors import rating_words_shown

    viewer_id = getattr(viewer, "pk", None)
    marks = []
    if r.automatic:
        marks.append(("bg-secondary-lt", _("系统默认")))
    if r.excluded and staff:
        marks.append(("bg-dark-lt", _("申诉成立，不计入")))
    return row_html(
        '<tr><td><a href="{}">{}</a><div class="small text-secondary">{}{}</div></td>{}'
        '<td data-label="{}">{}<div class="small text-secondary">{}</div></td>'
        '<td data-label="{}">{}{}</td><td data-label="{}">{}</td></tr>',
        r.get_absolute_url(),
        # no viewer named: the service as anyone may read it (fails closed)
        item_for(r, viewer) if viewer is not None else item_withheld_label(getattr(r, "kind", ""), r.item),
        r.get_kind_display(),
        # the enterprise's own words only for who may know it (``selectors.rating_words_shown``)
        row_html(" · {}", Truncator(comment_shown(r.comment, r.automatic)).chars(40))
        if r.comment and rating_words_shown(viewer, r)
        else "",
        row_html('<td data-label="{}">{}</td>', _("企业"), _enterprise_cell(r, viewer_id))
        if show_enterprise
        else "",
        _("部门 / 人员"),
        show(getattr(r.department, "name", "")),
        show(r.served_by_label),
        _("评价"),
        level_badge(r.level, r.get_level_display()),
        format_html_join("", ' <span class="badge {}">{}</span>', marks),
        _("日期"),
        show(r.rated_on),
    )


def _enterprise_cell(r, viewer_id) -> str:
    """The enterprise's name, but "—" on a rating of the viewer themselves (a leader who served): the person
    rated never learns who rated them (``selectors.may_see_enterprise``)."""
    if viewer_id is not None and r.served_by_id == viewer_id:
        return "—"
    return r.enterprise.name


@register.simple_tag
def rating_rows(page, show_enterprise, role, viewer=None):
    """``{% rating_rows page show_enterprise reach.role user %}``: the body of the rating list, a row per rating
    (the service as the viewer may read it, ``item_for``, and its kind, the comment cut at 40 characters; the enterprise where shown, never on the
    viewer's own ratings; the department and who served; the level, 系统默认 for an automatic rating and, for
    staff, 申诉成立，不计入 for one an appeal took out; the date)."""
    staff = role != Role.ENTERPRISE_USER
    return table_body(
        page, lambda r: _rating_row(r, show_enterprise, staff, viewer), width=5, empty=_("暂无评价")
    )
