from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def coef(value):
    """A coefficient as 1.2 / 0.85 (no trailing zeros beyond one decimal)."""
    if value is None:
        return "—"
    d = Decimal(value).normalize()
    return f"{d:.1f}" if d == d.quantize(Decimal("0.1")) else str(d)


@register.filter
def improve_min(quota):
    """How many 待改进 a department must give (see ``services.improve_required``)."""
    from devzone.performance.services import improve_required

    return improve_required(quota or {})
