"""The round red seal mark (公章样式) drawn on certificates and recorded in the seal (SES_Seal's picture): the
organisation's name along the top arc, a five-pointed star, the seal's purpose and its serial. Pure drawing,
no database."""

from __future__ import annotations

import html
import math

SEAL_PURPOSE = "行政审批专用章"
SEAL_SIZE_MM = 42  # a unit's round seal (单位公章) is 40–45 mm across


def seal_authority(name: str) -> str:
    """The organisation a seal names (济南济北经济开发区管理委员会 of …行政审批专用章); empty if it names none."""
    return name[: -len(SEAL_PURPOSE)] if name.endswith(SEAL_PURPOSE) else ""


def _arc_chars(
    text: str, *, radius: float, span: float, top: bool, size: float, cls: str, squeeze: float = 1.0
) -> list[str]:
    """SVG text elements placing ``text`` one character at a time on a circle around (100, 100), upright
    relative to the rim, reading left to right along the top or the bottom; ``squeeze`` narrows each glyph
    (long names on real seals are set in condensed type)."""
    n = len(text)
    out = []
    for i, ch in enumerate(text):
        frac = 0.5 if n == 1 else i / (n - 1)
        if top:
            angle = -span / 2 + span * frac
            y = 100 - radius + size * 0.5
        else:
            angle = span / 2 - span * frac
            y = 100 + radius + size * 0.35
        out.append(
            f'<text class="{cls}" x="0" y="0" font-size="{size:.2f}" text-anchor="middle" '
            f'transform="rotate({angle:.2f} 100 100) translate(100 {y:.2f}) scale({squeeze:.3f} 1)">'
            f"{html.escape(ch)}</text>"
        )
    return out


def _star(cx: float, cy: float, r_outer: float) -> str:
    r_inner = r_outer * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for k in range(10):
        r = r_outer if k % 2 == 0 else r_inner
        a = math.radians(-90 + 36 * k)
        points.append(f"{cx + r * math.cos(a):.2f},{cy + r * math.sin(a):.2f}")
    return f'<polygon points="{" ".join(points)}"/>'


def seal_picture_svg(name: str, serial: str = "", *, standalone: bool = False) -> str:
    """The round red seal mark (公章样式): a thick rim, the organisation's name along the top arc, a five-pointed
    star, the seal's purpose across the bottom and its serial along the lower rim."""
    org = seal_authority(name) or name
    purpose = SEAL_PURPOSE if org != name else ""
    # The name fills at most 230 degrees of the top arc (radius 76); past that the glyphs get smaller and
    # narrower rather than run into the purpose line.
    n = max(len(org), 1)
    span = min(230.0, max(120.0, math.degrees(n * 19 * 0.95 / 76)))
    advance = 76 * math.radians(span) / n
    size = max(11.0, min(19.0, advance / 0.75))
    squeeze = min(1.0, advance * 0.95 / size)
    parts = [
        # Multiply, as ink on paper: the text under the seal stays readable through it.
        '<defs><filter id="seal-ink"><feBlend mode="multiply"/></filter></defs>',
        '<g filter="url(#seal-ink)">',
        '<circle cx="100" cy="100" r="94" fill="none" stroke="#d40e0e" stroke-width="6"/>',
        '<g fill="#d40e0e" font-family="Noto Serif CJK SC, Noto Sans CJK SC, serif" font-weight="bold">',
        *_arc_chars(org, radius=76, span=span, top=True, size=size, cls="seal-org", squeeze=squeeze),
        _star(100, 98, 27),
    ]
    if purpose:
        parts.append(
            f'<text x="100" y="146" font-size="15.5" text-anchor="middle" letter-spacing="1">{purpose}</text>'
        )
    if serial:
        parts.extend(
            _arc_chars(serial, radius=82, span=min(70.0, len(serial) * 5.2), top=False, size=8, cls="seal-no")
        )
    parts.append("</g></g>")
    head = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200"'
    if standalone:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + head
            + f' width="{SEAL_SIZE_MM}mm" height="{SEAL_SIZE_MM}mm"'
        )
    return head + ' class="seal">' + "".join(parts) + "</svg>"
