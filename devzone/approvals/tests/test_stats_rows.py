"""The statistics tables' rows (``{% stats_rows %}``) read exactly as the template loop they replaced wrote them,
for any figures: counts, times in working days (whole, decimal, missing), rates and compressions (or none), files
past the legal limit in bold red, supplements per file, in Chinese and in English."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

# The loop of approvals/_stats_table.html before the tag, kept here as the reference.
LOOP = Template(
    '{% load i18n devzone %}{% for r in rows %}<tr><td>{{ r.label }}</td><td class="text-end">{{ r.count }}</td>'
    '<td class="text-end">{{ r.median|show }}</td><td class="text-end">{{ r.p90|show }}</td>'
    '<td class="text-end text-nowrap">{{ r.promised_label }}</td><td class="text-end text-nowrap">{{ r.legal_label }}</td>'
    '<td class="text-end">{% if r.compression is not None %}{{ r.compression|percent }}{% else %}—{% endif %}</td>'
    '<td class="text-end">{% if r.on_time_rate is not None %}{{ r.on_time_rate|percent }}{% else %}—{% endif %}</td>'
    '<td class="text-end" data-figure="legal-within">{{ r.legal_within }}</td>'
    '<td class="text-end{% if r.legal_late %} text-danger fw-bold{% endif %}" data-figure="legal-late">'
    "{{ r.legal_late }}</td>"
    '<td class="text-end">{% if r.supplements_per_application is not None %}'
    "{{ r.supplements_per_application|floatformat:2 }}{% else %}—{% endif %}</td></tr>"
    '{% empty %}<tr><td colspan="11" class="text-center text-secondary py-3">'
    '{% translate "统计期间内没有办结的申请" %}</td></tr>{% endfor %}'
)
TAG = Template("{% load approvals %}{% stats_rows rows %}")

DAYS = st.one_of(st.none(), st.integers(0, 400), st.decimals(0, 400, places=1), st.floats(0, 400, width=32))
RATE = st.one_of(st.none(), st.floats(0, 1), st.decimals(0, 1, places=3))
ROW = st.builds(
    SimpleNamespace,
    label=st.text(alphabet=st.sampled_from(list("受理审批<&>\"' 甲A")), min_size=1, max_size=8),
    count=st.integers(0, 100_000),
    median=DAYS,
    p90=DAYS,
    promised_label=st.sampled_from(["5 个工作日", "—", "20 working days"]),
    legal_label=st.sampled_from(["20 个工作日", "—"]),
    compression=RATE,
    on_time_rate=RATE,
    legal_within=st.integers(0, 10_000),
    legal_late=st.integers(0, 30),
    supplements_per_application=st.one_of(st.none(), st.floats(0, 5), st.decimals(0, 5, places=4)),
)


@given(rows=st.lists(ROW, max_size=4), language=st.sampled_from(["zh-hans", "en"]))
def test_the_rows_read_as_the_template_loop_wrote_them(rows, language):
    with translation.override(language):
        old = LOOP.render(Context({"rows": rows}))
        new = TAG.render(Context({"rows": rows}))
    assert new == old


def test_files_past_the_legal_limit_are_in_bold_red_and_no_rows_say_so():
    row = SimpleNamespace(
        label="规划许可",
        count=12,
        median=Decimal("4.5"),
        p90=9,
        promised_label="5 个工作日",
        legal_label="20 个工作日",
        compression=0.75,
        on_time_rate=None,
        legal_within=10,
        legal_late=2,
        supplements_per_application=0.5,
    )
    html = TAG.render(Context({"rows": [row]}))
    assert re.search(r'<td class="text-end text-danger fw-bold" data-figure="legal-late">2</td>', html)
    assert '<td class="text-end">75.0%</td><td class="text-end">—</td>' in html
    with translation.override("zh-hans"):
        assert "统计期间内没有办结的申请" in TAG.render(Context({"rows": []}))
