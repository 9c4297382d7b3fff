"""本人撤回竞聘报名 keeps the entry: 已撤回 with the time, on the office's competition page, the person's page (人事信息),
their own 我的竞聘 and desk, and in the API; it is left out of scoring, ranking and the counts of entrants, and it
does not stop the person applying again while the competition is open (one live entry per competition)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.personnel.choices import EntryStatus as ES
from devzone.personnel.models import CompetitionEntry
from devzone.personnel.services import competition as svc
from devzone.personnel.tests.test_competition_self_apply import API, _apply, world  # noqa: F401  (fixture)
from devzone.personnel.tests.test_desk_competition import MINE, OPEN, desk_of

pytestmark = pytest.mark.django_db


def _withdraw(client, entry):
    return client.post(reverse("personnel:my_competition_withdraw", args=[entry.pk]), follow=True)


@pytest.fixture
def withdrawn_then_again(world, client_for):  # noqa: F811 (the fixture imported above)
    """青年骨干 applies for 部长, withdraws, and applies again for 副部长."""
    mine = client_for(world["young_user"])
    _apply(mine, world, world["chief"])
    first = CompetitionEntry.objects.get()
    assert "已撤回竞聘报名" in _withdraw(mine, first).content.decode()
    assert "已报名竞聘副部长" in _apply(mine, world, world["deputy"]).content.decode()
    again = CompetitionEntry.objects.exclude(pk=first.pk).get()
    return mine, CompetitionEntry.objects.get(pk=first.pk), again


def test_a_withdrawn_entry_is_kept_and_shown_as_withdrawn_with_the_time(
    world,  # noqa: F811 (the fixture imported above)
    withdrawn_then_again,
    client_for,
):
    mine, first, again = withdrawn_then_again
    assert (first.status, first.target.post, first.staff) == (ES.WITHDRAWN, world["chief"], world["young"])
    assert first.withdrawn_at is not None and (again.status, again.withdrawn_at) == (ES.APPLIED, None)
    # the office sees who withdrew and when, beside the live entry
    office = client_for(world["officer"]).get(world["comp"].get_absolute_url()).content.decode()
    assert office.count('data-testid="entry-withdrawn"') == 1
    assert "已撤回" in office and "本人于" in office and office.count("青年骨干") >= 2
    # so does the person's page (人事信息)
    person = client_for(world["officer"]).get(reverse("personnel:staff_detail", args=[world["young"].pk]))
    assert "已撤回" in person.content.decode()
    # their own page: 已撤回, and 撤回报名 only on the live entry
    page = mine.get(reverse("personnel:my_competitions")).content.decode()
    assert "已撤回" in page
    assert reverse("personnel:my_competition_withdraw", args=[first.pk]) not in page
    assert reverse("personnel:my_competition_withdraw", args=[again.pk]) in page
    # their desk lists both entries, the withdrawn one as such
    notes = {row.label: row.note for row in desk_of(mine)[MINE].rows}
    assert notes["部长 · 中层岗位竞聘"].startswith("已撤回") and notes["副部长 · 中层岗位竞聘"].startswith(
        "已报名"
    )
    # the API shows the state
    listed = {e["id"]: e for e in mine.get(API).json()["items"]}
    assert listed[first.pk]["status"] == "withdrawn" and listed[first.pk]["withdrawn_at"]
    assert listed[again.pk]["status"] == "applied" and listed[again.pk]["withdrawn_at"] is None


def test_one_live_entry_per_competition_and_a_withdrawn_one_is_not_withdrawn_again(
    world,  # noqa: F811 (the fixture imported above)
    withdrawn_then_again,
):
    mine, first, again = withdrawn_then_again
    with pytest.raises(DomainError, match="您已报名本次竞聘"):
        svc.entry_self_apply(actor=world["young_user"], competition=world["comp"], post_id=world["chief"].pk)
    with pytest.raises(DomainError, match="每人每次竞聘只能报一个岗位"):  # the office, the same rule
        svc.entry_apply(
            actor=world["officer"],
            competition=world["comp"],
            staff_id=world["young"].pk,
            post_id=world["chief"].pk,
        )
    with pytest.raises(DomainError, match="该报名已撤回"):
        svc.entry_self_withdraw(actor=world["young_user"], entry=first)
    # withdrawn twice, then entered by the office: every withdrawal stays on record
    svc.entry_self_withdraw(actor=world["young_user"], entry=again)
    assert OPEN in desk_of(mine)  # nothing live: the competition is offered again
    entry = svc.entry_apply(
        actor=world["officer"],
        competition=world["comp"],
        staff_id=world["young"].pk,
        post_id=world["chief"].pk,
    )
    statuses = sorted(CompetitionEntry.objects.filter(staff=world["young"]).values_list("status", flat=True))
    assert (entry.status, statuses) == (ES.APPLIED, [ES.APPLIED, ES.WITHDRAWN, ES.WITHDRAWN])


def test_a_withdrawn_entry_is_neither_scored_nor_ranked_nor_counted(
    world,  # noqa: F811 (the fixture imported above)
    withdrawn_then_again,
    client_for,
    zone_a_leader,
):
    _mine, first, again = withdrawn_then_again
    svc.competition_close(actor=zone_a_leader, competition=world["comp"])
    office = client_for(world["officer"])
    assert desk_of(office)["personnel.competition_scores"].count == 1  # the live entry only
    page = office.get(world["comp"].get_absolute_url()).content.decode()
    assert page.count(f'name="entry" value="{first.pk}"') == 0 and f'name="entry" value="{again.pk}"' in page
    with pytest.raises(DomainError, match="本人已撤回的报名不评分"):
        svc.entry_score(actor=world["officer"], entry=first, speech="90", evaluation="90")
    svc.entry_score(actor=world["officer"], entry=again, speech="80", evaluation="80")
    svc.competition_publish(actor=zone_a_leader, competition=world["comp"])
    first, again = (CompetitionEntry.objects.get(pk=e.pk) for e in (first, again))
    assert (first.status, first.rank, first.total) == (ES.WITHDRAWN, None, None)
    assert (again.status, again.rank) == (ES.APPOINTED, 1)
    assert svc.post_standing(first.target)[0] == []  # 部长: nobody ranked (the only entry was withdrawn)
