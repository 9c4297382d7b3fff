"""报名 and 资格审核: a candidate applies to one opening per campaign inside the registration window; the pre-check
lists what does not match; a reviewer qualifies, rejects or returns it (with reasons); a returned registration is
corrected and resubmitted before the deadline. Each step is a recorded event."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import (
    DomainError,
    PermissionDeniedError,
    clean_text,
    require,
    require_role,
    require_text,
)
from devzone.core.locking import in_scope, locked
from devzone.core.notify import Text, notify, stored, zone_users
from devzone.core.prepared import Prepared, insert
from devzone.core.transitions import Move, Transitions
from devzone.personnel.choices import CampaignStatus, OpeningStatus
from devzone.personnel.choices import RegistrationStatus as S
from devzone.personnel.eligibility import precheck, reasons_text
from devzone.personnel.models import Candidate, Hire, Opening, Registration, RegistrationEvent
from devzone.personnel.models.recruitment import RegistrationRecusal
from devzone.personnel.services import site_label

SCREENERS = (Role.PERSONNEL_OFFICER, Role.CITY_OFFICER, Role.SYSTEM)


def _locked(registration, actor, version: int | None, *, related: tuple[str, ...] = ()) -> Registration:
    """The registration (a row or its key) locked and read again in ``actor``'s reach, at the ``version`` they saw
    (``core.locking.locked``; its refusals name it 报名)."""
    return locked(Registration, registration, actor=actor, version=version, what=_("报名"), related=related)


def tell_officers(reg: Registration, kind: str, message, *, key: str, name: str, **values) -> None:
    """Tell the 人事专员 of the registration's zone of ``message`` about it (``%(name)s`` the candidate, ``%(o)s``
    the opening, and ``values``), each in their own language (``core.notify.Text``), with a link to it."""
    opening = reg.opening
    notify(
        zone_users(reg.zone_id, roles=[Role.PERSONNEL_OFFICER]),
        kind=kind,
        title=Text(message, name=name, o=f"{opening.code} {opening.title}", **values),
        url=reg.get_absolute_url(),
        zone_id=reg.zone_id,
        key=key,
    )


def refuse_recused(actor, *registrations) -> None:
    """回避 (《事业单位公开招聘人员暂行规定》第二十七条): who declared a conflict with a registration's candidate
    (``registration_recuse``) takes no part in any step that acts on or decides about that registration — its
    screening, re-review, scores and hiring steps, the 登记聘用 of the hire, and the opening-wide steps that decide
    it with the others (面试人选, 排名, and the 加试 of everyone tied with it for a seat): those pass every
    registration they decide. One query, whatever their number (rows or primary keys)."""
    pks = [getattr(r, "pk", r) for r in registrations]
    if (
        pks
        and RegistrationRecusal.objects.filter(
            registration_id__in=pks, user_id=getattr(actor, "pk", None)
        ).exists()
    ):
        # 403, as every 回避 of the module (a right withheld from this person, not a wrong input)
        raise PermissionDeniedError(
            _(
                "您已就该考生声明回避，不能办理其资格审核、成绩录入和体检、考察、公示等环节，请由其他工作人员办理"
            )
        )


@transaction.atomic
def registration_recuse(*, actor, registration, reason: str) -> RegistrationRecusal:
    """声明回避: a member of the recruitment's staff (a screener, a score clerk) declares a conflict with the
    registration's candidate (夫妻关系、直系血亲关系、三代以内旁系血亲或者近姻亲关系). Kept and audited; from then on the
    registration's steps refuse them (``refuse_recused``). Once per person and registration."""
    require_role(actor, *SCREENERS, doing=_("声明回避"))
    reg = in_scope(Registration, registration, actor=actor, action="view", what=_("报名"))
    reason = require_text(reason, "reason", _("请填写回避事由（与考生的关系）"), max_length=300)
    require(
        not RegistrationRecusal.objects.filter(registration=reg, user=actor).exists(),
        _("您已就该报名声明回避"),
    )
    row = RegistrationRecusal.objects.create(registration=reg, user=actor, reason=reason)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        note=stored(gettext_lazy("声明回避：%(reason)s"), reason=reason),
    )
    return row


