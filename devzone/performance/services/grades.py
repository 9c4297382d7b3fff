"""Individual grades (个人等次) within the department's quota, and appeals (申诉) to the leader — or, when
回避 leaves the zone no leader to decide one (the appellant is its only leader), to the city (市级管理人员 of
the zone's city: the 市委组织部 of DOMAIN.md, who reads the zone's grades already)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import (
    ConflictError,
    DomainError,
    PermissionDeniedError,
    check_id,
    require,
    require_role,
    require_text,
)
from devzone.core.models import Profile, Staff
from devzone.core.notify import Text, notify
from devzone.core.transitions import Move, Transitions
from devzone.core.workdays import get_calendar
from devzone.performance import scoring
from devzone.performance.choices import AppealStatus, Grade
from devzone.performance.models import Appeal, AppealWindowRule, DepartmentResult, Round, StaffGrade
from devzone.performance.services.common import ROUND_MOVES, lock_round, parse_keyed
from devzone.performance.services.rounds import _result_of
from devzone.performance.services.settlement import not_pay_closed
from devzone.performance.services.tally import improve_required

REASON_MAX = 2000  # Appeal.reason's length, the page's maxlength
APPEAL_MOVES = Transitions(
    moves={
        "uphold": Move({AppealStatus.PENDING}, AppealStatus.UPHELD, gettext_lazy("维持原等次")),
        "change": Move({AppealStatus.PENDING}, AppealStatus.CHANGED, gettext_lazy("改变等次")),
    }
)


def _grader(actor, r: Round, department_id: int):
    """The actor's reach if they grade in the department: its head, or the zone leader (who grades the heads);
    else 403."""
    rr = reach_of(actor)
    if rr.zone_id == r.zone_id and (
        rr.role == Role.ZONE_LEADER or (rr.role == Role.DEPARTMENT_HEAD and rr.department_id == department_id)
    ):
        return rr
    raise PermissionDeniedError(_("只有本部门负责人或管委会主任可以评定本部门人员的等次"))


def head_staff_ids(zone_id: int, department_id: int) -> set[int]:
    """The staff records of a department's heads (active 部室负责人 accounts of the zone whose staff record is in
    the department): 回避 — they are graded by the zone leader, never by themselves nor by another head."""
    return set(
        Profile.objects.filter(
            zone_id=zone_id,
            role=Role.DEPARTMENT_HEAD,
            user__is_active=True,
            staff__department_id=department_id,
        ).values_list("staff_id", flat=True)
    )


def grade_refusal(rr, heads: set[int], staff_id: int) -> str:
    """Why the grader of reach ``rr`` may not grade ``staff_id`` of a department whose heads are ``heads``
    (the department head grades the others, the zone leader the heads), or ""."""
    if staff_id == rr.staff_id:
        return _("须回避：不能评定本人的等次，部门负责人的等次由管委会主任评定")
    if rr.role == Role.ZONE_LEADER and staff_id not in heads:
        return _("管委会主任只评定部门负责人的等次，其他人员由部门负责人评定")
    if rr.role != Role.ZONE_LEADER and staff_id in heads:
        return _("部门负责人的等次由管委会主任评定")
    return ""


def _check_graders(rr, r: Round, department_id: int, staff_ids) -> None:
    heads = head_staff_ids(r.zone_id, department_id)
    errors = {f"grades.{sid}": [why] for sid in staff_ids if (why := grade_refusal(rr, heads, sid))}
    if errors:
        raise DomainError.of(errors)


def _grade(value, field: str) -> str:
    if value not in Grade.values:
        raise DomainError.on(field, _("未知的等次"))
    return value


def _parse_grades(grades: dict, members: dict) -> dict[int, str]:
    """``{staff id: grade}`` of the people the round counted in the department (blank: unchanged); all
    problems at once."""
    parsed, errors = parse_keyed(
        grades,
        members,
        field="grades",
        unknown=_("未知的工作人员"),
        outside=_("不是本轮本部门参与考核的人员"),
        parse=_grade,
    )
    if errors:
        raise DomainError.of(errors)
    return parsed


GRADES_STALE = gettext_lazy(
    "%(names)s的等次在您打开页面后已有变动（他人修改或申诉处理），本次未保存；请查看最新等次后重新评定"
)


def _check_versions(versions: dict | None, parsed: dict, current: dict, members: dict) -> None:
    """Refuse (409) a submission made from a stale copy: a row whose grade's version (0: no grade yet) is not the
    one the page or the API client read. Only the rows sent with a version are checked (the page sends one with
    every row it lets the person grade; an API client that sends none checks nothing)."""
    stale = []
    for sid in parsed:
        sent = (versions or {}).get(str(sid), (versions or {}).get(sid))
        if sent is None or sent == "":
            continue
        seen = 0 if sent in (0, "0") else check_id(sent)
        if seen is None or seen != current.get(sid, (None, 0))[1]:
            stale.append(sid)
    if stale:
        names = "、".join(str(members[sid]) for sid in stale[:5])
        raise ConflictError(
            str(GRADES_STALE % {"names": names}),
            {f"grades.{sid}": [str(GRADES_STALE % {"names": members[sid]})] for sid in stale},
        )


def _check_decided_appeals(r: Round, changed: set[int], members: dict) -> None:
    """A grade whose appeal was decided is final: the decision (upheld or changed) is not undone by a later
    grading, by the head or the leader, nor by a page saved from before it."""
    decided = (
        r.appeals.filter(grade__staff_id__in=changed)
        .exclude(status=AppealStatus.PENDING)
        .values_list("grade__staff_id", flat=True)
    )
    errors = {
        f"grades.{sid}": [
            _("%(name)s的等次已经申诉处理，以处理结果为准，不能再修改") % {"name": members[sid]}
        ]
        for sid in sorted(set(decided))
    }
    if errors:
        raise DomainError.of(errors)


@transaction.atomic
def grades_set(*, actor, round: Round, department_id: int, grades: dict, versions: dict | None = None) -> int:
    """A department head grades staff of their department ({staff id: grade}), except the heads themselves
    (回避), whom the zone leader grades; the department's grades after the change — the heads' and the others'
    together — must stay within the quota (优秀 and 良好 at most their seats), else nothing changes.

    ``versions`` ({staff id: version}, 0 for a person not graded yet) are the grades' versions the page or the API
    client read: a row sent with its version and changed since (by the leader, an appeal decision, another tab)
    refuses the whole submission (409). A grade whose appeal was decided is never changed again."""
    r = lock_round(round, actor)
    rr = _grader(actor, r, department_id)
    ROUND_MOVES.check(r, "grade")
    not_pay_closed(r)
    res = _result_of(r, department_id)
    # the people counted when the round opened: a leaver or a person moved on since is still graded here
    members = {
        s.pk: s
        for s in Staff.objects.filter(zone=r.zone, pk__in=res.members).select_related("post", "pay_profile")
    }
    parsed = _parse_grades(grades, members)
    _check_graders(rr, r, department_id, parsed)
    # {staff id: (grade, version)}, the rows locked: two saves of the department are taken one by one
    current_rows = {
        sid: (g, v)
        for sid, g, v in StaffGrade.objects.select_for_update()
        .filter(round=r, department_id=department_id)
        .values_list("staff_id", "grade", "version")
    }
    _check_versions(versions, parsed, current_rows, members)
    current = {sid: gv[0] for sid, gv in current_rows.items()}
    changed = {sid for sid, g in parsed.items() if current.get(sid) != g}
    require(
        not r.appeals.filter(grade__staff_id__in=parsed, status=AppealStatus.PENDING).exists(),
        _("有待处理的申诉，请待领导处理后再调整其等次"),
    )
    _check_decided_appeals(r, changed, members)
    # over the whole department (the heads' grades, given by the leader, and the others'); only the grades this
    # change gives count, so that a department over a quota lowered after grading can be regraded step by step
    # (the head lowers the others', the leader the heads') — a grade beyond its seats is never given
    given = {g for sid, g in parsed.items() if sid in changed}
    check_quota(res, {**current, **parsed}.values(), given=given)
    for sid, grade in parsed.items():
        version = current_rows.get(sid, (None, 0))[1] + (1 if sid in changed else 0)
        StaffGrade.objects.update_or_create(
            round=r,
            staff_id=sid,
            defaults={
                "grade": grade,
                "department_id": department_id,
                "graded_by": actor,
                "version": version,
                **pay_inputs(members[sid]),
            },
        )
    changes = {str(members[s]): [current.get(s), g] for s, g in parsed.items() if s in changed}
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


def _over_quota(res: DepartmentResult, grades, only=None) -> list[dict]:
    """The capped grades given beyond the department's quota (those of ``only`` when given), each as the
    parameters of its message: the grade's label, its seats and how many hold it."""
    quota = scoring.Quota({k: int(v) for k, v in res.quota.items() if k in scoring.GRADES})
    given = list(grades)
    return [
        {"grade": Grade(g).label, "seats": quota[g], "n": given.count(g)}
        for g in scoring.over_quota(given, quota)
        if only is None or g in only
    ]


