"""Garbage on every form and API operation of 绩效考核: never a 500, a Chinese message, nothing changed.

Each request is sent by the person entitled to make it (so the refusal is about the input, not the right),
at a step where the action is possible; the database's performance rows, the rounds' versions and the audit
trail are compared before and after."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from devzone.core.choices import AuditAction
from devzone.core.models import AuditEvent
from devzone.performance.choices import RoundStatus
from devzone.performance.models import (
    Appeal,
    BallotCode,
    Delegate,
    DepartmentResult,
    LeaderScore,
    PayProfile,
    Round,
    Scheme,
    ScoreCount,
    SealedBallot,
    StaffGrade,
    WorkReport,
)
from devzone.testing import factories as f
from devzone.testing.performance import grade_all, run_round
from devzone.testing.workbooks import xlsx

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"
JSON = "application/json"
HAN = re.compile(r"[\u4e00-\u9fff]")
NUMBERS = ["", "abc", "NaN", "Infinity", "-1", "100.001", "1e400", "12.345", "1" * 400, "<script>"]


def snapshot() -> dict:
    rows = {"audit events": AuditEvent.objects.exclude(action=AuditAction.LOGIN).count()}
    for model in (
        Round,
        Scheme,
        DepartmentResult,
        WorkReport,
        Delegate,
        BallotCode,
        SealedBallot,
        ScoreCount,
        LeaderScore,
        StaffGrade,
        Appeal,
        PayProfile,
    ):
        rows[model.__name__] = sorted(map(str, model.objects.values_list(*_fields(model))))
    return rows


def _fields(model):
    return [fld.attname for fld in model._meta.concrete_fields if fld.attname not in ("updated_at",)]


def refused(resp, *, api: bool = False) -> None:
    """A 4xx (or the page again / a redirect with a message), never a 500; Chinese text says why."""
    assert resp.status_code < 500, resp.content[:500]
    if api:
        assert 400 <= resp.status_code < 500, resp.content[:300]
        assert HAN.search(json.dumps(resp.json(), ensure_ascii=False)), resp.content[:300]


def follow_message(c, resp) -> str:
    if resp.status_code in (301, 302):
        resp = c.get(resp["Location"])
    assert resp.status_code < 500
    return resp.content.decode()


@pytest.fixture
def voting(org):
    r, codes = run_round(org, until=RoundStatus.VOTING)
    return r, codes


def test_garbage_on_the_round_pages_changes_nothing(org, client_for):
    r, _ = run_round(org, until=RoundStatus.SATISFACTION)
    tally, head = client_for(org.tally), client_for(org.heads[org.depts[0].pk])
    act = lambda a: reverse("performance:round_action", args=[r.pk, a])  # noqa: E731
    before = snapshot()
    for year, quarter in [
        ("abc", "1"),
        ("2026", "9"),
        ("99999999999999999999", "1"),
        ("", ""),
        ("2026", "x"),
    ]:
        resp = tally.post(reverse("performance:round_list"), {"year": year, "quarter": quarter})
        assert resp.status_code == 200
        assert HAN.search(resp.content.decode())
    for v in NUMBERS:
        page = follow_message(
            tally, tally.post(act("satisfaction"), {"department": org.depts[0].pk, "value": v})
        )
        assert "分数" in page, v
    for dept in ["", "abc", "99999999", str(org.depts[3].pk), "1" * 40]:
        refused(tally.post(act("satisfaction"), {"department": dept, "value": "90"}))
    for dept in ["", "abc", "99999999", "1" * 40]:
        refused(
            head.post(act("report"), {"department": dept, "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
        )
    refused(head.post(act("report"), {"department": org.depts[0].pk}))
    for name, data in [("a.exe", b"MZ\x90\x00"), ("a.pdf", b""), ("a.docx", b"not a zip")]:
        page = follow_message(
            head,
            head.post(act("report"), {"department": org.depts[0].pk, "file": SimpleUploadedFile(name, data)}),
        )
        assert "文件" in page
    for staff in ["", "abc", "99999999", "1" * 40]:
        refused(head.post(act("nominate"), {"staff": staff}))
    refused(head.post(act("nominate"), {"staff": org.staff[org.depts[0].pk][-1].pk}))  # below the rank
    for delegate in ["", "abc", "99999999"]:
        refused(head.post(act("unnominate"), {"delegate": delegate}))
    for version in ["abc", "-1", "99999999999999999999999"]:
        refused(tally.post(act("advance"), {"version": version}))
    refused(tally.post(act("nonsense"), {}))
    refused(tally.post(act("leader"), {"score_1": "90"}))  # not the leader's step, not the leader
    refused(tally.post(act("calibrate"), {"result": "abc"}))
    refused(tally.post(act("reopen"), {"reason": ""}))
    # satisfaction of 0-100 leaves the step only when it is complete: nothing changed so far
    assert snapshot() == before


def test_garbage_leader_scores_and_calibration_change_nothing(org, client_for, sysadmin):
    r, _ = run_round(org, until=RoundStatus.VOTING)
    leader = client_for(org.leader)
    act = reverse("performance:round_action", args=[r.pk, "leader"])
    d = org.depts[0].pk
    before = snapshot()
    for v in [x for x in NUMBERS if x]:
        page = follow_message(leader, leader.post(act, {f"score_{d}": v}))
        assert "分数" in page, v
    for key in ["score_abc", "score_99999999", "score_", "score_" + "9" * 40]:
        refused(leader.post(act, {key: "90"}))
    refused(leader.post(act, {}))
    assert snapshot() == before
    r2, _ = run_round(org, until=RoundStatus.TALLIED, quarter=2)
    res = r2.results.first()
    cal = reverse("performance:round_action", args=[r2.pk, "calibrate"])
    before = snapshot()
    for coef, reason in [("abc", "x"), ("1.15", "x"), ("NaN", "x"), ("1.2", ""), ("1.2", "   "), ("", "x")]:
        page = follow_message(
            leader, leader.post(cal, {"result": res.pk, "coefficient": coef, "reason": reason})
        )
        assert "系数" in page or "理由" in page, (coef, reason)
    for result in ["", "abc", "99999999"]:
        refused(leader.post(cal, {"result": result, "coefficient": "1.2", "reason": "x"}))
    assert snapshot() == before


def test_garbage_ballots_on_the_public_page_change_nothing(voting, org, client):
    r, codes = voting
    url = reverse("performance:vote")
    dept_name, code = codes[0]
    own = next(d for d in org.depts if d.name == dept_name)
    others = [d for d in org.depts if d != own]
    before = snapshot()
    for bad in ["", "x", "A" * 5000, "测评码", "'; DROP TABLE x; --", "\x00"]:
        resp = client.post(url, {"code": bad})
        assert resp.status_code == 400 and "测评码无效" in resp.content.decode()
    for v in NUMBERS:
        data = {"code": code, "cast": "1", **{f"score_{d.pk}": "80" for d in others}}
        data[f"score_{others[0].pk}"] = v
        resp = client.post(url, data)
        assert resp.status_code == 400, v
        assert "分" in resp.content.decode()
    data = {"code": code, "cast": "1", **{f"score_{d.pk}": "80" for d in others}, f"score_{own.pk}": "90"}
    assert client.post(url, data).status_code == 400  # its own department
    data = {"code": code, "cast": "1", "score_abc": "80", "score_": "1"}
    assert client.post(url, data).status_code == 400
    assert snapshot() == before  # the code is still unused


def test_garbage_grades_appeals_and_pay_profiles_change_nothing(org, client_for):
    r, _ = run_round(org)
    grade_all(org, r)
    d = org.depts[0]
    head = client_for(org.heads[d.pk])
    url = reverse("performance:grades", args=[r.pk, d.pk])
    member = org.staff[d.pk][1]
    before = snapshot()
    for key, value in [
        (f"grade_{member.pk}", "zzz"),
        ("grade_abc", "excellent"),
        ("grade_99999999", "excellent"),
        (f"grade_{org.staff[org.depts[1].pk][0].pk}", "excellent"),
        (f"grade_{member.pk}", "<b>"),
    ]:
        resp = head.post(url, {key: value})
        assert resp.status_code == 200 and HAN.search(resp.content.decode())
    # the staff member's own appeal: empty reason
    me = f.user_with_role("agent", zone=org.zone, staff=member, user__username="jia-member")
    mine = client_for(me)
    grade = StaffGrade.objects.get(round=r, staff=member)
    page = follow_message(
        mine, mine.post(reverse("performance:appeal_new", args=[grade.pk]), {"reason": "  "})
    )
    assert "申诉理由" in page
    refused(mine.post(reverse("performance:appeal_new", args=[999999999]), {"reason": "x"}))
    leader = client_for(org.leader)
    for appeal in ["", "abc", "99999999"]:
        refused(leader.post(reverse("performance:appeal_list"), {"appeal": appeal, "decision": "x"}))
    tally = client_for(org.tally)
    edit = reverse("performance:payprofile_edit", args=[member.pk])
    for v in NUMBERS + ["0", "-5", "1,,2", "2000000"]:
        page = follow_message(tally, tally.post(edit, {"monthly_yuan": v}))
        assert "月薪" in page or "金额" in page, v
    imp = reverse("performance:payprofile_list")
    for upload in [
        SimpleUploadedFile("a.xlsx", b"not a workbook"),
        SimpleUploadedFile("a.xlsx", xlsx([["工号", "标准月薪"], ["nobody", 8000]])),
        SimpleUploadedFile("a.xlsx", xlsx([["工号", "标准月薪"], [member.employee_no, "abc"]])),
        SimpleUploadedFile("a.xlsx", xlsx([["工号", "标准月薪"]])),
    ]:
        resp = tally.post(imp, {"file": upload})
        assert resp.status_code == 200 and HAN.search(resp.content.decode())
    for q in ["abc", "-1", "99999999999999999999", "0"]:
        assert tally.get(reverse("performance:annual"), {"year": q}).status_code == 200
        assert tally.get(reverse("performance:report"), {"year": q}).status_code == 200
    assert snapshot() == before


def test_garbage_scheme_forms_are_refused_with_a_message(org, client_for):
    leader = client_for(org.leader)
    url = reverse("performance:scheme_new")
    form = leader.get(url).context["form"]
    good = {k: v for k, v in form.initial.items()}
    good["reject_uniform"] = "on"
    before = snapshot()
    for field, value in [
        ("service_satisfaction", "50"),  # weights 50+30+40
        ("other_leader", "abc"),
        ("bands", "abc"),
        ("bands", "95, 9"),
        ("bands", ""),
        ("proportions", "1.2: 50/50/50/0"),
        ("proportions", "zzz"),
        ("proportions", "1.2: a/b/c/d"),
        ("floor_coefficient", "NaN"),
        ("guaranteed_percent", "101"),
        ("delegate_min_rank", "king"),
        ("pool_scope", "x"),
        ("excellent", "-1"),
        ("min_ballots", "0"),
    ]:
        data = {**good, field: value}
        resp = leader.post(url, data)
        assert resp.status_code == 200, (field, value)
        assert resp.context["form"].errors, (field, value)
    assert snapshot() == before


@pytest.mark.parametrize(
    "change, field",
    [
        ({"bands": [["0", "1.255"]], "proportions": "1.2→1.255"}, "bands"),
        ({"proportions": "1.0→1.005"}, "proportions"),
        ({"floor_coefficient": "0.805", "proportions": "0.8→0.805"}, "floor_coefficient"),
        ({"small_excellent_from": "1.155"}, "small_excellent_from"),
    ],
)
def test_a_coefficient_with_more_than_two_decimals_is_refused_on_its_field(org, client_for, change, field):
    """A department's coefficient is kept with two decimals: a scheme band of 1.255 was accepted and the tally
    then stored 1.26 — a coefficient the scheme does not have, weighing the pay — while reading the quota from
    the 1.255 row. A coefficient of the scheme (band, proportions row, floor, small-department rule) with more
    than two decimals is refused on its field, nothing saved; the form says so too."""
    from devzone.core.errors import DomainError
    from devzone.performance import services as svc
    from devzone.performance.models import default_bands, default_proportions

    fields = {"bands": default_bands(), "proportions": default_proportions(), **change}
    if isinstance(fields["proportions"], str):  # "old→new": the default rows with one key renamed
        old, new = fields["proportions"].split("→")
        props = default_proportions()
        props[new] = props.pop(old)
        fields["proportions"] = props
    before = snapshot()
    with pytest.raises(DomainError) as e:
        svc.scheme_create(actor=org.leader, zone=org.zone, note="三位小数", **fields)
    assert "两位小数" in " ".join(e.value.errors.get(field, [])), e.value.errors
    assert snapshot() == before
    if field == "bands":
        leader = client_for(org.leader)
        url = reverse("performance:scheme_new")
        good = dict(leader.get(url).context["form"].initial)
        resp = leader.post(url, {**good, "bands": "95, 1.255\n90, 1.1\n85, 1.0\n80, 0.9"})
        assert resp.status_code == 200 and "两位小数" in " ".join(
            resp.context["form"].errors.get("bands", [])
        )
        assert snapshot() == before


def test_garbage_on_every_api_operation_is_a_chinese_4xx_and_changes_nothing(org, client_for):
    r, _codes = run_round(org, until=RoundStatus.VOTING)
    tally, leader, head = (
        client_for(org.tally),
        client_for(org.leader),
        client_for(org.heads[org.depts[0].pk]),
    )
    before = snapshot()
    _garbage_schemes(leader, org)
    _garbage_round_opening_and_steps(tally, head, org, r)
    assert snapshot() == before
    # regenerating the codes while nobody has voted is allowed (not garbage): a fresh snapshot after it
    assert tally.post(API + f"/rounds/{r.pk}/codes", "{}", content_type=JSON).status_code == 200
    before = snapshot()
    _garbage_scores_calibration_and_reopening(tally, leader, org, r)
    _garbage_ballots()
    _garbage_grades_and_appeals(head, leader, org, r)
    assert snapshot() == before
    _garbage_reads(tally, org)


def api_post_refused(c, path: str, body) -> None:
    """POST ``body`` (raw text, or JSON of a value) to the API: refused with a Chinese 4xx."""
    raw = body if isinstance(body, str) else json.dumps(body)
    refused(c.post(API + path, raw, content_type=JSON), api=True)


def _garbage_schemes(leader, org) -> None:
    for body in [
        "{",
        "[]",
        {"zone": "abc"},
        {"zone": org.zone.pk, "weights": "x"},
        {"zone": org.zone.pk, "weights": {"service": {"democratic": 50}}},
        {"zone": org.zone.pk, "bands": [["x", "y"]]},
        {"zone": org.zone.pk, "proportions": {"1.2": 5}},
        {"zone": org.zone.pk, "min_ballots": -1},
        {"zone": org.zone.pk, "delegate_min_rank": "king"},
        {"zone": org.zone.pk, "nonsense": 1},
        {"zone": org.zone.pk, "guaranteed_percent": "NaN"},
    ]:
        api_post_refused(leader, "/schemes", body)


def _garbage_round_opening_and_steps(tally, head, org, r: Round) -> None:
    for body in [
        "{",
        {"zone": org.zone.pk, "year": "abc", "quarter": 1},
        {"zone": org.zone.pk, "year": 2026, "quarter": 9},
        {"zone": org.zone.pk, "year": 99999999999999999999, "quarter": 1},
        {"zone": org.zone.pk, "year": 2026, "quarter": 3},
    ]:
        api_post_refused(tally, "/rounds", body)
    api_post_refused(tally, f"/rounds/{r.pk}/advance", {"version": "abc"})
    api_post_refused(tally, f"/rounds/{r.pk}/advance", {"version": 99999})
    # wrong step
    api_post_refused(tally, f"/rounds/{r.pk}/satisfaction", {"department": org.depts[0].pk, "value": "90"})
    api_post_refused(head, f"/rounds/{r.pk}/delegates", {"staff": "abc"})


def _garbage_scores_calibration_and_reopening(tally, leader, org, r: Round) -> None:
    for scores in [
        {"abc": "90"},
        {"99999999": "90"},
        {str(org.depts[0].pk): "NaN"},
        {str(org.depts[0].pk): "101"},
        "x",
    ]:
        api_post_refused(leader, f"/rounds/{r.pk}/leader-scores", {"scores": scores})
    calibrate = f"/rounds/{r.pk}/calibrate"
    api_post_refused(leader, calibrate, {"department": "abc", "coefficient": "1.2", "reason": "x"})
    api_post_refused(leader, calibrate, {"department": org.depts[0].pk, "coefficient": "1.2", "reason": ""})
    api_post_refused(tally, f"/rounds/{r.pk}/reopen", {"reason": "x"})


def _garbage_ballots() -> None:
    """The ballot needs no login: garbage from anyone."""
    anon = Client()
    for body in [
        "{",
        {"code": "", "scores": {}},
        {"code": "A" * 5000, "scores": {}},
        {"code": "x", "scores": []},
    ]:
        api_post_refused(anon, "/ballots", body)


def _garbage_grades_and_appeals(head, leader, org, r: Round) -> None:
    grades = f"/rounds/{r.pk}/grades"
    api_post_refused(head, grades, {"department": org.depts[0].pk, "grades": {"abc": "excellent"}})
    api_post_refused(head, grades, {"department": "abc", "grades": {}})
    api_post_refused(head, "/appeals", {"grade": "abc", "reason": "x"})
    api_post_refused(leader, "/appeals/99999999/decide", {"decision": "x"})


def _garbage_reads(tally, org) -> None:
    for path in [
        "/zones/abc/annual/2026",
        f"/zones/{org.zone.pk}/annual/abc",
        f"/zones/{org.zone.pk}/annual/99999999999999999999",
        "/rounds/abc",
        "/rounds/99999999999999999999",
    ]:
        resp = tally.get(API + path)
        assert 400 <= resp.status_code < 500, (path, resp.status_code)


@pytest.mark.parametrize("coef", ["sNaN", "-sNaN", "NaN", "Infinity", "-Inf", "1e999999"])
def test_a_signalling_or_infinite_coefficient_is_a_message_not_a_500(org, client_for, coef):
    from devzone.core.errors import DomainError
    from devzone.performance import services as svc

    r, _ = run_round(org, until=RoundStatus.TALLIED, quarter=2)
    res = r.results.first()
    with pytest.raises(DomainError, match="部门系数须为方案中的档次"):
        svc.result_calibrate(actor=org.leader, result=res, coefficient=coef, reason="x")
    leader = client_for(org.leader)
    leader.raise_request_exception = False
    before = snapshot()
    cal = reverse("performance:round_action", args=[r.pk, "calibrate"])
    resp = leader.post(cal, {"result": res.pk, "coefficient": coef, "reason": "x"})
    assert resp.status_code in (302, 400), resp.status_code
    assert "系数" in follow_message(leader, resp)
    resp = leader.post(
        f"/api/v1/performance/rounds/{r.pk}/calibrate",
        data={"department": res.department_id, "coefficient": coef, "reason": "x"},
        content_type="application/json",
    )
    assert 400 <= resp.status_code < 500, resp.status_code
    assert snapshot() == before
