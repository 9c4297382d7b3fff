"""招聘公告 and 岗位: the city's personnel office drafts a campaign, adds openings per zone, publishes it; after
registration closes, the exam ratio cuts or cancels the openings the applicants cannot support."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import clean, clean_text, require, require_role, require_text
from devzone.core.locking import in_scope, locked
from devzone.core.models import Zone
from devzone.core.notify import Text, notify, stored
from devzone.core.transitions import Move, Transitions
from devzone.personnel import selection
from devzone.personnel.choices import CampaignStatus, OpeningStatus, RegistrationStatus
from devzone.personnel.models import Hire, Opening, RecruitmentCampaign, Registration, ScoreEntry
from devzone.personnel.models.recruitment import publicity_days_refusal
from devzone.personnel.services import hiring, site_label
from devzone.personnel.services.registrations import lapse_returned

CAMPAIGN_MOVES = Transitions(
    moves={
        "publish": Move(
            sources={CampaignStatus.DRAFT},
            target=CampaignStatus.PUBLISHED,
            label=site_label(gettext_lazy("发布公告")),
        ),
        "close": Move(
            sources={CampaignStatus.PUBLISHED},
            target=CampaignStatus.CLOSED,
            label=site_label(gettext_lazy("结束报名")),
        ),
        "finish": Move(
            sources={CampaignStatus.CLOSED},
            target=CampaignStatus.FINISHED,
            label=site_label(gettext_lazy("结束招聘")),
        ),
    }
)
CITY_OFFICE = (Role.CITY_OFFICER, Role.SYSTEM)
# An opening whose exam has begun (tickets given, a score entered, a shortlist drawn up) keeps its ratio decision.
EXAM_BEGUN = (
    RegistrationStatus.SHORTLISTED,
    RegistrationStatus.NOT_SHORTLISTED,
    RegistrationStatus.RANKED,
    RegistrationStatus.HIRED,
    RegistrationStatus.NOT_HIRED,
)


@transaction.atomic
def campaign_create(*, actor, city, **fields) -> RecruitmentCampaign:
    require_role(actor, *CITY_OFFICE, doing=_("发布招聘公告"))
    reach = reach_of(actor)
    require(reach.kind == "system" or reach.city_id == city.pk, _("只能为本市发布招聘公告"))
    fields["title"] = require_text(fields.get("title"), "title", _("请填写公告名称"), max_length=120)
    campaign = RecruitmentCampaign(city=city, **fields)
    clean(campaign)
    campaign.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=campaign)
    return campaign


@transaction.atomic
def opening_add(*, actor, campaign, zone_id, **fields) -> Opening:
    require_role(actor, *CITY_OFFICE, doing=_("设置招聘岗位"))
    campaign = locked(RecruitmentCampaign, campaign, actor=actor, action="change", what=_("招聘公告"))
    require(campaign.status == CampaignStatus.DRAFT, _("公告发布后不能再增加岗位"))
    zone = Zone.objects.for_user(actor).filter(pk=zone_id, city_id=campaign.city_id).first()
    require(zone is not None, _("请选择本市的开发区"), "zone")
    opening = Opening(campaign=campaign, zone=zone, **fields)
    clean(opening)
    opening.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=opening)
    return opening


# What 新建招聘公告 takes, and so what a draft's edit may change (the city is the draft's own).
CAMPAIGN_FIELDS = (
    "title",
    "announcement",
    "registration_opens",
    "registration_closes",
    "written_exam_on",
    "interview_on",
    "exam_ratio",
    "written_weight",
    "written_pass_line",
    "publicity_days",
)
OPENING_FIELDS = (
    "code",
    "title",
    "headcount",
    "education_min",
    "majors",
    "age_max",
    "experience_years",
    "party_member_only",
    "leadership",
)


def _draft(campaign: RecruitmentCampaign) -> None:
    require(
        campaign.status == CampaignStatus.DRAFT,
        _("公告已发布，不能再修改公告或岗位；如需更正，请发布更正公告"),
    )


def _only(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    require(not unknown, _("无法修改：%(f)s") % {"f": "、".join(unknown)})


@transaction.atomic
def campaign_update(*, actor, campaign, version: int | None = None, **fields) -> RecruitmentCampaign:
    """修改招聘公告草稿: any field 新建 takes, while the campaign is a draft (refused once published, with the
    reason); the changes are one audit row."""
    require_role(actor, *CITY_OFFICE, doing=_("修改招聘公告"))
    _only(fields, CAMPAIGN_FIELDS)
    row = locked(RecruitmentCampaign, campaign, actor=actor, version=version, what=_("招聘公告"))
    _draft(row)
    if "title" in fields:
        fields["title"] = require_text(fields["title"], "title", _("请填写公告名称"), max_length=120)
    return _save_draft(actor, row, audit.snapshot(row), fields, note=stored(gettext_lazy("修改公告草稿")))


def _save_draft(actor, row, before: dict, fields: dict, *, note: str):
    """A draft's row with ``fields`` set, checked, its version moved on, saved and audited against ``before``."""
    for key, value in fields.items():
        setattr(row, key, value)
    clean(row)
    row.version += 1
    row.save()
    audit.updated(actor, row, before, note=note)
    return row


