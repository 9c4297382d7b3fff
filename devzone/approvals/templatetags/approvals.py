"""The approvals pages' own tags: an application's clock as a badge (``{% clock reading app %}``), the queue's
rows (``{% queue_rows rows %}``) and the statistics tables' rows (``{% stats_rows rows %}``).

Drawn by Python rather than by an included template and a loop per cell: on a queue page of 25 files the
include and its ``blocktranslate``s cost ~2.5 ms and the cells ~3.5 ms of the page's ~8 ms of rendering."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from devzone.approvals import clock as clockread
from devzone.approvals.choices import Status
from devzone.approvals.selectors import QUEUE_STATUSES
from devzone.core.templatetags.devzone import percent, row_html, show, table_body

register = template.Library()

COLOUR_CLASSES = {clockread.RED: "bg-red text-red-fg", clockread.YELLOW: "bg-yellow text-yellow-fg"}
GREEN_CLASSES = "bg-green-lt"


def _which(reading) -> str:
    """The clock's name before its words: 法定 (the statutory limit), 承诺 (the zone's promise)."""
    if reading.which == clockread.LEGAL:
        return _("法定") + " · "
    if reading.which == clockread.PROMISED:
        return _("承诺") + " · "
    return ""


def _late(n: int) -> str:
    return ngettext("超期%(n)s个工作日", "超期%(n)s个工作日", n) % {"n": n}


def _left(n: int) -> str:
    if n == 0:  # the last working day: "0 working days left" read as if the time were already up
        return _("今日到期")
    return ngettext("剩余%(n)s个工作日", "剩余%(n)s个工作日", n) % {"n": n}


def _stopped(reading, app) -> str:
    """A clock that has stopped: concluded on time or late, or ended by a withdrawal."""
    if app is not None and app.status == Status.WITHDRAWN:
        words = _("计时结束")
    elif reading.overdue:
        n = abs(reading.remaining)
        words = ngettext("超期%(n)s个工作日办结", "超期%(n)s个工作日办结", n) % {"n": n}
    else:
        words = _("按期办结")
    return row_html(
        '<span class="badge text-wrap {}" data-clock="stopped" data-clock-kind="{}">{}{}</span>',
        "bg-red-lt" if reading.overdue else "bg-secondary-lt",
        reading.which,
        _which(reading),
        words,
    )


def _running(reading) -> str:
    """A running (or paused) clock: its colour, the working days left or over, its due date. The badge says one
    thing of the whole limit (over by N, N left, due today); a step past its own share is a badge apart (环节超时
    beside 剩余0个工作日 read as a contradiction). A badge may wrap (``text-wrap``, spaced lines: ``lh-sm``): in
    English "Statutory · 12 working days left" may be wider than the column."""
    words = _late(abs(reading.remaining)) if reading.overdue else _left(reading.remaining)
    badge = row_html(
        '<span class="badge text-wrap lh-sm clock-{} {}" data-clock="{}" data-clock-kind="{}">{}{}</span>',
        reading.colour,
        COLOUR_CLASSES.get(reading.colour, GREEN_CLASSES),
        reading.colour,
        reading.which,
        _which(reading),
        words,
    )
    if reading.step_overrun and not reading.overdue:
        badge = row_html(
            '{} <span class="badge bg-red-lt text-wrap lh-sm" data-step-overrun="1" title="{}">{}</span>',
            badge,
            _("当前环节已超过本环节的办理时限"),
            _("本环节超时"),
        )
    if reading.due_on:
        provisional = (
            row_html(
                '<span class="badge bg-yellow-lt ms-1" title="{}">{}</span>',
                _("跨入尚无官方节假日安排的年份，按周末暂定"),
                _("暂定"),
            )
            if reading.provisional
            else ""
        )
        return row_html(
            '{} <span class="text-secondary small text-nowrap">{} {}{}</span>',
            badge,
            pgettext("deadline", "到期"),
            show(reading.due_on),
            provisional,
        )
    if reading.paused:
        return row_html('{} <span class="text-secondary small">{}</span>', badge, _("计时暂停"))
    return badge


@register.simple_tag
def clock(reading, app=None):
    """``{% clock reading app %}``: the badge of a clock reading (``approvals.clock.Reading``) — colour, the
    working days left or over, the due date — or 未开始计时 before the clock starts (``reading`` None)."""
    if not reading:
        return row_html('<span class="text-secondary small">{}</span>', _("未开始计时"))
    if reading.stopped:
        return _stopped(reading, app)
    return _running(reading)


def _queue_row(row, labels, unassigned: str = "") -> str:
    app, reading = row
    status = app.get_status_display()
    if unassigned and app.reviewer_id is None and app.status in QUEUE_STATUSES:
        status = row_html(
            '{} <span class="badge bg-yellow-lt" data-unassigned="1">{}</span>', status, unassigned
        )
    return row_html(
        '<tr data-application="{}"><td><a href="{}">{}</a></td><td data-label="{}">{}</td>'
        '<td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
        '<td class="text-wrap" data-label="{}">{}</td></tr>',
        app.pk,
        app.get_absolute_url(),
        app.item,
        labels[0],
        app.project.name,
        labels[1],
        app.enterprise.name,
        labels[2],
        status,
        labels[3],
        app.get_step_display(),
        labels[4],
        clock(reading, app),
    )


@register.simple_tag
def queue_rows(rows, staff=False, empty=""):
    """``{% queue_rows rows staff empty %}``: the body of the queue's table, a row per (application, reading) of
    ``selectors.with_readings``: the item (linked to the file), the project, the enterprise, the status (for the
    zone's staff, ``staff``, marked 待分派 when an accepted file has no reviewer yet), the step and the clock;
    each cell after the first headed by its column on a phone (``table-cards``: an enterprise opens its files
    here from its desk). ``empty``: what an empty list says (没有待办件 unless the page names its own)."""
    labels = (_("项目"), _("企业"), _("状态"), _("环节"), _("时限"))
    unassigned = _("待分派") if staff else ""
    return table_body(
        rows, lambda row: _queue_row(row, labels, unassigned), width=6, empty=empty or _("没有待办件")
    )


def _stats_row(r) -> str:
    def number(value):
        return localize(show(value))

    def rate(value):
        return "—" if value is None else percent(value)

    return row_html(
        '<tr><td>{}</td><td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end">{}</td>'
        '<td class="text-end text-nowrap">{}</td><td class="text-end text-nowrap">{}</td>'
        '<td class="text-end">{}</td><td class="text-end">{}</td>'
        '<td class="text-end" data-figure="legal-within">{}</td>'
        '<td class="text-end{}" data-figure="legal-late">{}</td><td class="text-end">{}</td></tr>',
        r.label,
        number(r.count),
        number(r.median),
        number(r.p90),
        r.promised_label,
        r.legal_label,
        rate(r.compression),
        rate(r.on_time_rate),
        number(r.legal_within),
        " text-danger fw-bold" if r.legal_late else "",
        number(r.legal_late),
        "—" if r.supplements_per_application is None else floatformat(r.supplements_per_application, 2),
    )


@register.simple_tag
def stats_rows(rows):
    """``{% stats_rows rows %}``: the body of a statistics table (by stage, by former department, by item), a row
    per group with its count, median and 90 % time in working days, the promised and the legal limit, the
    compression, the on-time rate, the files within and past the legal limit (those in bold red) and the
    supplements per file."""
    if not rows:
        return row_html(
            '<tr><td colspan="11" class="text-center text-secondary py-3">{}</td></tr>',
            _("统计期间内没有办结的申请"),
        )
    return table_body(rows, _stats_row, width=11, empty="")
