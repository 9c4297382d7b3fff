"""The form renderer: widgets and forms through Jinja2, Django's own templates for them rendered several times
faster than through the Django template language (a list page's filter bar cost more than its rows); a template
Jinja2 does not have (the admin's widgets) through the Django templates, as before."""

from __future__ import annotations

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    def __init__(self):
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
