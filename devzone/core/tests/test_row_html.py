"""``row_html``, the list tags' ``format_html``, and ``{% cell_rows %}`` (core.templatetags.devzone): the same text
as what they replace for any arguments, so that drawing a list's rows faster changes no page."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from devzone.core.templatetags.devzone import row_html

TEXT = st.text(alphabet=st.sampled_from(list("a甲<>&\"'{} 0")), max_size=8)
ARGUMENT = st.one_of(
    TEXT,
    TEXT.map(mark_safe),  # already HTML: kept as it is
    st.integers(-5, 10**6),
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.sampled_from(
        [gettext_lazy("没有符合条件的记录"), gettext_lazy("已超期"), mark_safe(gettext_lazy("<b>是</b>"))]
    ),
)


@given(args=st.lists(ARGUMENT, min_size=1, max_size=6))
def test_a_row_reads_as_format_html_writes_it(args):
    template = "".join(f'<td data-{i}="{{}}">{{}}</td>' for i in range(len(args)))
    doubled = [a for arg in args for a in (arg, arg)]
    assert row_html(template, *doubled) == format_html(template, *doubled)
    assert hasattr(row_html(template, *doubled), "__html__")  # safe: a template prints it as it is


CELL = st.one_of(
    TEXT,
    st.integers(-5, 10**7),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.none(),
    st.booleans(),
)
LOOP = Template(
    "{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}"
)
CELL_ROWS = Template("{% load devzone %}{% cell_rows rows %}")


@given(rows=st.lists(st.lists(CELL, max_size=5), max_size=4), language=st.sampled_from(["zh-hans", "en"]))
def test_cell_rows_print_each_cell_as_the_template_loop_did(rows, language):
    """``{% cell_rows %}`` (the weekly dispatch's sections): each cell as ``{{ cell }}`` printed it, localised and
    escaped, for text, numbers, None and booleans, in both languages."""
    with translation.override(language):
        assert CELL_ROWS.render(Context({"rows": rows})) == LOOP.render(Context({"rows": rows}))
