"""The tally (计分), a leader's calibration of a coefficient, publication and an administrator's reopening."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import Role
from devzone.core.errors import DomainError, require_text
from devzone.performance import schemes as rules
from devzone.performance import scoring
from devzone.performance.choices import AppealStatus, CoefficientMode, Grade
from devzone.performance.models import Appeal, DepartmentResult, LeaderScore, Round, ScoreCount
from devzone.performance.services.common import moved, round_for

RESULT_FIELDS = [
    "democratic",
    "leader",
    "composite",
    "rank",
    "computed_coefficient",
    "coefficient",
    "calibration_reason",
    "quota",
    "updated_at",
]


def democratic_scores(r: Round) -> dict[int, list[Decimal]]:
    """Each department's democratic scores of a closed ballot box, from the counts per score value."""
    by_dept: dict[int, list[Decimal]] = {}
    for d, s, n in ScoreCount.objects.filter(round=r).values_list("department_id", "score", "count"):
        by_dept.setdefault(d, []).extend([s] * n)
    return by_dept


def compute_results(r: Round) -> list[DepartmentResult]:
    """The round's results computed from its rows (unsaved): democratic trimmed means, leader means,
    composites, ranks, coefficients, quotas. Reads four queries; the arithmetic is in ``scoring``."""
    results = list(r.results.select_related("department"))
    by_dept = democratic_scores(r)
    leaders: dict[int, list[Decimal]] = {}
    for d, s in LeaderScore.objects.filter(round=r).values_list("department_id", "score"):
        leaders.setdefault(d, []).append(s)
    apply_scores(r.scheme, results, by_dept, leaders)
    return results


def apply_scores(scheme, results, by_dept, leaders) -> None:
    """Fill the computed fields of ``results`` (shared with the benchmark)."""
    scored = []
    for res in results:
        votes = by_dept.get(res.department_id, [])
        res.democratic = scoring.trimmed_mean(
            votes, trim_above=scheme.trim_above, trim_count=scheme.trim_count
        )
        res.leader = scoring.mean(leaders.get(res.department_id, []))
        weights = rules.weights_for(scheme, res.department_type)
        parts = {"satisfaction": res.satisfaction, "democratic": res.democratic, "leader": res.leader}
        try:
            res.composite = scoring.composite(parts, weights)
        except ValueError:
            raise DomainError(
                _("%(d)s缺少计分所需的得分（满意度、测评或领导评分）") % {"d": res.department.name}
            ) from None
        scored.append(
            scoring.Scored(
                res.department_id, res.composite, res.democratic or Decimal(0), res.leader or Decimal(0)
            )
        )
    positions = {row.key: pos for row, pos in scoring.rank(scored)}
    bands = rules.bands(scheme)
    floor = scheme.floor_coefficient
    for res in results:
        res.rank = positions[res.department_id]
        if scheme.coefficient_mode == CoefficientMode.RANK:
            coef = scoring.coefficient_by_rank(res.rank, len(results), bands, floor)
        else:
            coef = scoring.coefficient_by_score(res.composite, bands, floor)
        res.computed_coefficient = coef
        res.coefficient = coef
        res.calibration_reason = ""
        res.quota = quota_for(scheme, res.headcount, coef)


def quota_for(scheme, headcount: int, coefficient: Decimal) -> dict:
    p = rules.proportions_for(scheme, coefficient)
    need = (
        int(p.get("min_improve", 0))
        if scheme.min_improve_size and headcount >= scheme.min_improve_size
        else 0
    )
    # the seats by the largest-remainder method, and how many 待改进 the department must give (the scheme's
    # “至少待改进” where the department is large enough): the other 待改进 seats are room, not a duty
    # the small-department rule (off unless the scheme sets 小部门优秀保底): one 优秀 seat from a coefficient on
    excellent = scoring.small_department_excellent(
        headcount,
        coefficient,
        from_coefficient=scheme.small_excellent_from,
        min_size=scheme.small_excellent_min_size,
    )
    quota = scoring.grade_quota(headcount, p, min_improve=need, min_excellent=excellent)
    return {**quota.counts, "improve_min": need}


def improve_required(quota: dict) -> int:
    """How many 待改进 a department's grades must include (rounds tallied before ``improve_min`` was kept
    required their whole 待改进 seats)."""
    return int(quota.get("improve_min", quota.get("improve", 0))) if quota else 0


def tally(r: Round, actor) -> Round:
    """Leave the leader step (the caller checked it complete): compute and save every result."""
    results = compute_results(r)
    now = timezone.now()
    for res in results:
        res.updated_at = now
    DepartmentResult.objects.bulk_update(results, RESULT_FIELDS)
    return moved(r, "tally", actor=actor, note=_("%(n)s个部门") % {"n": len(results)})


