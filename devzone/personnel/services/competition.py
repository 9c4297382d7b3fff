"""竞聘上岗: publish posts for competition, apply (with the eligibility check), score, rank and appoint after the
publicity period, then move the posts and flag 竞聘落聘."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from devzone.core import audit
from devzone.core.access import can, reach_of
from devzone.core.choices import AuditAction, Rank, Role
from devzone.core.errors import (
    DomainError,
    NotFoundError,
    PermissionDeniedError,
    check_id,
    clean,
    require,
    require_role,
    require_text,
)
from devzone.core.locking import in_scope, locked
from devzone.core.models import Post, Staff
from devzone.core.notify import Text, notify, stored, zone_users
from devzone.core.templatetags.devzone import show
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
    PromotionRule,
    TieDecision,
)
from devzone.personnel.models.competition import competition_publicity_refusal
from devzone.personnel.models.staffing import GRADES_BARRING_COMPETITION
from devzone.personnel.services import site_label, zone_in_reach

RUNNERS = (Role.ZONE_LEADER, Role.PERSONNEL_OFFICER, Role.SYSTEM)
DECIDERS = (
    Role.ZONE_LEADER,
    Role.SYSTEM,
)  # publish the proposed appointees, appoint: the zone's leaders only
RANK_ORDER = [Rank.STAFF, Rank.DEPUTY_SECTION, Rank.SECTION_CHIEF, Rank.DIVISION]  # lowest first
MOVES = Transitions(
    moves={
        "close": Move(
            sources={CS.OPEN}, target=CS.SCORING, label=site_label(gettext_lazy("截止报名，开始评分"))
        ),
        "publish": Move(
            sources={CS.SCORING}, target=CS.PUBLICITY, label=site_label(gettext_lazy("公布拟任用人选"))
        ),
        "finalize": Move(
            sources={CS.PUBLICITY}, target=CS.FINAL, label=site_label(gettext_lazy("公示期满，正式任用"))
        ),
    }
)


def below(rank: str, other: str) -> bool:
    return RANK_ORDER.index(rank) < RANK_ORDER.index(other)


def steps_below(rank: str, other: str) -> int:
    """How many ranks ``rank`` is below ``other`` (0 for the same rank or above)."""
    return max(0, RANK_ORDER.index(other) - RANK_ORDER.index(rank))


def promotion_rule(on) -> PromotionRule | None:
    """逐级晋升 as the law stands on ``on`` (``PromotionRule``); None: no rule, ranks free."""
    return PromotionRule.in_force(on)


def _put_up_on(comp: Competition):
    return timezone.localdate(comp.created_at) if comp.created_at else timezone.localdate()


def competition_rule(comp: Competition, rules: list[PromotionRule] | None = None) -> PromotionRule | None:
    """The rule a competition was put up under: the one in force on the day it was created. ``rules``: every
    rule, newest first, read once by a caller that looks at many competitions."""
    if rules is None:
        return promotion_rule(_put_up_on(comp))
    day = _put_up_on(comp)
    return next((r for r in rules if r.effective_from <= day), None)


def lowest_rank(post_rank: str, rule: PromotionRule | None) -> str:
    """The lowest rank ``rule`` lets a post of ``post_rank`` be opened to, or anyone be appointed from."""
    if rule is None:
        return RANK_ORDER[0]
    return RANK_ORDER[max(0, RANK_ORDER.index(post_rank) - rule.max_steps)]


def _skips(rank: str, post_rank: str, rule: PromotionRule | None, comp: Competition) -> bool:
    """越级: ``rank`` is further below ``post_rank`` than the rule admits, and the competition is no 破格."""
    return rule is not None and not comp.exceptional and below(rank, lowest_rank(post_rank, rule))


def admitted_rank(comp: Competition, target: CompetitionPost, rule: PromotionRule | None) -> str:
    """The lowest rank that may enter for ``target``: its 最低职级, raised to what 逐级晋升 (``rule``, the
    competition's) admits where the post was opened lower (before the rule, or by mistake) and no 破格."""
    if _skips(target.min_rank, target.post.rank, rule, comp):
        return lowest_rank(target.post.rank, rule)
    return target.min_rank


def _rule_refusal(post: Post, min_rank: str, rule: PromotionRule) -> str:
    return _(
        "%(p)s为%(r)s，最低职级不得低于%(low)s（逐级晋升）；越级须按破格办理，勾选破格并填写批准文号。依据：%(basis)s"
    ) % {
        "p": post.name,
        "r": Rank(post.rank).label,
        "low": Rank(lowest_rank(post.rank, rule)).label,
        "basis": rule.basis,
    }


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
    # 破格 only on a written approval (批准文号 or the decision it rests on), kept with the competition and audited
    exceptional = bool(fields.pop("exceptional", False))
    basis = fields.pop("exceptional_basis", "") or ""
    basis = _exceptional_basis(basis) if exceptional else ""
    comp = Competition(zone=zone, title=title, exceptional=exceptional, exceptional_basis=basis, **fields)
    clean(comp)
    # 任职前公示: at least the working days of the rule in force today, named in the refusal (data, not code)
    refusal = competition_publicity_refusal(comp.publicity_days)
    require(refusal is None, refusal or "", "publicity_days")
    comp.save()
    rule = promotion_rule(timezone.localdate())
    for post_id, seats, min_rank in posts:
        post = Post.objects.for_user(actor).filter(pk=post_id, zone=zone).first()
        require(post is not None, _("岗位不属于本开发区"), "posts")
        # 逐级晋升: opened at most the rule's steps below the post's rank, unless 破格 (``PromotionRule``)
        if _skips(min_rank, post.rank, rule, comp):
            raise DomainError.on("posts", _rule_refusal(post, min_rank, rule))
        CompetitionPost.objects.create(competition=comp, post=post, seats=seats, min_rank=min_rank)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=comp,
        changes=_exceptional_changes(basis) if exceptional else None,
        note=_exceptional_note(basis) if exceptional else "",
    )
    return comp


