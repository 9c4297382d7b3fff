"""Every write of the performance module: one transaction each, the actor checked first, the step checked,
the audit event in the same transaction, a DomainError with a Chinese message on bad input.

Confidentiality: ``ballot_cast`` has no actor, writes no audit entry and no log line; it marks the code used and
stores the scores (one unlinked row per department, in random order) in one transaction. Closing the voting
rewrites the round's score rows in a fresh random order, so not even the database's physical order keeps the
order of casting."""

from __future__ import annotations

import hashlib
import random
import re
import secrets
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Rank, Role
from devzone.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from devzone.core.models import Department, Staff, Zone
from devzone.performance import schemes, scoring
from devzone.performance.choices import (
    STEP_ORDER,
    AppealStatus,
    CoefficientMode,
    DepartmentType,
    Grade,
    RoundStatus,
    SatisfactionSource,
)
from devzone.performance.files import check_report
from devzone.performance.models import (
    Appeal,
    BallotCode,
    BallotScore,
    Delegate,
    DepartmentResult,
    LeaderScore,
    PayProfile,
    Round,
    Scheme,
    StaffGrade,
    WorkReport,
)

RANK_ORDER = {Rank.DIVISION: 4, Rank.SECTION_CHIEF: 3, Rank.DEPUTY_SECTION: 2, Rank.STAFF: 1}
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off a paper slip
CODE_LENGTH = 10
_sysrand = random.SystemRandom()


# --- helpers ---------------------------------------------------------------------------------------------
def require_role(actor, *roles: str, doing: str) -> None:
    if reach_of(actor).role not in roles:
        raise PermissionDeniedError(_("您的角色不能%(doing)s") % {"doing": doing})


def lock_round(round_: Round, actor, expected_version: int | None = None) -> Round:
    """The round, locked, in the actor's zone; refuses a stale version."""
    row = Round.objects.for_user(actor, "view").select_for_update().filter(pk=round_.pk).first()
    if row is None:
        raise NotFoundError(_("考核轮次不存在"))
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(_("该考核轮次刚被他人处理过，请刷新后查看最新状态"))
    return row


def require_step(r: Round, *steps: str, doing: str) -> None:
    if r.status not in steps:
        raise DomainError(
            _("考核当前处于“%(s)s”环节，不能%(doing)s") % {"s": r.get_status_display(), "doing": doing}
        )


def not_published(r: Round) -> None:
    if r.status == RoundStatus.PUBLISHED:
        raise DomainError(_("考核结果已公布，不能再修改；更正须由系统管理员重新开启"))


def _bump(r: Round, actor, note: str, changes: dict | None = None) -> Round:
    r.version += 1
    r.save()
    audit.record(actor=actor, action=AuditAction.TRANSITION, obj=r, changes=changes or {}, note=note[:300])
    return r


def parse_score(value, field: str = "score") -> Decimal:
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("分数须为0–100之间的数字"), {field: [_("分数须为0–100之间的数字")]}) from None
    if not d.is_finite() or d < 0 or d > 100:
        raise DomainError(_("分数须在0–100之间"), {field: [_("分数须在0–100之间")]})
    if d != d.quantize(Decimal("0.01")):
        raise DomainError(_("分数最多两位小数"), {field: [_("分数最多两位小数")]})
    return d


def digest(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


# --- schemes ---------------------------------------------------------------------------------------------
def current_scheme(zone: Zone) -> Scheme | None:
    return Scheme.objects.filter(zone=zone).order_by("-version").first()


SCHEME_FIELDS = (
    "weights",
    "coefficient_mode",
    "bands",
    "floor_coefficient",
    "proportions",
    "min_improve_size",
    "grade_factors",
    "guaranteed_percent",
    "pool_scope",
    "delegates_per_department",
    "delegate_min_rank",
    "min_ballots",
    "trim_above",
    "trim_count",
    "reject_uniform",
    "improve_streak",
)


@transaction.atomic
def scheme_create(*, actor, zone: Zone, note: str = "", **fields) -> Scheme:
    """A new version of the zone's scheme (the defaults, overridden by ``fields``). Earlier versions stay
    as they are: rounds keep the version they opened with."""
    require_role(actor, Role.ZONE_LEADER, Role.SYSADMIN, doing=_("修订考核方案"))
    if not Zone.objects.for_user(actor).filter(pk=zone.pk).exists():
        raise NotFoundError(_("开发区不存在"))
    unknown = set(fields) - set(SCHEME_FIELDS)
    if unknown:
        raise DomainError(_("未知的方案参数：%(f)s") % {"f": "、".join(sorted(unknown))})
    Zone.objects.select_for_update().filter(pk=zone.pk).first()
    last = current_scheme(zone)
    scheme = Scheme(zone=zone, version=(last.version + 1) if last else 1, note=note, created_by=actor)
    if last is not None:
        for name in SCHEME_FIELDS:
            setattr(scheme, name, getattr(last, name))
    for name, value in fields.items():
        setattr(scheme, name, value)
    errors = schemes.validate_scheme(scheme)
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    try:
        scheme.full_clean()
    except Exception as exc:  # ValidationError of a field (a rank code, a percentage …)
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise DomainError.from_validation(exc) from None
        raise
    scheme.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=scheme, note=note or str(scheme))
    return scheme


