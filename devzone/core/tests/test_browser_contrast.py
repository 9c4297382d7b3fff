"""Every coloured button a template uses reads at WCAG 2.1 AA contrast (4.5:1), as the page's CSS draws it.

The browser walks run axe-core over the pages they open, but a button shown only in one state of one page
(结束招聘, 要求补正, 问题已解决…) can escape them: Tabler's green, orange, light-blue and red buttons drew white text
at 2.0–4.46:1 for months. Here each ``btn-<variant>`` class found in any template is drawn with the CSS the pages
load (Tabler's, then app.css) and checked by axe's colour-contrast rule."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.html import escape

from devzone.testing import browser

pytestmark = pytest.mark.browser

VARIANT = re.compile(r"\bbtn-(?:outline-)?(?:primary|secondary|success|danger|warning|info|dark|light)\b")


def variants_in_templates() -> set[str]:
    root = Path(settings.BASE_DIR) / "devzone"
    return {
        m.group(0)
        for path in root.rglob("*.html")
        for m in VARIANT.finditer(path.read_text(encoding="utf-8"))
    }


def test_templates_use_coloured_buttons():
    """The check below has something to check (a rename of the classes would leave it checking nothing)."""
    assert {"btn-primary", "btn-danger", "btn-success", "btn-warning"} <= variants_in_templates()


def test_every_button_variant_meets_the_contrast_ratio(bare_chromium, tmp_path):
    sheets = [finders.find("vendor/tabler/css/tabler.min.css"), finders.find("devzone/app.css")]
    links = "".join(f'<link rel="stylesheet" href="{Path(s).as_uri()}">' for s in sheets)
    buttons = "".join(
        f'<p><button class="btn {v}">{escape(v)} 提交</button> <button class="btn btn-sm {v}">{escape(v)}</button></p>'
        for v in sorted(variants_in_templates())
    )
    page_file = tmp_path / "buttons.html"
    page_file.write_text(
        f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>按钮</title>{links}</head>'
        f"<body><main>{buttons}</main></body></html>",
        encoding="utf-8",
    )
    page = bare_chromium.new_page()
    page.goto(page_file.as_uri())
    page.evaluate(browser.AXE.read_text(encoding="utf-8"))
    failing = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "rule", values: ["color-contrast"]}, resultTypes: ["violations"]})
          .then((r) => r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ") + ": " + n.any[0].message)))"""
    )
    assert failing == []