def publish(r: Round, actor) -> Round:
    """Publish the quarter; every earlier published quarter still open is settled with it (结算), so at most
    one published quarter — the newest — still takes grades (docs/performance.md, "A paid quarter is closed")."""
    from devzone.performance.services.settlement import close_earlier_quarters

    close_earlier_quarters(r, actor)
    r.published_at = timezone.now()
    return moved(r, "publish", actor=actor, fields=["published_at"])


def calibration_choices(scheme) -> set[Decimal]:
    """The coefficients a leader may set: the scheme's bands and its floor."""
    return {b for _a, b in rules.bands(scheme)} | {scheme.floor_coefficient}


def decided_appeals_fit(r: Round, res: DepartmentResult, quota: dict, coef: Decimal) -> None:
    """Refuse (on ``coefficient``) a calibration of a reopened round whose quota the grades of the decided
    appeals alone would break: a decided appeal is final (``grades._check_decided_appeals``), so nobody could
    regrade the department within that quota and the quarter could never be paid. Names the appellants. The
    other grades beyond a lowered quota are the head's to regrade (``grades.grading_complete``)."""
    decided = list(
        Appeal.objects.filter(round=r, grade__department_id=res.department_id)
        .exclude(status=AppealStatus.PENDING)
        .values_list("grade__grade", "grade__staff__name")
    )
    if not decided:
        return
    seats = scoring.Quota({k: int(v) for k, v in quota.items() if k in scoring.GRADES})
    grades = [g for g, _n in decided]
    problems = [
        _("%(names)s的等次已经申诉处理（%(grade)s），以处理结果为准：部门系数%(c)s下%(grade)s最多%(seats)s人")
        % {
            "names": "、".join(n for g2, n in decided if g2 == g),
            "grade": Grade(g).label,
            "c": coef,
            "seats": seats[g],
        }
        for g in scoring.over_quota(grades, seats)
    ]
    # and the 待改进 the quota requires must still be possible among the others
    need, others = improve_required(quota), (len(res.members or []) or res.headcount) - len(decided)
    if grades.count("improve") + others < need:
        problems.append(
            _("%(names)s的等次已经申诉处理，以处理结果为准：部门系数%(c)s下须至少评定%(n)s名待改进")
            % {"names": "、".join(n for _g, n in decided), "c": coef, "n": need}
        )
    if problems:
        msg = _("不能校准为%(c)s：%(p)s") % {"c": coef, "p": "；".join(problems)}
        raise DomainError.on("coefficient", msg)


@transaction.atomic
def result_calibrate(*, actor, result: DepartmentResult, coefficient, reason: str) -> DepartmentResult:
    """A leader's adjustment of a department's coefficient before publication, with the reason on record."""
    r = round_for("calibrate", result.round, actor, Role.ZONE_LEADER, doing=_("校准部门系数"))
    reason = require_text(reason, "reason", _("校准须写明理由"))
    try:
        coef = Decimal(str(coefficient))
    except (InvalidOperation, TypeError, ValueError):
        coef = None
    if coef is not None and not coef.is_finite():
        coef = None  # NaN/Infinity are no band, and a signalling NaN cannot even be looked up in a set
    allowed = calibration_choices(r.scheme)
    if coef is None or coef not in allowed:
        choices = "、".join(str(c) for c in sorted(allowed, reverse=True))
        raise DomainError.on("coefficient", _("部门系数须为方案中的档次：%(c)s") % {"c": choices})
    res = DepartmentResult.objects.select_related("department").get(pk=result.pk, round=r)
    quota = quota_for(r.scheme, res.headcount, coef)
    decided_appeals_fit(r, res, quota, coef)
    before = res.coefficient
    res.coefficient = coef
    res.calibration_reason = reason[:300]
    res.quota = quota
    res.save()
    why = _("校准%(d)s的部门系数：%(r)s") % {"d": res.department.name, "r": res.calibration_reason}
    audit.changed(actor, res, "coefficient", str(before), str(coef), note=why, zone_id=r.zone_id)
    note = _("%(d)s：%(a)s → %(b)s") % {"d": res.department.name, "a": before, "b": coef}
    moved(r, "calibrate", actor=actor, note=note)
    return res


@transaction.atomic
def round_reopen(*, actor, round: Round, reason: str) -> Round:
    """An administrator's audited reopening of a published round (back to the tally step)."""
    r = round_for("reopen", round, actor, Role.SYSADMIN, doing=_("重新开启已公布的考核"))
    if r.pay_closed_at is not None:
        raise DomainError(_("该季度绩效工资已结算，不能重新开启；更正请登记补发/扣回"))
    reason = require_text(reason, "reason", _("重新开启须写明理由"))
    r.published_at = None
    return moved(r, "reopen", actor=actor, note=reason, fields=["published_at"])
