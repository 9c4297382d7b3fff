"""Secrecy of the 竞聘 scores before publication: the audit trail records that a score was entered, by whom and for
whose entry, never the figures (the speech and evaluation scores, the total); no log line carries them either.
After publication the figures are public (the page shows them), but the audit rows written before stay as they
were."""

import datetime as dt
import json
import logging

import pytest

from devzone.core.choices import Rank
from devzone.core.models import AuditEvent
from devzone.personnel.models import CompetitionEntry
from devzone.personnel.services import competition as svc
from devzone.testing import factories as f

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 9, 28)
# figures found nowhere else in a fresh test database: 0.6 × 87.35 + 0.4 × 91.17 = 88.878 → 88.88; 61.23 and
# 58.71 → 60.22
SCORES = [("87.35", "91.17", "88.88"), ("61.23", "58.71", "60.22")]


def _scored_competition(zone, leader, dept_name="投资促进部"):
    dept = f.DepartmentFactory(zone=zone, name=dept_name)
    chief = f.PostFactory(zone=zone, department=dept, name="部长", rank=Rank.SECTION_CHIEF)
    people = [
        f.StaffFactory(zone=zone, department=dept, rank=Rank.SECTION_CHIEF, hired_on=dt.date(2015, 1, 1))
        for _ in SCORES
    ]
    comp = svc.competition_create(
        actor=leader, zone=zone, title="中层竞聘", posts=[(chief.pk, 1, Rank.DEPUTY_SECTION)]
    )
    entries = [
        svc.entry_apply(actor=leader, competition=comp, staff_id=p.pk, post_id=chief.pk, on=ON)
        for p in people
    ]
    svc.competition_close(actor=leader, competition=comp)
    return comp, entries


def _trail_text() -> str:
    return "\n".join(
        f"{e.note} {json.dumps(e.changes, ensure_ascii=False)} {e.object_repr}"
        for e in AuditEvent.objects.all()
    )


def test_it_records_a_score_entered_without_its_figures(zone_a, zone_a_leader, caplog):
    comp, entries = _scored_competition(zone_a, zone_a_leader)
    caplog.set_level(logging.DEBUG)
    for entry, (speech, evaluation, total) in zip(entries, SCORES, strict=True):
        scored = svc.entry_score(actor=zone_a_leader, entry=entry, speech=speech, evaluation=evaluation)
        assert str(scored.total) == total
    # scored again (a correction): still no figure
    svc.entry_score(actor=zone_a_leader, entry=entries[0], speech=SCORES[0][0], evaluation=SCORES[0][1])
    trail, logged = _trail_text(), caplog.text
    for figures in SCORES:
        for figure in figures:
            assert figure not in trail, f"the audit trail holds {figure} before publication"
            assert figure not in logged, f"a log line holds {figure} before publication"
    # what is recorded: that a score was entered, by whom, for which entry
    for entry in entries:
        rows = AuditEvent.objects.filter(
            content_type__model="competitionentry", object_id=str(entry.pk), action="update"
        )
        assert rows.exists() and all(r.actor_id == zone_a_leader.pk and "评分" in r.note for r in rows)
    assert CompetitionEntry.objects.get(pk=entries[0].pk).total is not None  # the figure is where it belongs


def test_publication_writes_no_figure_into_the_trail_either(zone_a, zone_a_leader):
    comp, entries = _scored_competition(zone_a, zone_a_leader)
    for entry, (speech, evaluation, _total) in zip(entries, SCORES, strict=True):
        svc.entry_score(actor=zone_a_leader, entry=entry, speech=speech, evaluation=evaluation)
    svc.competition_publish(actor=zone_a_leader, competition=comp, on=ON)
    trail = _trail_text()
    assert not any(figure in trail for figures in SCORES for figure in figures)


def test_the_migration_hides_the_totals_written_before_for_unpublished_competitions(zone_a, zone_a_leader):
    """Rows written before the fix kept the total as their note: migration 0014 rewrites those of competitions not
    yet published (a published one's figures are public, its rows stay as they were)."""
    import importlib

    from django.apps import apps

    from devzone.core import audit
    from devzone.core.choices import AuditAction

    migration = importlib.import_module("devzone.personnel.migrations.0014_dismissal_rule_and_score_secrecy")
    comp, entries = _scored_competition(zone_a, zone_a_leader)
    old = audit.record(actor=zone_a_leader, action=AuditAction.UPDATE, obj=entries[0], note="88.88")
    published = _scored_competition(zone_a, zone_a_leader, "综合服务部")
    kept = audit.record(actor=zone_a_leader, action=AuditAction.UPDATE, obj=published[1][0], note="60.22")
    published[0].__class__.objects.filter(pk=published[0].pk).update(status="publicity")
    migration.hide_unpublished_scores(apps, None)
    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.note == "录入竞聘评分" and kept.note == "60.22"
