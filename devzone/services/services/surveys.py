"""企业满意度测评: each quarter the service departments are rated by every enterprise served in the quarter,
through a one-use link (a random token whose SHA-256 alone is stored). While the survey is open an answer is
stored only sealed (``answer_box``: levels and comment in one encrypted box). The transaction that spends the link
puts the box in the survey's inbox, under a key of its own; once the inbox holds a batch (``release_batch``), a
transaction of its own writes the batch again under the survey's key, in random order, and destroys the inbox's
key: the released answers share one transaction id and no order, so neither ``xmin`` nor the heap ties one of
them to the link spent with it (docs/security.md, "Nothing ties an answer to its link"). At closing every box,
released or still in the inbox, is opened once into counts per department, question and level, plus the comments
in random order, and the keys are destroyed. Answers per network address are counted under the survey's key, for
the report of suspicious patterns. No link is ever shown to staff, who could answer in an enterprise's name and
move departments' pay: opening the survey tells each enterprise's own accounts (their messages), and the
enterprise opens its link from its portal (``link_take``); the leader's send-out list says to whom it was
delivered and whether it was answered (``selectors.survey_delivery``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.approvals.choices import Status as AppStatus
from devzone.approvals.models import Application
from devzone.core import audit, sealbox
from devzone.core.access import reach_of
from devzone.core.actors import system_actor
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    PermissionDeniedError,
    require,
    require_role,
    require_text,
)
from devzone.core.inbox import Inbox
from devzone.core.locking import in_scope, locked
from devzone.core.models import Department, Zone
from devzone.core.notify import Outbox, Text, notify, stored
from devzone.core.transitions import Move, Transitions
from devzone.services import answer_box, scoring
from devzone.services.choices import SurveyStatus
from devzone.services.models import (
    AnswerCount,
    SealedAnswer,
    ServiceRequest,
    Survey,
    SurveyAddress,
    SurveyComment,
    SurveyLink,
)
from devzone.services.services.common import leaders, require_level

log = logging.getLogger(__name__)
TOKEN_BYTES = 24
RELEASE_AT_LEAST = 5  # the inbox is never released in a batch smaller than this (nor than the survey minimum)
SUSPICIOUS_PER_ADDRESS = 3  # answers from one network address worth a look (an office may share one address)
SURVEY_MOVES = Transitions(
    moves={"close": Move({SurveyStatus.OPEN}, SurveyStatus.CLOSED, gettext_lazy("结束测评"))},
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def served_enterprises(zone, year: int, quarter: int) -> list[int]:
    """Enterprises served in the quarter: an application concluded, a request answered, or a key project
    with an agent (the agency service runs all along)."""
    first, last = scoring.quarter_bounds(year, quarter)
    ids = set(
        Application.objects.filter(
            zone=zone,
            status__in=(AppStatus.GRANTED, AppStatus.DENIED, AppStatus.REJECTED),
            concluded_on__range=(first, last),
        ).values_list("enterprise_id", flat=True)
    )
    ids |= set(
        ServiceRequest.objects.filter(zone=zone, answered_on__range=(first, last)).values_list(
            "enterprise_id", flat=True
        )
    )
    from django.apps import apps

    try:
        KeyProject = apps.get_model("projects", "KeyProject")
    except LookupError:
        KeyProject = None
    if KeyProject is not None:
        ids |= set(
            KeyProject.objects.filter(zone=zone, agent__isnull=False, handed_over_on__lte=last).values_list(
                "project__enterprise_id", flat=True
            )
        )
    return sorted(ids)


LINK_KIND = "services.survey_link"  # the notice that tells an enterprise's accounts of their survey


def link_notice_key(survey_id: int, enterprise_id: int, suffix: str) -> str:
    """The notice's key: once per account and sending; ``survey-link-<survey>-<enterprise>-`` is what the send-out
    list reads back (``selectors.survey_delivery``)."""
    return f"survey-link-{survey_id}-{enterprise_id}-{suffix}"


def _survey_notice(survey: Survey) -> Text:
    # in each enterprise user's own language, not the leader's (core.notify.Text)
    return Text(
        gettext_lazy("请登录平台填写%(y)d年第%(q)d季度企业满意度测评"), y=survey.year, q=survey.quarter
    )


def _tell_enterprises(survey: Survey, enterprise_ids: list[int]) -> int:
    """The active accounts of each enterprise are told to open the survey from their portal (one query for them
    all, the notices written in batches). Returns how many accounts were told."""
    from devzone.core.models import Profile

    accounts = Profile.objects.filter(
        enterprise_id__in=enterprise_ids, role=Role.ENTERPRISE_USER, user__is_active=True
    ).values_list("enterprise_id", "user_id")
    box = Outbox()
    for enterprise_id, user_id in accounts:
        box.add(
            [user_id],
            kind=LINK_KIND,
            title=_survey_notice(survey),
            url=reverse("services:home"),
            zone_id=survey.zone_id,
            key=link_notice_key(survey.pk, enterprise_id, "open"),
        )
    box.flush()
    return box.total


def _new_token(link: SurveyLink) -> str:
    """A fresh one-use token for ``link`` (the one before stops working): its hash alone is stored, the token goes
    to the caller — the enterprise's own user (``link_take``), or nobody (``link_reissue`` drops it)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link.token_hash = token_hash(token)
    link.save(update_fields=["token_hash"])
    return token


