"""Query-count guards: every list page and API list of 绩效考核 costs the same number of queries for a zone of
five departments of six staff as for one of eight departments of nine staff (no query per department, delegate,
staff member, grade, appeal or pay line), and the pages that loop over rounds (the year, the reports, 我的考核)
cost a fixed number per published round — at most four a year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devzone.core.choices import DepartmentKind, Rank, Role
from devzone.performance import services as svc
from devzone.performance.models import PayProfile, Round, StaffGrade
from devzone.testing import factories as f
from devzone.testing import performance as c
from devzone.testing.performance import build_org, grade_all, run_round

pytestmark = pytest.mark.django_db
API = "/api/v1/performance"


def bigger_org(zone, monkeypatch):
    """Eight departments of nine staff (three more departments, three more staff each)."""
    monkeypatch.setattr(
        c,
        "DEPTS",
        [*c.DEPTS, *((name, DepartmentKind.GENERAL) for name in ("财政金融部", "安全环保部", "社会事务部"))],
    )
    org = build_org(zone, "乙")
    n = 900
    for dept in org.depts:
        for _i in range(3):
            n += 1
            s = f.StaffFactory(
                zone=zone,
                department=dept,
                rank=Rank.STAFF,
                employee_no=f"乙{n:04d}",
                name=f"乙职员{n}",
                birth_date=dt.date(1990, 1, 1),
                hired_on=dt.date(2015, 1, 1),
            )
            PayProfile.objects.create(zone=zone, staff=s, monthly_standard_fen=700_000)
            org.staff[dept.pk].append(s)
    return org


def prepared(org):
    """Two published, graded rounds, a round at the voting step, an appeal, a staff member with an account."""
    r1, _ = run_round(org, quarter=1)
    grade_all(org, r1)
    r2, _ = run_round(org, quarter=2)
    grade_all(org, r2)
    run_round(org, until="voting", quarter=3)
    dept = org.depts[0]
    member = org.staff[dept.pk][3]
    me = f.user_with_role(Role.AGENT, zone=org.zone, staff=member, user__username=f"{org.mark}member")
    svc.appeal_submit(actor=me, grade=StaffGrade.objects.get(round=r2, staff=member), reason="理由")
    return r2, dept, member, me


def costs(org, client_for) -> dict[str, int]:
    r, dept, member, me = prepared(org)
    voting = Round.objects.get(zone=org.zone, quarter=3)
    # r's export is refused while its appeal is pending (the sheet lists it): the settled quarter's is measured
    settled = Round.objects.get(zone=org.zone, quarter=1)
    pages = {
        org.tally: [
            ("performance:round_list",),
            ("performance:round_detail", r.pk),
            ("performance:round_detail", voting.pk),
            ("performance:pay_sheet", r.pk),
            ("performance:pay_export", settled.pk),
            ("performance:pay_person", r.pk, member.pk),
            ("performance:payprofile_list",),
            ("performance:scheme_list",),
            ("performance:appeal_list",),
            ("performance:grades", r.pk, dept.pk),
            ("performance:ballot_export", r.pk),
        ],
        org.leader: [
            ("performance:round_detail", r.pk),
            ("performance:round_detail", voting.pk),
            ("performance:appeal_list",),
        ],
        org.heads[dept.pk]: [("performance:grades", r.pk, dept.pk), ("performance:round_detail", voting.pk)],
        me: [("performance:my",), ("performance:pay_person", r.pk, member.pk)],
    }
    out = {}
    for user, names in pages.items():
        client = client_for(user)
        for name, *args in names:
            url = reverse(name, args=args)
            client.get(url)  # warm caches (session, reach)
            with CaptureQueriesContext(connection) as q:
                assert client.get(url).status_code == 200, url
            out[f"{user.profile.role} {name}"] = len(q)
    client = client_for(org.tally)
    for path in (
        "/rounds",
        f"/rounds/{r.pk}/results",
        f"/rounds/{r.pk}/grades",
        f"/rounds/{r.pk}/pay",
        "/appeals",
    ):
        client.get(API + path)
        with CaptureQueriesContext(connection) as q:
            assert client.get(API + path).status_code == 200, path
        out[f"api {path.replace(str(r.pk), 'pk')}"] = len(q)
    return out


def test_list_pages_cost_the_same_queries_for_a_small_and_a_bigger_zone(
    zone_a, zone_b, client_for, monkeypatch
):
    small = costs(build_org(zone_a, "甲"), client_for)
    big_org = bigger_org(zone_b, monkeypatch)
    assert len(big_org.depts) == 8 and all(len(v) == 9 for v in big_org.staff.values())
    big = costs(big_org, client_for)
    assert big == small
    assert max(small.values()) <= 20, small


def test_pages_over_the_year_cost_a_fixed_number_per_published_round(org, client_for):
    r1, _ = run_round(org, quarter=1)
    grade_all(org, r1)
    member = org.staff[org.depts[0].pk][3]
    me = f.user_with_role(Role.AGENT, zone=org.zone, staff=member, user__username="甲member")
    tally, mine = client_for(org.tally), client_for(me)

    def measure():
        out = {}
        for client, name in (
            (tally, "performance:annual"),
            (tally, "performance:report"),
            (mine, "performance:my"),
        ):
            client.get(reverse(name))
            with CaptureQueriesContext(connection) as q:
                assert client.get(reverse(name)).status_code == 200
            out[name] = len(q)
        client = tally
        with CaptureQueriesContext(connection) as q:
            assert client.get(f"{API}/zones/{org.zone.pk}/annual/2026").status_code == 200
        out["api annual"] = len(q)
        return out

    one = measure()
    r2, _ = run_round(org, quarter=2)
    grade_all(org, r2)
    two = measure()
    r3, _ = run_round(org, quarter=3)
    grade_all(org, r3)
    three = measure()
    for key in one:
        per_round = two[key] - one[key]
        # a fixed few per round, never per person: the round, its grades and pay inputs, plus one lookup each for
        # the city's pool (planning, core.registry.zone_pool) and special pay (personnel, registry.pay_extra)
        assert per_round <= 7, (key, one, two)
        assert three[key] - two[key] == per_round, (key, two, three)
    assert three["performance:annual"] == one["performance:annual"]  # the year: no per-round query
