"""A weekly dispatch's title (济北经济开发区重点项目周调度（第2版）) is stored as issued, in Chinese, and read in each
reader's language where it is shown: the list, the issue's page and its browser tab, the API, and the notice of
the automatic issue. The zone's name is the zone's as it was when the issue was made (UX review #8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import translation

from devzone.core.models import Zone
from devzone.projects.dispatch import shown_content
from devzone.projects.services.dispatching import dispatch_issue
from devzone.projects.wording import dispatch_title_label
from devzone.testing.english import catalog_has
from devzone.testing.projects import key

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 6, 16)
# the English of the texts this test reads (the project's catalog is compiled separately, from the same texts)
ENGLISH = {
    "%(zone)s重点项目周调度": "Weekly key-project coordination report, %(zone)s",
    "（第%(n)s版）": " (version %(n)s)",
}


@pytest.fixture
def english():
    catalog_has(ENGLISH)


@pytest.fixture
def issued(a):
    key(a)
    first = dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY)
    second = dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY)
    return first, second


def test_the_title_is_stored_in_chinese_and_read_back_in_english(a, issued, english):
    first, second = issued
    zone = a.zone.name
    assert (first.title, second.title) == (f"{zone}重点项目周调度", f"{zone}重点项目周调度（第2版）")
    with translation.override("zh-hans"):  # the Word document's heading
        assert shown_content(second.content)["title"] == f"{zone}重点项目周调度"
    with translation.override("en"):
        assert dispatch_title_label(first.title) == f"Weekly key-project coordination report, {zone}"
        assert dispatch_title_label(second.title) == (
            f"Weekly key-project coordination report, {zone} (version 2)"
        )
        assert dispatch_title_label("第23周调度") == "第23周调度"  # a title of another shape: as stored
    with translation.override("zh-hans"):
        assert dispatch_title_label(second.title) == second.title


def test_an_issue_made_from_an_english_page_is_stored_in_chinese(a, english):
    key(a)
    with translation.override("en"):
        d = dispatch_issue(actor=a.leader, zone=a.zone, on=MONDAY)
    assert d.title == f"{a.zone.name}重点项目周调度"


def test_the_english_reader_reads_the_title_in_english_on_the_pages_and_in_the_api(
    a, issued, english, client_for
):
    _first, second = issued
    c = client_for(a.leader)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    title = f"Weekly key-project coordination report, {a.zone.name} (version 2)"
    listing = c.get("/projects/dispatches/").content.decode()
    page = c.get(second.get_absolute_url()).content.decode()
    api = c.get(f"/api/v1/projects/dispatches/{second.pk}").json()
    assert title in listing and "重点项目周调度" not in listing
    assert f"<title>{title}" in page and f'<h2 class="page-title mb-0">{title}</h2>' in page
    assert api["title"] == title


def test_the_title_keeps_the_zones_name_of_the_issue(a, issued, english, client_for):
    """A zone renamed after the issue: the title still names the zone as the issue did."""
    first, _second = issued
    old = a.zone.name
    Zone.objects.filter(pk=a.zone.pk).update(name="新名称开发区")
    c = client_for(a.leader)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(first.get_absolute_url()).content.decode()
    assert f"Weekly key-project coordination report, {old}</h2>" in page