@transaction.atomic
def survey_open(
    *, actor, year: int, quarter: int, closes_on: dt.date, department_ids=None, on=None
) -> tuple[Survey, int]:
    """A zone leader opens the quarter's survey: one link per served enterprise, whose token nobody is given (its
    hash alone is stored); each enterprise's accounts are told to open it from their portal, where ``link_take``
    hands them a fresh one. Returns the survey and how many accounts were told (the send-out list:
    ``selectors.survey_delivery``)."""
    from devzone.services.selectors import settings_for

    r = reach_of(actor)
    if r.role != Role.ZONE_LEADER or r.kind != "zone":
        raise PermissionDeniedError(_("只有开发区领导可以发起满意度测评"))
    require(quarter in (1, 2, 3, 4), _("季度应为1–4"), "quarter")
    on = on or timezone.localdate()
    first, last = scoring.quarter_bounds(year, quarter)
    if on < first:
        raise DomainError(_("该季度尚未开始，不能发起测评"), {"quarter": [_("该季度尚未开始")]})
    require(closes_on is not None and closes_on >= on, _("截止日期不能早于今天"), "closes_on")
    # The zone row locked before "none yet" is read: two openings at once (a double click, a retry) run one
    # after the other, and the second is told the survey exists instead of failing on the unique constraint.
    zone = Zone.objects.select_for_update(no_key=True).get(pk=r.zone_id)
    if Survey.objects.filter(zone=zone, year=year, quarter=quarter).exists():
        raise ConflictError(_("该季度的满意度测评已发起过"))
    if department_ids:
        departments = list(Department.objects.filter(zone=zone, pk__in=department_ids))
        if len(departments) != len(set(department_ids)):
            raise DomainError(_("测评部门须为本开发区的部门"), {"departments": [_("测评部门无效")]})
    else:
        departments = list(settings_for(zone).survey_departments.all())
    require(departments, _("请选择至少一个测评部门"), "departments")
    survey = Survey.objects.create(
        zone=zone,
        year=year,
        quarter=quarter,
        opened_on=on,
        closes_on=closes_on,
        created_by=actor,
        box_key=uuid.uuid4(),
        inbox_key=uuid.uuid4(),
    )
    sealbox.key_create(survey.box_key)
    sealbox.key_create(survey.inbox_key)
    survey.departments.set(departments)
    served = served_enterprises(zone, year, quarter)
    for enterprise_id in served:
        # a token nobody holds: the enterprise's user opens a fresh one from the portal
        link = SurveyLink(survey=survey, enterprise_id=enterprise_id)
        link.token_hash = token_hash(secrets.token_urlsafe(TOKEN_BYTES))
        link.save()
    told = _tell_enterprises(survey, served)
    # the survey's name (``str(survey)``) as the record keeps it: in the site's language (core.audit)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=survey,
        note=stored(gettext_lazy("发放测评%(n)d家企业，通知企业账号%(a)d个"), n=len(served), a=told),
    )
    return survey, told


def _fresh_token(row: Survey, enterprise_id: int) -> tuple[SurveyLink, str]:
    _require_open(row)
    link = SurveyLink.objects.select_for_update().filter(survey=row, enterprise_id=enterprise_id).first()
    if link is None:
        raise NotFoundError(_("本季度未向该企业发放测评链接"))
    require(not link.used, _("该企业已完成本季度测评"))
    return link, _new_token(link)


@transaction.atomic
def link_take(*, actor, survey: Survey) -> str:
    """The enterprise's own user opens its survey from the portal: a fresh one-use token (the old link stops
    working), handed to that user only."""
    r = reach_of(actor)
    row = Survey.objects.filter(pk=survey.pk).first()
    if r.role != Role.ENTERPRISE_USER or row is None:
        raise NotFoundError(_("测评链接不存在"))
    return _fresh_token(row, r.enterprise_id)[1]