def _exceptional_basis(basis) -> str:
    """破格's written approval, required (the one rule of ``competition_create`` and ``competition_exceptional``)."""
    return require_text(basis, "exceptional_basis", _("破格竞聘须填写批准依据（如批准文号）"), max_length=300)


def _exceptional_changes(basis: str) -> dict:
    return {"exceptional": [False, True], "exceptional_basis": ["", basis]}


def _exceptional_note(basis: str) -> str:
    return stored(gettext_lazy("破格（越级）竞聘，批准依据：%(b)s"), b=basis)


# 破格 may still be recorded while nobody has been published for appointment: 报名中 and 评分中
EXCEPTIONAL_OPEN = (CS.OPEN, CS.SCORING)


@transaction.atomic
def competition_exceptional(*, actor, competition, basis: str, version: int | None = None) -> Competition:
    """破格 recorded after the competition was put up — its written approval came later, or the competition was
    admitted before 逐级晋升 (``PromotionRule``) with posts opened lower than the rule admits — under the rules of
    ``competition_create``: the zone's leader or 人事专员, an approval in writing, stored on the competition,
    shown on its page and audited. Only until the proposed appointees are published (报名中、评分中): after, the
    ranking and its publicity stand on the rules they were made under. An entrant of the competition does not
    record it (回避). While registration is open, the entries kept 不符合条件 are checked again as an entry made
    today would be (one whose only bar was the rank may now be scored); during scoring the entries stand as they
    were checked, and the 破格 lifts the bar on publishing and appointing across ranks (``_no_rank_skipping``)."""
    require_role(actor, *RUNNERS, doing=_("记录破格批准"))
    comp = locked(Competition, competition, actor=actor, version=version, what=_("竞聘"))
    _entrant_recused(actor, comp, _("您报名参加了本次竞聘，须回避，由其他人员记录破格批准"))
    require(
        comp.status in EXCEPTIONAL_OPEN,
        _("已公布拟任用人选，不能再记录破格；公布前未经批准破格的，不能越级任用"),
    )
    require(not comp.exceptional, _("本次竞聘已记录破格批准"))
    basis = _exceptional_basis(basis)
    comp.exceptional, comp.exceptional_basis = True, basis
    comp.version += 1
    comp.save(update_fields=["exceptional", "exceptional_basis", "version", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=comp,
        changes=_exceptional_changes(basis),
        note=_exceptional_note(basis),
    )
    if comp.status == CS.OPEN:
        _recheck_ineligible(comp, actor=actor)
    return comp


def _recheck_ineligible(comp: Competition, *, actor) -> None:
    """The entries kept 不符合条件 checked again today, under the competition as it now stands; each that passes
    becomes an entry to be scored (its old reasons cleared), audited."""
    on = timezone.localdate()
    for entry in (
        comp.entries.select_for_update(of=("self",))
        .select_related("target__post", "staff")
        .filter(status=ES.INELIGIBLE)
    ):
        if eligibility(comp, entry.target, entry.staff, on=on):
            continue
        before = entry.eligibility
        entry.status, entry.eligibility = ES.APPLIED, []
        entry.save(update_fields=["status", "eligibility"])
        audit.changed(
            actor,
            entry,
            "eligibility",
            before,
            [],
            note=stored(gettext_lazy("破格批准后重新审查，符合报名条件")),
            zone_id=comp.zone_id,
        )


@dataclass(frozen=True)
class Check:
    """One condition of the eligibility check as the applicant reads it: what is required, what they have, and
    the problem an entry records when it fails (empty when met)."""

    label: str
    required: str
    actual: str
    problem: str

    @property
    def ok(self) -> bool:
        return not self.problem


def eligibility_checks(comp: Competition, target: CompetitionPost, staff: Staff, *, on) -> list[Check]:
    """职级, 任职年限 (full years in the current rank on ``on``: since ``Staff.rank_since``, or since hired when
    that is not recorded) and last year's annual review, each with its verdict."""
    years = age_on(staff.rank_held_since, on)
    low = admitted_rank(comp, target, competition_rule(comp))
    grade = AnnualReview.objects.filter(staff=staff, year=on.year - 1).values_list("grade", flat=True).first()
    labels = dict(AnnualReview._meta.get_field("grade").flatchoices)
    grade_label = str(labels.get(grade, grade)) if grade else _("无记录")
    return [
        Check(
            _("职级"),
            _("%(r)s及以上") % {"r": Rank(low).label},
            Rank(staff.rank).label,
            _("职级应为%(r)s及以上") % {"r": Rank(low).label} if below(staff.rank, low) else "",
        ),
        Check(
            _("任职年限"),
            _("%(n)d年以上") % {"n": comp.min_years},
            ngettext("%(n)d年（%(d)s起）", "%(n)d年（%(d)s起）", years)
            % {"n": years, "d": show(staff.rank_held_since)},
            _("任职年限不足%(n)d年") % {"n": comp.min_years} if years < comp.min_years else "",
        ),
        Check(
            _("上年度考核"),
            _("称职及以上"),
            f"{on.year - 1}：{grade_label}",
            _("上年度考核为基本称职或不称职") if grade in GRADES_BARRING_COMPETITION else "",
        ),
    ]


def eligibility(comp: Competition, target: CompetitionPost, staff: Staff, *, on) -> list[str]:
    return [c.problem for c in eligibility_checks(comp, target, staff, on=on) if c.problem]


@transaction.atomic
def entry_apply(*, actor, competition, staff_id: int, post_id: int, on=None) -> CompetitionEntry:
    """A staff member applies (entered by the personnel office or a leader); the eligibility check decides
    whether the entry is scored."""
    require_role(actor, *RUNNERS, doing=_("竞聘报名"))
    comp = locked(Competition, competition, actor=actor, what=_("竞聘"))
    # 回避: an entrant enters nobody else's application (their own goes through ``entry_self_apply``)
    _entrant_recused(actor, comp, _("您报名参加了本次竞聘，须回避，由未报名的人员录入报名"))
    require(comp.status == CS.OPEN, _("竞聘报名已截止"))
    on = on or timezone.localdate()
    staff = Staff.objects.for_user(actor).filter(pk=staff_id, zone=comp.zone, is_active=True).first()
    require(staff is not None, _("请选择本开发区在岗的工作人员"), "staff")
    target = comp.posts.filter(post_id=post_id).first()
    require(target is not None, _("该岗位不在本次竞聘范围内"), "post")
    problems = eligibility(comp, target, staff, on=on)
    return _entry_save(comp, target, staff, problems, actor=actor, on=on)


def _entry_save(comp, target, staff, problems, *, actor, on, note="", field="staff") -> CompetitionEntry:
    """The entry (ineligible with its reasons, or applied), once per person and competition (an entry they
    withdrew does not count: the constraint leaves withdrawn rows out), audited."""
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
        raise DomainError.on(field, _("每人每次竞聘只能报一个岗位")) from None
    audit.record(actor=actor, action=AuditAction.CREATE, obj=entry, note=note, zone_id=comp.zone_id)
    return entry


# --- 本人报名: a staff member applies, or withdraws, from their own account -------------------------------------
def own_staff(actor) -> Staff:
    """The actor's own staff record, active (the self-service's only subject: nobody applies for another here)."""
    staff_id = reach_of(actor).staff_id
    staff = Staff.objects.filter(pk=staff_id, is_active=True).first() if staff_id else None
    if staff is None or not can(actor, "create", CompetitionEntry):
        raise PermissionDeniedError(_("您的账号没有关联在岗的工作人员档案，不能报名竞聘；请联系人事专员"))
    return staff


def _tell_office(comp: Competition, staff: Staff, title: Text, key: str) -> None:
    """The zone's 人事专员 are told, each in their own language, not the applicant's (``core.notify.Text``)."""
    notify(
        zone_users(comp.zone_id, roles=[Role.PERSONNEL_OFFICER]),
        kind="personnel.competition_entry",
        title=title,
        url=comp.get_absolute_url(),
        zone_id=comp.zone_id,
        key=key,
    )


@transaction.atomic
def entry_self_apply(*, actor, competition, post_id: int, on=None) -> CompetitionEntry:
    """本人报名竞聘: the actor's own application to a post of an open competition of their zone. The eligibility check
    runs first, and an applicant who does not meet it is refused with its reasons (the office may still enter the
    application, which is then kept with them). One post per competition; the zone's 人事专员 are told."""
    staff = own_staff(actor)
    pk = getattr(competition, "pk", competition)
    comp = Competition.objects.select_for_update().filter(pk=check_id(pk), zone_id=staff.zone_id).first()
    if comp is None:
        raise NotFoundError(_("竞聘不存在"))
    require(comp.status == CS.OPEN, _("竞聘报名已截止"))
    target = comp.posts.select_related("post").filter(post_id=post_id).first()
    require(target is not None, _("该岗位不在本次竞聘范围内"), "post")
    on = on or timezone.localdate()
    problems = eligibility(comp, target, staff, on=on)
    require(
        not problems,
        _("不符合报名条件：%(why)s。如有异议，请联系人事专员") % {"why": "；".join(problems)},
        "post",
    )
    require(
        not comp.entries.filter(staff=staff).exclude(status=ES.WITHDRAWN).exists(),
        _("您已报名本次竞聘；如需改报其他岗位，请先撤回原报名"),
        "post",
    )
    entry = _entry_save(
        comp, target, staff, problems, actor=actor, on=on, note=stored(gettext_lazy("本人报名")), field="post"
    )
    _tell_office(
        comp,
        staff,
        Text(gettext_lazy("%(s)s报名竞聘%(p)s（%(c)s）"), s=staff.name, p=target.post.name, c=comp.title),
        f"competition-entry-{entry.pk}",
    )
    return entry


@transaction.atomic
def entry_self_withdraw(*, actor, entry) -> CompetitionEntry:
    """撤回本人的竞聘报名, while the competition still takes applications (报名中; after 截止报名 the entries are the
    scoring's). The entry is kept, 已撤回 with the time (the office's page shows who withdrew and when), and counts
    for nothing after: it is not scored, ranked or counted, and the person may apply again while the competition
    is open. Audited; the zone's 人事专员 are told."""
    staff = own_staff(actor)
    row = (
        CompetitionEntry.objects.select_for_update(of=("self",))
        .select_related("target__post")
        .filter(pk=check_id(getattr(entry, "pk", entry)), staff=staff)
        .first()
    )
    if row is None:
        raise NotFoundError(_("竞聘报名不存在"))
    comp = Competition.objects.select_for_update().get(pk=row.competition_id)
    require(comp.status == CS.OPEN, _("竞聘报名已截止，不能撤回"))
    require(row.status != ES.WITHDRAWN, _("该报名已撤回"))
    before = audit.snapshot(row)
    row.status, row.withdrawn_at = ES.WITHDRAWN, timezone.now()
    row.save(update_fields=["status", "withdrawn_at"])
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=row,
        changes=audit.diff(before, audit.snapshot(row)),
        note=stored(gettext_lazy("本人撤回竞聘报名")),
        zone_id=comp.zone_id,
    )
    _tell_office(
        comp,
        staff,
        Text(
            gettext_lazy("%(s)s撤回了竞聘%(p)s的报名（%(c)s）"),
            s=staff.name,
            p=row.target.post.name,
            c=comp.title,
        ),
        f"competition-withdraw-{row.pk}",
    )
    return row


