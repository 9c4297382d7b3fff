"""Plain helpers for the performance tests (and any other module's tests that need a round): a zone ready for
an assessment: five departments (two service departments) of six staff each, three
deputy-section-level staff per department, pay profiles, the tally staff, a leader and each department's head.
``run_round`` drives a round through the services up to a given step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from devzone.core.choices import DepartmentKind, Rank, Role
from devzone.performance import services as svc
from devzone.performance.choices import RoundStatus
from devzone.performance.demo import blank_pdf
from devzone.performance.models import PayProfile
from devzone.testing import factories as f

PDF = blank_pdf()  # a one-page work report

DEPTS = [
    ("综合服务部", DepartmentKind.SERVICE),
    ("经济发展部", DepartmentKind.SERVICE),
    ("投资促进部", DepartmentKind.INVESTMENT),
    ("党政办公室", DepartmentKind.GENERAL),
    ("规划建设部", DepartmentKind.GENERAL),
]
# Each department's posts: one chief, then the deputy-section and staff levels.
POSTS = [
    ("部长", Rank.SECTION_CHIEF, "1.50"),
    ("副部长", Rank.DEPUTY_SECTION, "1.30"),
    ("专员", Rank.STAFF, "1.00"),
]


@dataclass
class Org:
    zone: object
    mark: str
    depts: list = field(default_factory=list)
    staff: dict = field(default_factory=dict)  # dept id -> [Staff]
    heads: dict = field(default_factory=dict)  # dept id -> user
    tally: object = None
    leader: object = None
    admin: object = None

    def delegates_of(self, dept):
        return [s for s in self.staff[dept.pk] if s.rank != Rank.STAFF][:3]


def build_org(zone, mark: str, city=None) -> Org:
    org = Org(zone=zone, mark=mark)
    n = 0
    for i, (name, kind) in enumerate(DEPTS):
        dept = f.DepartmentFactory(zone=zone, name=f"{mark}{name}", kind=kind, order=i)
        posts = {
            rank: f.PostFactory(
                zone=zone, department=dept, name=title, rank=rank, value_coefficient=Decimal(coefficient)
            )
            for title, rank, coefficient in POSTS
        }
        members = []
        for j in range(6):
            n += 1
            rank = Rank.SECTION_CHIEF if j == 0 else Rank.DEPUTY_SECTION if j < 3 else Rank.STAFF
            s = f.StaffFactory(
                zone=zone,
                department=dept,
                post=posts[rank],
                rank=rank,
                employee_no=f"{mark[:1]}{n:04d}",
                name=f"{mark}职员{n}",
                birth_date=dt.date(1985, 1, 1),
                hired_on=dt.date(2010, 1, 1),
            )
            PayProfile.objects.create(zone=zone, staff=s, monthly_standard_fen=800_000 + j * 50_000)
            members.append(s)
        org.depts.append(dept)
        org.staff[dept.pk] = members
        org.heads[dept.pk] = f.user_with_role(
            Role.DEPARTMENT_HEAD, zone=zone, staff=members[0], user__username=f"{mark}head{i}"
        )
    org.tally = f.user_with_role(Role.TALLY_STAFF, zone=zone, user__username=f"{mark}tally")
    org.leader = f.user_with_role(Role.ZONE_LEADER, zone=zone, user__username=f"{mark}leader")
    return org


def ballot_for(org: Org, own_dept, base: int) -> dict:
    """A valid ballot: department i gets base - 2*i (never all the same)."""
    return {d.pk: base - 2 * i for i, d in enumerate(org.depts) if d.pk != own_dept.pk}


def run_round(
    org: Org, until: str = RoundStatus.PUBLISHED, year: int = 2026, quarter: int = 3, *, delegates=None
):
    """Open a round and drive it with the services up to ``until`` (each step's work done). ``delegates``: the
    staff each department nominates (a function of the department; ``org.delegates_of`` by default)."""
    r = svc.round_open(actor=org.tally, zone=org.zone, year=year, quarter=quarter)
    if until == RoundStatus.SATISFACTION:
        return r, []
    for i, d in enumerate(org.depts[:2]):
        svc.satisfaction_enter(actor=org.tally, round=r, department_id=d.pk, value=90 - i * 5)
    svc.round_advance(actor=org.tally, round=r)
    for d in org.depts:
        svc.report_upload(actor=org.heads[d.pk], round=r, department_id=d.pk, name="述职.pdf", data=PDF)
    if until == RoundStatus.REPORTS:
        return r, []
    svc.round_advance(actor=org.tally, round=r)
    for d in org.depts:
        for s in (delegates or org.delegates_of)(d):
            svc.delegate_nominate(actor=org.heads[d.pk], round=r, staff=s)
    codes = svc.codes_generate(actor=org.tally, round=r)
    if until == RoundStatus.NOMINATION:
        return r, codes
    svc.round_advance(actor=org.tally, round=r)
    if until == RoundStatus.VOTING:
        return r, codes
    by_name = {d.name: d for d in org.depts}
    for k, (dept_name, code) in enumerate(codes):
        svc.ballot_cast(code=code, scores=ballot_for(org, by_name[dept_name], 95 - (k % 3)))
    svc.leader_scores_set(
        actor=org.leader, round=r, scores={d.pk: 96 - 3 * i for i, d in enumerate(org.depts)}
    )
    svc.round_advance(actor=org.tally, round=r)  # close voting
    if until == RoundStatus.LEADER:
        return r, codes
    svc.round_advance(actor=org.tally, round=r)  # tally
    if until == RoundStatus.TALLIED:
        return r, codes
    svc.round_advance(actor=org.tally, round=r)  # publish
    r.refresh_from_db()
    return r, codes


def next_month() -> str:
    """The payroll month after this one, as the forms and the API take it (YYYY-MM)."""
    from django.utils import timezone

    today = timezone.localdate()
    return f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"


def adjustment(org: Org, **change) -> dict:
    """The fields of a valid 补发 (as the service, the form and the API name them): 100 yuan for the second
    member of the first department, paid with next month's salary; ``change`` replaces any of them."""
    return {
        "staff": org.staff[org.depts[0].pk][1].pk,
        "kind": "supplement",
        "amount_yuan": "100",
        "reason": "补发",
        "payroll_month": next_month(),
        **change,
    }


def adjust(org: Org, r, **change):
    """The tally staff record ``adjustment(org, **change)`` on the closed round ``r``."""
    return svc.adjustment_create(actor=org.tally, round=r, **adjustment(org, **change))


def grade_all(org: Org, r) -> None:
    """Each department graded within the quota (best seats first, 待改进 minimum honoured): its head grades the
    others, the zone leader the head (回避: a head never grades their own record)."""
    for d in org.depts:
        res = r.results.get(department=d)
        q = res.quota
        seq = ["excellent"] * q["excellent"] + ["good"] * q["good"]
        members = org.staff[d.pk]
        need = q["improve"]
        grades = {}
        for k, s in enumerate(members):
            if k < len(seq):
                grades[s.pk] = seq[k]
            elif k >= len(members) - need:
                grades[s.pk] = "improve"
            else:
                grades[s.pk] = "pass"
        head = org.heads[d.pk]
        own = head.profile.staff_id
        others = {sid: g for sid, g in grades.items() if sid != own}
        svc.grades_set(actor=head, round=r, department_id=d.pk, grades=others)
        if own in grades:
            svc.grades_set(actor=org.leader, round=r, department_id=d.pk, grades={own: grades[own]})


def member_user(org: Org, username: str = "member"):
    """An account of its own (a reviewer) for a member of the org's first department (its last staff member,
    graded by the department's head), and that staff record."""
    member = org.staff[org.depts[0].pk][-1]
    return f.user_with_role(Role.REVIEWER, zone=org.zone, staff=member, user__username=username), member