@transaction.atomic
def link_reissue(*, actor, survey: Survey, enterprise_id: int, reason: str) -> int:
    """A leader voids an enterprise's unused link (lost, sent to the wrong person) with a reason, on record.
    The new link is shown to no member of staff — who could then answer in the enterprise's name and move
    departments' pay: the enterprise's users are told to open the survey from their portal. Returns how many
    users were told."""
    row = in_scope(Survey, survey, actor=actor, what=_("测评"))  # another zone's survey: 404
    require_role(actor, Role.ZONE_LEADER, doing=_("重发测评链接"))
    reason = require_text(reason, "reason", _("请填写重发原因"), max_length=200)
    link, _token = _fresh_token(
        row, enterprise_id
    )  # the token is dropped: only the portal hands out a new one
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=row,
        note=stored(gettext_lazy("作废%(e)s的测评链接：%(r)s"), e=link.enterprise.name, r=reason),
    )
    from devzone.core.notify import enterprise_users

    return notify(
        enterprise_users(enterprise_id),
        zone_id=row.zone_id,
        kind=LINK_KIND,
        title=_survey_notice(row),
        url=reverse("services:home"),
        key=link_notice_key(row.pk, enterprise_id, link.token_hash[:8]),
    )


def _require_open(survey: Survey, on: dt.date | None = None) -> None:
    on = on or timezone.localdate()
    require(
        survey.status == SurveyStatus.OPEN and on <= survey.closes_on, _("本季度满意度测评已结束，链接已失效")
    )


def link_for(token: str) -> SurveyLink:
    link = SurveyLink.objects.select_related("survey").filter(token_hash=token_hash(token or "")).first()
    if link is None:
        raise NotFoundError(_("测评链接无效"))
    return link


@transaction.atomic
def survey_answer(
    *, token: str, answers: dict[int, dict], comment: str = "", on=None, address: str = ""
) -> int:
    """Store the answer of one link, sealed: ``answers`` maps each department id of the survey to its levels
    (overall, efficiency, attitude). Used twice or after the survey closed → refused, nothing changed.
    ``address`` (the client's) is counted under the survey's key, never stored as such.

    The link is spent and the box put in the inbox in one transaction: an answer is never accepted and lost, nor
    counted twice, whenever a process dies. That transaction's id is on both rows only until the inbox is
    released (``inbox_release``, asked once this one commits)."""
    link = SurveyLink.objects.select_for_update().filter(token_hash=token_hash(token or "")).first()
    if link is None:
        raise NotFoundError(_("测评链接无效"))
    # The survey row locked before it is read open: a closing (a leader's or the job's) holds it while it opens
    # the box, so an answer sent meanwhile waits and then finds the survey closed (refused, nothing changed);
    # one that takes it first is in the box the closing opens. Never spent yet left out of the counts.
    survey = Survey.objects.select_for_update(no_key=True).get(pk=link.survey_id)
    require(not link.used, _("该链接已使用过，每家企业每季度只能填写一次"))
    _require_open(survey, on)
    departments = list(survey.departments.order_by("order", "id"))
    levels: dict[int, dict[str, int]] = {}
    errors = {}
    for dept in departments:
        given = answers.get(dept.pk) or answers.get(str(dept.pk)) or {}
        values = {}
        for q in answer_box.QUESTIONS:
            try:
                values[q] = require_level(given.get(q), f"d{dept.pk}_{q}")
            except DomainError as e:
                errors.update(e.errors)
        if len(values) == len(answer_box.QUESTIONS):
            levels[dept.pk] = values
    if errors or len(levels) != len(departments):
        msg = _("请对每个部门的每一项作出评价")
        raise DomainError(msg, errors or {"__all__": [msg]})
    try:
        box = answer_box.seal(INBOX.key(survey), levels, (comment or "").strip()[:500])
        address_mac = sealbox.mac(survey.box_key, address or "-")
    except sealbox.KeyMissing:
        raise DomainError(_("测评暂不能提交，请联系开发区")) from None
    link.used = True
    link.save(update_fields=["used"])
    INBOX.put(survey, box)  # released once this commits (``inbox_release``)
    counted, _new = SurveyAddress.objects.get_or_create(survey=survey, address_mac=address_mac)
    SurveyAddress.objects.filter(pk=counted.pk).update(answers=F("answers") + 1)
    return len(levels)


def release_batch() -> int:
    """The fewest answers a release writes together: an answer is hidden among at least that many (and never
    among fewer than the survey shows a figure from, ``DEVZONE_SURVEY_MIN_ANSWERS``)."""
    return max(RELEASE_AT_LEAST, settings.DEVZONE_SURVEY_MIN_ANSWERS)


def inbox_release(survey_id: int, *, at_least: int | None = None) -> int:
    """Move the answers waiting in an open survey's inbox to its box, in a transaction of its own, once there are
    at least ``at_least`` (``release_batch()``) of them: each box opened under the inbox's key and sealed again
    under the survey's (a fresh ciphertext), written in random order with new random ids, the inbox rows deleted,
    a new inbox key made and the old one destroyed once this commits (a deleted row left on a page can no longer
    be opened). All or nothing: a release that fails leaves the inbox as it was, for the next answer's release or
    the closing (which opens both). Returns how many answers were released (``core.inbox``)."""
    return INBOX.release(survey_id, at_least=at_least)


