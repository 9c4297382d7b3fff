"""Template filters: amounts read naturally (万元/亿元), yes/no marks, values of any type."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from html import escape as html_escape

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import is_aware, localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def grouped(n: Decimal) -> str:
    """Thousands grouped by commas (5,000; 1,234.5), as amounts are printed in Chinese and English reports."""
    return f"{n:,f}"


def _amount(value):
    """An amount filter's value as a Decimal; — for none, and the value itself where it is not a number."""
    if value in (None, ""):
        return "—"
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value


def _half_up(amount: Decimal, places: str = "0.01") -> Decimal:
    """Rounded as figures are read (四舍五入): half up, never to the even digit (Decimal's default)."""
    return amount.quantize(Decimal(places), rounding=ROUND_HALF_UP)


@register.filter
def wan(value):
    """An amount in 万元 as its reader counts: 708亿元 / 5,000万元 in Chinese; CNY 70.8 billion /
    CNY 50 million in English. Rounded half up, and the unit chosen after rounding (9,999.995万元 is 1亿元)."""
    amount = _amount(value)
    if not isinstance(amount, Decimal):
        return amount
    if not get_language().startswith("zh"):
        yuan = amount * 10000
        for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
            n = _half_up(yuan / size)
            if abs(n) >= 1:
                return f"CNY {grouped(n.normalize())} {word}"
        return f"CNY {grouped(_half_up(yuan, '1'))}"
    if abs(_half_up(amount)) >= 10000:
        return _("%(n)s亿元") % {"n": grouped(_half_up(amount / 10000).normalize())}
    return _("%(n)s万元") % {"n": grouped(_half_up(amount).normalize())}


@register.filter
def num(value):
    """A count or quantity with thousands grouped, in Chinese as in English (222405 -> 222,405; 1234.50 ->
    1,234.5): Django's zh-Hans format groups nothing, and a table of six-digit figures reads poorly without."""
    number = _amount(value)
    if not isinstance(number, Decimal):
        return number
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):,}"
    return grouped(number.normalize())


@register.filter
def yuan(fen):
    """Fen (pay, bonus pools) as yuan with two decimals and thousands separators: 123456 -> 1,234.56."""
    if fen is None or fen == "":
        return "—"
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


@register.filter
def yi(value):
    """An amount in 万元 as a figure in 亿元 with two decimals (12.35; 0.08; 0), for a column whose heading
    names the unit once, so that every row of the column reads in the same unit."""
    amount = _amount(value)
    if not isinstance(amount, Decimal):
        return amount
    if not amount:
        return "0"
    return grouped(_half_up(amount / 10000))


@register.filter
def show(value):
    """Any field value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _day(get_language(), value)
    if isinstance(value, dt.datetime):
        # An aware time is shown in Beijing time (TIME_ZONE), never in UTC as stored.
        return date_filter(localtime(value) if is_aware(value) else value, "DATETIME_FORMAT")
    return value


@lru_cache(maxsize=4096)
def _day(language: str, day: dt.date) -> str:
    """A day as its reader writes it (2026年11月22日; Nov. 22, 2026), formatted once a process for each language
    and day: a list prints the same few days on every row, and Django's date filter costs ~11 µs a call."""
    return date_filter(day, "DATE_FORMAT")


@register.filter
def absolute(value):
    try:
        return abs(value)
    except TypeError:
        return value


@register.filter
def get(mapping, key):
    """``values|get:d.pk``: the item of a dict under a key that is a variable (a template can only look up a
    fixed name); None where the key is absent or the value is no dict."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def percent(value, digits: int = 1):
    """0.873 -> 87.3%."""
    try:
        return f"{float(value) * 100:.{int(digits)}f}%"
    except (TypeError, ValueError):
        return "—"


@register.inclusion_tag("core/kit/pager.html", takes_context=True)
def pager(context, page, param="page"):
    """``{% pager page %}``: previous/next links that keep every parameter of the query string (the list's
    filters, its search, a ``?project=``) and change only ``page``. A page with two lists pages each by a
    parameter of its own: ``{% pager needs param="needs_page" %}`` with ``page_of(request, qs, param=...)``."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else {}
    if params:
        params.pop(param, None)
    query = params.urlencode() if params else ""
    return {"page": page, "query": f"{query}&" if query else "", "param": param}


class TableCardNode(template.Node):
    def __init__(self, nodelist, page, classes):
        self.nodelist, self.page, self.classes = nodelist, page, classes

    def render(self, context):
        table = self.nodelist.render(context)  # safe: what the template wrote, its variables escaped
        card = context.template.engine.get_template("core/kit/table_card.html")
        page = self.page.resolve(context)
        classes = self.classes.resolve(context) if self.classes else ""
        with context.push(table=table, page=page, classes=classes):
            return card.render(context)


