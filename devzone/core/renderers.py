"""The form renderer: widgets and forms through Jinja2, Django's own templates for them rendered several times
faster than through the Django template language (a list page's filter bar cost more than its rows); a template
Jinja2 does not have (the admin's widgets) through the Django templates, as before.

A drop-down (``select.html``, one ``select_option.html`` included per option) is written here instead, to the
character what those two Jinja2 templates write (``core/tests/test_renderers.py`` compares them): through the
templates each option costs about 20 µs, and a filter bar's 97 industries cost 2.3 ms of a portfolio page's 20.

``APIRenderer`` is the JSON API's renderer (``devzone/api.py``): every datetime it answers is written in Beijing time
with its offset."""

from __future__ import annotations

import datetime as dt

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils import timezone
from django.utils.safestring import mark_safe
from markupsafe import escape
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(BaseRenderer):
    def __init__(self):
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)

    def render(self, template_name, context, request=None):
        if template_name == SELECT and (html := select_html(context["widget"])) is not None:
            return mark_safe(html)  # noqa: S308 (every value is escaped by select_html)
        return super().render(template_name, context, request=request)


def select_html(widget: dict) -> str | None:
    """``select.html`` for the widget's context, as Jinja2 writes it (the same escaping, the same line breaks),
    or None when an option has a template of its own (then the templates write it)."""
    parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _attrs(attrs: dict) -> str:
    """``attrs.html``: each attribute but those that are False; one that is True by its name alone."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class BeijingTimeEncoder(NinjaJSONEncoder):
    """ninja's encoder, with every aware datetime written in the installation's time zone with its offset
    (``2026-12-07T09:30:00+08:00``, through ``timezone.localtime``) instead of UTC (``…Z``): people read the
    answers in Beijing time, and integrators get the offset explicitly. Inputs take any offset (pydantic)."""

    def default(self, o):
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            return super().default(timezone.localtime(o))
        return super().default(o)


class APIRenderer(JSONRenderer):
    """The JSON API's renderer (``devzone/api.py``): every datetime any schema answers goes through
    ``BeijingTimeEncoder`` here, in one place, so no schema formats a time of its own."""

    encoder_class = BeijingTimeEncoder