def check_quota(res: DepartmentResult, grades, given=None, *, field: str = "grades") -> None:
    """Refused (the error on ``field``, the form's) when ``grades`` (the department's, after a change) hold a
    capped grade beyond its seats — of the grades the change ``given`` when it is named: one message a grade."""
    over = [
        _("超出等次名额：%(grade)s最多%(seats)s人，现为%(n)s人") % o for o in _over_quota(res, grades, given)
    ]
    if over:
        raise DomainError(over[0], {field: over})


def grading_complete(res: DepartmentResult, grades: dict[int, str]) -> list[str]:
    """What still keeps a department's grading from complete (for pay), from its saved grades ({staff id:
    grade}): people counted by the round still ungraded, the 待改进 minimum, and grades beyond the quota (a
    quota lowered by a calibration after a reopening leaves the saved grades as they were: the head regrades
    before the quarter can be paid)."""
    problems = []
    if res.members:
        missing = len(set(res.members) - set(grades))
    else:  # a result without its list of people (the benchmark's): by the headcount
        missing = max(res.headcount - len(grades), 0)
    if missing:
        problems.append(_("%(d)s尚有%(n)s人未评定等次") % {"d": res.department.name, "n": missing})
    given = list(grades.values())
    need = improve_required(res.quota)
    if need and given.count("improve") < need and not missing:
        problems.append(_("%(d)s须至少评定%(n)s名待改进") % {"d": res.department.name, "n": need})
    for o in _over_quota(res, given):
        problems.append(
            _("%(d)s的等次超出名额：%(grade)s最多%(seats)s人，现为%(n)s人，须由部门负责人重新评定")
            % {"d": res.department.name, **o}
        )
    return problems