@transaction.atomic
def entry_score(*, actor, entry, speech, evaluation) -> CompetitionEntry:
    """A score entered or changed moves the competition's version on: a 排名并公布 or 研究确定 from a page opened
    before it is stale (it would publish or decide on scores it never showed). The competition is locked first,
    as publication locks it before it writes the entries (no deadlock between the two)."""
    require_role(actor, *RUNNERS, doing=_("竞聘评分"))
    head = in_scope(CompetitionEntry, entry, actor=actor, action="change", what=_("竞聘报名"))
    comp = locked(Competition, head.competition_id, actor=actor, what=_("竞聘"))
    row = locked(CompetitionEntry, head, actor=actor, what=_("竞聘报名"), related=("competition",))
    _recused(actor, {row.staff_id}, _("本人的竞聘报名须回避，由其他人员评分"))
    _entrant_recused(actor, row.competition, _("您报名参加了本次竞聘，须回避，由未报名的人员评分"))
    require(row.competition.status == CS.SCORING, _("当前不在评分阶段"))
    require(row.status != ES.WITHDRAWN, _("本人已撤回的报名不评分"))
    require(row.status in (ES.APPLIED, ES.SCORED), _("不符合条件的报名不评分"))
    values = [_score(speech, "speech"), _score(evaluation, "evaluation")]
    w = row.competition.speech_weight
    again = row.status == ES.SCORED
    row.speech_score, row.evaluation_score = values
    row.total = (values[0] * w + values[1] * (1 - w)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    row.status = ES.SCORED
    row.save()
    comp.version += 1
    comp.save(update_fields=["version"])
    # The scores are secret until the proposed appointees are published (at rest, in logs, in backups): the audit
    # row says that a score was entered, by whom (the actor) and for whose entry (the row) — never the figures,
    # which only the entry holds (tests/test_competition_score_secrecy.py).
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=row,
        note=stored(gettext_lazy("修改竞聘评分") if again else gettext_lazy("录入竞聘评分")),
    )
    return row


