"""The form renderer (core.renderers): Django's widgets through Jinja2 give the same page as through the Django
template language, and a template only the Django engine has (the admin's widgets) is still found."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from devzone.core.renderers import FormRenderer


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