def _draft_opening(actor, opening, version) -> Opening:
    """The opening, locked, of a campaign still a draft (the campaign locked first: publishing waits)."""
    found = in_scope(Opening, opening, actor=actor, action="change", what=_("招聘岗位"))
    campaign = locked(
        RecruitmentCampaign, found.campaign_id, actor=actor, action="change", what=_("招聘公告")
    )
    _draft(campaign)
    return locked(Opening, found, actor=actor, version=version, what=_("招聘岗位"))


@transaction.atomic
def opening_update(*, actor, opening, version: int | None = None, zone_id=None, **fields) -> Opening:
    """修改草稿中的招聘岗位: its zone (of the campaign's city), code (once per campaign) and requirements."""
    require_role(actor, *CITY_OFFICE, doing=_("修改招聘岗位"))
    _only(fields, OPENING_FIELDS)
    row = _draft_opening(actor, opening, version)
    before = audit.snapshot(row)
    if zone_id is not None and zone_id != row.zone_id:
        zone = (
            Zone.objects.for_user(actor)
            .filter(pk=zone_id, city_id=row.campaign.city_id, merged_into__isnull=True)
            .first()
        )
        require(zone is not None, _("请选择本市的开发区"), "zone")
        row.zone = zone
    return _save_draft(actor, row, before, fields, note=stored(gettext_lazy("修改草稿中的岗位")))


@transaction.atomic
def opening_remove(*, actor, opening, version: int | None = None) -> None:
    """删除草稿中的招聘岗位 (nobody can have applied to a draft); the audit row keeps what it was."""
    require_role(actor, *CITY_OFFICE, doing=_("删除招聘岗位"))
    row = _draft_opening(actor, opening, version)
    require(not row.registrations.exists(), _("该岗位已有报名，不能删除"))
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=row,
        changes=audit.diff(audit.snapshot(row), {}),
        note=stored(gettext_lazy("删除草稿中的岗位")),
    )
    row.delete()


@transaction.atomic
def campaign_publish(*, actor, campaign, version: int | None = None) -> RecruitmentCampaign:
    require_role(actor, *CITY_OFFICE, doing=_("发布招聘公告"))
    campaign = locked(RecruitmentCampaign, campaign, actor=actor, version=version, what=_("招聘公告"))
    require(campaign.openings.exists(), _("公告还没有招聘岗位"))
    require(campaign.registration_closes > timezone.now(), _("报名截止时间已过，不能发布"))
    # 《事业单位公开招聘人员暂行规定》第十三条: the announcement states the unit, the posts and conditions, the method,
    # the exams' times and how to register — its text and the exam's date are there before anyone reads it
    require(
        bool((campaign.announcement or "").strip()),
        _("请先填写公告正文（招聘单位情况、岗位及条件、招聘办法、考试时间、报名方法等）再发布"),
        "announcement",
    )
    require(
        campaign.written_exam_on is not None or campaign.interview_on is not None,
        _("请先填写笔试日期或面试日期再发布"),
        "written_exam_on",
    )
    # the publicity period as the law in force today has it (a draft kept from before a change is checked again)
    refusal = publicity_days_refusal(campaign.publicity_days)
    require(refusal is None, refusal or "", "publicity_days")
    return CAMPAIGN_MOVES.apply(campaign, "publish", actor=actor)