def _score(raw, field: str) -> Decimal:
    """A score as entered: 0–100 with at most two decimals (as ``exams._score``), refused on its field otherwise —
    never rounded here, so that the total is computed from exactly the scores stored and published."""
    try:
        value = Decimal(str(raw).strip())
    except (ArithmeticError, ValueError):
        raise DomainError.on(field, _("请填写0到100之间的分数")) from None
    require(value.is_finite() and 0 <= value <= 100, _("请填写0到100之间的分数"), field)
    require(value == value.quantize(Decimal("0.01")), _("分数最多保留两位小数"), field)
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def competition_close(*, actor, competition, version: int | None = None) -> Competition:
    require_role(actor, *RUNNERS, doing=_("截止竞聘报名"))
    comp = locked(Competition, competition, actor=actor, what=_("竞聘"), version=version)
    # 回避: an entrant does not decide when the others' registration ends
    _entrant_recused(actor, comp, _("您报名参加了本次竞聘，须回避，由未报名的人员截止报名"))
    return MOVES.apply(comp, "close", actor=actor)


def post_standing(target: CompetitionPost) -> tuple[list[CompetitionEntry], selection.HireList]:
    """A post's scored entries best first (total, then the evaluation score; equal on both share a place,
    "1224" — the employee number only lists them in a stable order) with their ``rank`` set, and the seats as the
    scores give them: ``undecided`` are the entrants tied across the last seat, for the leaders to decide."""
    entries = sorted(
        target.entries.filter(status__in=(ES.SCORED, ES.APPOINTED, ES.NOT_APPOINTED)).select_related("staff"),
        key=lambda e: (-e.total, -e.evaluation_score, e.staff.employee_no),
    )
    ranks = selection.places([(e.total, e.evaluation_score) for e in entries])
    for e, place in zip(entries, ranks, strict=True):
        e.rank = place
    placed = [selection.Placed(str(e.pk), e.rank) for e in entries]
    return entries, selection.hire_list(placed, headcount=target.seats)


