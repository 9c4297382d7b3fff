"""The form renderer (core.renderers): Django's widgets through Jinja2 give the same page as through the Django
template language, a drop-down written in Python is what the Jinja2 templates write, and a template only the
Django engine has (the admin's widgets) is still found."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from hypothesis import given, settings
from hypothesis import strategies as st

from devzone.core.renderers import SELECT, FormRenderer, select_html


class Everything(forms.Form):
    name = forms.CharField(label="名称<b>", initial='a "quoted" <value>', help_text="说明")
    phase = forms.ChoiceField(
        choices=[("", "全部"), ("signed", "已签约"), ("built", "已投产")], initial="signed"
    )
    areas = forms.MultipleChoiceField(choices=[("1", "城"), ("2", "园")], widget=forms.CheckboxSelectMultiple)
    kind = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)
    key = forms.BooleanField(required=False)
    on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField()
    amount = forms.DecimalField(max_digits=12, decimal_places=2)


def _html(renderer, data=None) -> str:
    form = Everything(data, renderer=renderer)
    html = re.sub(r"\s+", " ", str(form)).replace("> <", "><").strip()
    return html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")  # Jinja2 and Django spell quotes apart


@pytest.mark.parametrize("data", [None, {"name": "", "phase": "bogus", "amount": "x"}])
def test_a_form_renders_the_same_through_jinja2(data):
    assert _html(FormRenderer(), data) == _html(DjangoTemplates(), data)


def test_a_template_only_the_django_engine_has_is_still_rendered():
    template = FormRenderer().get_template("admin/widgets/related_widget_wrapper.html")
    assert template.render({"widget": {}, "url_params": "", "model": "x"}).strip() != ""


TEXT = st.text(alphabet=st.sampled_from(list("ab甲乙<>&\"' 0")), max_size=6)
CHOICES = st.lists(st.tuples(st.one_of(TEXT, st.integers(-3, 300)), TEXT), max_size=6)
GROUPED = st.lists(st.one_of(st.tuples(TEXT, TEXT), st.tuples(TEXT.filter(bool), CHOICES)), max_size=5)
ATTRS = st.dictionaries(
    st.sampled_from(["class", "id", "data-x", "required", "disabled", "aria-label"]),
    st.one_of(st.booleans(), TEXT, st.none()),
    max_size=4,
)


@settings(max_examples=150)
@given(choices=GROUPED, attrs=ATTRS, value=st.lists(TEXT, max_size=2), multiple=st.booleans())
def test_a_drop_down_written_in_python_is_what_the_jinja2_templates_write(choices, attrs, value, multiple):
    """The renderer writes ``select.html`` itself (core.renderers.select_html): to the character what Django's
    Jinja2 templates write for any choices — grouped or not, names and values that need escaping, attributes
    that are True, False or None, one or several chosen."""
    widget = (forms.SelectMultiple if multiple else forms.Select)(choices=choices)
    context = widget.get_context("field<1>", value if multiple else (value[0] if value else None), attrs)
    assert FormRenderer().render(SELECT, context) == Jinja2().render(SELECT, context)


def test_an_option_with_a_template_of_its_own_is_left_to_the_templates():
    class Marked(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    context = Marked(choices=[("a", "甲")]).get_context("f", "a", {})
    assert select_html(context["widget"]) is None
    assert FormRenderer().render(SELECT, context) == Jinja2().render(SELECT, context)
