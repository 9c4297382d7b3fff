"""Reads of the performance module used by pages, the API, the exports and the personnel module: scoped
through ``for_user``, confidentiality decided here (who sees totals, and when)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from devzone.core import registry
from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.models import Profile, Staff, Zone
from devzone.performance import schemes, scoring
from devzone.performance.choices import AnnualGrade, AppealStatus, Grade, PoolScope, RoundStatus
from devzone.performance.models import (
    Appeal,
    DepartmentResult,
    PayAdjustment,
    PayProfile,
    Round,
    Scheme,
    StaffGrade,
)
from devzone.performance.services import democratic_scores, grading_complete
from devzone.performance.services.grades import leader_decides
from devzone.performance.services.settlement import pending_appeal_problems

MONTHS_PER_QUARTER = 3


def round_list(*, user) -> QuerySet[Round]:
    return Round.objects.for_user(user).select_related("zone", "scheme")


def scheme_list(*, user) -> QuerySet[Scheme]:
    return Scheme.objects.for_user(user).select_related("zone", "created_by")


def totals_visible(user, r: Round) -> bool:
    """Scores and composites: everyone in reach once published; before that only the tally staff, only once
    the minimum number of valid ballots is in, and never while the ballot box is open — a running mean
    refreshed after each ballot would show that ballot's scores to whoever saw who was voting."""
    if r.status == RoundStatus.PUBLISHED:
        return True
    if reach_of(user).role != Role.TALLY_STAFF or not r.voting_closed:
        return False
    return (r.ballots_cast - r.ballots_invalid) >= r.scheme.min_ballots


def coefficients_visible(user, r: Round) -> bool:
    """Proposed coefficients (not the scores behind them): the tally staff and leaders after the tally, for
    calibration; everyone once published."""
    if r.status == RoundStatus.PUBLISHED:
        return True
    return r.status == RoundStatus.TALLIED and reach_of(user).role in (Role.TALLY_STAFF, Role.ZONE_LEADER)


def results(r: Round) -> list[DepartmentResult]:
    return list(r.results.select_related("department").order_by("department__order", "department__name"))


def democratic_means(r: Round, results: list[DepartmentResult]) -> list[Decimal | None]:
    """The democratic score of each of ``results`` as the tally computes it from the opened box (None for a
    department no valid ballot scored). Never how many ballots scored a department: a ballot skips its own
    department, so that count would single out the department whose delegate cast the invalid ballot, or
    none (docs/performance.md, "No ballot count per department")."""
    by_dept = democratic_scores(r)
    s = r.scheme
    return [
        scoring.trimmed_mean(votes, trim_above=s.trim_above, trim_count=s.trim_count) if votes else None
        for votes in (by_dept.get(res.department_id, []) for res in results)
    ]


def my_grades(*, user) -> QuerySet[StaffGrade]:
    """The user's own grades (through their staff record), in published rounds."""
    profile = getattr(user, "profile", None)
    if not profile or not profile.staff_id:
        return StaffGrade.objects.none()
    return (
        StaffGrade.objects.filter(staff_id=profile.staff_id, round__status=RoundStatus.PUBLISHED)
        .select_related("round", "department")
        # each appeal with who decides it (``to_city``: 回避 leaves the zone no leader to, the city does)
        .prefetch_related(Prefetch("appeals", queryset=Appeal.objects.annotate(to_city=~leader_decides())))
        .order_by("-round__year", "-round__quarter")
    )


# who reads every department's individual grades in reach (besides each department's own head)
GRADE_READERS = (Role.ZONE_LEADER, Role.TALLY_STAFF, Role.CITY_OFFICER)  # not the administrator (access.py)


def appeal_list(*, user) -> QuerySet[Appeal]:
    """The appeals a user may read — each names the appellant, their grade and their reasons, so the same
    rule as the grades (``grades_visible_to``): leaders, tally staff and city reach the zone's; a department
    head those of the grades their department gave; nobody else (a person reads their own on the 'my' page)."""
    rr = reach_of(user)
    qs = (
        Appeal.objects.for_user(user)
        .select_related("grade__staff", "grade__department", "round__zone", "decided_by")
        # ``to_city``: no leader of the zone but the appellant (回避), so the city officer decides it
        .annotate(to_city=~leader_decides())
    )
    if rr.role == Role.DEPARTMENT_HEAD:
        return qs.filter(grade__department_id=rr.department_id)
    if rr.role in GRADE_READERS:
        return qs
    return qs.none()