def write_event(*, row, move, before, after, actor, note, **_extra) -> None:
    insert(RegistrationEvent(registration=row, from_status=before, to_status=after, actor=actor, note=note))


MOVES = Transitions(
    moves={
        "qualify": Move(
            sources={S.SUBMITTED}, target=S.QUALIFIED, label=site_label(gettext_lazy("审核通过"))
        ),
        "reject": Move(
            sources={S.SUBMITTED}, target=S.REJECTED, label=site_label(gettext_lazy("审核不通过"))
        ),
        "return": Move(sources={S.SUBMITTED}, target=S.RETURNED, label=site_label(gettext_lazy("退回修改"))),
        "resubmit": Move(
            sources={S.RETURNED}, target=S.SUBMITTED, label=site_label(gettext_lazy("重新提交"))
        ),
        # at any stage until the hire is recorded or the campaign finished (``withdrawal_refusal``)
        "withdraw": Move(
            sources={S.SUBMITTED, S.RETURNED, S.QUALIFIED, S.SHORTLISTED, S.RANKED, S.HIRED},
            target=S.WITHDRAWN,
            label=site_label(gettext_lazy("放弃报名")),
        ),
        # registration closed with the correction still owed: it can never be resubmitted (``lapse_returned``)
        "lapse": Move(sources={S.RETURNED}, target=S.REJECTED, label=site_label(gettext_lazy("逾期未补正"))),
        # 复核不通过: the candidate corrected a qualifying fact after qualifying, and the recruiting unit finds that
        # they no longer meet the opening's requirements (``registration_recheck``); before the interview list only
        "disqualify": Move(
            sources={S.QUALIFIED}, target=S.REJECTED, label=site_label(gettext_lazy("复核不通过，取消资格"))
        ),
    },
    event=write_event,
)


# The two reads of an application, compiled once (core.prepared): under a deadline surge each application pays them.
CANDIDATE_OF_USER = Prepared(lambda user_id: Candidate.objects.filter(user_id=user_id), int)
OPENING_WITH_CAMPAIGN = Prepared(lambda pk: Opening.objects.select_related("campaign").filter(pk=pk), int)


def _window_open(campaign, now) -> None:
    require(campaign.status == CampaignStatus.PUBLISHED, _("该公告不在报名期"))
    require(now >= campaign.registration_opens, _("报名尚未开始"))
    require(now < campaign.registration_closes, _("报名已截止"))


def registration_submit(*, actor, opening_id, now=None) -> Registration:
    """Apply to an opening. One opening per campaign (the database's constraint holds under a deadline surge:
    a second submission, even at the same instant, is refused, never stored twice).

    The reads come before the transaction and the transaction holds only the writes (the registration, its event,
    the audit row): nothing read here is locked or changed, and under a deadline surge each statement counts. A
    refused insert rolls the whole transaction back, so it needs no savepoint of its own."""
    now = now or timezone.now()
    # The actor's own profile (an account without one, staff included, cannot apply)
    candidate = CANDIDATE_OF_USER.first(actor.pk)
    require(candidate is not None, _("请先完善个人信息"))
    opening = OPENING_WITH_CAMPAIGN.first(opening_id)
    require(
        opening is not None
        and opening.campaign.city_id == candidate.city_id
        and opening.status == OpeningStatus.OPEN,
        _("岗位不存在或已停止报名"),
        "opening",
    )
    _window_open(opening.campaign, now)
    reg = Registration(
        campaign=opening.campaign,
        opening=opening,
        zone_id=opening.zone_id,
        candidate=candidate,
        submitted_at=now,
        precheck=precheck(
            opening, candidate, closes=timezone.localdate(opening.campaign.registration_closes)
        ),
    )
    # One per campaign is the database's unique constraint, asked by the insert itself (no read before it: under a
    # deadline surge that read is a statement per submission and decides nothing the constraint does not).
    try:
        with transaction.atomic():
            insert(reg)
            write_event(row=reg, move="submit", before="", after=reg.status, actor=actor, note="")
            audit.record(actor=actor, action=AuditAction.CREATE, obj=reg)
    except IntegrityError:
        if Registration.objects.filter(campaign=opening.campaign, candidate=candidate).exists():
            raise DomainError.on("opening", _("每个公告只能报考一个岗位")) from None
        raise
    return reg


