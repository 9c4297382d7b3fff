"""The audit trail (留痕) of 市级统筹 holds what a change replaced, not only what it wrote: an industry plan's
annual targets and leading industries (the cockpit's 年度任务完成度 divides by the targets), a scheme's pay pool,
name and basis, and a zone's score and the values it replaced when it is scored again."""

from __future__ import annotations

import pytest

from devzone.core.models import AuditEvent
from devzone.planning import services
from devzone.planning.models import IndustryPlan
from devzone.testing.planning import TAX, scheme_of

pytestmark = pytest.mark.django_db


def _changes_since(count: int) -> list[dict]:
    return [e.changes for e in AuditEvent.objects.order_by("pk")[count:]]


def _plan(officer, zone, **kw):
    return services.plan_set(actor=officer, zone_id=zone.pk, start_year=2026, end_year=2028, **kw)


def test_lowering_an_annual_target_records_the_target_it_replaced(city_officer, zone_a):
    plan = _plan(
        city_officer,
        zone_a,
        industries=["26", "38"],
        targets=[{"year": 2026, "metric": "output", "target": "1000", "done": "250"}],
    )
    before = AuditEvent.objects.count()
    _plan(
        city_officer,
        zone_a,
        industries=["26", "38"],
        targets=[{"year": 2026, "metric": "output", "target": "250", "done": "250"}],
        version=plan.version,
    )
    [changes] = _changes_since(before)
    old, new = changes["targets"]
    assert len(old) == len(new) == 1
    assert "1000.00 / 250.00" in old[0] and "250.00 / 250.00" in new[0]
    assert "industries" not in changes  # unchanged: not in the diff


def test_changing_the_leading_industries_records_before_and_after(city_officer, zone_a):
    plan = _plan(city_officer, zone_a, industries=["26", "38"])
    before = AuditEvent.objects.count()
    _plan(city_officer, zone_a, industries=["26", "39"], version=plan.version)
    [changes] = _changes_since(before)
    assert changes["industries"] == [["26", "38"], ["26", "39"]]


def test_a_new_plan_records_what_it_was_given(city_officer, zone_a):
    before = AuditEvent.objects.count()
    _plan(
        city_officer,
        zone_a,
        industries=["26", "38"],
        targets=[{"year": 2026, "metric": "output", "target": "1000"}],
    )
    [event] = AuditEvent.objects.order_by("pk")[before:]
    assert event.action == "create" and event.object_id == str(IndustryPlan.objects.get().pk)
    assert event.changes["industries"] == [None, ["26", "38"]]
    assert event.changes["targets"][1][0].startswith("2026 ") and "1000.00" in event.changes["targets"][1][0]


def test_changing_a_schemes_pool_name_and_basis_records_before_and_after(city_officer):
    s = scheme_of(city_officer, indicators=[TAX], full_pool_fen=100_000_00, name="考核")
    before = AuditEvent.objects.count()
    services.scheme_set(
        actor=city_officer,
        year=2026,
        category="provincial",
        name="考核（修订）",
        basis="市政府令第1号",
        full_pool_fen=50_000_00,
        indicators=[TAX],
        version=s.version,
    )
    [changes] = _changes_since(before)
    assert changes["full_pool_fen"] == [100_000_00, 50_000_00]
    assert changes["name"] == ["考核", "考核（修订）"]
    assert changes["basis"] == ["", "市政府令第1号"]
    assert "indicators" not in changes  # the same indicators again: nothing to record


def test_rescoring_a_zone_records_the_score_and_values_it_replaced(city_officer, zone_a):
    s = scheme_of(city_officer, indicators=[{**TAX, "target": "20"}], full_pool_fen=100_000_00)
    ind = str(s.indicators.get().pk)
    first = services.zone_score(
        actor=city_officer,
        scheme_id=s.pk,
        zone_id=zone_a.pk,
        entered={ind: {"value": "20", "evidence": "税务局"}},
    )
    assert [None, "100.00"] in [
        e.changes.get("score") for e in AuditEvent.objects.filter(object_id=str(first.pk))
    ]
    before = AuditEvent.objects.count()
    a = services.zone_score(
        actor=city_officer,
        scheme_id=s.pk,
        zone_id=zone_a.pk,
        entered={ind: {"value": "10", "evidence": "税务局"}},
    )
    assert a.score == 50
    [changes] = [c for c in _changes_since(before) if "score" in c]
    assert changes["score"] == ["100.00", "50.00"]
    assert changes["pool_fen"] == [100_000_00, 50_000_00]
    old, new = changes["values"]
    assert "20.00" in old[0] and "10.00" in new[0]


def test_the_trail_reads_the_targets_as_lines_under_their_label(city_officer, zone_a, client_for):
    """The person page's and the plan's 变更记录 show what a service records beside the columns under a label, a
    line a task, in the reader's language — not a raw key and a Python list."""
    from django.utils import translation

    from devzone.core import audit

    plan = _plan(
        city_officer,
        zone_a,
        industries=["26", "38"],
        targets=[{"year": 2026, "metric": "output", "target": "1000", "done": "250"}],
    )
    [event] = AuditEvent.objects.filter(object_id=str(plan.pk), action="create")
    with translation.override("zh-hans"):
        rows = {
            label: (before, after) for label, before, after in audit.readable(IndustryPlan, event.changes)
        }
    assert "年度任务" in rows and "targets" not in rows
    before, after = rows["年度任务"]
    assert before == "—" and after.startswith("2026 ") and "[" not in after
    with translation.override("en"):
        labels = [label for label, _b, _a in audit.readable(IndustryPlan, {"targets": [[], ["x"]]})]
        flags = audit.readable(IndustryPlan, {"effective_on": [None, True]})
    assert labels == ["Annual tasks"]
    assert flags[0][2] == "Yes"
