"""The list of assessment rounds before the first one: it says who opens a round and how, not only 还没有考核轮次 —
the scorekeeper (计分人员), who has the form above it, where to choose the quarter and what to click; everyone
else, that the zone's scorekeepers open the rounds and that they will be listed there."""

from __future__ import annotations

import pytest

from devzone.performance.choices import RoundStatus
from devzone.testing.english import catalog_has
from devzone.testing.performance import run_round

pytestmark = pytest.mark.django_db
URL = "/performance/rounds/"
FOR_OTHERS = "考核轮次由开发区的计分人员开启，开启后在此列出。"
FOR_TALLY = "在上方选择年度和季度，点击“开启考核”即开启本季度的考核。"


def _empty_text(html: str) -> str:
    cell = html[html.index("data-empty>") + len("data-empty>") :]
    return " ".join(cell[: cell.index("</td>")].split())


def test_the_scorekeeper_is_told_how_to_open_the_first_round(client_for, org):
    html = client_for(org.tally).get(URL).content.decode()
    assert 'data-testid="open-round"' in html
    assert _empty_text(html) == f"还没有考核轮次。 {FOR_TALLY}"


def test_the_others_are_told_who_opens_it(client_for, org):
    for user in (org.leader, next(iter(org.heads.values()))):
        html = client_for(user).get(URL).content.decode()
        assert 'data-testid="open-round"' not in html
        assert _empty_text(html) == f"还没有考核轮次。 {FOR_OTHERS}"


def test_in_english(client_for, org):
    catalog_has(
        {
            FOR_OTHERS: "Assessment rounds are opened by the zone's scorekeepers; once opened they are listed here."
        }
    )
    c = client_for(org.leader)
    c.cookies["devzone_language"] = "en"
    assert "opened by the zone's scorekeepers" in _empty_text(c.get(URL).content.decode())


def test_once_a_round_is_open_it_is_listed_instead(client_for, org):
    run_round(org, until=RoundStatus.SATISFACTION)
    html = client_for(org.leader).get(URL).content.decode()
    assert "data-empty" not in html
