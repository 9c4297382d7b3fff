"""竞聘上岗: publish posts for competition, apply (with the eligibility check), score, rank and appoint after the
publicity period, then move the posts and flag 竞聘落聘."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction, Rank, Role
from devzone.core.errors import DomainError, clean, require, require_role
from devzone.core.locking import locked
from devzone.core.models import Post, Staff
from devzone.core.transitions import Move, Transitions
from devzone.core.workdays import get_calendar
from devzone.personnel import selection
from devzone.personnel.choices import CompetitionStatus as CS
from devzone.personnel.choices import EliminationTrigger
from devzone.personnel.choices import EntryStatus as ES
from devzone.personnel.identity import age_on
from devzone.personnel.models import (
    AnnualReview,
    Competition,
    CompetitionEntry,
    CompetitionPost,
    EliminationCase,
)
from devzone.personnel.services import zone_in_reach

RUNNERS = (Role.ZONE_LEADER, Role.PERSONNEL_OFFICER, Role.SYSTEM)
DECIDERS = (
    Role.ZONE_LEADER,
    Role.SYSTEM,
)  # publish the proposed appointees, appoint: the zone's leaders only
RANK_ORDER = [Rank.STAFF, Rank.DEPUTY_SECTION, Rank.SECTION_CHIEF, Rank.DIVISION]  # lowest first
MOVES = Transitions(
    moves={
        "close": Move(sources={CS.OPEN}, target=CS.SCORING, label=_("截止报名，开始评分")),
        "publish": Move(sources={CS.SCORING}, target=CS.PUBLICITY, label=_("公布拟任用人选")),
        "finalize": Move(sources={CS.PUBLICITY}, target=CS.FINAL, label=_("公示期满，正式任用")),
    }
)


def below(rank: str, other: str) -> bool:
    return RANK_ORDER.index(rank) < RANK_ORDER.index(other)


@transaction.atomic
def competition_create(
    *, actor, zone, title: str, posts: list[tuple[int, int, str]], **fields
) -> Competition:
    """``posts``: (post id, seats, lowest rank that may apply) for each post put up for competition."""
    require_role(actor, *RUNNERS, doing=_("发布竞聘岗位"))
    zone_in_reach(actor, zone)
    require(bool(posts), _("请至少选择一个竞聘岗位"), "posts")
    require(len({p[0] for p in posts}) == len(posts), _("同一岗位只能列出一次"), "posts")
    for _post_id, seats, min_rank in posts:
        require(isinstance(seats, int) and 1 <= seats <= 99, _("职数应为1–99"), "posts")
        require(min_rank in Rank.values, _("请选择最低职级"), "posts")
    comp = Competition(zone=zone, title=title, **fields)
    clean(comp)
    comp.save()
    for post_id, seats, min_rank in posts:
        post = Post.objects.for_user(actor).filter(pk=post_id, zone=zone).first()
        require(post is not None, _("岗位不属于本开发区"), "posts")
        CompetitionPost.objects.create(competition=comp, post=post, seats=seats, min_rank=min_rank)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=comp)
    return comp


def eligibility(comp: Competition, target: CompetitionPost, staff: Staff, *, on) -> list[str]:
    problems = []
    if below(staff.rank, target.min_rank):
        problems.append(_("职级应为%(r)s及以上") % {"r": Rank(target.min_rank).label})
    if age_on(staff.hired_on, on) < comp.min_years:
        problems.append(_("任职年限不足%(n)d年") % {"n": comp.min_years})
    last = AnnualReview.objects.filter(staff=staff, year=on.year - 1).values_list("grade", flat=True).first()
    if last in ("basic", "incompetent"):
        problems.append(_("上年度考核为基本称职或不称职"))
    return problems


@transaction.atomic
def entry_apply(*, actor, competition, staff_id: int, post_id: int, on=None) -> CompetitionEntry:
    """A staff member applies (entered by the personnel office or a leader); the eligibility check decides
    whether the entry is scored."""
    require_role(actor, *RUNNERS, doing=_("竞聘报名"))
    comp = locked(Competition, competition, actor=actor, what=_("竞聘"))
    require(comp.status == CS.OPEN, _("竞聘报名已截止"))
    on = on or timezone.localdate()
    staff = Staff.objects.for_user(actor).filter(pk=staff_id, zone=comp.zone, is_active=True).first()
    require(staff is not None, _("请选择本开发区在岗的工作人员"), "staff")
    target = comp.posts.filter(post_id=post_id).first()
    require(target is not None, _("该岗位不在本次竞聘范围内"), "post")
    problems = eligibility(comp, target, staff, on=on)
    entry = CompetitionEntry(
        competition=comp,
        target=target,
        staff=staff,
        status=ES.INELIGIBLE if problems else ES.APPLIED,
        eligibility=problems,
        previous_post_id=staff.post_id,
        previous_rank=staff.rank,
        age=age_on(staff.birth_date, on),
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise DomainError.on("staff", _("每人每次竞聘只能报一个岗位")) from None
    audit.record(actor=actor, action=AuditAction.CREATE, obj=entry)
    return entry


@transaction.atomic
def entry_score(*, actor, entry, speech, evaluation) -> CompetitionEntry:
    require_role(actor, *RUNNERS, doing=_("竞聘评分"))
    row = locked(CompetitionEntry, entry, actor=actor, what=_("竞聘报名"), related=("competition",))
    require(row.competition.status == CS.SCORING, _("当前不在评分阶段"))
    require(row.status in (ES.APPLIED, ES.SCORED), _("不符合条件的报名不评分"))
    values = []
    for field, raw in (("speech", speech), ("evaluation", evaluation)):
        try:
            value = Decimal(str(raw))
        except ArithmeticError:
            raise DomainError.on(field, _("请填写0到100之间的分数")) from None
        require(value.is_finite() and 0 <= value <= 100, _("请填写0到100之间的分数"), field)
        values.append(value)
    w = row.competition.speech_weight
    row.speech_score, row.evaluation_score = values
    row.total = (values[0] * w + values[1] * (1 - w)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    row.status = ES.SCORED
    row.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=row, note=str(row.total))
    return row


@transaction.atomic
def competition_close(*, actor, competition) -> Competition:
    require_role(actor, *RUNNERS, doing=_("截止竞聘报名"))
    comp = locked(Competition, competition, actor=actor, what=_("竞聘"))
    return MOVES.apply(comp, "close", actor=actor)


@transaction.atomic
def competition_publish(*, actor, competition, on=None) -> Competition:
    """Rank each post's scored entries (total, then the evaluation score; equal on both share a place and
    need the leaders' decision), appoint the best per seat and start the publicity period."""
    require_role(actor, *DECIDERS, doing=_("公布拟任用人选"))
    comp = locked(Competition, competition, actor=actor, what=_("竞聘"))
    require(not comp.entries.filter(status=ES.APPLIED).exists(), _("还有报名未评分"))
    for target in comp.posts.select_related("post"):
        entries = sorted(
            target.entries.filter(status=ES.SCORED).select_related("staff"),
            key=lambda e: (-e.total, -e.evaluation_score, e.staff.employee_no),
        )
        # "1224": equal on both scores share a place (the employee number only lists them in a stable order)
        ranks = selection.places([(e.total, e.evaluation_score) for e in entries])
        for n, (e, place) in enumerate(zip(entries, ranks, strict=True)):
            tied_with_last = n >= target.seats and place == ranks[target.seats - 1]
            require(not tied_with_last, _("%(p)s末位得分并列，须由党工委研究确定") % {"p": target.post.name})
            e.rank, e.status = place, ES.APPOINTED if n < target.seats else ES.NOT_APPOINTED
            e.save(update_fields=["rank", "status"])
    on = on or timezone.localdate()
    holders = Staff.objects.filter(post__in=comp.posts.values("post"), is_active=True)
    comp.holders_before = [[age_on(s.birth_date, on), s.education] for s in holders]
    comp.publicity_from = on
    comp.publicity_until = get_calendar().add_workdays(on, comp.publicity_days)
    return MOVES.apply(
        comp, "publish", actor=actor, fields=("holders_before", "publicity_from", "publicity_until")
    )