def _own(reg: Registration, actor, doing: str) -> Registration:
    """Only the candidate resubmits or gives up their application (staff return or reject it instead)."""
    if reg.candidate.user_id != actor.pk:
        raise PermissionDeniedError(_("只有考生本人可以%(doing)s") % {"doing": doing})
    return reg


@transaction.atomic
def registration_resubmit(*, actor, registration, version: int | None = None, now=None) -> Registration:
    reg = _locked(registration, actor, version, related=("campaign", "candidate"))
    _own(reg, actor, _("重新提交报名"))
    _window_open(reg.campaign, now or timezone.now())
    reg.precheck = precheck(
        reg.opening, reg.candidate, closes=timezone.localdate(reg.campaign.registration_closes)
    )
    return MOVES.apply(reg, "resubmit", actor=actor, fields=("precheck",))


def withdrawal_refusal(reg: Registration) -> str | None:
    """Why the candidate can no longer give up the registration (None: they may). Once the zone has recorded the
    hire (``budget.hire_record``) the person is on its staff and the seat is filled: leaving is a resignation, not
    the recruitment's business, and no one moves up into the seat again. A finished campaign moves no more."""
    if reg.campaign.status == CampaignStatus.FINISHED:
        return _("招聘已结束，不能再放弃报名")
    if Hire.objects.filter(registration=reg).exists():
        return _("已登记聘用，不能再放弃报名；如需离职，请向用人单位提出")
    return None


def candidate_moves(reg: Registration, now=None) -> set[str]:
    """The moves the candidate's page offers: ``resubmit`` while registration is open, ``withdraw`` while the
    registration may still be given up."""
    moves = set()
    if MOVES.moves["resubmit"].allows(reg.status):
        campaign, now = reg.campaign, now or timezone.now()
        if (
            campaign.status == CampaignStatus.PUBLISHED
            and campaign.registration_opens <= now < campaign.registration_closes
        ):
            moves.add("resubmit")
    if MOVES.moves["withdraw"].allows(reg.status) and withdrawal_refusal(reg) is None:
        moves.add("withdraw")
    return moves


# The stages after which a withdrawal concerns the zone's 人事专员: an interview place left empty (not filled
# again, docs/personnel.md), or a ranking whose seats are computed again.
TELL_OFFICE_ON_WITHDRAWAL = (S.SHORTLISTED, S.RANKED, S.HIRED)


