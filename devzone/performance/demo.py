"""The performance part of the demo (order 40): 济北's pay profiles, the default scheme, 2026 Q1 and Q2 published
with grades, and 2026 Q3 — assessed now, at the start of Q4 — open at the voting step with part of the ballots
in. The unused codes of the open round go to a file (var/demo_ballot_codes.txt, readable by the owner only) so a
person can try voting; the database keeps only their digests.

Everything goes through the services (as the tally staff, the leader, the department heads; the leader grades
the head), except the grades of departments whose heads have no demo account: those are written within the
quota directly. Q1's pay
is closed (结算) with one 补发 paid in June."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from devzone.core import registry
from devzone.core.actors import system_actor
from devzone.core.choices import Rank
from devzone.core.models import Staff
from devzone.performance import services as svc
from devzone.performance.models import PayProfile, Round, StaffGrade

# 标准月薪 (yuan) by rank: the former full salary the 80 % guarantee is cut from (plausible levels for a
# provincial zone; the reports give none).
PAY_BY_RANK = {
    Rank.DIVISION: 13800,
    Rank.SECTION_CHIEF: 10200,
    Rank.DEPUTY_SECTION: 8600,
    Rank.STAFF: 6400,
}


def blank_pdf() -> bytes:
    """A one-page blank PDF (a work report that opens, as the upload check requires)."""
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue()


CODES_FILE = "demo_ballot_codes.txt"


@registry.demo(40, "performance")
def load(*, city, zones, zone, rng) -> None:
    User = get_user_model()
    tally = User.objects.get(username="tally")
    leader = User.objects.get(username="leader")
    depthead = User.objects.get(username="depthead")
    staff = list(Staff.objects.filter(zone=zone, is_active=True).select_related("post", "department"))
    PayProfile.objects.bulk_create(
        [
            PayProfile(
                zone=zone,
                staff=s,
                monthly_standard_fen=(PAY_BY_RANK[s.rank] + rng.randint(-6, 12) * 100) * 100,
            )
            for s in staff
        ]
    )
    svc.ensure_scheme(zone, actor=system_actor())
    for quarter in (1, 2):
        r = _round(zone, tally, leader, depthead, rng, 2026, quarter, until_published=True)
        _grades(r, depthead, leader, rng)
        if quarter == 1:
            _close_and_correct(r, tally)
    r = _round(zone, tally, leader, depthead, rng, 2026, 3, until_published=False)


def _close_and_correct(r, tally) -> None:
    """Q1's pay closed at the end of April; a 补发 found later, paid with June's salary."""
    svc.round_close_pay(actor=tally, round=r)
    closed = timezone.make_aware(dt.datetime(2026, 4, 30, 17, 0))
    Round.objects.filter(pk=r.pk).update(pay_closed_at=closed)
    r.refresh_from_db()
    first = r.grades.select_related("staff").order_by("staff__employee_no").first()
    svc.adjustment_create(
        actor=tally,
        round=r,
        staff=first.staff_id,
        kind="supplement",
        amount_yuan="350.00",
        reason="一季度岗位价值系数录入有误，补发差额",
        payroll_month="2026-06",
    )


def _round(zone, tally, leader, depthead, rng, year, quarter, *, until_published: bool):
    r = svc.round_open(actor=tally, zone=zone, year=year, quarter=quarter)
    results = list(r.results.select_related("department"))
    # the current quarter's satisfaction comes from 企业服务's survey and 好差评 (where it has figures);
    # the earlier quarters were assessed on paper questionnaires, before that module was in use
    pulled = set()
    if not until_published and svc.survey_satisfaction(zone, year, quarter):
        svc.satisfaction_pull(actor=tally, round=r)
        pulled = set(r.results.exclude(satisfaction=None).values_list("department_id", flat=True))
    for res in results:
        if res.department_type == "service" and res.department_id not in pulled:
            value = Decimal(rng.randint(8600, 9700)) / 100
            svc.satisfaction_enter(
                actor=tally, round=r, department_id=res.department_id, value=f"{value:.2f}"
            )
    svc.round_advance(actor=tally, round=r)
    for res in results:
        svc.report_upload(
            actor=tally,
            round=r,
            department_id=res.department_id,
            name=f"{res.department.name}述职报告.pdf",
            data=blank_pdf(),
        )
    svc.round_advance(actor=tally, round=r)
    for res in results:
        members = Staff.objects.filter(zone=zone, department_id=res.department_id, is_active=True).order_by(
            "employee_no"
        )
        eligible = [s for s in members if svc.RANK_ORDER[s.rank] >= svc.RANK_ORDER[Rank.DEPUTY_SECTION]]
        for s in eligible[: r.scheme.delegates_per_department]:
            svc.delegate_nominate(actor=tally, round=r, staff=s)
    codes = svc.codes_generate(actor=tally, round=r)
    svc.round_advance(actor=tally, round=r)
    by_name = {res.department.name: res.department for res in results}
    # each department has a standing that the delegates roughly agree on, plus their own noise
    standing = {res.department_id: rng.randint(80, 95) for res in results}
    cast = codes if until_published else codes[: len(codes) * 2 // 3]
    for dept_name, code in cast:
        own = by_name[dept_name]
        ballot = {d: max(60, min(100, standing[d] + rng.randint(-5, 5))) for d in standing if d != own.pk}
        svc.ballot_cast(code=code, scores=ballot)
    if not until_published:
        _write_codes(zone, r, codes[len(cast) :])
        return r
    svc.leader_scores_set(
        actor=leader,
        round=r,
        scores={d: max(60, min(100, s + rng.randint(-3, 4))) for d, s in standing.items()},
    )
    svc.round_advance(actor=tally, round=r)  # close the ballot box
    svc.round_advance(actor=tally, round=r)  # tally
    svc.round_advance(actor=tally, round=r)  # publish
    # published three weeks into the next quarter, as a round that opens at the quarter's start would be
    next_start = dt.date(year + quarter // 4, quarter % 4 * 3 + 1, 1)
    published = timezone.make_aware(dt.datetime.combine(next_start + dt.timedelta(days=20), dt.time(16, 30)))
    Round.objects.filter(pk=r.pk).update(published_at=published)
    r.refresh_from_db()
    return r


def _grades(r, depthead, leader, rng) -> None:
    """Grades within each department's quota: 综合服务部 through the service, by its head except the head's own
    grade, which the leader gives (回避); the others directly."""
    head_dept = depthead.profile.staff.department_id if depthead.profile.staff_id else None
    rows = []
    for res in r.results.select_related("department"):
        members = list(
            Staff.objects.filter(zone=r.zone, pk__in=res.members)
            .select_related("post", "pay_profile")
            .order_by("employee_no")
        )
        rng.shuffle(members)
        by_pk = {m.pk: m for m in members}
        q = res.quota
        improve = svc.improve_required(q) + (1 if q["improve"] and rng.random() < 0.3 else 0)
        seq = ["excellent"] * q["excellent"] + ["good"] * q["good"] + ["improve"] * improve
        seq += ["pass"] * (len(members) - len(seq))
        grades = dict(zip([m.pk for m in members], seq, strict=False))
        if res.department_id == head_dept:
            # 回避: the head grades the others, the leader grades the head
            own = depthead.profile.staff_id
            others = {sid: g for sid, g in grades.items() if sid != own}
            svc.grades_set(actor=depthead, round=r, department_id=res.department_id, grades=others)
            if own in grades:
                svc.grades_set(
                    actor=leader, round=r, department_id=res.department_id, grades={own: grades[own]}
                )
        else:
            heads = svc.head_staff_ids(r.zone_id, res.department_id)  # their grade is the leader's
            rows += [
                StaffGrade(
                    round=r,
                    staff_id=sid,
                    department_id=res.department_id,
                    grade=g,
                    graded_by=leader if sid in heads else depthead,
                    **svc.pay_inputs(by_pk[sid]),
                )
                for sid, g in grades.items()
            ]
    StaffGrade.objects.bulk_create(rows)


def _write_codes(zone, r, pairs) -> None:
    path = settings.VAR_DIR / CODES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{zone.name} {r} 民主测评：尚未使用的测评码（每码一次；投票页 /performance/vote/）", ""]
    lines += [f"{dept}\t{svc.format_code(code)}" for dept, code in pairs]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"绩效考核：{len(pairs)} 个未使用的测评码已写入 {path}（仅本文件保存明文）")  # noqa: T201