def _recused(actor, staff_ids, refusal: str) -> None:
    """回避, as ``staffing._recused``: nobody decides their own matter — scores their own entry (every zone role
    may apply to a competition from their own desk). An entrant is recused from the rest of the competition too
    (``_entrant_recused``)."""
    own = reach_of(actor).staff_id
    if own is not None and own in staff_ids:
        raise PermissionDeniedError(refusal)


def entered(user):
    """The competitions ``user`` has a live (not withdrawn) entry in, as a subquery of ids: 回避 (利害关系) keeps
    them out of its scoring, its ties, its publication and appointment, and away from its scores until they are
    published (``is_entrant``)."""
    own = reach_of(user).staff_id
    if own is None:
        return Competition.objects.none().values("pk")
    return CompetitionEntry.objects.filter(staff_id=own).exclude(status=ES.WITHDRAWN).values("competition_id")


def is_entrant(user, competition) -> bool:
    """回避 for the whole competition, not only the entrant's own post: the posts are linked (a holder of one post
    may compete for another and is 落聘 when someone else wins theirs), and the publication appoints every post at
    once. An entry withdrawn while registration was open counts for nothing (the person left the competition)."""
    pk = getattr(competition, "pk", competition)
    return Competition.objects.filter(pk=pk, pk__in=entered(user)).exists()