@transaction.atomic
def campaign_close(*, actor, campaign, version: int | None = None) -> RecruitmentCampaign:
    """Registration ends (also done by the job at the deadline, as the system actor)."""
    require_role(actor, *CITY_OFFICE, doing=_("结束报名"))
    campaign = locked(RecruitmentCampaign, campaign, actor=actor, version=version, what=_("招聘公告"))
    require(campaign.registration_closes <= timezone.now(), _("报名尚未截止"))
    return CAMPAIGN_MOVES.apply(campaign, "close", actor=actor)


@transaction.atomic
def opening_apply_ratio(*, actor, opening, version: int | None = None, note: str = "") -> Opening:
    """After registration closes: compare the qualified applicants with ratio × headcount and open, cut or
    cancel the opening as the ratio allows. A cut or a cancellation needs the reason that was decided. The
    registrations still returned for correction are rejected first (逾期未补正, ``lapse_returned``)."""
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=_("按开考比例核定岗位"))
    opening = locked(
        Opening, opening, actor=actor, version=version, what=_("招聘岗位"), related=("campaign",)
    )
    require(opening.campaign.status == CampaignStatus.CLOSED, _("报名结束并完成资格审核后才能核定开考"))
    require(
        not opening.registrations.filter(~Q(ticket="") | Q(status__in=EXAM_BEGUN)).exists()
        and not ScoreEntry.objects.filter(registration__opening=opening).exists(),
        _("该岗位已编排考场或开始考试，不能再核定开考比例"),
    )
    # A returned registration not corrected by the deadline is closed (逾期未补正) rather than waited for: it can
    # never be resubmitted now. A submitted one still waits for the screeners.
    lapse_returned(actor=actor, opening=opening)
    pending = opening.registrations.filter(status=RegistrationStatus.SUBMITTED)
    require(not pending.exists(), _("还有报名未审核，不能核定开考"))
    qualified = opening.registrations.filter(status=RegistrationStatus.QUALIFIED).count()
    verdict = selection.exam_ratio_verdict(
        qualified=qualified, headcount=opening.headcount, ratio=opening.campaign.exam_ratio
    )
    if verdict.action != "open":
        note = require_text(note, "note", _("核减或取消岗位须填写处理说明"), max_length=300)
    before = audit.snapshot(opening)
    opening.status = {
        "open": OpeningStatus.OPEN,
        "cut": OpeningStatus.CUT,
        "cancel": OpeningStatus.CANCELLED,
    }[verdict.action]
    opening.final_headcount = verdict.headcount
    # the officer's note as written; an opening that reached the ratio keeps its figures, and its readers read
    # them each in their own language (``Opening.decision_text``); the audit row in the site's (``stored``)
    opening.decision_note = note
    opening.ratio_qualified = qualified
    opening.version += 1
    opening.save(
        update_fields=[
            "status",
            "final_headcount",
            "decision_note",
            "ratio_qualified",
            "version",
            "updated_at",
        ]
    )
    audit.updated(
        actor,
        opening,
        before,
        note=note
        or stored(
            gettext_lazy("合格人数 %(q)d，达到开考比例 1:%(r)d"), q=qualified, r=opening.campaign.exam_ratio
        ),
    )
    if verdict.action != "open":
        _tell_qualified(opening, verdict.action, note)
    return opening


def _tell_qualified(opening: Opening, action: str, note: str) -> None:
    """The qualified applicants of an opening the exam ratio cut or cancelled learn it from the platform (each in
    their own language, with the officer's note as written), not from the exam day that never comes."""
    message = (
        gettext_lazy("您报考的岗位%(o)s因合格人数未达开考比例已取消：%(note)s")
        if action == "cancel"
        else gettext_lazy("您报考的岗位%(o)s招聘人数核减为%(n)d人：%(note)s")
    )
    for reg in opening.registrations.filter(status=RegistrationStatus.QUALIFIED).select_related("candidate"):
        notify(
            [reg.candidate.user_id],
            kind="personnel.opening",
            title=Text(
                message, o=f"{opening.code} {opening.title}", n=opening.final_headcount or 0, note=note
            ),
            url=reg.get_absolute_url(),
            key=f"personnel-opening-{opening.pk}-{action}-{reg.pk}",
        )