def appeals_to_decide(*, user, appeals: QuerySet[Appeal] | None = None) -> QuerySet[Appeal]:
    """The pending appeals the user decides (of ``appeals``, by default ``appeal_list``): a zone leader those
    of the zone but their own (回避) that a leader decides; a city officer those of the city's zones no leader
    but the appellant could decide (``services.appeal_refusal``, the same rule row by row); nobody else."""
    rr = reach_of(user)
    qs = (appeals if appeals is not None else appeal_list(user=user)).filter(status=AppealStatus.PENDING)
    if rr.role == Role.ZONE_LEADER:
        qs = qs.filter(round__zone_id=rr.zone_id, to_city=False)
        return qs.exclude(grade__staff_id=rr.staff_id) if rr.staff_id else qs
    if rr.role == Role.CITY_OFFICER and rr.city_id:
        return qs.filter(round__zone__city_id=rr.city_id, to_city=True)
    return qs.none()


def grades_visible_to(user, r: Round) -> QuerySet[StaffGrade]:
    """Grades a user may read: leaders, tally staff and city reach see the zone's; a department head their
    department's; other users none here (their own on the 'my' page)."""
    rr = reach_of(user)
    qs = (
        StaffGrade.objects.for_user(user).filter(round=r).select_related("staff", "staff__post", "department")
    )
    if rr.role == Role.DEPARTMENT_HEAD:
        return qs.filter(department_id=rr.department_id)
    if rr.role in GRADE_READERS:
        return qs
    return qs.none()


def counted_in(r: Round, staff_id: int) -> bool:
    """Whether the round counted the person (graded and paid by one of its departments)."""
    return any(staff_id in members for members in r.results.values_list("members", flat=True))


def heads_ungraded(r: Round) -> dict[int, int]:
    """{department id: heads still ungraded}: the staff records of the departments' heads the round counted,
    which the zone leader grades (回避, ``services.head_staff_ids``) — for the leader's round page."""
    counted = {
        sid: res.department_id for res in r.results.only("department_id", "members") for sid in res.members
    }
    graded = set(r.grades.values_list("staff_id", flat=True))
    heads = Profile.objects.filter(
        zone_id=r.zone_id, role=Role.DEPARTMENT_HEAD, user__is_active=True, staff__isnull=False
    ).values_list("staff_id", "staff__department_id")
    out: dict[int, int] = {}
    for sid, dept in heads:
        if sid not in graded and counted.get(sid) == dept:
            out[dept] = out.get(dept, 0) + 1
    return out


def can_see_pay(user) -> bool:
    return reach_of(user).role in (Role.ZONE_LEADER, Role.TALLY_STAFF, Role.CITY_OFFICER)


# --- pay ---------------------------------------------------------------------------------------------------
@dataclass
class PayRow:
    staff: Staff
    department_name: str
    post_name: str
    grade: str
    grade_label: str
    post_coefficient: Decimal
    department_coefficient: Decimal
    grade_factor: Decimal
    monthly_fen: int
    line: scoring.PayLine
    pool_key: object
    # amounts other modules add for the quarter (personnel's 特岗特薪), each with its decision's reference;
    # they are paid beside the performance pay and never enter its pool
    extras: list = field(default_factory=list)

    @property
    def extra_fen(self) -> int:
        return sum(x.fen for x in self.extras)

    @property
    def extra_refs(self) -> str:
        return "；".join(x.reference for x in self.extras if x.reference)

    @property
    def total_fen(self) -> int:
        """What the person is paid for the quarter: the performance pay line and the extras."""
        return self.line.total_fen + self.extra_fen


@dataclass
class PaySheet:
    round: Round
    rows: list[PayRow]
    problems: list[str]
    pools: dict
    guaranteed_percent: Decimal
    pool_scope: str
    zone_pool: object = None  # core.registry.ZonePool when the city's assessment set the pool

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def total_fen(self) -> int:
        return sum(r.total_fen for r in self.rows)

    @property
    def extra_fen(self) -> int:
        return sum(r.extra_fen for r in self.rows)

    @property
    def has_extras(self) -> bool:
        return any(r.extras for r in self.rows)

    @property
    def pool_fen(self) -> int:
        return sum(self.pools.values())

    def spread(self) -> dict:
        return scoring.spread([r.line.total_fen for r in self.rows])

    def equal_spread(self) -> dict:
        return scoring.spread([r.line.standard_fen for r in self.rows])