# The survey's inbox (``core.inbox``): the survey row locked by the answers, the releases and the closing.
INBOX = Inbox(
    owner=Survey,
    rows=SealedAnswer,
    owner_field="survey",
    is_open={"status": SurveyStatus.OPEN},
    batch=lambda _survey: release_batch(),
    log_label="survey",
)


@transaction.atomic
def survey_close(*, actor, survey: Survey, on=None) -> Survey:
    row = locked(Survey, survey, actor=actor, what=_("测评"))
    require_role(actor, Role.ZONE_LEADER, doing=_("结束测评"))
    require(row.status != SurveyStatus.CLOSED, _("测评已结束"))
    row.closed_on = on or timezone.localdate()
    _open_box(row)
    SURVEY_MOVES.apply(row, "close", actor=actor, fields=("closed_on", "address_report"))
    return row


def _open_box(row: Survey) -> None:
    """Closing: the sealed answers (released, and those still in the inbox) become counts and shuffled
    comments, the answers per address a report (how many came from the busiest address), and the keys are
    destroyed once the closing commits."""
    sealed = SealedAnswer.objects.filter(survey=row)
    try:
        counts, comments = answer_box.open_all(row.box_key, INBOX.boxes(row))
    except sealbox.KeyMissing:
        raise DomainError(_("测评密钥缺失，无法汇总；请系统管理员按运维手册恢复密钥文件")) from None
    existing = {(c.department_id, c.question, c.level): c for c in AnswerCount.objects.filter(survey=row)}
    # written in the box's canonical order (department, question, level), so that ids and physical order say
    # nothing of which answer came first; counts exist already only for answers given before sealing
    for (d, q, level), n in counts.items():
        found = existing.get((d, q, level)) or AnswerCount(
            survey=row, department_id=d, question=q, level=level, count=0
        )
        found.count += n
        found.save()
    SurveyComment.objects.bulk_create([SurveyComment(survey=row, text=t) for t in comments])
    per_address = list(SurveyAddress.objects.filter(survey=row).values_list("answers", flat=True))
    row.address_report = {
        "answers": sum(per_address),
        "addresses": len(per_address),
        "most_from_one": max(per_address, default=0),
        "addresses_with_several": sum(1 for n in per_address if n >= SUSPICIOUS_PER_ADDRESS),
    }
    sealed.delete()
    SurveyAddress.objects.filter(survey=row).delete()
    INBOX.destroy_keys_on_commit(row)


def close_due_surveys(on: dt.date) -> int:
    """The job: surveys past their closing day are closed by the system actor. A survey that cannot be closed (its
    key file missing: ``_open_box`` refuses) is logged and left open for the next run, its answers kept; the other
    zones' surveys close all the same (the job's later steps run too). A lost database ends the run."""
    system = system_actor()
    closed = 0
    for pk in Survey.objects.filter(status=SurveyStatus.OPEN, closes_on__lt=on).values_list("pk", flat=True):
        try:
            closed += _close_due(pk, system, on)
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            log.exception("closing survey %s failed; the next run tries again", pk)
    return closed


@transaction.atomic
def _close_due(pk: int, system, on: dt.date) -> int:
    row = locked(Survey, pk, actor=system, what=_("测评"))
    if row.status != SurveyStatus.OPEN:  # a leader may have closed it meanwhile
        return 0
    row.closed_on = on
    _open_box(row)
    SURVEY_MOVES.apply(
        row,
        "close",
        actor=system,
        note=stored(gettext_lazy("到期自动结束")),
        fields=("closed_on", "address_report"),
    )
    return 1


def survey_due_reminders(on: dt.date) -> int:
    """In the first month of a quarter, the leaders of a zone whose previous quarter has no survey yet are
    reminded once to open it (nothing opens a survey but a leader)."""
    if on.month not in (1, 4, 7, 10):
        return 0
    year, quarter = scoring.quarter_of(on)
    year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    sent = 0
    done = set(Survey.objects.filter(year=year, quarter=quarter).values_list("zone_id", flat=True))
    for zone in Zone.objects.exclude(pk__in=done):
        sent += notify(
            leaders(zone.pk),
            zone_id=zone.pk,
            kind="services.survey_due",
            # in each leader's own language (core.notify.Text)
            title=Text(gettext_lazy("请发起%(y)d年第%(q)d季度企业满意度测评"), y=year, q=quarter),
            url="/services/surveys/",
            key=f"survey-due-{year}-{quarter}",
        )
    return sent
