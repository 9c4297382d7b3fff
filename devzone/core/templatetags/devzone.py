"""Template filters: amounts read naturally (万元/亿元), yes/no marks, values of any type."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def wan(value):
    """An amount in 万元: 708 亿元 for 7,080,000 万元; 5,000 万元 below 1 亿."""
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    if abs(amount) >= 10000:
        yi = (amount / 10000).quantize(Decimal("0.01")).normalize()
        return _("%(n)s亿元") % {"n": number_format(yi, use_l10n=True, force_grouping=True)}
    return _("%(n)s万元") % {"n": number_format(amount.quantize(Decimal("0.01")).normalize(), force_grouping=True)}


@register.filter
def show(value):
    """Any field value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return date_filter(value, "DATE_FORMAT")
    if isinstance(value, dt.datetime):
        return date_filter(value, "DATETIME_FORMAT")
    return value
