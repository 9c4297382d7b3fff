"""Template filters of 大招商."""

from django import template

from devzone.investment.choices import Stage

register = template.Library()


@register.filter
def stage_label(value: str) -> str:
    try:
        return Stage(value).label
    except ValueError:
        return value