def pay_sheet(r: Round, *, staff_ids: set[int] | None = None, results=None) -> PaySheet:
    """The quarter's pay of every graded staff member of the round: guaranteed share of three months'
    standard pay, and the performance pool (the withheld rest, per zone or per department) shared by post
    coefficient × department coefficient × grade factor, to the fen. Problems (ungraded staff, pending
    appeals, missing pay profiles, an unpublished round) are listed — what keeps the quarter from 结算; the rows show what can be computed."""
    scheme = r.scheme
    factors = schemes.factors(scheme)
    res_by_dept = {x.department_id: x for x in (results or r.results.select_related("department"))}
    grades = list(
        StaffGrade.objects.filter(round=r).select_related("staff", "staff__post", "staff__pay_profile")
    )
    problems = _grading_problems(r, res_by_dept, grades)
    # the appeals still pending keep it from 结算 too: settlement's own list (``settlement_problems`` is this
    # sheet's problems), so the page, the export and 结算 never disagree; a settled quarter has none (one query)
    if r.pay_closed_at is None:
        problems += pending_appeal_problems(r)
    inputs, graded = _pay_inputs(r, grades, res_by_dept, factors, problems)
    zone_pool, total_pool_fen = _pool_of(r)
    try:
        result = scoring.compute_pay(inputs, scheme.guaranteed_percent, total_pool_fen=total_pool_fen)
    except ValueError:  # the city's pool and nobody to share it: told, and the sheet cannot be paid
        if inputs:
            raise
        problems.append(
            _("市级考核确定的绩效奖金池%(p)s元没有可分配的人员（尚无评定等次且有薪酬档案的人员）")
            % {"p": f"{total_pool_fen // 100:,}.{total_pool_fen % 100:02d}"}
        )
        result = scoring.compute_pay(inputs, scheme.guaranteed_percent)
    rows = _pay_rows(r, result.lines, graded, factors, staff_ids)
    # by the department that graded them (a person may have moved on since)
    dept_of = {g.staff_id: g.department_id for g in grades}
    rows.sort(key=lambda x: (res_by_dept[dept_of[x.staff.pk]].department.order, x.staff.employee_no))
    pools = _pools_shown(scheme.pool_scope, result.pools, res_by_dept)
    return PaySheet(r, rows, problems, pools, scheme.guaranteed_percent, scheme.pool_scope, zone_pool)


def _pool_of(r: Round) -> tuple[registry.ZonePool | None, int | None]:
    """The zone's pool for the quarter and the total to share (None: the withheld parts of its own staff).
    A settled quarter keeps the pool it was paid from (frozen at 结算, ``settlement._close``): a pool the city
    publishes or changes later does not move it. An open quarter reads the city's assessment (planning,
    through the core registry), else the withheld parts."""
    if r.pay_closed_at is not None and r.pay_pool_fen is not None:
        if r.pay_pool_reference:
            return registry.ZonePool(fen=r.pay_pool_fen, reference=r.pay_pool_reference), r.pay_pool_fen
        # the withheld parts as they were paid (the same shares: the inputs are frozen on the grades too)
        return None, r.pay_pool_fen
    zone_pool = registry.zone_pool_for(zone_id=r.zone_id, year=r.year, quarter=r.quarter)
    return zone_pool, zone_pool.fen if zone_pool else None


class _Graded(NamedTuple):
    """A graded staff member's pay inputs, kept beside the computation to build the sheet's row."""

    grade: StaffGrade
    result: DepartmentResult  # the department's result (its coefficient)
    post_coefficient: Decimal
    monthly_fen: int
    pool: object


def _grading_problems(r: Round, res_by_dept: dict, grades: list[StaffGrade]) -> list[str]:
    """What keeps the sheet from being final: an unpublished round, departments not completely graded."""
    problems: list[str] = []
    if r.status != RoundStatus.PUBLISHED:
        problems.append(_("部门系数尚未公布"))
    by_dept: dict[int, dict[int, str]] = {}
    for g in grades:
        by_dept.setdefault(g.department_id, {})[g.staff_id] = g.grade
    for dept_id, res in res_by_dept.items():
        problems += grading_complete(res, by_dept.get(dept_id, {}))
    return problems