# 回避: a zone leader whose own grade is appealed (their staff record counted in a department) never decides it
OWN_APPEAL = gettext_lazy("须回避：不能处理本人等次的申诉，由其他领导处理")
# ... and when no other leader of the zone is left to decide it, the city does (``appeal_to_city``)
TO_CITY = gettext_lazy("本区领导须回避，该申诉由市级管理人员处理")
NOT_CITY = gettext_lazy("本区有其他领导可以处理该申诉，由其处理")
APPEAL_KIND = "performance.appeal"  # the notices of an appeal (named in ``access.py``)


def own_appeal(actor, appeal: Appeal) -> bool:
    """Whether ``appeal`` is of the actor's own grade (through their staff record)."""
    staff_id = reach_of(actor).staff_id
    return staff_id is not None and appeal.grade.staff_id == staff_id


def _zone_leaders(zone_id, appellant_staff_id):
    """The zone's active leaders who may decide the appeal of ``appellant_staff_id``'s grade: all but the
    appellant (回避; a leader without a staff record is never the appellant). Either argument may be an
    ``OuterRef``."""
    return Profile.objects.filter(zone_id=zone_id, role=Role.ZONE_LEADER, user__is_active=True).filter(
        Q(staff_id__isnull=True) | ~Q(staff_id=appellant_staff_id)
    )