@transaction.atomic
def competition_finalize(*, actor, competition, on=None) -> Competition:
    """After the publicity period: the appointees take their posts (the staff records change, audited). Everyone
    who held a competed post and won none is flagged 竞聘落聘 — an entrant who applied from such a post, and an
    active holder who did not compete at all — and a holder is taken off the post, which is the appointee's now
    (a one-seat post never keeps two holders)."""
    require_role(actor, *DECIDERS, doing=_("正式任用"))
    comp = locked(Competition, competition, actor=actor, what=_("竞聘"))
    on = on or timezone.localdate()
    require(comp.publicity_until is not None and on > comp.publicity_until, _("公示期未满，不能任用"))
    competed = set(comp.posts.values_list("post_id", flat=True))
    entries = list(comp.entries.select_related("staff", "target__post"))
    appointed = {e.staff_id for e in entries if e.status == ES.APPOINTED}
    holders = list(
        Staff.objects.select_for_update()
        .filter(zone=comp.zone, post_id__in=competed, is_active=True)
        .exclude(pk__in=appointed)
    )
    for staff in holders:
        before = audit.snapshot(staff)
        staff.post = None
        staff.save(update_fields=["post", "updated_at"])
        audit.updated(actor, staff, before, note=_("竞聘落聘，免去原岗位：%(c)s") % {"c": comp.title})
    failed = {s.pk for s in holders} | {
        e.staff_id for e in entries if e.status != ES.APPOINTED and e.previous_post_id in competed
    }
    for e in entries:
        if e.status == ES.APPOINTED:
            before = audit.snapshot(e.staff)
            e.staff.post, e.staff.department_id, e.staff.rank = (
                e.target.post,
                e.target.post.department_id,
                e.target.post.rank,
            )
            e.staff.save(update_fields=["post", "department", "rank", "updated_at"])
            audit.updated(actor, e.staff, before, note=_("竞聘上岗任用：%(c)s") % {"c": comp.title})
    for staff_id in sorted(failed):
        EliminationCase.objects.get_or_create(
            staff_id=staff_id,
            year=on.year,
            trigger=EliminationTrigger.COMPETITION,
            defaults={"zone": comp.zone},
        )
    comp.decided_on = on
    return MOVES.apply(comp, "finalize", actor=actor, fields=("decided_on",))