def ensure_scheme(zone: Zone, actor=None) -> Scheme:
    """The zone's current scheme; the default version 1 when it has none yet."""
    scheme = current_scheme(zone)
    if scheme is None:
        scheme = Scheme.objects.create(zone=zone, version=1, note=_("默认方案"), created_by=actor)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=scheme, note=_("默认方案"))
    return scheme


# --- rounds ----------------------------------------------------------------------------------------------
def department_type(dept: Department) -> str:
    return DepartmentType.SERVICE if dept.kind == "service" else DepartmentType.OTHER


@transaction.atomic
def round_open(*, actor, zone: Zone, year: int, quarter: int) -> Round:
    """Open the assessment of ``year``/``quarter`` for the zone with its current scheme version."""
    require_role(actor, Role.TALLY_STAFF, doing=_("开启考核"))
    if not Zone.objects.for_user(actor).filter(pk=zone.pk).exists():
        raise NotFoundError(_("开发区不存在"))
    errors = {}
    if not (isinstance(quarter, int) and 1 <= quarter <= 4):
        errors["quarter"] = [_("季度须为1–4")]
    if not (isinstance(year, int) and 2000 <= year <= 2100):
        errors["year"] = [_("年度无效")]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    if Round.objects.filter(zone=zone, year=year, quarter=quarter).exists():
        raise DomainError(
            _("%(y)s年第%(q)s季度的考核已开启") % {"y": year, "q": quarter},
            {"quarter": [_("该季度已有考核")]},
        )
    scheme = ensure_scheme(zone, actor)
    r = Round.objects.create(zone=zone, year=year, quarter=quarter, scheme=scheme)
    depts = list(Department.objects.filter(zone=zone, abolished_on__isnull=True))
    if len(depts) < 2:
        raise DomainError(_("至少需要两个部门才能开展民主测评"))
    sizes = dict(
        Staff.objects.filter(zone=zone, is_active=True)
        .values("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
    )
    DepartmentResult.objects.bulk_create(
        [
            DepartmentResult(
                round=r, department=d, department_type=department_type(d), headcount=sizes.get(d.pk, 0)
            )
            for d in depts
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=r,
        note=_("开启考核，方案第%(v)s版") % {"v": scheme.version},
    )
    return r


def _check_can_leave(r: Round) -> None:
    scheme = r.scheme
    results = list(r.results.select_related("department"))
    if r.status == RoundStatus.SATISFACTION:
        w = schemes.weights_for(scheme, DepartmentType.SERVICE)
        missing = [
            x.department.name
            for x in results
            if x.department_type == "service" and w["satisfaction"] and x.satisfaction is None
        ]
        if missing:
            raise DomainError(_("以下服务部门尚无企业满意度：%(d)s") % {"d": "、".join(missing)})
    elif r.status == RoundStatus.REPORTS:
        have = set(r.reports.values_list("department_id", flat=True))
        missing = [x.department.name for x in results if x.department_id not in have]
        if missing:
            raise DomainError(_("以下部门尚未上传述职报告：%(d)s") % {"d": "、".join(missing)})
    elif r.status == RoundStatus.NOMINATION:
        counts = dict(
            r.delegates.values("department_id").annotate(n=Count("id")).values_list("department_id", "n")
        )
        short = [
            x.department.name
            for x in results
            if counts.get(x.department_id, 0) < scheme.delegates_per_department
        ]
        if short:
            raise DomainError(
                _("以下部门的测评代表不足%(n)s名：%(d)s")
                % {"n": scheme.delegates_per_department, "d": "、".join(short)}
            )
        if not r.codes_issued:
            raise DomainError(_("请先生成测评码并打印选票"))
    elif r.status == RoundStatus.VOTING:
        valid = r.ballots_cast - r.ballots_invalid
        if valid < scheme.min_ballots:
            raise DomainError(
                _("有效票%(v)s张，少于方案规定的最少%(m)s张，不能截止测评")
                % {"v": valid, "m": scheme.min_ballots}
            )
    elif r.status == RoundStatus.LEADER:
        scored = set(r.leader_scores.values_list("department_id", flat=True))
        missing = [x.department.name for x in results if x.department_id not in scored]
        if missing:
            raise DomainError(_("以下部门尚无领导评分：%(d)s") % {"d": "、".join(missing)})


@transaction.atomic
def round_advance(*, actor, round: Round, expected_version: int | None = None) -> Round:
    """Move the round to its next step (the tally staff drive the steps). Leaving the voting step closes
    the ballot box; leaving the leader step tallies; leaving the tally publishes."""
    require_role(actor, Role.TALLY_STAFF, doing=_("推进考核环节"))
    r = lock_round(round, actor, expected_version)
    not_published(r)
    if r.status == RoundStatus.LEADER:
        return _tally(r, actor)
    if r.status == RoundStatus.TALLIED:
        return _publish(r, actor)
    _check_can_leave(r)
    before = r.status
    r.status = STEP_ORDER[STEP_ORDER.index(r.status) + 1]
    note = _("进入“%(s)s”环节") % {"s": r.get_status_display()}
    if before == RoundStatus.VOTING:
        _close_voting(r)
        note = _("测评截止：收回%(n)s张，其中无效%(i)s张") % {"n": r.ballots_cast, "i": r.ballots_invalid}
    return _bump(r, actor, note, {"status": [before, r.status]})


def _close_voting(r: Round) -> None:
    """Close the ballot box: unused codes are void, and the score rows are rewritten in a random order."""
    r.voting_closed = True
    rows = list(BallotScore.objects.filter(round=r).values_list("department_id", "score"))
    _sysrand.shuffle(rows)
    BallotScore.objects.filter(round=r).delete()
    BallotScore.objects.bulk_create(
        [BallotScore(round=r, department_id=d, score=s) for d, s in rows], batch_size=1000
    )
    BallotCode.objects.filter(round=r, used=False).delete()


# --- satisfaction, reports, delegates --------------------------------------------------------------------
def survey_satisfaction(zone: Zone, year: int, quarter: int) -> dict[int, Decimal] | None:
    """The services module's satisfaction per department (survey and 好差评), or None when that module does
    not offer it."""
    try:
        from devzone.services.selectors import department_satisfaction
    except ImportError:
        return None
    return department_satisfaction(zone=zone, year=year, quarter=quarter)


@transaction.atomic
def satisfaction_pull(*, actor, round: Round) -> int:
    """Fill the service departments' satisfaction from the services module; returns how many were filled."""
    require_role(actor, Role.TALLY_STAFF, doing=_("汇总企业满意度"))
    r = lock_round(round, actor)
    require_step(r, RoundStatus.SATISFACTION, doing=_("汇总企业满意度"))
    values = survey_satisfaction(r.zone, r.year, r.quarter)
    if values is None:
        raise DomainError(_("企业服务模块尚未提供满意度数据，请录入纸质问卷结果"))
    if not values:
        raise DomainError(
            _("%(y)s年第%(q)s季度没有满意度调查或好差评数据，请录入纸质问卷结果")
            % {"y": r.year, "q": r.quarter}
        )
    n = 0
    for res in r.results.filter(department_type=DepartmentType.SERVICE):
        if res.department_id in values:
            res.satisfaction = scoring.q2(values[res.department_id])
            res.satisfaction_source = SatisfactionSource.SURVEY
            res.save(update_fields=["satisfaction", "satisfaction_source", "updated_at"])
            n += 1
    _bump(r, actor, _("从满意度调查与好差评汇总%(n)s个部门的企业满意度") % {"n": n})
    return n


@transaction.atomic
def satisfaction_enter(*, actor, round: Round, department_id: int, value) -> DepartmentResult:
    """Enter a service department's satisfaction from paper questionnaires."""
    require_role(actor, Role.TALLY_STAFF, doing=_("录入企业满意度"))
    r = lock_round(round, actor)
    require_step(r, RoundStatus.SATISFACTION, doing=_("录入企业满意度"))
    score = parse_score(value, "value")
    res = r.results.filter(department_id=department_id).select_related("department").first()
    if res is None:
        raise NotFoundError(_("部门不在本轮考核中"))
    if res.department_type != DepartmentType.SERVICE:
        raise DomainError(_("只有服务部门参加企业满意度测评"), {"department": [_("该部门不是服务部门")]})
    before = res.satisfaction
    res.satisfaction, res.satisfaction_source = score, SatisfactionSource.PAPER
    res.save(update_fields=["satisfaction", "satisfaction_source", "updated_at"])
    _bump(
        r,
        actor,
        _("录入%(d)s的企业满意度（纸质问卷）") % {"d": res.department.name},
        {"satisfaction": [str(before) if before is not None else None, str(score)]},
    )
    return res


def _head_or_tally(actor, department_id: int, doing: str) -> None:
    rr = reach_of(actor)
    if rr.role == Role.TALLY_STAFF:
        return
    if rr.role == Role.DEPARTMENT_HEAD and rr.department_id == department_id:
        return
    raise PermissionDeniedError(_("只有本部门负责人或计分人员可以%(doing)s") % {"doing": doing})


@transaction.atomic
def report_upload(*, actor, round: Round, department_id: int, name: str, data: bytes) -> WorkReport:
    _head_or_tally(actor, department_id, _("上传述职报告"))
    r = lock_round(round, actor)
    require_step(
        r, RoundStatus.SATISFACTION, RoundStatus.REPORTS, RoundStatus.NOMINATION, doing=_("上传述职报告")
    )
    if not r.results.filter(department_id=department_id).exists():
        raise NotFoundError(_("部门不在本轮考核中"))
    clean_name, ctype = check_report(name, data)
    WorkReport.objects.filter(round=r, department_id=department_id).delete()
    rep = WorkReport(
        round=r,
        department_id=department_id,
        original_name=clean_name,
        content_type=ctype,
        size=len(data),
        uploaded_by=actor,
    )
    rep.file.save(
        f"report{r.pk}-{department_id}{clean_name[clean_name.rfind('.') :]}", ContentFile(data), save=False
    )
    rep.save()
    _bump(r, actor, _("上传述职报告：%(f)s") % {"f": clean_name})
    return rep


@transaction.atomic
def delegate_nominate(*, actor, round: Round, staff: Staff) -> Delegate:
    """A department's delegate to the meeting: of the department, active, at least the scheme's rank."""
    r = lock_round(round, actor)
    staff = Staff.objects.for_user(actor).filter(pk=staff.pk).first()
    if staff is None or staff.zone_id != r.zone_id:
        raise NotFoundError(_("工作人员不存在"))
    _head_or_tally(actor, staff.department_id, _("推荐测评代表"))
    require_step(
        r, RoundStatus.SATISFACTION, RoundStatus.REPORTS, RoundStatus.NOMINATION, doing=_("推荐测评代表")
    )
    scheme = r.scheme
    if not staff.is_active:
        raise DomainError(_("%(n)s不在岗") % {"n": staff.name}, {"staff": [_("不在岗")]})
    if RANK_ORDER.get(staff.rank, 0) < RANK_ORDER.get(scheme.delegate_min_rank, 0):
        msg = _("%(n)s的职级为%(r)s，测评代表须为%(m)s以上") % {
            "n": staff.name,
            "r": staff.get_rank_display(),
            "m": Rank(scheme.delegate_min_rank).label,
        }
        raise DomainError(msg, {"staff": [msg]})
    if not r.results.filter(department_id=staff.department_id).exists():
        raise DomainError(_("该部门不在本轮考核中"))
    if r.delegates.filter(staff=staff).exists():
        raise DomainError(_("%(n)s已是测评代表") % {"n": staff.name}, {"staff": [_("已是测评代表")]})
    if r.delegates.filter(department_id=staff.department_id).count() >= scheme.delegates_per_department:
        msg = _("每个部门推荐%(n)s名测评代表，本部门已满") % {"n": scheme.delegates_per_department}
        raise DomainError(msg, {"staff": [msg]})
    d = Delegate.objects.create(round=r, department_id=staff.department_id, staff=staff, nominated_by=actor)
    _bump(r, actor, _("推荐测评代表：%(n)s") % {"n": staff.name})
    return d


@transaction.atomic
def delegate_remove(*, actor, delegate: Delegate) -> None:
    r = lock_round(delegate.round, actor)
    _head_or_tally(actor, delegate.department_id, _("撤回测评代表"))
    require_step(
        r, RoundStatus.SATISFACTION, RoundStatus.REPORTS, RoundStatus.NOMINATION, doing=_("撤回测评代表")
    )
    if r.codes_issued:
        raise DomainError(_("测评码已生成，不能再更换代表；如确需更换请重新生成测评码"))
    name = delegate.staff.name
    delegate.delete()
    _bump(r, actor, _("撤回测评代表：%(n)s") % {"n": name})


# --- ballot codes and ballots ----------------------------------------------------------------------------
def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def codes_generate(*, actor, round: Round) -> list[tuple[str, str]]:
    """One-time codes for every delegate seat: [(department name, code)], shuffled within each department and
    returned once (for printing). Only their digests are stored. Generating again voids the unused codes;
    refused once a ballot has been cast."""
    require_role(actor, Role.TALLY_STAFF, doing=_("生成测评码"))
    r = lock_round(round, actor)
    require_step(r, RoundStatus.NOMINATION, RoundStatus.VOTING, doing=_("生成测评码"))
    if r.ballots_cast or r.codes.filter(used=True).exists():
        raise DomainError(_("已有人投票，不能重新生成测评码"))
    per = r.scheme.delegates_per_department
    counts = dict(
        r.delegates.values("department_id").annotate(n=Count("id")).values_list("department_id", "n")
    )
    results = list(r.results.select_related("department"))
    short = [x.department.name for x in results if counts.get(x.department_id, 0) < per]
    if short:
        raise DomainError(_("以下部门的测评代表不足%(n)s名：%(d)s") % {"n": per, "d": "、".join(short)})
    r.codes.all().delete()
    out: list[tuple[str, str]] = []
    rows = []
    for res in results:
        for _i in range(counts[res.department_id]):
            code = _new_code()
            rows.append(BallotCode(round=r, department_id=res.department_id, digest=digest(code)))
            out.append((res.department.name, code))
    _sysrand.shuffle(rows)  # the stored order says nothing about the printed order
    BallotCode.objects.bulk_create(rows)
    r.codes_issued = len(rows)
    _bump(r, actor, _("生成测评码%(n)s个（仅保存摘要）") % {"n": len(rows)})
    return out


def code_lookup(code: str) -> BallotCode | None:
    """The unused, open code (for the ballot form), or None. No side effect."""
    c = BallotCode.objects.filter(digest=digest(code)).select_related("round", "department").first()
    if c is None or c.used or c.round.status != RoundStatus.VOTING or c.round.voting_closed:
        return None
    return c


def ballot_departments(c: BallotCode) -> list[Department]:
    """The departments a code scores: every department of the round but the delegates' own."""
    return [
        res.department
        for res in c.round.results.select_related("department").exclude(department_id=c.department_id)
    ]


@transaction.atomic
def ballot_cast(*, code: str, scores: dict) -> bool:
    """Cast a secret ballot with a one-time code: ``scores`` maps every department but the code's own to a
    score 0–100. Marks the code used and stores the scores (unlinked, random order) in one transaction.
    Returns whether the ballot was valid under the scheme's rules. No actor, no audit, no log."""
    c = BallotCode.objects.select_for_update().filter(digest=digest(code)).select_related("round").first()
    if c is None:
        raise DomainError(_("测评码无效"), {"code": [_("测评码无效")]})
    r = Round.objects.select_for_update().get(pk=c.round_id)
    if r.status != RoundStatus.VOTING or r.voting_closed:
        raise DomainError(_("民主测评已截止或尚未开始"), {"code": [_("民主测评已截止或尚未开始")]})
    if c.used:
        raise DomainError(_("该测评码已经使用过"), {"code": [_("该测评码已经使用过")]})
    expected = {d.pk for d in ballot_departments(c)}
    given: dict[int, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for key, value in (scores or {}).items():
        try:
            dept = int(key)
        except (TypeError, ValueError):
            errors.setdefault("scores", []).append(_("未知的部门"))
            continue
        if dept not in expected:
            errors.setdefault(f"scores.{dept}", []).append(_("不能为本部门或本轮以外的部门打分"))
            continue
        try:
            given[dept] = parse_score(value, f"scores.{dept}")
        except DomainError as e:
            errors.update(e.errors)
    missing = expected - set(given)
    for dept in missing:
        if f"scores.{dept}" not in errors:
            errors[f"scores.{dept}"] = [_("请为每个部门打分")]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    c.used = True
    c.save(update_fields=["used"])
    valid = scoring.ballot_is_valid(given, reject_uniform=r.scheme.reject_uniform)
    if valid:
        rows = [BallotScore(round_id=r.pk, department_id=d, score=s) for d, s in given.items()]
        _sysrand.shuffle(rows)
        BallotScore.objects.bulk_create(rows)
    Round.objects.filter(pk=r.pk).update(
        ballots_cast=F("ballots_cast") + 1, ballots_invalid=F("ballots_invalid") + (0 if valid else 1)
    )
    return valid


# --- leaders ---------------------------------------------------------------------------------------------
@transaction.atomic
def leader_scores_set(*, actor, round: Round, scores: dict) -> int:
    """A main leader's scores of the departments (during the meeting or the leader step)."""
    require_role(actor, Role.ZONE_LEADER, doing=_("领导评分"))
    r = lock_round(round, actor)
    require_step(r, RoundStatus.VOTING, RoundStatus.LEADER, doing=_("领导评分"))
    depts = set(r.results.values_list("department_id", flat=True))
    parsed: dict[int, Decimal] = {}
    errors: dict[str, list[str]] = {}
    for key, value in (scores or {}).items():
        try:
            dept = int(key)
        except (TypeError, ValueError):
            errors.setdefault("scores", []).append(_("未知的部门"))
            continue
        if dept not in depts:
            errors.setdefault(f"scores.{dept}", []).append(_("部门不在本轮考核中"))
            continue
        if value in (None, ""):
            continue
        try:
            parsed[dept] = parse_score(value, f"scores.{dept}")
        except DomainError as e:
            errors.update(e.errors)
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    if not parsed:
        raise DomainError(_("请至少为一个部门打分"), {"scores": [_("请至少为一个部门打分")]})
    for dept, score in parsed.items():
        LeaderScore.objects.update_or_create(
            round=r, department_id=dept, leader=actor, defaults={"score": score}
        )
    # who scored is on record; what they gave is for the tally staff only
    _bump(r, actor, _("领导评分：%(n)s个部门") % {"n": len(parsed)})
    return len(parsed)


# --- tally, calibration, publication, reopening ---------------------------------------------------------
def compute_results(r: Round) -> list[DepartmentResult]:
    """The round's results computed from its rows (unsaved): democratic trimmed means, leader means,
    composites, ranks, coefficients, quotas. Reads four queries; the arithmetic is in ``scoring``."""
    scheme = r.scheme
    results = list(r.results.select_related("department"))
    by_dept: dict[int, list[Decimal]] = {}
    for d, s in BallotScore.objects.filter(round=r).values_list("department_id", "score"):
        by_dept.setdefault(d, []).append(s)
    leaders: dict[int, list[Decimal]] = {}
    for d, s in LeaderScore.objects.filter(round=r).values_list("department_id", "score"):
        leaders.setdefault(d, []).append(s)
    apply_scores(scheme, results, by_dept, leaders)
    return results


def apply_scores(scheme, results, by_dept, leaders) -> None:
    """Fill the computed fields of ``results`` (shared with the benchmark)."""
    scored = []
    for res in results:
        votes = by_dept.get(res.department_id, [])
        res.democratic = scoring.trimmed_mean(
            votes, trim_above=scheme.trim_above, trim_count=scheme.trim_count
        )
        res.democratic_ballots = len(votes)
        res.leader = scoring.mean(leaders.get(res.department_id, []))
        weights = schemes.weights_for(scheme, res.department_type)
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
    ranking = scoring.rank(scored)
    positions = {row.key: pos for row, pos in ranking}
    bands = schemes.bands(scheme)
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
    p = schemes.proportions_for(scheme, coefficient)
    need = (
        int(p.get("min_improve", 0))
        if scheme.min_improve_size and headcount >= scheme.min_improve_size
        else 0
    )
    # the seats by the largest-remainder method, and how many 待改进 the department must give (the scheme's
    # “至少待改进” where the department is large enough): the other 待改进 seats are room, not a duty
    return {**scoring.grade_quota(headcount, p, min_improve=need).counts, "improve_min": need}


def improve_required(quota: dict) -> int:
    """How many 待改进 a department's grades must include (rounds tallied before ``improve_min`` was kept
    required their whole 待改进 seats)."""
    return int(quota.get("improve_min", quota.get("improve", 0))) if quota else 0


RESULT_FIELDS = [
    "democratic",
    "democratic_ballots",
    "leader",
    "composite",
    "rank",
    "computed_coefficient",
    "coefficient",
    "calibration_reason",
    "quota",
    "updated_at",
]


def _tally(r: Round, actor) -> Round:
    _check_can_leave(r)
    results = compute_results(r)
    now = timezone.now()
    for res in results:
        res.updated_at = now
    DepartmentResult.objects.bulk_update(results, RESULT_FIELDS)
    before = r.status
    r.status = RoundStatus.TALLIED
    return _bump(r, actor, _("计分完成：%(n)s个部门") % {"n": len(results)}, {"status": [before, r.status]})


@transaction.atomic
def result_calibrate(*, actor, result: DepartmentResult, coefficient, reason: str) -> DepartmentResult:
    """A leader's adjustment of a department's coefficient before publication, with the reason on record."""
    require_role(actor, Role.ZONE_LEADER, doing=_("校准部门系数"))
    r = lock_round(result.round, actor)
    require_step(r, RoundStatus.TALLIED, doing=_("校准部门系数"))
    if not (reason or "").strip():
        raise DomainError(_("校准须写明理由"), {"reason": [_("校准须写明理由")]})
    try:
        coef = Decimal(str(coefficient))
    except (InvalidOperation, TypeError, ValueError):
        coef = None
    allowed = {b for _a, b in schemes.bands(r.scheme)} | {r.scheme.floor_coefficient}
    if coef is None or coef not in allowed:
        msg = _("部门系数须为方案中的档次：%(c)s") % {
            "c": "、".join(str(c) for c in sorted(allowed, reverse=True))
        }
        raise DomainError(msg, {"coefficient": [msg]})
    res = DepartmentResult.objects.select_related("department").get(pk=result.pk, round=r)
    before = res.coefficient
    res.coefficient = coef
    res.calibration_reason = reason.strip()[:300]
    res.quota = quota_for(r.scheme, res.headcount, coef)
    res.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=res,
        zone_id=r.zone_id,
        changes={"coefficient": [str(before), str(coef)]},
        note=_("校准%(d)s的部门系数：%(r)s") % {"d": res.department.name, "r": res.calibration_reason},
    )
    _bump(r, actor, _("校准%(d)s：%(a)s → %(b)s") % {"d": res.department.name, "a": before, "b": coef})
    return res


def _publish(r: Round, actor) -> Round:
    before = r.status
    r.status = RoundStatus.PUBLISHED
    r.published_at = timezone.now()
    return _bump(r, actor, _("公布考核结果"), {"status": [before, r.status]})


@transaction.atomic
def round_reopen(*, actor, round: Round, reason: str) -> Round:
    """An administrator's audited reopening of a published round (back to the tally step)."""
    require_role(actor, Role.SYSADMIN, doing=_("重新开启已公布的考核"))
    r = lock_round(round, actor)
    require_step(r, RoundStatus.PUBLISHED, doing=_("重新开启"))
    if not (reason or "").strip():
        raise DomainError(_("重新开启须写明理由"), {"reason": [_("重新开启须写明理由")]})
    before = r.status
    r.status = RoundStatus.TALLIED
    r.published_at = None
    return _bump(r, actor, _("重新开启：%(r)s") % {"r": reason.strip()}, {"status": [before, r.status]})


# --- individual grades and appeals -----------------------------------------------------------------------
def _grader(actor, r: Round, department_id: int) -> None:
    rr = reach_of(actor)
    if rr.role == Role.DEPARTMENT_HEAD and rr.department_id == department_id and rr.zone_id == r.zone_id:
        return
    raise PermissionDeniedError(_("只有本部门负责人可以评定本部门人员的等次"))


@transaction.atomic
def grades_set(*, actor, round: Round, department_id: int, grades: dict) -> int:
    """A department head grades staff of their department ({staff id: grade}); the department's grades after
    the change must stay within the quota (优秀 and 良好 at most their seats), else nothing changes."""
    r = lock_round(round, actor)
    _grader(actor, r, department_id)
    require_step(r, RoundStatus.PUBLISHED, doing=_("评定个人等次（部门系数公布后进行）"))
    res = r.results.filter(department_id=department_id).first()
    if res is None:
        raise NotFoundError(_("部门不在本轮考核中"))
    members = {
        s.pk: s
        for s in Staff.objects.filter(
            zone=r.zone, department_id=department_id, is_active=True
        ).select_related("post", "pay_profile")
    }
    errors: dict[str, list[str]] = {}
    parsed = {}
    for key, grade in (grades or {}).items():
        try:
            sid = int(key)
        except (TypeError, ValueError):
            errors.setdefault("grades", []).append(_("未知的工作人员"))
            continue
        if sid not in members:
            errors.setdefault(f"grades.{sid}", []).append(_("不是本部门在岗人员"))
        elif grade in (None, ""):
            continue
        elif grade not in Grade.values:
            errors.setdefault(f"grades.{sid}", []).append(_("未知的等次"))
        else:
            parsed[sid] = grade
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    if r.appeals.filter(grade__staff_id__in=parsed, status=AppealStatus.PENDING).exists():
        raise DomainError(_("有待处理的申诉，请待领导处理后再调整其等次"))
    current = dict(r.grades.filter(department_id=department_id).values_list("staff_id", "grade"))
    after = {**current, **parsed}
    _check_quota(res, after.values())
    for sid, grade in parsed.items():
        StaffGrade.objects.update_or_create(
            round=r,
            staff_id=sid,
            defaults={
                "grade": grade,
                "department_id": department_id,
                "graded_by": actor,
                **pay_inputs(members[sid]),
            },
        )
    changes = {str(members[s]): [current.get(s), g] for s, g in parsed.items() if current.get(s) != g}
    audit.record(
        actor=actor,
        action=AuditAction.BULK_UPDATE,
        obj=res,
        zone_id=r.zone_id,
        changes=changes,
        note=_("评定个人等次%(n)s人") % {"n": len(parsed)},
    )
    return len(parsed)


def pay_inputs(staff: Staff) -> dict:
    """A staff member's pay inputs now (frozen on the grade): standard monthly pay and post coefficient."""
    profile = getattr(staff, "pay_profile", None)
    return {
        "monthly_standard_fen": profile.monthly_standard_fen if profile else None,
        "post_coefficient": staff.post.value_coefficient if staff.post_id else Decimal("1.00"),
    }


def _check_quota(res: DepartmentResult, grades) -> None:
    quota = scoring.Quota({k: int(v) for k, v in res.quota.items() if k in scoring.GRADES})
    over = scoring.over_quota(grades, quota)
    if over:
        labels = [f"{Grade(g).label}（{_('名额')}{quota[g]}）" for g in over]
        msg = _("超出等次名额：%(g)s") % {"g": "、".join(labels)}
        raise DomainError(msg, {"grades": [msg]})


def grading_complete(res: DepartmentResult, grades: list[str]) -> list[str]:
    """What still keeps a department's grading from complete (for pay): ungraded staff, 待改进 minimum."""
    problems = []
    if len(grades) < res.headcount:
        problems.append(
            _("%(d)s尚有%(n)s人未评定等次") % {"d": res.department.name, "n": res.headcount - len(grades)}
        )
    need = improve_required(res.quota)
    if need and grades.count("improve") < need and len(grades) >= res.headcount:
        problems.append(_("%(d)s须至少评定%(n)s名待改进") % {"d": res.department.name, "n": need})
    return problems


@transaction.atomic
def appeal_submit(*, actor, grade: StaffGrade, reason: str) -> Appeal:
    """A staff member's appeal of their own grade (申诉), to the leader."""
    rr = reach_of(actor)
    profile = getattr(actor, "profile", None)
    if not profile or profile.staff_id != grade.staff_id:
        raise PermissionDeniedError(_("只能对本人的等次提出申诉"))
    r = lock_round(grade.round, actor)
    require_step(r, RoundStatus.PUBLISHED, doing=_("提出申诉"))
    if not (reason or "").strip():
        raise DomainError(_("请写明申诉理由"), {"reason": [_("请写明申诉理由")]})
    if grade.appeals.filter(status=AppealStatus.PENDING).exists():
        raise DomainError(_("已有待处理的申诉"))
    a = Appeal.objects.create(
        round=r, grade=grade, reason=reason.strip()[:2000], submitted_by=actor, original_grade=grade.grade
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=a, zone_id=r.zone_id, note=_("提出申诉"))
    del rr
    return a


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, new_grade: str = "", decision: str) -> Appeal:
    """The leader's decision: keep the grade, or change it (within the department's quota); recorded."""
    require_role(actor, Role.ZONE_LEADER, doing=_("处理申诉"))
    r = lock_round(appeal.round, actor)
    a = Appeal.objects.select_for_update().select_related("grade__staff").get(pk=appeal.pk)
    if a.status != AppealStatus.PENDING:
        raise DomainError(_("该申诉已处理"))
    if not (decision or "").strip():
        raise DomainError(_("请写明处理意见"), {"decision": [_("请写明处理意见")]})
    g = StaffGrade.objects.select_for_update().get(pk=a.grade_id)
    if new_grade and new_grade not in Grade.values:
        raise DomainError(_("未知的等次"), {"new_grade": [_("未知的等次")]})
    if new_grade and new_grade != g.grade:
        res = r.results.get(department_id=g.department_id)
        others = list(
            r.grades.filter(department_id=g.department_id).exclude(pk=g.pk).values_list("grade", flat=True)
        )
        _check_quota(res, [*others, new_grade])
        g.grade = new_grade
        g.save(update_fields=["grade", "updated_at"])
        a.status, a.new_grade = AppealStatus.CHANGED, new_grade
    else:
        a.status = AppealStatus.UPHELD
    a.decision, a.decided_by, a.decided_at = decision.strip(), actor, timezone.now()
    a.save()
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=a,
        zone_id=r.zone_id,
        changes={"grade": [a.original_grade, g.grade]} if a.status == AppealStatus.CHANGED else {},
        note=_("处理申诉：%(s)s。%(d)s") % {"s": a.get_status_display(), "d": a.decision},
    )
    return a