@transaction.atomic
def registration_withdraw(*, actor, registration, version: int | None = None) -> Registration:
    """The candidate gives up (放弃), at any stage until the hire is recorded or the campaign finished
    (``withdrawal_refusal``):

    - before the ranking (待审核 … 进入面试) the registration simply leaves. Nobody moves up into the interview
      in its place (面试人选 are drawn once, by the ratio, ``exams.shortlist_opening``): the zone's 人事专员 are
      told of a 进入面试 candidate's freed place;
    - after it (已排名, 拟聘用) the registration no longer counts in the seats and the standing is computed again
      (``hiring.move_up``, by the system): a proposed hire's seat goes to the next in rank (递补); a tie across
      the last seat that the withdrawal resolves gives the seat to those left, without 加试; a tie that remains
      waits for the 加试 of those left. The zone's 人事专员 are told.

    Lock order, as the 加试 score entry (``exams.score_enter``), the shortlist and the ranking
    (``exams.shortlist_opening`` / ``rank_opening``), a failed hiring step and ``hiring.move_up``: the opening
    first, then the registration(s). A withdrawal and a concurrent 加试 score or ranking queue on the opening,
    never deadlock on each other's rows, and a ranking read after the withdrawal sees it."""
    from devzone.core.actors import system_actor
    from devzone.personnel.services import hiring

    hiring.lock_opening_of(registration)
    reg = _own(
        _locked(registration, actor, version, related=("candidate", "campaign", "opening")),
        actor,
        _("放弃报名"),
    )
    refusal = withdrawal_refusal(reg)
    require(refusal is None, refusal or "")
    before = reg.status
    reg.withdrawn_from = before  # what had been published to them stays published (``published_results``)
    reg = MOVES.apply(reg, "withdraw", actor=actor, fields=["withdrawn_from"])
    if before in (S.RANKED, S.HIRED):
        # the system computes the seats again (递补, a tie resolved or still waiting), not the candidate
        hiring.move_up(opening=reg.opening, actor=system_actor())
    if before in TELL_OFFICE_ON_WITHDRAWAL:
        tell_officers(
            reg,
            "personnel.withdrawn",
            gettext_lazy("%(name)s已放弃%(o)s的报名（放弃前：%(s)s）"),
            key=f"personnel-withdrawn-{reg.pk}",
            name=reg.candidate.name,
            s=S(before).label,  # the status's label too, in the officer's language
        )
    return reg


@transaction.atomic
def registration_screen(*, actor, registration, decision: str, note: str = "", version: int | None = None):
    """The reviewer's decision: ``qualify``, ``reject`` or ``return`` (the last two need a reason, which the
    candidate reads)."""
    require_role(actor, *SCREENERS, doing=_("资格审核"))
    require(decision in ("qualify", "reject", "return"), _("请选择审核结论"), "decision")
    reg = _locked(registration, actor, version)
    refuse_recused(actor, reg)
    fields = ["screening_note"]
    if reg.reviewed_profile is not None:
        # corrected after registration closed: the reviewer decides on the page that showed the correction (it
        # made any older form stale), so the registration stands on the corrected facts from now on
        _take_corrected_facts(reg)
        fields += ["reviewed_profile", "precheck"]
    if decision != "qualify":
        note = require_text(note, "note", _("请填写不通过或退回的理由"), max_length=300)
    elif reg.precheck:
        # 合格 against the published conditions the pre-check found unmet: only with the reason it is decided on,
        # kept in the event and the audit trail and shown on the registration's page
        note = require_text(
            note,
            "note",
            _("自动预审提示不符合岗位条件（%(p)s），审核通过须填写理由") % {"p": reasons_text(reg.precheck)},
            max_length=300,
        )
    else:
        note = clean_text(note, "note", max_length=300)
    reg.screening_note = note
    MOVES.apply(reg, decision, actor=actor, note=note, fields=fields)
    notify(
        [reg.candidate.user_id],
        kind="personnel.screened",
        # in the candidate's own language, not the screener's, the status's label too (core.notify.Text)
        title=Text(gettext_lazy("您的报名审核结果：%(s)s"), s=lazy(reg.get_status_display, str)()),
        url=reg.get_absolute_url(),
        key=f"personnel-screen-{reg.pk}-{reg.version}",
    )
    return reg


def _take_corrected_facts(reg: Registration) -> None:
    """The registration stands on the candidate's corrected profile: the kept facts dropped, the pre-check made
    again on the corrected ones."""
    reg.reviewed_profile = None
    reg.precheck = precheck(
        reg.opening, reg.candidate, closes=timezone.localdate(reg.campaign.registration_closes)
    )


RECHECK_DECISIONS = ("accept", "disqualify")


