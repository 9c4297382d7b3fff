"""竞聘上岗's outcome: competitors equal on both scores (the total, then the democratic evaluation) share their place
("1224", as the recruitment ranking does) instead of being ordered by employee number; and the appointee takes the
post alone — every active holder of a competed post who was not appointed, whether they competed or not, is flagged
竞聘落聘 and taken off the post (audited), so a one-seat post never keeps two holders."""

from __future__ import annotations

import datetime as dt

import pytest

from devzone.core.models import AuditEvent, Staff
from devzone.personnel.models import CompetitionPost, EliminationCase
from devzone.personnel.services import competition as svc
from devzone.personnel.tests.test_competition import ON, setup  # noqa: F401  (fixture)
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
AFTER_PUBLICITY = dt.date(2026, 10, 12)


def _scored(lead, comp, people, post, scores):
    entries = [
        svc.entry_apply(actor=lead, competition=comp, staff_id=p.pk, post_id=post.pk, on=ON) for p in people
    ]
    svc.competition_close(actor=lead, competition=comp)
    for e, (speech, evaluation) in zip(entries, scores, strict=True):
        svc.entry_score(actor=lead, entry=e, speech=speech, evaluation=evaluation)
    return entries


def test_competitors_equal_on_both_scores_share_their_place(
    setup,  # noqa: F811 (the fixture imported above)
    zone_a,
    zone_a_leader,
):
    s, lead = setup, zone_a_leader
    CompetitionPost.objects.filter(competition=s["comp"]).update(seats=2)
    third = f.StaffFactory(
        zone=zone_a, department=s["young"].department, rank="deputy_section", name="第三人"
    )
    entries = _scored(
        lead,
        s["comp"],
        [s["holder"], s["young"], third],
        s["chief"],
        [("90", "85"), ("90", "85"), ("80", "80")],
    )
    svc.competition_publish(actor=lead, competition=s["comp"], on=ON)
    for e in entries:
        e.refresh_from_db()
    assert [(e.rank, e.status) for e in entries] == [(1, "appointed"), (1, "appointed"), (3, "not_appointed")]


def test_a_former_holder_who_did_not_compete_does_not_keep_the_post_beside_the_appointee(
    setup,  # noqa: F811 (the fixture imported above)
    zone_a_leader,
):
    s, lead = setup, zone_a_leader
    _scored(lead, s["comp"], [s["young"]], s["chief"], [("92", "88")])
    comp = svc.competition_publish(actor=lead, competition=s["comp"], on=ON)
    svc.competition_finalize(actor=lead, competition=comp, on=AFTER_PUBLICITY)
    assert list(Staff.objects.filter(post=s["chief"], is_active=True)) == [s["young"]]
    holder = Staff.objects.get(pk=s["holder"].pk)
    assert (holder.post, holder.department, holder.rank) == (None, s["holder"].department, s["holder"].rank)
    case = EliminationCase.objects.get(staff=s["holder"])
    assert (case.trigger, case.status, case.year) == ("competition", "flagged", 2026)
    assert AuditEvent.objects.filter(
        object_id=str(holder.pk),
        actor=lead,
        note__contains="竞聘落聘",
        changes__post_id=[s["chief"].pk, None],
    ).exists()