# Registrations an opening still owes a decision on: screening (a returned one may still be resubmitted) and the
# exams (qualified and not yet shortlisted, shortlisted and not yet ranked).
IN_PROGRESS = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.RETURNED,
    RegistrationStatus.QUALIFIED,
    RegistrationStatus.SHORTLISTED,
)
FINISH_REASON_MAX = 200  # the API's ``Text``


def undecided_openings(campaign: RecruitmentCampaign) -> list[tuple[Opening, str]]:
    """The openings of the campaign whose recruitment is not concluded, each with what it waits for: the exam
    ratio not applied, registrations still in screening or the exams, a tie across a seat the 加试 has not
    decided, a proposed hire (拟聘用) whose hire is not recorded (登记聘用) — they leave only by failing a step or
    giving up. A cancelled opening is decided; so is a seat left empty once the ranking has nobody more to offer.
    A handful of queries whatever the number of registrations."""
    openings = list(campaign.openings.order_by("code"))
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Registration.objects.filter(campaign=campaign)
        .values("opening_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts.setdefault(row["opening_id"], {})[row["status"]] = row["n"]
    hired = set(
        Hire.objects.filter(registration__campaign=campaign).values_list("registration_id", flat=True)
    )
    unhired = set(
        Registration.objects.filter(campaign=campaign, status=RegistrationStatus.HIRED)
        .exclude(pk__in=hired)
        .values_list("opening_id", flat=True)
    )
    tied = set(
        Registration.objects.filter(
            campaign=campaign,
            tied=True,
            status__in=(RegistrationStatus.RANKED, RegistrationStatus.HIRED),
        ).values_list("opening_id", flat=True)
    )
    waiting = []
    for opening in openings:
        by_status = counts.get(opening.pk, {})
        if opening.status == OpeningStatus.CANCELLED:
            continue
        if opening.final_headcount is None:
            waiting.append((opening, _("尚未核定开考比例")))
        elif any(by_status.get(s) for s in IN_PROGRESS):
            waiting.append((opening, _("尚有报名未完成审核或考试")))
        elif opening.pk in tied and hiring.standing(opening)[1].undecided:
            waiting.append((opening, _("末位成绩并列，加试尚未确定")))
        elif opening.pk in unhired:
            waiting.append((opening, _("拟聘用人员尚未登记聘用")))
    return waiting


@transaction.atomic
def campaign_finish(*, actor, campaign, version: int | None = None, reason: str = "") -> RecruitmentCampaign:
    """结束招聘: the campaign's record is closed — no more steps, scores, withdrawals or 递补 (``hiring.move_up``).
    Every opening must be decided (``undecided_openings``); one that is not may be left so only with a written
    reason (a seat the unit gives up, a candidate who cannot be reached), kept in the audit trail with the
    openings it concerns. The campaign is locked, then its openings: a step, a score or a withdrawal under way
    (each locks its opening first) either comes before and is counted, or waits and finds the campaign finished."""
    require_role(actor, *CITY_OFFICE, doing=_("结束招聘"))
    campaign = locked(RecruitmentCampaign, campaign, actor=actor, version=version, what=_("招聘公告"))
    CAMPAIGN_MOVES.check(campaign, "finish")
    list(Opening.objects.select_for_update(of=("self",)).filter(campaign=campaign).only("pk"))
    reason = clean_text(reason, "reason", max_length=FINISH_REASON_MAX)
    waiting = undecided_openings(campaign)
    listed = "；".join(f"{o.code} {o.title}（{why}）" for o, why in waiting)
    require(
        not waiting or reason,
        _("以下岗位尚未办结：%(openings)s。确需结束招聘的，请填写原因") % {"openings": listed},
        "reason",
    )
    note = reason
    if waiting:
        # kept on the record: the site's language, whoever finishes it (``stored``)
        codes = "、".join(o.code for o, _why in waiting)
        note = stored(gettext_lazy("%(reason)s（未办结岗位：%(codes)s）"), reason=reason, codes=codes)
    return CAMPAIGN_MOVES.apply(campaign, "finish", actor=actor, note=note)