@transaction.atomic
def registration_recheck(*, actor, registration, decision: str, note: str = "", version: int | None = None):
    """复核更正: the zone's 人事专员 (or the city's office) re-review a registration whose candidate corrected a
    qualifying fact after it was screened (``candidates.candidate_update`` kept the facts it was reviewed on).
    ``accept``: the qualification stands on the corrected facts (the pre-check made again on them, the kept
    facts dropped). ``disqualify`` (a reason, which the candidate reads): the corrected facts do not meet the
    opening's requirements and a qualified registration is rejected (复核不通过) — only before the interview list
    is drawn; after it, a proposed hire fails its 考察 instead. The candidate is told either way."""
    require_role(actor, *SCREENERS, doing=_("复核考生更正的信息"))
    require(decision in RECHECK_DECISIONS, _("请选择复核结论"), "decision")
    reg = _locked(registration, actor, version, related=("candidate", "campaign", "opening"))
    refuse_recused(actor, reg)
    require(reg.reviewed_profile is not None, _("该报名没有待复核的信息更正"))
    kept = reg.reviewed_profile
    if decision == "disqualify":
        note = require_text(note, "note", _("请填写取消资格的理由"), max_length=300)
        require(
            reg.status == S.QUALIFIED,
            _("已确定面试人选后不能在复核时取消资格；拟聘用人员考察不合格的，请在考察环节录入"),
            "decision",
        )
        _take_corrected_facts(reg)
        reg.screening_note = note
        MOVES.apply(
            reg,
            "disqualify",
            actor=actor,
            note=note,
            fields=("screening_note", "reviewed_profile", "precheck"),
        )
    else:
        note = clean_text(note, "note", max_length=300)
        before = reg.precheck
        _take_corrected_facts(reg)
        reg.version += 1
        reg.save(update_fields=["reviewed_profile", "precheck", "version", "updated_at"])
        # kept on the registration and read by the candidate: the site's language (``stored``)
        said = stored(gettext_lazy("复核通过：按更正后的信息报考"))
        write_event(
            row=reg,
            move="recheck",
            before=reg.status,
            after=reg.status,
            actor=actor,
            note=(f"{said}（{note}）" if note else said)[:300],
        )
        audit.changed(actor, reg, "precheck", before, reg.precheck, note=said)
    audit.changed(actor, reg, "reviewed_profile", kept, None, note=stored(gettext_lazy("复核考生更正的信息")))
    notify(
        [reg.candidate.user_id],
        kind="personnel.screened",
        title=Text(
            gettext_lazy("您更正的个人信息已复核：%(r)s"),
            r=gettext_lazy("按更正后的信息报考") if decision == "accept" else gettext_lazy("取消资格"),
        ),
        url=reg.get_absolute_url(),
        key=f"personnel-recheck-{reg.pk}-{reg.version}",
    )
    return reg


def lapse_returned(*, actor, opening) -> int:
    """逾期未补正: once registration has closed, a registration still returned for correction can no longer be
    resubmitted (nor decided by the screeners, who decide submitted ones), so it would hold the opening's exam
    ratio back for good. Each one is rejected with that reason — an event, an audit row, and the candidate is
    told. Called by ``campaigns.opening_apply_ratio`` inside its transaction, with the opening locked; returns
    how many were closed."""
    lapsed = list(
        opening.registrations.select_for_update(of=("self",))
        .select_related("candidate")
        .filter(status=S.RETURNED)
        .order_by("pk")
    )
    # kept on the registration and read by the candidate: the site's language, not the officer's (``stored``)
    note = stored(gettext_lazy("逾期未补正"))
    for reg in lapsed:
        reg.screening_note = note
        MOVES.apply(reg, "lapse", actor=actor, note=note, fields=("screening_note",))
        notify(
            [reg.candidate.user_id],
            kind="personnel.screened",
            title=Text(  # in the candidate's own language (core.notify.Text)
                gettext_lazy("您的报名审核结果：%(s)s（%(note)s）"),
                s=lazy(reg.get_status_display, str)(),
                note=gettext_lazy("逾期未补正"),
            ),
            url=reg.get_absolute_url(),
            key=f"personnel-lapse-{reg.pk}",
        )
    return len(lapsed)


def registration_for(actor, pk) -> Registration:
    """One registration in the actor's reach (404 otherwise)."""
    return in_scope(Registration, pk, actor=actor, what=_("报名"))
