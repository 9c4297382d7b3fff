"""The small-department rule as a scheme setting: off by default (existing schemes keep their quotas), set by a
new scheme version through the service, the page and the API; a bad value is refused and nothing is saved."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.core.errors import DomainError
from devzone.performance import services as svc
from devzone.performance.models import Scheme
from devzone.performance.services.tally import quota_for
from devzone.testing.performance import run_round

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"


def test_the_default_scheme_keeps_todays_quotas(org):
    scheme = svc.ensure_scheme(org.zone, actor=org.leader)
    assert scheme.small_excellent_from is None and scheme.small_excellent_min_size == 2
    assert quota_for(scheme, 2, Decimal("1.2")) == {
        "excellent": 0,
        "good": 1,
        "pass": 1,
        "improve": 0,
        "improve_min": 0,
    }


def test_a_new_version_with_the_rule_gives_small_departments_one_excellent_seat(org):
    svc.ensure_scheme(org.zone, actor=org.leader)
    v2 = svc.scheme_create(
        actor=org.leader, zone=org.zone, note="大部制后小部门", small_excellent_from=Decimal("1.1")
    )
    assert (v2.version, v2.small_excellent_from, v2.small_excellent_min_size) == (2, Decimal("1.1"), 2)
    assert quota_for(v2, 2, Decimal("1.2"))["excellent"] == 1
    assert quota_for(v2, 2, Decimal("1.1"))["excellent"] == 1
    assert quota_for(v2, 2, Decimal("1.0"))["excellent"] == 0
    assert quota_for(v2, 1, Decimal("1.2"))["excellent"] == 0  # fewer than 2 staff
    v3 = svc.scheme_create(actor=org.leader, zone=org.zone, note="沿用")
    assert v3.small_excellent_from == Decimal("1.1")  # a revision copies the rule


def test_a_round_keeps_its_scheme_version_when_the_rule_is_switched_on_later(org):
    r, _ = run_round(org)
    before = {x.department_id: x.quota for x in r.results.all()}
    svc.scheme_create(
        actor=org.leader, zone=org.zone, small_excellent_from=Decimal("0.8"), small_excellent_min_size=1
    )
    r.refresh_from_db()
    assert r.scheme.small_excellent_from is None
    assert {x.department_id: x.quota for x in r.results.all()} == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"small_excellent_from": Decimal("5")}, "small_excellent_from"),
        ({"small_excellent_from": Decimal("0")}, "small_excellent_from"),
        ({"small_excellent_min_size": 0}, "small_excellent_min_size"),
    ],
)
def test_a_bad_rule_is_refused_and_nothing_saved(org, fields, field):
    svc.ensure_scheme(org.zone, actor=org.leader)
    with pytest.raises(DomainError) as e:
        svc.scheme_create(actor=org.leader, zone=org.zone, **fields)
    assert field in e.value.errors and "小部门" in e.value.message
    assert Scheme.objects.filter(zone=org.zone).count() == 1


def test_the_page_and_the_api_set_and_show_the_rule(org, client_for):
    svc.ensure_scheme(org.zone, actor=org.leader)
    c = client_for(org.leader)
    resp = c.post(
        f"{API}/schemes",
        json.dumps({"zone": org.zone.pk, "small_excellent_from": "1.2", "small_excellent_min_size": 3}),
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert Decimal(str(body["small_excellent_from"])) == Decimal("1.2")
    assert body["small_excellent_min_size"] == 3
    bad = c.post(
        f"{API}/schemes",
        json.dumps({"zone": org.zone.pk, "small_excellent_min_size": 0}),
        content_type="application/json",
    )
    # the published schema says 1–999: refused on the field before the service
    assert bad.status_code == 422 and "small_excellent_min_size" in bad.json()["errors"]
    page = c.get(reverse("performance:scheme_detail", args=[body["id"]])).content.decode()
    assert "小部门优秀保底" in page and "1.20" in page
    form = c.get(reverse("performance:scheme_new")).content.decode()
    assert 'name="small_excellent_from"' in form and 'value="1.20"' in form


def test_an_explicit_null_switches_the_rule_off_through_the_api(org, client_for):
    svc.ensure_scheme(org.zone, actor=org.leader)
    svc.scheme_create(actor=org.leader, zone=org.zone, small_excellent_from=Decimal("1.2"))
    c = client_for(org.leader)
    kept = c.post(f"{API}/schemes", json.dumps({"zone": org.zone.pk}), content_type="application/json")
    assert Decimal(str(kept.json()["small_excellent_from"])) == Decimal("1.2")  # not given: copied
    off = c.post(
        f"{API}/schemes",
        json.dumps({"zone": org.zone.pk, "small_excellent_from": None}),
        content_type="application/json",
    )
    assert off.status_code == 201 and off.json()["small_excellent_from"] is None


def test_grades_over_a_quota_lowered_after_a_reopen_block_the_pay_until_the_head_regrades(org, sysadmin):
    from devzone.performance import selectors
    from devzone.performance.choices import RoundStatus
    from devzone.testing.performance import grade_all

    r, _ = run_round(org, RoundStatus.PUBLISHED)
    grade_all(org, r)
    d = org.depts[0]
    res = r.results.get(department=d)
    assert res.quota["excellent"] >= 1
    svc.round_reopen(actor=sysadmin, round=r, reason="更正")
    low = min(svc.calibration_choices(r.scheme))
    svc.result_calibrate(actor=org.leader, result=res, coefficient=str(low), reason="降档")
    svc.round_advance(actor=org.tally, round=r)  # published again, with the saved grades above the quota
    r.refresh_from_db()
    res.refresh_from_db()
    assert res.quota["excellent"] < r.grades.filter(department=d, grade="excellent").count()
    sheet = selectors.pay_sheet(r)
    assert not sheet.ready and any(d.name in p and "超出" in p for p in sheet.problems), sheet.problems
    with pytest.raises(DomainError, match=f"{d.name}.*超出"):
        svc.round_close_pay(actor=org.tally, round=r)
    # the next quarter's publication (which settles this one) is held up too, naming the department
    with pytest.raises(DomainError, match=f"{d.name}.*超出"):
        run_round(org, quarter=4)
    # the head regrades within the new quota, then the quarter settles
    grade_all(org, r)
    assert selectors.pay_sheet(r).ready
    svc.round_close_pay(actor=org.tally, round=r)


def test_an_appeal_decision_lowering_a_grade_is_taken_while_over_a_quota_lowered_after_a_reopen(
    org, sysadmin, client_for
):
    """As grading (``grades_set``), a leader's decision on an appeal counts only the grade it gives: a decision
    to an uncapped grade is taken while the department is still over a quota lowered by a calibration after a
    reopening; a capped grade beyond its seats is refused, the message on the decision's own field."""
    from devzone.core.choices import Role
    from devzone.performance.choices import AppealStatus, RoundStatus
    from devzone.performance.models import StaffGrade
    from devzone.testing import factories as f
    from devzone.testing.performance import grade_all

    r, _ = run_round(org, RoundStatus.PUBLISHED)
    grade_all(org, r)
    d = org.depts[0]
    res = r.results.get(department=d)
    assert res.quota["excellent"] >= 1  # someone of the department is 优秀
    appellants = []
    for k, member in enumerate(org.staff[d.pk][-2:]):
        g = StaffGrade.objects.get(round=r, staff=member)
        assert g.grade != "excellent"
        user = f.user_with_role(Role.REVIEWER, zone=org.zone, staff=member, user__username=f"member{k}")
        appellants.append((svc.appeal_submit(actor=user, grade=g, reason="等次评定有误"), g))
    # a correction: reopened, the department calibrated to the floor (fewer 优秀 seats), published again
    svc.round_reopen(actor=sysadmin, round=r, reason="更正")
    low = min(svc.calibration_choices(r.scheme))
    svc.result_calibrate(actor=org.leader, result=res, coefficient=str(low), reason="复核后下调")
    svc.round_advance(actor=org.tally, round=r)
    res.refresh_from_db()
    assert r.grades.filter(department=d, grade="excellent").count() > res.quota["excellent"]

    (lowered, g), (raised, _g) = appellants
    new = "pass" if g.grade == "improve" else "improve"
    lowered = svc.appeal_decide(actor=org.leader, appeal=lowered, new_grade=new, decision="改定")
    assert lowered.status == AppealStatus.CHANGED and StaffGrade.objects.get(pk=g.pk).grade == new
    # 优秀 beyond its seats is still refused, on the field the leader filled in (page and API alike)
    resp = client_for(org.leader).post_json(
        f"{API}/appeals/{raised.pk}/decide", {"new_grade": "excellent", "decision": "改为优秀"}
    )
    assert resp.status_code == 400, resp.content
    assert "超出等次名额" in json.dumps(resp.json()["errors"]["new_grade"], ensure_ascii=False)
    raised.refresh_from_db()
    assert raised.status == AppealStatus.PENDING
