"""The browser harness's accessibility check (testing.browser.accessibility_violations) reports what axe-core finds:
the desk walk's "no violation" means something only if a violation would be seen."""

import pytest

from devzone.testing.browser import accessibility_violations

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="zh-Hans"><head><title>核对</title></head><body><main>
<h1>核对</h1><img src="data:,"><input type="text" name="q"><label for="n">名称</label><input id="n"></main></body></html>"""


def test_it_names_each_violation_and_the_elements_at_fault(bare_chromium):
    page = bare_chromium.new_page()
    page.set_content(PAGE)
    found = {v["id"]: v["nodes"] for v in accessibility_violations(page)}
    assert found == {"image-alt": ["img"], "label": ['input[type="text"]']}


def test_with_a_seen_set_a_layout_is_checked_once_and_a_different_one_again(bare_chromium):
    """The desk walk passes ``seen``: the same markup with other words is not checked twice, but a page with one
    more element (a role's extra button) is."""
    seen: set[str] = set()
    page = bare_chromium.new_page()
    page.set_content(PAGE)
    first = accessibility_violations(page, seen=seen)
    page.set_content(PAGE.replace("名称", "地址"))  # other words, same layout
    again = accessibility_violations(page, seen=seen)
    page.set_content(PAGE.replace("</main>", '<button type="button"></button></main>'))
    other = accessibility_violations(page, seen=seen)
    assert {v["id"] for v in first} == {"image-alt", "label"}
    assert again == []
    assert {v["id"] for v in other} == {"image-alt", "label", "button-name"}