def _post_coefficient(g: StaffGrade) -> Decimal:
    """The post coefficient frozen when the head graded; the post's current one for older grades (1.00
    without a post)."""
    if g.post_coefficient is not None:
        return g.post_coefficient
    return g.staff.post.value_coefficient if g.staff.post_id else Decimal("1.00")


def _pay_inputs(
    r: Round, grades: list[StaffGrade], res_by_dept: dict, factors: dict, problems: list[str]
) -> tuple[list[scoring.PayInput], dict[str, _Graded]]:
    """The computation's input per graded staff member whose department has a coefficient, keyed by employee
    number; a person without standard pay is added to ``problems`` and left out."""
    scheme = r.scheme
    inputs, graded = [], {}
    for g in grades:
        res = res_by_dept.get(g.department_id)
        profile = getattr(g.staff, "pay_profile", None)
        if res is None or res.coefficient is None:
            continue
        # the inputs frozen when the head graded; the current ones for grades saved before that was kept
        monthly = g.monthly_standard_fen or (profile.monthly_standard_fen if profile else None)
        if monthly is None:
            problems.append(_("%(n)s没有薪酬档案") % {"n": g.staff.name})
            continue
        post_coef = _post_coefficient(g)
        key = g.staff.employee_no
        pool = r.zone_id if scheme.pool_scope == PoolScope.ZONE else g.department_id
        inputs.append(
            scoring.PayInput(
                key=key,
                pool=pool,
                standard_fen=monthly * MONTHS_PER_QUARTER,
                post_coefficient=post_coef,
                department_coefficient=res.coefficient,
                grade_factor=factors[g.grade],
            )
        )
        graded[key] = _Graded(g, res, post_coef, monthly, pool)
    return inputs, graded


def _pay_rows(
    r: Round, lines: dict, graded: dict[str, _Graded], factors: dict, staff_ids: set[int] | None
) -> list[PayRow]:
    """The sheet's rows (only ``staff_ids`` when given) from the computed pay lines, with the amounts other
    modules add for the quarter."""
    wanted = {x.grade.staff_id for x in graded.values()}
    if staff_ids is not None:
        wanted &= set(staff_ids)
    # a settled quarter shows the amounts it was paid with; an open one (or one settled before they were kept)
    # asks the modules now
    settled = r.pay_closed_at is not None
    live = not settled or any(x.grade.paid_extras is None for x in graded.values())
    extras = (
        registry.pay_extras(zone_id=r.zone_id, year=r.year, quarter=r.quarter, staff_ids=wanted)
        if live
        else {}
    )
    rows = []
    for key, line in lines.items():
        g, res, post_coef, monthly, pool = graded[key]
        if staff_ids is not None and g.staff_id not in staff_ids:
            continue
        rows.append(
            PayRow(
                staff=g.staff,
                department_name=res.department.name,
                post_name=g.staff.post.name if g.staff.post_id else "",
                grade=g.grade,
                grade_label=str(Grade(g.grade).label),
                post_coefficient=post_coef,
                department_coefficient=res.coefficient,
                grade_factor=factors[g.grade],
                monthly_fen=monthly,
                line=line,
                pool_key=pool,
                extras=_paid_extras(g)
                if settled and g.paid_extras is not None
                else extras.get(g.staff_id, []),
            )
        )
    return rows


def _paid_extras(grade) -> list:
    """The extras a settled quarter was paid with (``StaffGrade.paid_extras``)."""
    return [registry.PayExtra(**x) for x in grade.paid_extras]


def _pools_shown(pool_scope: str, pools: dict, res_by_dept: dict) -> dict:
    """The computed pools as the sheet names them: per department, or the zone's one (全区)."""
    if pool_scope == PoolScope.DEPARTMENT:
        return {res_by_dept[k].department.name: v for k, v in pools.items()}
    return {_("全区"): sum(pools.values())} if pools else {}


# --- the year ----------------------------------------------------------------------------------------------
@dataclass
class AnnualRow:
    staff_id: int
    employee_no: str
    name: str
    department: str
    quarters: dict[int, str]
    result: scoring.Annual

    @property
    def grade_label(self) -> str:
        return str(AnnualGrade(self.result.grade).label)

    @property
    def quarter_labels(self) -> list[str]:
        return [self.quarter_label(q) for q in (1, 2, 3, 4)]

    def quarter_label(self, q: int) -> str:
        g = self.quarters.get(q)
        return str(Grade(g).label) if g else "—"


