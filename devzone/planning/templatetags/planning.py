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