# --- pay profiles ----------------------------------------------------------------------------------------
YUAN = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$")


def yuan_to_fen(value) -> int:
    text = str(value if value is not None else "").strip().replace("，", ",")
    if "," in text and not YUAN.match(text):
        raise DomainError(_("金额须为数字（元），千位分隔符只能每三位一个"))
    try:
        d = Decimal(text.replace(",", ""))
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("金额须为数字（元）")) from None
    if not d.is_finite() or d <= 0 or d > 1_000_000:
        raise DomainError(_("标准月薪须在0–100万元之间"))
    if d != d.quantize(Decimal("0.01")):
        raise DomainError(_("金额最多两位小数（分）"))
    return int(d * 100)


def _pay_editor(actor) -> None:
    require_role(actor, Role.ZONE_LEADER, Role.TALLY_STAFF, Role.SYSADMIN, doing=_("维护薪酬档案"))


@transaction.atomic
def payprofile_set(*, actor, staff: Staff, monthly_yuan, note: str = "") -> PayProfile:
    _pay_editor(actor)
    staff = Staff.objects.for_user(actor).filter(pk=staff.pk).first()
    if staff is None:
        raise NotFoundError(_("工作人员不存在"))
    try:
        fen = yuan_to_fen(monthly_yuan)
    except DomainError as e:
        raise DomainError(e.message, {"monthly_yuan": [e.message]}) from None
    p = PayProfile.objects.filter(staff=staff).first()
    before = p.monthly_standard_fen if p else None
    if p is None:
        p = PayProfile(zone_id=staff.zone_id, staff=staff)
    p.monthly_standard_fen, p.note = fen, note[:100]
    p.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=p,
        changes={"monthly_standard_fen": [before, fen]},
        note=_("标准月薪"),
    )
    return p