def annual_results(zone: Zone, year: int) -> list[AnnualRow]:
    """The year's result of every staff member graded in the zone's published rounds of ``year``: the four
    quarters' grades, the annual grade, and the flags the personnel module acts on (``result.flagged_streak``:
    consecutive 待改进 quarters, a run from the previous year's last quarters into this one's counted;
    ``result.flagged_incompetent``: 不称职). Only published rounds count."""
    rounds = {r.pk: r for r in _published(zone).filter(year=year).select_related("scheme")}
    streak = _streak_of(rounds.values())
    quarters: dict[int, dict[int, str]] = {}
    people: dict[int, StaffGrade] = {}
    for g in (
        StaffGrade.objects.filter(round_id__in=rounds)
        .select_related("staff", "department")
        .order_by("staff__employee_no")
    ):
        quarters.setdefault(g.staff_id, {})[rounds[g.round_id].quarter] = g.grade
        people[g.staff_id] = g
    before = _quarters_before(zone, year, streak - 1) if quarters else {}
    rows = [
        AnnualRow(
            staff_id=sid,
            employee_no=people[sid].staff.employee_no,
            name=people[sid].staff.name,
            department=people[sid].department.name,
            quarters=q,
            result=scoring.annual_result(q, streak=streak, before=before.get(sid, ())),
        )
        for sid, q in quarters.items()
    ]
    rows.sort(key=lambda x: x.employee_no)
    return rows


def annual_streak(zone: Zone, year: int) -> int:
    """How many consecutive 待改进 quarters are flagged in ``year`` (the schemes of its published rounds; the
    scheme's default before any): also the graded quarters the annual mean rule needs (``annual_result``)."""
    return _streak_of(_published(zone).filter(year=year).select_related("scheme"))


def _published(zone: Zone) -> QuerySet[Round]:
    return Round.objects.filter(zone=zone, status=RoundStatus.PUBLISHED)


def _streak_of(rounds) -> int:
    default = Scheme._meta.get_field("improve_streak").default
    return max((r.scheme.improve_streak for r in rounds), default=default)


def _quarters_before(zone: Zone, year: int, count: int) -> dict[int, list[str | None]]:
    """Per staff member graded in them, the grades of the ``count`` quarters just before ``year``'s first
    (oldest first; None where the quarter was not published or the person not graded) — the quarters a 待改进
    run may come from into the year. Nothing is read before the zone's first published round."""
    if count <= 0:
        return {}
    first = year * 4 - count  # a quarter's place: year * 4 + quarter - 1
    places = {
        pk: y * 4 + q - 1
        for pk, y, q in _published(zone)
        .filter(year__gte=first // 4, year__lt=year)
        .values_list("pk", "year", "quarter")
        if y * 4 + q - 1 >= first
    }
    if not places:
        return {}
    start = min(places.values())
    out: dict[int, list[str | None]] = {}
    for sid, rid, grade in StaffGrade.objects.filter(round_id__in=list(places)).values_list(
        "staff_id", "round_id", "grade"
    ):
        out.setdefault(sid, [None] * (year * 4 - start))[places[rid] - start] = grade
    return out


def pay_profiles(*, user) -> QuerySet[PayProfile]:
    return PayProfile.objects.for_user(user).select_related("staff", "staff__department", "staff__post")


def pay_staff(*, user) -> QuerySet[Staff]:
    """The active staff in reach with their pay profile (the pay-profile page and API list)."""
    return (
        Staff.objects.for_user(user)
        .filter(is_active=True)
        .select_related("department", "post", "pay_profile")
        .order_by("employee_no")
    )


def adjustments(*, user, round: Round | None = None) -> QuerySet[PayAdjustment]:
    """The 补发/扣回 in reach (of one round when given), in payroll order."""
    qs = PayAdjustment.objects.for_user(user).select_related(
        "staff", "staff__department", "created_by__profile"
    )
    if round is not None:
        qs = qs.filter(round=round)
    return qs.order_by("payroll_month", "created_at", "id")


def adjustments_of(r: Round, staff_id: int) -> QuerySet[PayAdjustment]:
    """One person's 补发/扣回 of a round, for their own pay page (the caller checked the person may see it:
    themselves or a pay reader)."""
    return r.adjustments.filter(staff_id=staff_id).order_by("payroll_month", "created_at", "id")