def _entrant_recused(actor, competition, refusal: str) -> None:
    if is_entrant(actor, competition):
        raise PermissionDeniedError(refusal)


def _keys(ids) -> tuple[str, ...]:
    return tuple(sorted(str(i) for i in ids))


@transaction.atomic
def tie_decide(*, actor, competition, target, chosen, reason: str, version: int | None = None) -> TieDecision:
    """党工委/管委会研究确定: the zone's leader records which of the entrants tied across a post's last seat take the
    seat(s) left, with the written reason (e.g. 集体研究决定); audited. Only members of the tie, exactly as many as
    the seats left; deciding again before publication replaces the decision (the audit keeps both)."""
    require_role(actor, Role.ZONE_LEADER, doing=_("研究确定末位并列人选"))
    comp = locked(Competition, competition, actor=actor, what=_("竞聘"), version=version)
    require(comp.status == CS.SCORING, _("只有评分阶段才能研究确定末位并列人选"))
    # 回避: every entrant of the competition, the tied ones first among them (``is_entrant``)
    _entrant_recused(actor, comp, _("您报名参加了本次竞聘，须回避，由其他负责人研究确定"))
    post = comp.posts.select_related("post").filter(pk=check_id(target)).first()
    require(post is not None, _("该岗位不在本次竞聘范围内"), "target")
    require(not post.entries.filter(status=ES.APPLIED).exists(), _("该岗位还有报名未评分"), "target")
    reason = require_text(reason, "reason", _("请填写研究确定的理由（如：集体研究决定）"), max_length=300)
    entries, hires = post_standing(post)
    require(bool(hires.undecided), _("%(p)s末位得分没有并列，无须研究确定") % {"p": post.post.name}, "target")
    try:
        picked = _keys(check_id(c) for c in chosen)
    except TypeError:
        raise DomainError.on("chosen", _("请选择确定的人选")) from None
    try:
        selection.settle_tie(hires, headcount=post.seats, chosen=picked)
    except selection.TieChoiceError as refused:
        raise DomainError.on(
            "chosen",
            _("只能从末位得分并列的人员中确定")
            if refused.reason == "not_in_tie"
            else _("末位并列人员中应确定%(n)d人") % {"n": refused.seats},
        ) from None
    names = {str(e.pk): e.staff.name for e in entries}
    before = TieDecision.objects.filter(target=post).first()
    decision, _created = TieDecision.objects.update_or_create(
        target=post,
        defaults={
            "competition": comp,
            "tied": [int(k) for k in sorted(hires.undecided, key=int)],
            "chosen": [int(k) for k in sorted(picked, key=int)],
            "reason": reason,
            "decided_by": actor,
        },
    )
    comp.version += 1  # a publication from a page opened before the decision is stale
    comp.save(update_fields=["version"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=decision,
        note=stored(
            gettext_lazy("%(p)s末位并列（%(tied)s），研究确定：%(chosen)s；理由：%(why)s"),
            p=post.post.name,
            tied="、".join(names[k] for k in hires.undecided),
            chosen="、".join(names[k] for k in picked),
            why=reason,
        ),
    )
    return decision


def _settled(target: CompetitionPost, hires: selection.HireList) -> selection.HireList:
    """The seats of a post with the leaders' decision of its tie, if any; a tie without a decision, or with one
    taken for another tie (a score changed since), stops publication."""
    if not hires.undecided:
        return hires
    decision = TieDecision.objects.filter(target=target).first()
    stop = _("%(p)s末位得分并列，须由党工委研究确定") % {"p": target.post.name}
    require(decision is not None, stop)
    require(
        _keys(decision.tied) == _keys(hires.undecided),
        _("%(p)s的末位并列人员已有变化，须重新研究确定") % {"p": target.post.name},
    )
    try:
        return selection.settle_tie(hires, headcount=target.seats, chosen=_keys(decision.chosen))
    except selection.TieChoiceError:
        raise DomainError.on("__all__", stop) from None


@transaction.atomic
def competition_publish(*, actor, competition, on=None, version: int | None = None) -> Competition:
    """Rank each post's scored entries (total, then the evaluation score; equal on both share a place), appoint
    the best per seat — a tie across the last seat as the leaders decided it (``tie_decide``) — and start the
    publicity period."""
    require_role(actor, *DECIDERS, doing=_("公布拟任用人选"))
    comp = locked(Competition, competition, actor=actor, what=_("竞聘"), version=version)
    _entrant_recused(actor, comp, _("您报名参加了本次竞聘，须回避，由其他负责人公布拟任用人选"))
    require(not comp.entries.filter(status=ES.APPLIED).exists(), _("还有报名未评分"))
    rule = competition_rule(comp)
    for target in comp.posts.select_related("post"):
        entries, hires = post_standing(target)
        appointed = set(_settled(target, hires).hired)
        for e in entries:
            e.status = ES.APPOINTED if str(e.pk) in appointed else ES.NOT_APPOINTED
            e.save(update_fields=["rank", "status"])
        _no_rank_skipping(comp, [e for e in entries if e.status == ES.APPOINTED], rule)
    on = on or timezone.localdate()
    holders = Staff.objects.filter(post__in=comp.posts.values("post"), is_active=True)
    comp.holders_before = [[age_on(s.birth_date, on), s.education] for s in holders]
    comp.publicity_from = on
    comp.publicity_until = get_calendar().add_workdays(on, comp.publicity_days)
    return MOVES.apply(
        comp, "publish", actor=actor, fields=("holders_before", "publicity_from", "publicity_until")
    )


def _no_rank_skipping(comp: Competition, appointees, rule: PromotionRule | None) -> None:
    """逐级晋升 at appointment: nobody takes a post more ranks above their own (as it stands now) than the rule
    admits, unless the competition is 破格 — whatever the post was opened to when they applied (an entry admitted
    before the rule, or by a wrong 最低职级)."""
    skipping = [e for e in appointees if _skips(e.staff.rank, e.target.post.rank, rule, comp)]
    if skipping:
        raise DomainError.on(
            "__all__",
            _(
                "%(who)s的职级低于岗位职级超过%(n)d级，不能越级任用（逐级晋升）；越级须按破格办理。依据：%(basis)s"
            )
            % {
                "n": rule.max_steps,
                "who": "、".join(
                    f"{e.staff.name}（{Rank(e.staff.rank).label}→{e.target.post.name}）" for e in skipping
                ),
                "basis": rule.basis,
            },
        )


@transaction.atomic
def competition_finalize(*, actor, competition, on=None, version: int | None = None) -> Competition:
    """After the publicity period: the appointees take their posts (the staff records change, audited). Everyone
    who held a competed post and won none is flagged 竞聘落聘 — an entrant who applied from such a post, and an
    active holder who did not compete at all — and a holder is taken off the post, which is the appointee's now
    (a one-seat post never keeps two holders)."""
    require_role(actor, *DECIDERS, doing=_("正式任用"))
    comp = locked(Competition, competition, actor=actor, what=_("竞聘"), version=version)
    _entrant_recused(actor, comp, _("您报名参加了本次竞聘，须回避，由其他负责人任用"))
    on = on or timezone.localdate()
    until = comp.publicity_ends  # by the calendar as it stands now: a correction made while it ran moves it
    require(until is not None and on > until, _("公示期未满，不能任用"))
    competed = set(comp.posts.values_list("post_id", flat=True))
    # a withdrawn entry is no entry: whoever withdrew from a competed post is flagged as a holder, as before
    entries = list(comp.entries.exclude(status=ES.WITHDRAWN).select_related("staff", "target__post"))
    _no_rank_skipping(comp, [e for e in entries if e.status == ES.APPOINTED], competition_rule(comp))
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
        audit.updated(
            actor, staff, before, note=stored(gettext_lazy("竞聘落聘，免去原岗位：%(c)s"), c=comp.title)
        )
    failed = {s.pk for s in holders} | {
        e.staff_id for e in entries if e.status != ES.APPOINTED and e.previous_post_id in competed
    }
    for e in entries:
        if e.status == ES.APPOINTED:
            before = audit.snapshot(e.staff)
            if e.staff.rank != e.target.post.rank:
                e.staff.rank_since = on  # a new rank: its years count from the appointment
            e.staff.post, e.staff.department_id, e.staff.rank = (
                e.target.post,
                e.target.post.department_id,
                e.target.post.rank,
            )
            e.staff.save(update_fields=["post", "department", "rank", "rank_since", "updated_at"])
            audit.updated(
                actor, e.staff, before, note=stored(gettext_lazy("竞聘上岗任用：%(c)s"), c=comp.title)
            )
    for staff_id in sorted(failed):
        EliminationCase.objects.get_or_create(
            staff_id=staff_id,
            year=on.year,
            trigger=EliminationTrigger.COMPETITION,
            defaults={"zone": comp.zone},
        )
    comp.decided_on = on
    comp.publicity_until = until  # the period as it ran, kept once it is over
    return MOVES.apply(comp, "finalize", actor=actor, fields=("decided_on", "publicity_until"))
