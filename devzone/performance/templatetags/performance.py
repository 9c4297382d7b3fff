from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(fen):
    """Fen as yuan with two decimals and thousands separators: 123456 -> 1,234.56."""
    if fen is None or fen == "":
        return "—"
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


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