def leader_decides() -> Exists:
    """For a queryset of appeals: whether a leader of the appeal's zone may decide it (else the city does)."""
    return Exists(_zone_leaders(OuterRef("round__zone_id"), OuterRef("grade__staff_id")))


def appeal_to_city(appeal: Appeal) -> bool:
    """Whether the appeal goes to the city: no active leader of its zone but the appellant (回避). Read when it
    is decided, so that a leader appointed since takes it back to the zone."""
    known = getattr(appeal, "to_city", None)  # the selectors' annotation
    if known is not None:
        return known
    return not _zone_leaders(appeal.round.zone_id, appeal.grade.staff_id).exists()


def grade_appeal_to_city(grade: StaffGrade) -> bool:
    """Whether an appeal of ``grade`` would go to the city (``appeal_to_city``): what the appellant is told."""
    return not _zone_leaders(grade.round.zone_id, grade.staff_id).exists()


def appeal_deciders(appeal: Appeal) -> list[int]:
    """The ids of the users who may decide the appeal: the zone's other leaders, or the city officers of the
    zone's city when there are none (never another city's)."""
    leaders = list(
        _zone_leaders(appeal.round.zone_id, appeal.grade.staff_id).values_list("user_id", flat=True)
    )
    if leaders:
        return leaders
    return list(
        Profile.objects.filter(
            role=Role.CITY_OFFICER, city_id=appeal.round.zone.city_id, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def appeal_refusal(actor, appeal: Appeal) -> str:
    """Why ``actor`` may not decide ``appeal`` (a row in their reach), or "": a leader of the appeal's zone but
    the appellant; when 回避 leaves none, a city officer of the zone's city."""
    rr = reach_of(actor)
    zone = appeal.round.zone
    to_city = appeal_to_city(appeal)
    if rr.role == Role.CITY_OFFICER and rr.city_id == zone.city_id:
        return "" if to_city else str(NOT_CITY)
    if rr.role != Role.ZONE_LEADER or rr.zone_id != zone.pk:
        return _("您的角色不能%(doing)s") % {"doing": _("处理申诉")}
    if own_appeal(actor, appeal):
        return str(TO_CITY) if to_city else str(OWN_APPEAL)
    return ""


def appeal_deadline(r: Round) -> tuple[dt.date, str] | None:
    """The last day to appeal a grade of round ``r`` and its basis: the ``days``-th working day (core calendar)
    after the day the round was published (Beijing date), by the ``AppealWindowRule`` in force that day. None
    while the round is not published, or when no rule was in force (no time limit)."""
    if r.published_at is None:
        return None
    published = timezone.localdate(r.published_at)
    rule = AppealWindowRule.in_force(published)
    if rule is None:
        return None
    return get_calendar().add_workdays(published, rule.days), rule.basis


def appeal_late(r: Round, today: dt.date | None = None) -> str:
    """Why an appeal of a grade of ``r`` is too late today, naming the deadline and its basis, or ""."""
    deadline = appeal_deadline(r)
    if deadline is None or (today or timezone.localdate()) <= deadline[0]:
        return ""
    return _("申诉期限已于%(d)s届满，不能再提出申诉（%(basis)s）") % {
        "d": date_format(deadline[0], "DATE_FORMAT"),
        "basis": deadline[1],
    }


@transaction.atomic
def appeal_submit(*, actor, grade: StaffGrade, reason: str) -> Appeal:
    """A staff member's appeal of their own grade (申诉), to the leader."""
    profile = getattr(actor, "profile", None)
    if not profile or profile.staff_id != grade.staff_id:
        raise PermissionDeniedError(_("只能对本人的等次提出申诉"))
    r = lock_round(grade.round, actor)
    ROUND_MOVES.check(r, "appeal")
    not_pay_closed(r)
    if late := appeal_late(r):
        raise DomainError(late)
    reason = require_text(reason, "reason", _("请写明申诉理由"), max_length=REASON_MAX)
    # one appeal per grade: a pending one waits for its decision, a decided one is final (the page offers the
    # form only to a grade without an appeal); the round is locked, so two submissions are taken one by one
    done = Appeal.objects.filter(grade=grade).order_by("-pk").first()
    if done is not None:
        require(done.status != AppealStatus.PENDING, _("已有待处理的申诉"))
        raise DomainError(_("该等次已提出过申诉并已处理，不能再次申诉"))
    a = Appeal.objects.create(
        round=r, grade=grade, reason=reason, submitted_by=actor, original_grade=grade.grade
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=a, zone_id=r.zone_id, note=_("提出申诉"))
    # to whoever decides it (the zone's other leaders, or the city's officers when 回避 leaves none): their desk
    # counts it too (``desk.appeals_to_decide``)
    notify(
        appeal_deciders(a),
        kind=APPEAL_KIND,
        zone_id=r.zone_id,
        title=Text(
            gettext_lazy("%(name)s对%(round)s的等次提出申诉，待处理"),
            name=grade.staff.name,
            round=Text(gettext_lazy("%(y)s年第%(q)s季度考核"), y=r.year, q=r.quarter),
        ),
        url=reverse("performance:appeal_list") + "?todo=1",
        key=f"performance-appeal-{a.pk}-submitted",
    )
    return a


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, new_grade: str = "", decision: str) -> Appeal:
    """The decision of a leader of the zone other than the appellant (回避) — or, when there is none, of a city
    officer of the zone's city (``appeal_refusal``): keep the grade, or change it (within the department's
    quota); recorded, and the appellant told. Only while the round is published and its pay open, as grading:
    a round reopened for a correction (back to 已计分) may change its coefficients and quotas, so a pending
    appeal waits for its republication."""
    require_role(actor, Role.ZONE_LEADER, Role.CITY_OFFICER, doing=_("处理申诉"))
    # in the actor's reach, else 404: the officer of another city never finds it
    r = lock_round(appeal.round, actor)
    ROUND_MOVES.check(r, "decide_appeal")
    not_pay_closed(r)
    a = Appeal.objects.select_for_update().select_related("grade__staff", "round__zone").get(pk=appeal.pk)
    if why := appeal_refusal(actor, a):
        raise PermissionDeniedError(why)
    require(a.status == AppealStatus.PENDING, _("该申诉已处理"))
    decision = require_text(decision, "decision", _("请写明处理意见"))
    g = StaffGrade.objects.select_for_update().get(pk=a.grade_id)
    if new_grade and new_grade not in Grade.values:
        raise DomainError.on("new_grade", _("未知的等次"))
    if new_grade and new_grade != g.grade:
        res = r.results.get(department_id=g.department_id)
        others = list(
            r.grades.filter(department_id=g.department_id).exclude(pk=g.pk).values_list("grade", flat=True)
        )
        # as grades_set: only the grade the decision gives counts, so that lowering a grade is taken while the
        # department is over a quota lowered after a reopening (a capped grade beyond its seats is never given)
        check_quota(res, [*others, new_grade], given={new_grade}, field="new_grade")
        g.grade = new_grade
        g.version += 1  # a grades page opened before the decision is stale now
        g.save(update_fields=["grade", "version", "updated_at"])
        a.new_grade = new_grade
        move, note = "change", f"{Grade(a.original_grade).label} → {Grade(new_grade).label}。{decision}"
    else:
        move, note = "uphold", decision
    a.decision, a.decided_by, a.decided_at = decision, actor, timezone.now()
    APPEAL_MOVES.apply(
        a,
        move,
        actor=actor,
        note=note,
        doing=_("处理申诉"),
        fields=["new_grade", "decision", "decided_by", "decided_at"],
    )
    notify(
        [a.submitted_by_id],
        kind=APPEAL_KIND,
        zone_id=r.zone_id,
        title=Text(
            gettext_lazy("您对%(round)s等次的申诉已处理：%(move)s"),
            round=Text(gettext_lazy("%(y)s年第%(q)s季度考核"), y=r.year, q=r.quarter),
            move=APPEAL_MOVES.moves[move].label,
        ),
        body=decision,
        url=reverse("performance:my"),
        key=f"performance-appeal-{a.pk}-decided",
    )
    return a
