"""The key-project settings page (/projects/settings/) names each step of the timetable template as people call
it — 签约, 环评, in English Signed, Environmental impact assessment — never by its internal code (signing, eia …),
which the page used to print under every name (UX review #17); neither the leader who edits the steps nor a
reader of the rules sees the codes. The leader's form names a step by its id, not its code."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from devzone.projects.choices import DEFAULT_STEPS, ProjectType

pytestmark = pytest.mark.django_db

CODES = [code for code, _name, _offset, _item in DEFAULT_STEPS]


class _Visible(HTMLParser):
    """The page's visible texts, each whole: the text nodes outside script and style, and the values a reader sees
    in the inputs (a code printed under a step's name was a text node of its own)."""

    def __init__(self):
        super().__init__()
        self.skip, self.texts = 0, []

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        a = dict(attrs)
        if tag == "input" and a.get("type") not in ("hidden", "submit") and a.get("value"):
            self.texts.append(a["value"].strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(data.strip())


def _codes_shown(html: str) -> set[str]:
    parser = _Visible()
    parser.feed(html)
    return set(CODES) & set(parser.texts)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_step_code_is_shown_to_the_leader_or_a_reader(a, client_for, language):
    for user in (a.leader, a.agent):  # the leader edits the steps, the agent reads them
        c = client_for(user)
        c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for kind in ProjectType.values:
            html = c.get(reverse("projects:settings") + f"?type={kind}").content.decode()
            assert ("环评" if language == "zh-hans" else "Environmental impact assessment") in html
            assert _codes_shown(html) == set(), (user, kind)
            assert 'data-step="' not in html
