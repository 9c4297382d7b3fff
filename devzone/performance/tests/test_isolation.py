"""The performance module's isolation: pages and API through Django's ``Client`` (middleware, URL routing, the
API's real authentication). Zone A and zone B each run a published round; a zone-A user gets 404 for every
zone-B round, department, staff member, appeal and scheme, on every page and operation with a pk (and nothing
changes); lists never hold a zone-B row; a user in reach without the right gets 403; anonymous visitors are sent
to log in (401 from the API). Each refusal is paired with the same request succeeding in zone A."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devzone.core.choices import Role
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.models import Appeal, PayAdjustment, PayProfile, Round, Scheme, StaffGrade
from devzone.testing import factories as f
from devzone.testing.performance import PDF, adjustment, grade_all, member_user, run_round

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"
JSON = "application/json"


@pytest.fixture
def two(org, org_b):
    ra, _ = run_round(org)
    rb, _ = run_round(org_b)
    grade_all(org, ra)
    grade_all(org_b, rb)
    return ra, rb


def _pages(r, dept, staff, scheme):
    return [
        reverse("performance:round_detail", args=[r.pk]),
        reverse("performance:grades", args=[r.pk, dept.pk]),
        reverse("performance:pay_sheet", args=[r.pk]),
        reverse("performance:pay_export", args=[r.pk]),
        reverse("performance:pay_person", args=[r.pk, staff.pk]),
        reverse("performance:adjustment_list", args=[r.pk]),
        reverse("performance:adjustment_export", args=[r.pk]),
        reverse("performance:report_download", args=[r.pk, dept.pk]),
        reverse("performance:scheme_detail", args=[scheme.pk]),
    ]


def test_pages_with_a_pk_are_404_for_another_zones_rows(two, org, org_b, client_for):
    ra, rb = two
    c = client_for(org.leader)
    for url in _pages(ra, org.depts[0], org.staff[org.depts[0].pk][0], ra.scheme):
        assert c.get(url).status_code == 200, url
    for url in _pages(rb, org_b.depts[0], org_b.staff[org_b.depts[0].pk][0], rb.scheme):
        assert c.get(url).status_code == 404, url


def test_page_actions_are_404_in_another_zone_and_change_nothing(two, org, org_b, client_for, sysadmin):
    ra, rb = two
    before = Round.objects.get(pk=rb.pk).version
    for user in (org.tally, org.leader):
        c = client_for(user)
        for action in (
            "advance",
            "pull",
            "satisfaction",
            "report",
            "nominate",
            "unnominate",
            "leader",
            "calibrate",
            "reopen",
        ):
            assert c.post(reverse("performance:round_action", args=[rb.pk, action])).status_code == 404
        assert c.post(reverse("performance:codes", args=[rb.pk])).status_code == 404
        assert c.get(reverse("performance:ballot_export", args=[rb.pk])).status_code == 404
    head = org.heads[org.depts[0].pk]
    resp = client_for(head).post(
        reverse("performance:grades", args=[rb.pk, org_b.depts[0].pk]),
        {f"grade_{org_b.staff[org_b.depts[0].pk][0].pk}": "excellent"},
    )
    assert resp.status_code == 404
    assert Round.objects.get(pk=rb.pk).version == before
    # the same action in zone A works: the tally staff export the shuffled scores of their own round
    assert client_for(org.tally).get(reverse("performance:ballot_export", args=[ra.pk])).status_code == 200


def test_lists_never_show_another_zones_rows(two, org, org_b, client_for):
    ra, rb = two
    staff_user, member = member_user(org, "a_member")
    g = StaffGrade.objects.get(round=ra, staff=member)
    svc.appeal_submit(actor=staff_user, grade=g, reason="甲侧申诉")
    member_b = org_b.staff[org_b.depts[0].pk][-1]
    b_user = f.user_with_role(Role.REVIEWER, zone=org_b.zone, staff=member_b, user__username="b_member")
    svc.appeal_submit(actor=b_user, grade=StaffGrade.objects.get(round=rb, staff=member_b), reason="乙侧申诉")
    c = client_for(org.leader)
    for name in ("round_list", "appeal_list", "scheme_list", "payprofile_list", "annual", "report"):
        body = c.get(reverse(f"performance:{name}")).content.decode()
        assert "乙" not in body, name
    assert "甲侧申诉" in c.get(reverse("performance:appeal_list")).content.decode()
    assert "甲职员" in c.get(reverse("performance:payprofile_list")).content.decode()
    # my page: only my own grade
    body = client_for(staff_user).get(reverse("performance:my")).content.decode()
    assert g.get_grade_display() in body and "乙" not in body


def test_a_leader_decides_only_their_zones_appeals(two, org, org_b, client_for):
    ra, rb = two
    member_b = org_b.staff[org_b.depts[0].pk][-1]
    b_user = f.user_with_role(Role.REVIEWER, zone=org_b.zone, staff=member_b, user__username="b_member")
    a = svc.appeal_submit(
        actor=b_user, grade=StaffGrade.objects.get(round=rb, staff=member_b), reason="乙侧申诉"
    )
    resp = client_for(org.leader).post(
        reverse("performance:appeal_list"), {"appeal": a.pk, "decision": "维持"}
    )
    assert resp.status_code == 404
    assert Appeal.objects.get(pk=a.pk).status == "pending"
    # another zone's member cannot appeal a zone-A grade through the page
    g = StaffGrade.objects.filter(round=ra).first()
    assert (
        client_for(b_user).post(reverse("performance:appeal_new", args=[g.pk]), {"reason": "x"}).status_code
        == 404
    )
    resp = client_for(org_b.leader).post(
        reverse("performance:appeal_list"), {"appeal": a.pk, "decision": "维持"}
    )
    assert resp.status_code == 302 and Appeal.objects.get(pk=a.pk).status == "upheld"


def test_pay_profiles_change_only_in_the_users_zone(two, org, org_b, client_for):
    sb = org_b.staff[org_b.depts[0].pk][0]
    c = client_for(org.tally)
    assert (
        c.post(reverse("performance:payprofile_edit", args=[sb.pk]), {"monthly_yuan": "1"}).status_code == 404
    )
    sa = org.staff[org.depts[0].pk][0]
    assert (
        c.post(reverse("performance:payprofile_edit", args=[sa.pk]), {"monthly_yuan": "9000"}).status_code
        == 302
    )
    sa.pay_profile.refresh_from_db()
    assert sa.pay_profile.monthly_standard_fen == 900000
    sb.pay_profile.refresh_from_db()
    assert sb.pay_profile.monthly_standard_fen != 100


def test_rights_in_reach_are_403_and_anonymous_is_sent_to_log_in(
    two, org, client, client_for, enterprise_user
):
    ra, _ = two
    head = org.heads[org.depts[0].pk]
    assert client_for(head).get(reverse("performance:pay_sheet", args=[ra.pk])).status_code == 403
    assert client_for(head).get(reverse("performance:annual")).status_code == 403
    assert client_for(enterprise_user).get(reverse("performance:round_list")).status_code == 403
    # refused by the service's role check: in reach without the right is the 403 page (core.web.refusals)
    assert client_for(org.leader).post(reverse("performance:codes", args=[ra.pk])).status_code == 403
    assert client_for(org.leader).get(reverse("performance:scheme_new")).status_code == 200
    assert client_for(org.tally).get(reverse("performance:scheme_new")).status_code == 403
    for name in ("round_list", "my", "appeal_list", "scheme_list", "annual", "report", "payprofile_list"):
        resp = client.get(reverse(f"performance:{name}"))
        assert resp.status_code == 302 and "/login" in resp["Location"], name
    resp = client.get(reverse("performance:home"))
    assert resp.status_code == 302
    assert client_for(org.leader).get(reverse("performance:home")).status_code == 302


def test_a_new_scheme_and_a_new_round_land_in_the_users_own_zone(org, org_b, client_for):
    resp = client_for(org.tally).post(reverse("performance:round_list"), {"year": 2026, "quarter": 1})
    assert resp.status_code == 302
    assert Round.objects.get().zone == org.zone
    form = client_for(org.leader).get(reverse("performance:scheme_new")).context["form"]
    data = {k: v for k, v in form.initial.items()}
    data["note"] = "甲侧修订"
    resp = client_for(org.leader).post(reverse("performance:scheme_new"), data)
    assert resp.status_code == 302
    assert Scheme.objects.get(note="甲侧修订").zone == org.zone
    assert not Scheme.objects.filter(zone=org_b.zone).exists()


# --- the API -------------------------------------------------------------------------------------------------
def test_api_lists_never_contain_another_zones_rows(two, org, client_for):
    c = client_for(org.leader)
    for path in ("/rounds", "/schemes", "/appeals"):
        body = c.get(API + path).json()
        assert all(row.get("zone", org.zone.pk) == org.zone.pk for row in body), path
    rounds = c.get(API + "/rounds").json()
    assert len(rounds) == 1


def test_api_gets_are_404_for_another_zones_rows(two, org, org_b, client_for):
    ra, rb = two
    c = client_for(org.leader)
    for path in (
        "/rounds/{}",
        "/rounds/{}/results",
        "/rounds/{}/grades",
        "/rounds/{}/pay",
        "/rounds/{}/delegates",
        "/rounds/{}/reports",
    ):
        assert c.get(API + path.format(ra.pk)).status_code == 200, path
        assert c.get(API + path.format(rb.pk)).status_code == 404, path
    assert c.get(f"{API}/schemes/{ra.scheme_id}").status_code == 200
    assert c.get(f"{API}/schemes/{rb.scheme_id}").status_code == 404
    assert c.get(f"{API}/zones/{org.zone.pk}/annual/2026").status_code == 200
    assert c.get(f"{API}/zones/{org_b.zone.pk}/annual/2026").status_code == 404
    report = c.get(f"{API}/zones/{org.zone.pk}/reports/2026")
    assert report.status_code == 200 and report.json()["quarters"] == ["第3季度"]
    assert c.get(f"{API}/zones/{org_b.zone.pk}/reports/2026").status_code == 404
    assert len(c.get(f"{API}/rounds/{ra.pk}/delegates").json()) == 15


def test_each_api_operation_is_404_in_zone_b_and_changes_nothing(two, org, org_b, client_for):
    ra, rb = two
    version = Round.objects.get(pk=rb.pk).version
    bodies = {
        "advance": {"version": version},
        "satisfaction": {"department": org_b.depts[0].pk, "value": "90"},
        "delegates": {"staff": org_b.staff[org_b.depts[0].pk][1].pk},
        "codes": {},
        "leader-scores": {"scores": {str(org_b.depts[0].pk): "90"}},
        "calibrate": {"department": org_b.depts[0].pk, "coefficient": "1.2", "reason": "x"},
        "reopen": {"reason": "x"},
        "grades": {"department": org_b.depts[0].pk, "grades": {}},
        "close_pay": {"version": version},
        "adjustments": {
            "staff": org_b.staff[org_b.depts[0].pk][1].pk,
            "kind": "supplement",
            "amount_yuan": "1",
            "reason": "x",
            "payroll_month": "2099-01",
            "version": 1,
        },
    }
    for user in (org.tally, org.leader, org.heads[org.depts[0].pk]):
        c = client_for(user)
        for op, body in bodies.items():
            resp = c.post(f"{API}/rounds/{rb.pk}/{op}", json.dumps(body), content_type=JSON)
            assert resp.status_code == 404, (op, resp.content)
        assert c.post(f"{API}/rounds/{rb.pk}/satisfaction/pull").status_code == 404
        delegate = rb.delegates.first()
        assert c.delete(f"{API}/rounds/{rb.pk}/delegates/{delegate.pk}").status_code == 404
        assert c.delete(f"{API}/rounds/{ra.pk}/delegates/{delegate.pk}").status_code == 404
        upload = SimpleUploadedFile("述职.pdf", PDF, content_type="application/pdf")
        resp = c.post(f"{API}/rounds/{rb.pk}/reports", {"department": org_b.depts[0].pk, "file": upload})
        assert resp.status_code == 404
    assert Round.objects.get(pk=rb.pk).version == version
    assert rb.delegates.count() == 15
    c = client_for(org.leader)
    assert (
        c.post(
            f"{API}/rounds",
            json.dumps({"zone": org_b.zone.pk, "year": 2026, "quarter": 1}),
            content_type=JSON,
        ).status_code
        == 404
    )
    assert c.post(f"{API}/schemes", json.dumps({"zone": org_b.zone.pk}), content_type=JSON).status_code == 404
    assert not Scheme.objects.filter(zone=org_b.zone, version=2).exists()


def test_api_appeals_are_the_users_own(two, org, org_b, client_for):
    ra, rb = two
    staff_user, member = member_user(org, "a_member")
    c = client_for(staff_user)
    mine = c.get(f"{API}/my/grades").json()
    assert [g["staff"] for g in mine] == [member.pk]
    other = StaffGrade.objects.filter(round=ra).exclude(staff=member).first()
    assert (
        c.post(
            f"{API}/appeals", json.dumps({"grade": other.pk, "reason": "x"}), content_type=JSON
        ).status_code
        == 404
    )
    resp = c.post(
        f"{API}/appeals", json.dumps({"grade": mine[0]["id"], "reason": "完成了重点任务"}), content_type=JSON
    )
    assert resp.status_code == 201
    appeal = resp.json()["id"]
    assert (
        client_for(org_b.leader)
        .post(f"{API}/appeals/{appeal}/decide", json.dumps({"decision": "x"}), content_type=JSON)
        .status_code
        == 404
    )
    resp = client_for(org.leader).post(
        f"{API}/appeals/{appeal}/decide", json.dumps({"decision": "维持"}), content_type=JSON
    )
    assert resp.status_code == 200 and resp.json()["status"] == "upheld"
    pay = c.get(f"{API}/my/pay").json()
    assert [line["employee_no"] for line in pay] == [member.employee_no]


def test_api_pay_profiles_are_the_zones_own(two, org, org_b, client_for):
    c = client_for(org.tally)
    rows = c.get(f"{API}/pay-profiles").json()
    assert {r["staff"] for r in rows} == {s.pk for ss in org.staff.values() for s in ss}
    own, other = org.staff[org.depts[0].pk][0], org_b.staff[org_b.depts[0].pk][0]
    before = PayProfile.objects.get(staff=other).monthly_standard_fen
    resp = c.put(f"{API}/pay-profiles/{other.pk}", json.dumps({"monthly_yuan": 9000}), content_type=JSON)
    assert resp.status_code == 404
    assert PayProfile.objects.get(staff=other).monthly_standard_fen == before
    resp = c.put(f"{API}/pay-profiles/{own.pk}", json.dumps({"monthly_yuan": "9,000.50"}), content_type=JSON)
    assert resp.status_code == 200 and resp.json()["monthly_standard_fen"] == 900_050
    head = client_for(org.heads[org.depts[0].pk])
    assert head.get(f"{API}/pay-profiles").status_code == 403
    resp = head.put(f"{API}/pay-profiles/{own.pk}", json.dumps({"monthly_yuan": 1}), content_type=JSON)
    assert resp.status_code == 403


def test_the_api_hides_scores_before_publication(org, client_for):
    r, _ = run_round(org, until=RoundStatus.TALLIED)
    tally = client_for(org.tally).get(f"{API}/rounds/{r.pk}/results").json()
    assert all(row["composite"] is not None for row in tally)
    leader = client_for(org.leader).get(f"{API}/rounds/{r.pk}/results").json()
    assert all(row["composite"] is None and row["democratic"] is None for row in leader)
    assert all(row["coefficient"] is not None for row in leader)  # for calibration
    head = client_for(org.heads[org.depts[0].pk]).get(f"{API}/rounds/{r.pk}/results").json()
    assert all(row["composite"] is None and row["coefficient"] is None for row in head)
    assert client_for(org.tally).get(f"/api/v1/performance/rounds/{r.pk}/results").status_code == 200
    from devzone.testing.factories import user_with_role  # noqa: F401  (anonymous below)


def test_api_anonymous_gets_401(client):
    assert client.get(f"{API}/rounds").status_code == 401
    assert client.get(f"{API}/schemes").status_code == 401


def test_another_zones_adjustments_are_404_and_never_listed(two, org, org_b, client_for):
    """补发/扣回 are the zone's own: zone B's closed quarter and its adjustment are 404 to zone A on every
    page and operation, lists never hold them, and nothing changes."""
    ra, rb = two
    month = "2099-01"
    for o, r in ((org, ra), (org_b, rb)):
        svc.round_close_pay(actor=o.tally, round=r)
        svc.adjustment_create(
            actor=o.tally,
            round=r,
            **adjustment(o, amount_yuan="12.34", reason=f"{o.mark}补发", payroll_month=month),
        )
    mine = PayAdjustment.objects.get(round=ra)
    theirs = PayAdjustment.objects.get(round=rb)
    version = Round.objects.get(pk=rb.pk).version
    for user in (org.tally, org.leader):
        c = client_for(user)
        assert c.get(f"{API}/adjustments/{mine.pk}").status_code == 200
        assert c.get(f"{API}/adjustments/{theirs.pk}").status_code == 404
        assert [x["id"] for x in c.get(f"{API}/rounds/{ra.pk}/adjustments").json()] == [mine.pk]
        assert c.get(f"{API}/rounds/{rb.pk}/adjustments").status_code == 404
        html = c.get(reverse("performance:adjustment_list", args=[ra.pk])).content.decode()
        assert "甲补发" in html and "乙补发" not in html
        assert c.get(reverse("performance:adjustment_list", args=[rb.pk])).status_code == 404
        assert c.get(reverse("performance:adjustment_export", args=[rb.pk])).status_code == 404
        body = {
            "staff": org_b.staff[org_b.depts[0].pk][1].pk,
            "kind": "recovery",
            "amount_yuan": "1",
            "reason": "x",
            "payroll_month": month,
            "version": Round.objects.get(pk=ra.pk).version,
        }
        resp = c.post(reverse("performance:round_action", args=[rb.pk, "adjust"]), body)
        assert resp.status_code == 404
        # a zone-B person on zone A's quarter: not on its pay sheet (400), nothing recorded
        if user == org.tally:
            resp = c.post(f"{API}/rounds/{ra.pk}/adjustments", json.dumps(body), content_type=JSON)
            assert resp.status_code == 400
    assert PayAdjustment.objects.count() == 2
    assert Round.objects.get(pk=rb.pk).version == version
    # a department head of zone A (no pay rights) gets 403 in reach, 404 out of reach
    head = client_for(org.heads[org.depts[0].pk])
    assert head.get(f"{API}/adjustments/{mine.pk}").status_code == 403
    assert head.get(f"{API}/adjustments/{theirs.pk}").status_code == 404
