"""What an English reader would still read in Chinese on a page: the visible text (text nodes outside
script/style, and the title, alt, placeholder and aria-label texts) with the page's data — names, titles the
users typed — taken out. The English-page tests of the modules share it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

CJK = re.compile(r"[\u4e00-\u9fff]+")


class _Text(HTMLParser):
    """The visible text, skipping scripts, styles and what the page marks as data in Chinese (an element with
    ``lang="zh…"`` or ``data-content``: a law's own words, the language switcher's 简体中文), as the browser tests'
    walk does (``dashboard/tests/test_browser_english.py``)."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.marked: list[str] = []  # the tags of the marked elements still open, innermost last
        self.depth = 0  # how deep inside the innermost marked element, in elements of its own tag
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        names = dict(attrs)
        if self.marked and tag == self.marked[-1]:
            self.depth += 1
        elif (names.get("lang") or "").startswith("zh") or "data-content" in names:
            self.marked.append(tag)
            self.depth = 1
        if self.marked:
            return
        self.parts += [
            value for name, value in attrs if name in ("title", "alt", "placeholder", "aria-label") and value
        ]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if self.marked and tag == self.marked[-1]:
            self.depth -= 1
            if self.depth == 0:
                self.marked.pop()
                self.depth = 1 if self.marked else 0

    def handle_data(self, data):
        if not self.skip and not self.marked and data.strip():
            self.parts.append(data.strip())


def chinese_left(html: str, data: list[str]) -> list[str]:
    """The runs of Chinese left in ``html``'s visible text once each piece of ``data`` is taken out, sorted."""
    parser = _Text()
    parser.feed(html)
    left = set()
    for text in parser.parts:
        for d in sorted(data, key=len, reverse=True):
            text = text.replace(d, " ")
        left.update(CJK.findall(text))
    return sorted(left)


def catalog_has(texts: dict[str, str]) -> None:
    """Assert that the project's English catalog (compiled by ``make messages``) turns each msgid into its English:
    an English-page test reads the real catalog, so a message left untranslated fails it, instead of adding its own
    English for the test's duration."""
    from django.utils import translation

    with translation.override("en"):
        wrong = {
            msgid: translation.gettext(msgid)
            for msgid, text in texts.items()
            if translation.gettext(msgid) != text
        }
    assert not wrong, f"the English catalog lacks or differs on: {wrong}"