@transaction.atomic
def payprofile_import(*, actor, zone: Zone, rows: list[tuple[int, str, object]]) -> int:
    """Import (row number, 工号, 标准月薪 元) rows into the zone: everything is checked first; any error and
    nothing is written."""
    _pay_editor(actor)
    if not Zone.objects.for_user(actor).filter(pk=zone.pk).exists():
        raise NotFoundError(_("开发区不存在"))
    staff = {s.employee_no: s for s in Staff.objects.filter(zone=zone)}
    errors: dict[str, list[str]] = {}
    parsed = []
    seen = set()
    for line, no, amount in rows:
        no = str(no or "").strip()
        if no not in staff:
            errors.setdefault(f"row {line}", []).append(
                _("第%(l)s行：本开发区没有工号%(n)s") % {"l": line, "n": no}
            )
            continue
        if no in seen:
            errors.setdefault(f"row {line}", []).append(_("第%(l)s行：工号%(n)s重复") % {"l": line, "n": no})
            continue
        seen.add(no)
        try:
            parsed.append((staff[no], yuan_to_fen(amount)))
        except DomainError as e:
            errors.setdefault(f"row {line}", []).append(_("第%(l)s行：%(m)s") % {"l": line, "m": e.message})
    if not rows:
        errors["file"] = [_("文件中没有数据行")]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], errors)
    existing = {p.staff_id: p for p in PayProfile.objects.filter(zone=zone)}
    new, changed = [], []
    for s, fen in parsed:
        if s.pk in existing:
            existing[s.pk].monthly_standard_fen = fen
            changed.append(existing[s.pk])
        else:
            new.append(PayProfile(zone=zone, staff=s, monthly_standard_fen=fen))
    PayProfile.objects.bulk_create(new)
    PayProfile.objects.bulk_update(changed, ["monthly_standard_fen", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.IMPORT, obj=zone, note=_("导入薪酬档案%(n)s条") % {"n": len(parsed)}
    )
    return len(parsed)
