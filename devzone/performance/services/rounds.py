"""A round and the work of its first steps: opening, moving on (each step's work checked complete), the
enterprise satisfaction, the work reports and the delegates to the meeting."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Rank, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError, require, require_role
from devzone.core.files import REPORTS, check_upload
from devzone.core.locking import in_scope
from devzone.core.models import Department, Profile, Staff, Zone
from devzone.core.notify import Text, notify
from devzone.performance import ballot_box, scoring
from devzone.performance import schemes as rules
from devzone.performance.choices import DepartmentType, SatisfactionSource
from devzone.performance.choices import RoundStatus as S
from devzone.performance.models import (
    BallotCode,
    Delegate,
    DepartmentResult,
    Round,
    ScoreCount,
    SealedBallot,
    WorkReport,
)
from devzone.performance.services.common import (
    ADVANCE,
    RANK_ORDER,
    ROUND_MOVES,
    department_names,
    lock_round,
    moved,
    not_published,
    parse_score,
    round_for,
)
from devzone.performance.services.schemes import ensure_scheme

ROUND_KIND = "performance.round"  # the notices of a round's step (named in ``access.py``)


def department_type(dept: Department) -> str:
    return DepartmentType.SERVICE if dept.kind == "service" else DepartmentType.OTHER


@transaction.atomic
def round_open(*, actor, zone: Zone, year: int, quarter: int) -> Round:
    """Open the assessment of ``year``/``quarter`` for the zone with its current scheme version."""
    require_role(actor, Role.TALLY_STAFF, doing=_("开启考核"))
    in_scope(Zone, zone, actor=actor, what=_("开发区"))
    errors = {}
    if not (isinstance(quarter, int) and 1 <= quarter <= 4):
        errors["quarter"] = _("季度须为1–4")
    if not (isinstance(year, int) and 2000 <= year <= 2100):
        errors["year"] = _("年度无效")
    if errors:
        raise DomainError.of(errors)
    if Round.objects.filter(zone=zone, year=year, quarter=quarter).exists():
        raise DomainError(
            _("%(y)s年第%(q)s季度的考核已开启") % {"y": year, "q": quarter},
            {"quarter": [_("该季度已有考核")]},
        )
    scheme = ensure_scheme(zone, actor=actor)
    r = Round.objects.create(zone=zone, year=year, quarter=quarter, scheme=scheme)
    depts = list(Department.objects.filter(zone=zone, abolished_on__isnull=True))
    require(len(depts) >= 2, _("至少需要两个部门才能开展民主测评"))
    # the people counted now are the people this round grades and pays, whoever leaves or moves on later
    members: dict[int, list[int]] = {}
    for sid, dept_id in (
        Staff.objects.filter(zone=zone, is_active=True)
        .order_by("employee_no", "pk")
        .values_list("pk", "department_id")
    ):
        members.setdefault(dept_id, []).append(sid)
    DepartmentResult.objects.bulk_create(
        [
            DepartmentResult(
                round=r,
                department=d,
                department_type=department_type(d),
                headcount=len(members.get(d.pk, [])),
                members=members.get(d.pk, []),
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


def city_scored_departments(r: Round, results=None) -> set[int]:
    """The departments no leader of the zone may score (回避, ``ballots.leader_own_departments``): every active
    主任 of the zone is counted in it (the zone's only leader is its member), or the zone has no active leader.
    The city officers of the zone's city (市委组织部) score them instead, as they decide an appeal no leader of
    the zone may decide (``grades.appeal_to_city``). Worked out from who is in the zone when asked: a leader
    appointed later scores it again in the zone. A leader without a staff record is recused from nothing."""
    leaders = set(
        Profile.objects.filter(zone_id=r.zone_id, role=Role.ZONE_LEADER, user__is_active=True).values_list(
            "staff_id", flat=True
        )
    )
    if None in leaders:
        return set()
    rows = (
        [(x.department_id, x.members) for x in results]
        if results is not None
        else r.results.values_list("department_id", "members")
    )
    return {d for d, members in rows if leaders <= set(members or [])}


def city_officers(r: Round) -> list[int]:
    """The ids of the active city officers of the round's zone's city (never another city's)."""
    return list(
        Profile.objects.filter(
            role=Role.CITY_OFFICER, city_id=r.zone.city_id, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def _tell_city_to_score(r: Round) -> None:
    """Leader scoring is open (民主测评, 领导评分): the city officers are told when a department is theirs to
    score (``city_scored_departments``), once a round."""
    depts = city_scored_departments(r)
    if not depts:
        return
    names = department_names([x for x in r.results.select_related("department") if x.department_id in depts])
    notify(
        city_officers(r),
        kind=ROUND_KIND,
        zone_id=r.zone_id,
        title=Text(
            gettext_lazy("%(round)s：本区领导均须回避的部门由市级管理人员评分（%(d)s）"),
            round=Text(gettext_lazy("%(y)s年第%(q)s季度考核"), y=r.year, q=r.quarter),
            d=names,
        ),
        url=r.get_absolute_url(),
        key=f"performance-round-{r.pk}-city-scores",
    )


def delegate_counts(r: Round) -> dict[int, int]:
    return dict(r.delegates.values("department_id").annotate(n=Count("id")).values_list("department_id", "n"))


def require_delegates(r: Round, results) -> dict[int, int]:
    """Every department has the scheme's number of delegates; returns the counts."""
    per = r.scheme.delegates_per_department
    counts = delegate_counts(r)
    short = [x for x in results if counts.get(x.department_id, 0) < per]
    require(
        not short,
        _("以下部门的测评代表不足%(n)s名：%(d)s") % {"n": per, "d": department_names(short)},
    )
    return counts


def scorers_per_department(r: Round, results, *, used: bool) -> dict[int, int]:
    """How many ballots score each department: the codes (``used``: the codes spent) of every other
    department, as a ballot skips its own. Worked out from who holds or spent a code, never from what a ballot
    gave; for the checks only, never shown (docs/performance.md, "No ballot count per department")."""
    codes = r.codes.filter(used=True) if used else r.codes.all()
    per = dict(codes.values("department_id").annotate(n=Count("id")).values_list("department_id", "n"))
    total = sum(per.values())
    return {x.department_id: total - per.get(x.department_id, 0) for x in results}


def require_closable(r: Round, results) -> None:
    """The codes printed can close the vote: at least the scheme's minimum of ballots, and every department
    scored by at least ``schemes.MIN_SCORERS`` ballots of other departments' delegates. A vote that could
    never reach them would stay open for good (new codes are refused once anyone voted)."""
    require(
        r.codes_issued >= r.scheme.min_ballots,
        _("测评码共%(n)s个，少于方案规定的最少%(m)s张有效票，测评无法截止：请增加测评代表或修订方案")
        % {"n": r.codes_issued, "m": r.scheme.min_ballots},
    )
    scorers = scorers_per_department(r, results, used=False)
    short = [x for x in results if scorers[x.department_id] < rules.MIN_SCORERS]
    require(
        not short,
        _("以下部门可收到的选票少于%(k)s张（本部门代表的选票不计），测评无法截止：%(d)s")
        % {"k": rules.MIN_SCORERS, "d": department_names(short)},
    )


def _check_can_leave(r: Round) -> None:
    """The work of the round's present step is complete (else a refusal naming what is missing)."""
    scheme = r.scheme
    results = list(r.results.select_related("department"))
    if r.status == S.SATISFACTION:
        w = rules.weights_for(scheme, DepartmentType.SERVICE)
        missing = [
            x
            for x in results
            if x.department_type == "service" and w["satisfaction"] and x.satisfaction is None
        ]
        require(not missing, _("以下服务部门尚无企业满意度：%(d)s") % {"d": department_names(missing)})
    elif r.status == S.REPORTS:
        have = set(r.reports.values_list("department_id", flat=True))
        missing = [x for x in results if x.department_id not in have]
        require(not missing, _("以下部门尚未上传述职报告：%(d)s") % {"d": department_names(missing)})
    elif r.status == S.NOMINATION:
        require_delegates(r, results)
        require(r.codes_issued, _("请先生成测评码并打印选票"))
        require_closable(r, results)
    elif r.status == S.VOTING:
        require(
            not r.voting_closed,
            _("本次测评有效票不足，已作废：请重新生成测评码并打印选票，由测评代表重新投票"),
        )
        # only the ballots received are known while the box is sealed (the valid ones are counted on opening,
        # ``_close_voting``)
        require(
            r.ballots_cast >= scheme.min_ballots,
            _("收回%(n)s张，少于方案规定的最少%(m)s张有效票，不能截止测评")
            % {"n": r.ballots_cast, "m": scheme.min_ballots},
        )
        # and every department scored by enough of them (who voted, from the used codes: never what they gave)
        scorers = scorers_per_department(r, results, used=True)
        short = [x for x in results if scorers[x.department_id] < rules.MIN_SCORERS]
        require(
            not short,
            _("以下部门收到的选票少于%(k)s张（本部门代表的选票不计），不能截止测评：%(d)s")
            % {"k": rules.MIN_SCORERS, "d": department_names(short)},
        )
    elif r.status == S.LEADER:
        scored = set(r.leader_scores.values_list("department_id", flat=True))
        missing = [x for x in results if x.department_id not in scored]
        # a department whose leaders are all recused is the city officers' to score: the refusal says so
        city = city_scored_departments(r, results) if missing else set()
        problems = []
        if by_city := [x for x in missing if x.department_id in city]:
            problems.append(
                _("以下部门本区领导均须回避，须由市级管理人员评分：%(d)s") % {"d": department_names(by_city)}
            )
        if by_leaders := [x for x in missing if x.department_id not in city]:
            problems.append(_("以下部门尚无领导评分：%(d)s") % {"d": department_names(by_leaders)})
        require(not problems, "；".join(problems))


@transaction.atomic
def round_advance(*, actor, round: Round, expected_version: int | None = None) -> Round:
    """Move the round to its next step (the tally staff drive the steps). Leaving the voting step closes
    the ballot box; leaving the leader step tallies; leaving the tally publishes."""
    from devzone.performance.services.tally import publish, tally

    require_role(actor, Role.TALLY_STAFF, doing=_("推进考核环节"))
    r = lock_round(round, actor, expected_version)
    not_published(r)
    _check_can_leave(r)
    move = ADVANCE[r.status]
    if move == "tally":
        return tally(r, actor)
    if move == "publish":
        return publish(r, actor)
    if move == "close_voting":
        enough = _close_voting(r)
        note = _("收回%(n)s张，其中无效%(i)s张") % {"n": r.ballots_cast, "i": r.ballots_invalid}
        if not enough:
            note = _("%(note)s；有效票少于方案规定的最少%(m)s张，本次测评作废，须重新测评") % {
                "note": note,
                "m": r.scheme.min_ballots,
            }
            move = "void_voting"
        r = moved(r, move, actor=actor, note=note, fields=["voting_closed", "ballots_invalid"])
    else:
        r = moved(r, move, actor=actor)
    if r.status in (S.VOTING, S.LEADER):  # leader scoring is open
        _tell_city_to_score(r)
    return r


def _close_voting(r: Round) -> bool:
    """Close the ballot box, whatever it holds: the sealed ballots — released, and those still in the inbox
    (``ballots.INBOX``) — are opened once, the invalid ones counted and dropped, unused codes void, the sealed
    ballots deleted, and once that is committed the round's keys (the box's, the inbox's and the codes') are
    destroyed.
    Returns whether the valid ballots reach the scheme's minimum: then they become per-department counts per
    score value and the round moves on. Else that vote is void (no score of it is kept) and the
    delegates vote again with new codes (``codes_generate``; ``Round.revote_required``).

    Closing never depends on what the ballots hold: a refusal that kept the box open when a received ballot
    was uniform, and closed it when none was, would tell whoever watched who voted — pressing again after each
    ballot — which delegate's ballot was invalid. Whether the box can be closed depends only on the number
    received, which everyone sees."""
    from devzone.performance.services.ballots import INBOX

    sealed = SealedBallot.objects.filter(round=r)
    reject_uniform = r.scheme.reject_uniform
    try:  # a round has at most a few hundred ballots: read them at once
        opened, invalid = ballot_box.counts(
            r.box_key,
            INBOX.boxes(r),
            valid=lambda scores: scoring.ballot_is_valid(scores, reject_uniform=reject_uniform),
        )
    except ballot_box.BoxKeyMissing:
        raise DomainError(_("投票箱密钥缺失，无法开箱计票；请系统管理员按运维手册恢复密钥文件")) from None
    r.voting_closed = True
    # ballots_invalid may already hold the invalid ballots of a round whose voting began before they were sealed
    r.ballots_invalid += invalid
    enough = r.ballots_cast - r.ballots_invalid >= r.scheme.min_ballots
    if enough:
        existing = {(c.department_id, c.score): c for c in ScoreCount.objects.filter(round=r)}
        for (dept, score), n in opened.items():
            row = existing.get((dept, score)) or ScoreCount(round=r, department_id=dept, score=score, count=0)
            row.count += n
            row.save()
    else:  # the void vote keeps no score (counts of a round that voted before ballots were sealed included)
        ScoreCount.objects.filter(round=r).delete()
    sealed.delete()
    BallotCode.objects.filter(round=r, used=False).delete()
    INBOX.destroy_keys_on_commit(r)
    # the codes' key too: no code of the round can be tried against its stored digests any more
    code_key = r.code_key
    transaction.on_commit(lambda: ballot_box.key_destroy(code_key))
    return enough


# --- satisfaction ----------------------------------------------------------------------------------------
def survey_satisfaction(zone: Zone, year: int, quarter: int) -> dict[int, Decimal] | None:
    """The services module's satisfaction per department (survey and 好差评), or None when that module does
    not offer it."""
    try:
        from devzone.services.selectors import department_satisfaction
    except ImportError:
        return None
    return department_satisfaction(zone=zone, year=year, quarter=quarter)


def survey_still_open(zone: Zone, year: int, quarter: int):
    """The closing day of the quarter's satisfaction survey still under way in the services module, or None."""
    try:
        from devzone.services.selectors import open_survey_closes_on
    except ImportError:
        return None
    return open_survey_closes_on(zone=zone, year=year, quarter=quarter)


@transaction.atomic
def satisfaction_pull(*, actor, round: Round) -> int:
    """Fill the service departments' satisfaction from the services module; returns how many were filled."""
    r = round_for("pull_satisfaction", round, actor, Role.TALLY_STAFF, doing=_("汇总企业满意度"))
    # while the quarter's survey collects answers its figure is not there yet: the departments would be scored
    # on 好差评 alone, silently
    closes_on = survey_still_open(r.zone, r.year, r.quarter)
    require(
        closes_on is None,
        _("%(y)s年第%(q)s季度的企业满意度调查尚未结束（%(d)s截止），请在调查结束后汇总")
        % {"y": r.year, "q": r.quarter, "d": date_format(closes_on, "DATE_FORMAT") if closes_on else ""},
    )
    values = survey_satisfaction(r.zone, r.year, r.quarter)
    require(values is not None, _("企业服务模块尚未提供满意度数据，请录入纸质问卷结果"))
    require(
        values,
        _("%(y)s年第%(q)s季度没有满意度调查或好差评数据，请录入纸质问卷结果") % {"y": r.year, "q": r.quarter},
    )
    n = 0
    for res in r.results.filter(department_type=DepartmentType.SERVICE):
        if res.department_id in values:
            res.satisfaction = scoring.q2(values[res.department_id])
            res.satisfaction_source = SatisfactionSource.SURVEY
            res.save(update_fields=["satisfaction", "satisfaction_source", "updated_at"])
            n += 1
    moved(r, "pull_satisfaction", actor=actor, note=_("从满意度调查与好差评汇总%(n)s个部门") % {"n": n})
    return n


def _result_of(r: Round, department_id) -> DepartmentResult:
    res = r.results.filter(department_id=department_id).select_related("department").first()
    if res is None:
        raise NotFoundError(_("部门不在本轮考核中"))
    return res


@transaction.atomic
def satisfaction_enter(*, actor, round: Round, department_id: int, value) -> DepartmentResult:
    """Enter a service department's satisfaction from paper questionnaires."""
    r = round_for("enter_satisfaction", round, actor, Role.TALLY_STAFF, doing=_("录入企业满意度"))
    score = parse_score(value, "value")
    res = _result_of(r, department_id)
    if res.department_type != DepartmentType.SERVICE:
        raise DomainError(_("只有服务部门参加企业满意度测评"), {"department": [_("该部门不是服务部门")]})
    before = res.satisfaction
    res.satisfaction, res.satisfaction_source = score, SatisfactionSource.PAPER
    res.save(update_fields=["satisfaction", "satisfaction_source", "updated_at"])
    note = _("%(d)s（纸质问卷）：%(a)s → %(b)s") % {"d": res.department.name, "a": before, "b": score}
    moved(r, "enter_satisfaction", actor=actor, note=note)
    return res


# --- work reports and delegates --------------------------------------------------------------------------
def _head_or_tally(actor, department_id: int, doing: str) -> None:
    rr = reach_of(actor)
    if rr.role == Role.TALLY_STAFF:
        return
    if rr.role == Role.DEPARTMENT_HEAD and rr.department_id == department_id:
        return
    raise PermissionDeniedError(_("只有本部门负责人或计分人员可以%(doing)s") % {"doing": doing})


@transaction.atomic
def report_upload(*, actor, round: Round, department_id: int, name: str, data: bytes) -> WorkReport:
    """A department's work report (述职报告): PDF, Word (.docx) or an image, within the upload limit."""
    _head_or_tally(actor, department_id, _("上传述职报告"))
    r = lock_round(round, actor)
    ROUND_MOVES.check(r, "upload_report")
    _result_of(r, department_id)
    checked = check_upload(name, data, kinds=REPORTS)
    WorkReport.objects.filter(round=r, department_id=department_id).delete()
    rep = WorkReport(
        round=r,
        department_id=department_id,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(data),
        uploaded_by=actor,
    )
    ext = checked.name[checked.name.rfind(".") :]
    rep.file.save(f"report{r.pk}-{department_id}{ext}", ContentFile(data), save=False)
    rep.save()
    moved(r, "upload_report", actor=actor, note=checked.name)
    return rep


@transaction.atomic
def delegate_nominate(*, actor, round: Round, staff: Staff) -> Delegate:
    """A department's delegate to the meeting: of the department, active, at least the scheme's rank."""
    r = lock_round(round, actor)
    staff = in_scope(Staff, staff, actor=actor, what=_("工作人员"))
    if staff.zone_id != r.zone_id:
        raise NotFoundError(_("工作人员不存在"))
    _head_or_tally(actor, staff.department_id, _("推荐测评代表"))
    ROUND_MOVES.check(r, "nominate")
    scheme = r.scheme
    if not staff.is_active:
        raise DomainError(_("%(n)s不在岗") % {"n": staff.name}, {"staff": [_("不在岗")]})
    if RANK_ORDER.get(staff.rank, 0) < RANK_ORDER.get(scheme.delegate_min_rank, 0):
        msg = _("%(n)s的职级为%(r)s，测评代表须为%(m)s以上") % {
            "n": staff.name,
            "r": staff.get_rank_display(),
            "m": Rank(scheme.delegate_min_rank).label,
        }
        raise DomainError.on("staff", msg)
    require(r.results.filter(department_id=staff.department_id).exists(), _("该部门不在本轮考核中"))
    if r.delegates.filter(staff=staff).exists():
        raise DomainError(_("%(n)s已是测评代表") % {"n": staff.name}, {"staff": [_("已是测评代表")]})
    if r.delegates.filter(department_id=staff.department_id).count() >= scheme.delegates_per_department:
        msg = _("每个部门推荐%(n)s名测评代表，本部门已满") % {"n": scheme.delegates_per_department}
        raise DomainError.on("staff", msg)
    d = Delegate.objects.create(round=r, department_id=staff.department_id, staff=staff, nominated_by=actor)
    moved(r, "nominate", actor=actor, note=staff.name)
    return d


@transaction.atomic
def delegate_remove(*, actor, delegate: Delegate) -> None:
    r = lock_round(delegate.round, actor)
    _head_or_tally(actor, delegate.department_id, _("撤回测评代表"))
    ROUND_MOVES.check(r, "unnominate")
    require(not r.codes_issued, _("测评码已生成，不能再更换代表；如确需更换请重新生成测评码"))
    name = delegate.staff.name
    delegate.delete()
    moved(r, "unnominate", actor=actor, note=name)