@register.tag
def table_card(parser, token):
    """``{% table_card page "table-striped people-list" %}<thead>…</thead><tbody>…</tbody>{% endtable_card %}``:
    a list's table in a card, the table's own classes after the common ones, its pager (``{% pager page %}``)
    in the card's footer (core/kit/table_card.html)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(
            "{% table_card page [classes] %} takes a page and the table's classes"
        )
    nodelist = parser.parse(("endtable_card",))
    parser.delete_first_token()
    classes = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return TableCardNode(nodelist, parser.compile_filter(bits[1]), classes)


def row_html(template: str, *args) -> SafeString:
    """``format_html`` for the rows of a list tag, the same text for the same arguments (``core/tests/
    test_row_html.py`` compares them): each argument escaped unless it is already safe HTML, a lazy translation
    as its text. Django's ``escape`` goes through its lazy-argument wrapper on every call (a third of a row's
    time in the portfolio's 26 arguments); the standard library's is called here directly."""
    return SafeString(
        template.format(*(a.__html__() if hasattr(a, "__html__") else html_escape(str(a)) for a in args))
    )


def table_body(rows, draw, *, width: int, empty: str) -> str:
    """A table's body drawn by Python rather than by a template loop per cell (the cells are most of a list
    page's rendering): ``draw(row)`` for each row, a ``<tr>`` built with ``row_html``; with no rows, one row
    across the ``width`` columns that says ``empty``. The list tags of the modules (``{% queue_rows %}``,
    ``{% portfolio_rows %}`` …) are each a ``draw`` and a call of this."""
    if not rows:
        return format_html(
            '<tr><td colspan="{}" class="text-center text-secondary py-4">{}</td></tr>', width, empty
        )
    return SafeString("".join(draw(row) for row in rows))


def _list_row(row, labels: list[str]) -> str:
    obj, cells = row
    return row_html(
        '<tr><td data-label="{}"><a href="{}">{}</a></td>{}</tr>',
        labels[0],
        obj.get_absolute_url(),
        cells[0],
        SafeString(
            "".join(
                row_html('<td data-label="{}">{}</td>', label, cell)
                for label, cell in zip(labels[1:], cells[1:], strict=True)
            )
        ),
    )


@register.simple_tag
def list_rows(rows, columns):
    """``{% list_rows rows spec.columns %}``: the body of a core list, its rows as ``core.views.list_cells``
    formatted them, the first cell a link to the row's page; each cell headed by its column's label on a phone
    (``table-cards``: an enterprise opens its own enterprise and projects here)."""
    labels = [str(label) for label, _path in columns]
    return table_body(
        rows, lambda row: _list_row(row, labels), width=len(labels), empty=_("没有符合条件的记录")
    )


@register.simple_tag
def cell_rows(rows) -> SafeString:
    """``{% cell_rows rows %}``: a table body of rows that are lists of plain values (a report's stored content,
    the weekly dispatch's sections), each cell as ``{{ cell }}`` prints it (localised, escaped), without a
    template loop per cell: the dispatch page's ~20 ms of rendering went to those loops."""
    return SafeString(
        "".join(
            "<tr>" + "".join(row_html("<td>{}</td>", localize(cell)) for cell in row) + "</tr>"
            for row in rows
        )
    )


@register.simple_tag(takes_context=True)
def staff_phone(context, staff) -> str:
    """A staff member's mobile number as the page's user may see it (core.personal: masked unless allowed)."""
    from devzone.core.personal import phone_for

    request = context.get("request")
    return phone_for(getattr(request, "user", None), staff)


@register.simple_tag
def upload_mb(kind: str = "file") -> int:
    """The upload limit in MB that ``core.files`` enforces, for a form's label: ``{% upload_mb as mb %}``
    (photos: ``{% upload_mb "photo" as mb %}``), never a number written in the template."""
    limit = settings.DEVZONE_PHOTO_MAX_BYTES if kind == "photo" else settings.DEVZONE_UPLOAD_MAX_BYTES
    return limit // (1024 * 1024)


@register.simple_tag(takes_context=True)
def may(context, action: str, model_label: str) -> bool:
    """Whether the page's user may ``action`` the rows of ``model_label`` (``"personnel.Competition"``):
    ``{% may "view" "personnel.Competition" as shown %}`` — a tab or a link shows only where it opens."""
    from django.apps import apps

    from devzone.core.access import can

    return can(context["request"].user, action, apps.get_model(model_label))
