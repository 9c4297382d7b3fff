"""企业满意度测评: each quarter the service departments are rated by every enterprise served in the quarter,
through a one-use link (a random token whose SHA-256 alone is stored). An answer keeps no trace of who gave
it: the link is marked used and the answers stored in one transaction, with no reference, time or order
that ties them to the link or the enterprise."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.approvals.choices import Status as AppStatus
from devzone.approvals.models import Application
from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.actors import system_actor
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError, require, require_role
from devzone.core.locking import in_scope, locked
from devzone.core.models import Department, Enterprise, Zone
from devzone.core.notify import notify
from devzone.core.transitions import Move, Transitions
from devzone.services import scoring
from devzone.services.choices import SurveyStatus
from devzone.services.models import ServiceRequest, Survey, SurveyAnswer, SurveyLink
from devzone.services.services.common import leaders, require_level

TOKEN_BYTES = 24
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


@transaction.atomic
def survey_open(
    *, actor, year: int, quarter: int, closes_on: dt.date, department_ids=None, on=None
) -> tuple[Survey, list[tuple[Enterprise, str]]]:
    """A zone leader opens the quarter's survey: one link per served enterprise. The tokens are returned
    once (for the send-out list) and never stored."""
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
    zone = Zone.objects.get(pk=r.zone_id)
    require(
        not Survey.objects.filter(zone=zone, year=year, quarter=quarter).exists(),
        _("该季度的满意度测评已发起过"),
    )
    if department_ids:
        departments = list(Department.objects.filter(zone=zone, pk__in=department_ids))
        if len(departments) != len(set(department_ids)):
            raise DomainError(_("测评部门须为本开发区的部门"), {"departments": [_("测评部门无效")]})
    else:
        departments = list(settings_for(zone).survey_departments.all())
    require(departments, _("请选择至少一个测评部门"), "departments")
    survey = Survey.objects.create(
        zone=zone, year=year, quarter=quarter, opened_on=on, closes_on=closes_on, created_by=actor
    )
    survey.departments.set(departments)
    issued = []
    enterprises = Enterprise.objects.in_bulk(served_enterprises(zone, year, quarter))
    for ent in sorted(enterprises.values(), key=lambda e: e.pk):
        token = secrets.token_urlsafe(TOKEN_BYTES)
        SurveyLink.objects.create(survey=survey, enterprise=ent, token_hash=token_hash(token))
        issued.append((ent, token))
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=survey,
        note=_("发放测评链接%(n)d个") % {"n": len(issued)},
    )
    return survey, issued


@transaction.atomic
def link_reissue(*, actor, survey: Survey, enterprise_id: int) -> str:
    """A fresh token for an unused link (the old one stops working): for a leader resending, or for the
    enterprise's own user who opens the survey from the portal."""
    r = reach_of(actor)
    if r.role == Role.ENTERPRISE_USER:
        # an enterprise sees no survey, only its own link (looked up below)
        row = Survey.objects.filter(pk=survey.pk).first()
        if row is None or r.enterprise_id != enterprise_id:
            raise NotFoundError(_("测评链接不存在"))
    else:
        row = in_scope(Survey, survey, actor=actor, what=_("测评"))  # another zone's survey: 404
        require_role(actor, Role.ZONE_LEADER, doing=_("重发测评链接"))
    _require_open(row)
    link = SurveyLink.objects.select_for_update().filter(survey=row, enterprise_id=enterprise_id).first()
    if link is None:
        raise NotFoundError(_("本季度未向该企业发放测评链接"))
    require(not link.used, _("该企业已完成本季度测评"))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link.token_hash = token_hash(token)
    link.save(update_fields=["token_hash"])
    return token


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
def survey_answer(*, token: str, answers: dict[int, dict], comment: str = "", on=None) -> int:
    """Store the answers of one link: ``answers`` maps each department id of the survey to its levels
    (overall, efficiency, attitude). Used twice or after the survey closed → refused, nothing changed."""
    link = SurveyLink.objects.select_for_update().filter(token_hash=token_hash(token or "")).first()
    if link is None:
        raise NotFoundError(_("测评链接无效"))
    survey = link.survey
    require(not link.used, _("该链接已使用过，每家企业每季度只能填写一次"))
    _require_open(survey, on)
    departments = list(survey.departments.order_by("order", "id"))
    rows = []
    errors = {}
    for dept in departments:
        given = answers.get(dept.pk) or answers.get(str(dept.pk)) or {}
        values = {}
        for q in ("overall", "efficiency", "attitude"):
            field = f"d{dept.pk}_{q}"
            try:
                values[q] = require_level(given.get(q), field)
            except DomainError as e:
                errors.update(e.errors)
        rows.append(
            SurveyAnswer(survey=survey, department=dept, comment=(comment or "").strip()[:500], **values)
            if len(values) == 3
            else None
        )
    if errors or any(r is None for r in rows):
        msg = _("请对每个部门的每一项作出评价")
        raise DomainError(msg, errors or {"__all__": [msg]})
    link.used = True
    link.save(update_fields=["used"])
    SurveyAnswer.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def survey_close(*, actor, survey: Survey, on=None) -> Survey:
    row = locked(Survey, survey, actor=actor, what=_("测评"))
    require_role(actor, Role.ZONE_LEADER, doing=_("结束测评"))
    require(row.status != SurveyStatus.CLOSED, _("测评已结束"))
    row.closed_on = on or timezone.localdate()
    SURVEY_MOVES.apply(row, "close", actor=actor, fields=("closed_on",))
    return row


def close_due_surveys(on: dt.date) -> int:
    """The job: surveys past their closing day are closed by the system actor."""
    system = system_actor()
    closed = 0
    for pk in Survey.objects.filter(status=SurveyStatus.OPEN, closes_on__lt=on).values_list("pk", flat=True):
        with transaction.atomic():
            row = locked(Survey, pk, actor=system, what=_("测评"))
            if row.status == SurveyStatus.OPEN:  # a leader may have closed it meanwhile
                row.closed_on = on
                SURVEY_MOVES.apply(row, "close", actor=system, note=_("到期自动结束"), fields=("closed_on",))
                closed += 1
    return closed


def survey_due_reminders(on: dt.date) -> int:
    """In the first month of a quarter, the leaders of a zone whose previous quarter has no survey yet are
    reminded once to open it (the links must be downloaded and sent by a person)."""
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
            title=_("请发起%(y)d年第%(q)d季度企业满意度测评") % {"y": year, "q": quarter},
            url="/services/surveys/",
            key=f"survey-due-{year}-{quarter}",
        )
    return sent
