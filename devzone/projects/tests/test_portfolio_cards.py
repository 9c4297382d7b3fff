"""The portfolio's colour cards (红/黄/绿 with their counts) over a filtered list. A leader who searched for one
project (or picked an area, an agent) saw the card count the filtered rows, but the card's link was
``?status=red`` alone: it dropped the search and listed every red project of the zone, not the number the card
showed. With a colour picked, the other cards counted 0 (they counted the picked colour's rows)."""

import re

import pytest

from devzone.projects.models import KeyProject
from devzone.testing import factories as f
from devzone.testing.projects import SIGNED, key

pytestmark = pytest.mark.django_db
PAGE = "/projects/portfolio/"


def _cards(html: str) -> dict[str, tuple[str, int]]:
    """Each colour card's link and the count it shows."""
    found = {}
    for href, colour, body in re.findall(
        r'<a class="card card-sm[^"]*" href="([^"]*)" data-count="(\w+)">(.*?)</a>', html, re.S
    ):
        count = int(re.search(r'fs-2[^"]*">(\d+)<', body).group(1))
        found[colour] = (href.replace("&amp;", "&"), count)
    return found


def _rows(html: str) -> int:
    return int(re.search(r"共 (\d+) 个", html).group(1))


def test_a_colour_card_keeps_the_filters_and_lists_the_rows_it_counts(a, client_for):
    key(a)
    other = f.ProjectFactory(zone=a.zone, enterprise=a.enterprise, name="另一个项目", signed_on=SIGNED)
    from devzone.projects.services import handover_to_build

    handover_to_build(actor=a.leader, project=other, on=SIGNED)
    KeyProject.objects.filter(zone=a.zone).update(status="red")
    c = client_for(a.leader)
    html = c.get(PAGE, {"q": "甲项目"}).content.decode()
    cards = _cards(html)
    href, count = cards["red"]
    assert count == 1
    assert "q=" in href, f"the red card's link dropped the search: {href}"
    listed = c.get(PAGE + href).content.decode()
    assert _rows(listed) == count, "the card's link lists another number than the card shows"
    assert "另一个项目" not in listed


def test_with_a_colour_picked_the_other_cards_still_count_their_rows(a, client_for):
    key(a)
    other = f.ProjectFactory(zone=a.zone, enterprise=a.enterprise, name="另一个项目", signed_on=SIGNED)
    from devzone.projects.services import handover_to_build

    handover_to_build(actor=a.leader, project=other, on=SIGNED)
    KeyProject.objects.filter(project=a.project).update(status="red")
    KeyProject.objects.filter(project=other).update(status="yellow")
    html = client_for(a.leader).get(PAGE, {"status": "red"}).content.decode()
    cards = _cards(html)
    assert (cards["red"][1], cards["yellow"][1], cards["green"][1]) == (1, 1, 0)
    assert _rows(html) == 1
    assert "status=yellow" in cards["yellow"][0] and "status=red" not in cards["yellow"][0]


def test_only_mine_and_back_keep_the_other_filters(a, client_for):
    """只看我负责的 was ``?mine=1`` and 全部项目 ``?``: either dropped the search and the colour picked."""
    key(a)
    KeyProject.objects.filter(project=a.project).update(status="red")
    c = client_for(a.agent)
    html = c.get(PAGE, {"q": "甲项目", "status": "red", "page": "1"}).content.decode()
    href = re.search(r'href="([^"]*)" data-filter="mine"', html).group(1).replace("&amp;", "&")
    assert "q=" in href and "status=red" in href and "mine=1" in href and "page=" not in href
    listed = c.get(PAGE + href).content.decode()
    assert _rows(listed) == 1
    back = re.search(r'href="([^"]*)"[^>]*>全部项目<', listed).group(1).replace("&amp;", "&")
    assert "q=" in back and "status=red" in back and "mine" not in back
