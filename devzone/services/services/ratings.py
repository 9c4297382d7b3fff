"""好差评: one rating per service the enterprise actually received (an approval application it applied for and
that concluded, a request it raised that was answered, the agency service of its key project); a bad rating
opens a follow-up (services.followups); a service left unrated is rated 基本满意 automatically, by the system
actor, after the zone's number of days."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.apps import apps
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.approvals.choices import Status as AppStatus
from devzone.approvals.models import Application
from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.actors import system_actor
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError, require
from devzone.core.locking import locked
from devzone.core.models import Department, Profile, Project, Zone
from devzone.core.notify import stored
from devzone.services.choices import RatingLevel, RequestStatus, SubjectKind
from devzone.services.events import rating_given, ratings_given
from devzone.services.models import AUTO_COMMENT, Rating, ServiceRequest
from devzone.services.services.common import display_name, optional_level, require_level
from devzone.services.services.followups import open_follow_up
from devzone.services.services.requests import REQUEST_MOVES, request_close_by_rating

RATEABLE_APPLICATION = (AppStatus.GRANTED, AppStatus.DENIED, AppStatus.REJECTED)
RATEABLE_REQUEST = (RequestStatus.ANSWERED, RequestStatus.CLOSED)
AUTO_HORIZON_DAYS = 90  # the automatic rating looks back this far (older services stay unrated)
RATING_WINDOW_DAYS = 90  # a service may be rated within this many days of its conclusion
APPROVALS_DEPARTMENT = "行政审批部"  # the one approval authority (大审批) when a reviewer has no staff record
# A rating's item is stored as "<prefix><name>" in Chinese, whoever rated (the list's search matches it as
# stored); the pages read the prefix in the reader's language (``item_label``).
APPLICATION_PREFIX, REQUEST_PREFIX, AGENCY_PREFIX = "审批：", "诉求：", "全程代办："
ITEM_LABELS = {
    APPLICATION_PREFIX: gettext_lazy("审批：%(name)s"),
    REQUEST_PREFIX: gettext_lazy("诉求：%(name)s"),
    AGENCY_PREFIX: gettext_lazy("全程代办：%(name)s"),
}

log = logging.getLogger(__name__)
SUBJECT_FIELD = {
    SubjectKind.APPLICATION: "application",
    SubjectKind.REQUEST: "request",
    SubjectKind.AGENCY: "project",
}


@dataclass
class Subject:
    """A service as the rating names it: the item, department and person who served, when it was done."""

    kind: str
    obj: object
    zone_id: int
    enterprise_id: int
    item: str
    department_id: int | None
    served_by: object
    served_on: dt.date | None
    received: str | None = None  # None when received, else why not
    served_label: str = ""  # the staff member's name when they have no user account

    @property
    def lookup(self) -> dict:
        return {SUBJECT_FIELD[self.kind]: self.obj}

    @classmethod
    def of(cls, kind: str, obj, **facts) -> Subject:
        """The service ``obj`` (an application, a request, a project), in its zone and for its enterprise."""
        return cls(kind=kind, obj=obj, zone_id=obj.zone_id, enterprise_id=obj.enterprise_id, **facts)


def _staff_department(user, zone_id: int | None = None) -> int | None:
    """The department of the staff member who served; for a reviewer without a staff record, the zone's
    行政审批部 (the approvals are its service)."""
    found = None
    if user is not None:
        found = (
            Profile.objects.filter(user=user, staff__isnull=False)
            .values_list("staff__department_id", flat=True)
            .first()
        )
    if found is None and zone_id is not None:
        found = (
            Department.objects.filter(zone_id=zone_id, name=APPROVALS_DEPARTMENT, abolished_on__isnull=True)
            .values_list("pk", flat=True)
            .first()
        )
    return found


def item_label(item: str) -> str:
    """A rating's stored item as shown: its kind's prefix (审批：, 诉求：, 全程代办：) in the reader's language, the
    name as typed."""
    for prefix, label in ITEM_LABELS.items():
        if item.startswith(prefix):
            return str(label) % {"name": item[len(prefix) :]}
    return item


# What a rating names of the service for a reader who may not know the enterprise behind it
# (``selectors.may_see_enterprise``): the request's title and the project's name were typed by or for the
# enterprise, and the request list's or the project list's search leads from them to it; so those readers get the
# kind alone (stored form for the API, the reader's language for pages). An approval's item is the catalog's name,
# the same for every enterprise: it stays.
WITHHELD_ITEMS = {
    SubjectKind.REQUEST: (REQUEST_PREFIX.rstrip("："), gettext_lazy("诉求")),
    SubjectKind.AGENCY: (AGENCY_PREFIX.rstrip("："), gettext_lazy("全程代办")),
}


def item_withheld(kind: str, item: str) -> str:
    """The rating's item as stored, for a reader who may not know the enterprise: the kind alone (诉求, 全程代办),
    or the approval item's catalog name (审批：…)."""
    return WITHHELD_ITEMS[kind][0] if kind in WITHHELD_ITEMS else item


def item_withheld_label(kind: str, item: str) -> str:
    """``item_withheld`` as a page shows it, in the reader's language."""
    return str(WITHHELD_ITEMS[kind][1]) if kind in WITHHELD_ITEMS else item_label(item)


def key_project_agent(project: Project):
    """The agent (core.Staff) of a key project, from the projects module; None when it has none."""
    try:
        KeyProject = apps.get_model("projects", "KeyProject")
    except LookupError:
        return None
    kp = KeyProject.objects.filter(project=project).select_related("agent__department").first()
    return kp.agent if kp is not None else None


def _application_subject(app: Application, department=None) -> Subject:
    """``department(user, zone_id)``: the server's department (``_staff_department``, or a memo of it)."""
    return Subject.of(
        SubjectKind.APPLICATION,
        app,
        item=f"{APPLICATION_PREFIX}{app.item.name}",
        department_id=(department or _staff_department)(app.reviewer, app.zone_id),
        served_by=app.reviewer,
        served_on=app.concluded_on or app.accepted_on or app.submitted_on,
        received=None if app.status in RATEABLE_APPLICATION else _("该审批办件尚未办结，不能评价"),
    )


def _request_subject(req: ServiceRequest) -> Subject:
    served = req.status in (*RATEABLE_REQUEST, RequestStatus.RATED)
    return Subject.of(
        SubjectKind.REQUEST,
        req,
        item=f"{REQUEST_PREFIX}{req.title}",
        department_id=req.department_id,
        served_by=req.assignee,
        served_on=req.answered_on,
        received=None if served else _("该诉求尚未答复，不能评价"),
    )


def _agency_subject(project: Project) -> Subject:
    agent = key_project_agent(project)
    user_of_agent = getattr(getattr(agent, "profile", None), "user", None) if agent is not None else None
    return Subject.of(
        SubjectKind.AGENCY,
        project,
        item=f"{AGENCY_PREFIX}{project.name}",
        department_id=agent.department_id if agent is not None else None,
        served_by=user_of_agent,
        served_on=None,
        received=None if agent is not None else _("该项目没有代办专员，未接受全程代办服务，不能评价"),
        served_label=agent.name if agent is not None else "",
    )


SUBJECTS = {
    SubjectKind.APPLICATION: (
        lambda: Application.objects.select_related("item", "reviewer__profile"),
        _application_subject,
    ),
    SubjectKind.REQUEST: (
        lambda: ServiceRequest.objects.select_related("assignee__profile"),
        _request_subject,
    ),
    SubjectKind.AGENCY: (lambda: Project.objects, _agency_subject),
}


def window_start(on: dt.date | None = None) -> dt.date:
    """The earliest conclusion day of a service that may still be rated on ``on`` (today by default): the
    90-day rating period, read by ``rate``, the rate page and every list that offers the rating link."""
    return (on or timezone.localdate()) - dt.timedelta(days=RATING_WINDOW_DAYS)


def window_closed(served_on: dt.date | None, on: dt.date | None = None) -> str | None:
    """Why a service concluded on ``served_on`` may no longer be rated on ``on``, or None while it may (the
    agency service has no conclusion day and stays open)."""
    if served_on is not None and served_on < window_start(on):
        return _("该服务已超过评价期限（办结后%(n)d日内可评价）") % {"n": RATING_WINDOW_DAYS}
    return None


def subject_for(*, user, kind: str, pk: int) -> Subject:
    """The service ``kind``/``pk`` as ``user`` may see it: another zone's or another enterprise's → 404."""
    if kind not in SUBJECTS:
        raise NotFoundError(_("服务类型无效"))
    rows, build = SUBJECTS[kind]
    row = rows().for_user(user, "view").filter(pk=pk).first()
    if row is None:
        raise NotFoundError(_("服务不存在"))
    return build(row)


def _rating(
    subject: Subject, *, level: int, comment: str, subs: dict, automatic: bool, on: dt.date
) -> Rating:
    """The rating of a service, unsaved."""
    return Rating(
        zone_id=subject.zone_id,
        kind=subject.kind,
        enterprise_id=subject.enterprise_id,
        item=subject.item[:200],
        department_id=subject.department_id,
        served_by=subject.served_by,
        served_by_label=display_name(subject.served_by) or subject.served_label[:80],
        served_on=subject.served_on,
        level=level,
        comment=comment,
        automatic=automatic,
        rated_on=on,
        **subs,
        **subject.lookup,
    )


def _note(rating: Rating) -> str:
    """The audit note of a rating, in the site's language (``stored``) whoever rated."""
    said = (
        gettext_lazy("系统默认评价：%(level)s") if rating.automatic else gettext_lazy("企业评价：%(level)s")
    )
    return stored(said, level=RatingLevel(rating.level).label)


def _create(
    subject: Subject, *, actor, level: int, comment: str, subs: dict, automatic: bool, on: dt.date
) -> Rating:
    rating = _rating(subject, level=level, comment=comment, subs=subs, automatic=automatic, on=on)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise DomainError(_("该服务已评价过，每项服务只能评价一次")) from None
    if subject.kind == SubjectKind.REQUEST:
        req = subject.obj
        if req.status == RequestStatus.ANSWERED:  # concluded by its rating: closed first, as a close reads
            request_close_by_rating(req, actor=actor, automatic=automatic, on=on)
        req.closed_on = req.closed_on or on
        # the level's label as the record keeps it (core writes the trail in the site's language)
        REQUEST_MOVES.apply(
            req, "rate", actor=actor, note=stored(RatingLevel(rating.level).label), fields=("closed_on",)
        )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=rating, note=_note(rating))
    rating_given(rating)
    if rating.is_bad:
        open_follow_up(rating, actor, on)
    return rating


def _lock_subject(subject: Subject, actor) -> None:
    """The rated application or request, locked: two ratings of one service never race."""
    if subject.kind == SubjectKind.APPLICATION:
        subject.obj = locked(Application, subject.obj, actor=actor, action="view")
    elif subject.kind == SubjectKind.REQUEST:
        subject.obj = locked(ServiceRequest, subject.obj, actor=actor, action="view")


@transaction.atomic
def rate(
    *,
    actor,
    kind: str,
    pk: int,
    level,
    comment: str = "",
    efficiency=None,
    attitude=None,
    convenience=None,
    on: dt.date | None = None,
) -> Rating:
    """The enterprise rates a service it received, once. A bad rating (不满意/非常不满意) must say why, and
    opens a follow-up."""
    r = reach_of(actor)
    subject = subject_for(user=actor, kind=kind, pk=pk)
    if r.role != Role.ENTERPRISE_USER or r.enterprise_id != subject.enterprise_id:
        raise PermissionDeniedError(_("只有接受服务的企业可以评价"))
    require(not Rating.objects.filter(**subject.lookup).exists(), _("该服务已评价过，每项服务只能评价一次"))
    if subject.received is not None:
        raise DomainError(subject.received)
    on = on or timezone.localdate()
    late = window_closed(subject.served_on, on)
    if late is not None:
        raise DomainError(late)
    level = require_level(level)
    subs = {
        name: optional_level(value, name)
        for name, value in (("efficiency", efficiency), ("attitude", attitude), ("convenience", convenience))
    }
    comment = (comment or "").strip()[:500]
    require(level > RatingLevel.DISSATISFIED or comment, _("差评请写明不满意的原因，以便整改"), "comment")
    _lock_subject(subject, actor)
    return _create(subject, actor=actor, level=level, comment=comment, subs=subs, automatic=False, on=on)


# --- periodic work -------------------------------------------------------------------------------------
def auto_rate_scan(on: dt.date) -> int:
    """Services left unrated for the zone's number of days are rated 基本满意, marked automatic, by the system
    actor. Zones may turn it off. Applications and requests only: agency goes on for the project's life and
    has no end date. A zone whose ratings fail is logged and left for the next run (its services stay due);
    the other zones go on. A lost database ends the run."""
    made = 0
    system = system_actor()
    for zone in Zone.objects.order_by("pk"):
        try:
            made += _auto_rate_zone(zone, system, on)
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            log.exception("automatic ratings of zone %s failed; the next run takes them again", zone.pk)
    return made


def _auto_rate_zone(zone: Zone, system, on: dt.date) -> int:
    from devzone.services.selectors import settings_for

    conf = settings_for(zone)
    if not conf.auto_rate_enabled:
        return 0
    latest = on - dt.timedelta(days=conf.auto_rate_days)
    earliest = on - dt.timedelta(days=AUTO_HORIZON_DAYS)
    apps_due = _unrated(Application, zone, RATEABLE_APPLICATION, "concluded_on", earliest, latest)
    made = _auto_applications(list(apps_due.order_by("pk").values_list("pk", flat=True)), system, on)
    reqs_due = _unrated(ServiceRequest, zone, RATEABLE_REQUEST, "answered_on", earliest, latest)
    reqs_due = reqs_due.select_related("assignee__profile")
    for subject in map(_request_subject, reqs_due):  # each request moves to 已评价: one by one
        made += _auto(subject, system, on)
    return made


def _unrated(model, zone, statuses, done_field: str, earliest: dt.date, latest: dt.date):
    """The zone's services of ``model`` in ``statuses``, done (``done_field``) between ``earliest`` and
    ``latest``, and not rated yet."""
    return model.objects.filter(
        zone=zone,
        status__in=statuses,
        **{f"{done_field}__lte": latest, f"{done_field}__gte": earliest},
        rating__isnull=True,
    )


AUTO_BATCH = 1000  # applications rated per transaction by the automatic job


def _auto_applications(ids: list[int], actor, on: dt.date) -> int:
    """基本满意 for concluded applications, in batches: each batch locks its applications, skips any the
    enterprise rated in between, and writes its ratings and their audit rows in bulk (no follow-up: 基本满意 is
    not a 差评)."""
    made = 0
    departments: dict = {}  # (reviewer, zone) -> department: two queries per reviewer, not per application

    def department(user, zone_id):
        key = (getattr(user, "pk", None), zone_id)
        if key not in departments:
            departments[key] = _staff_department(user, zone_id)
        return departments[key]

    for start in range(0, len(ids), AUTO_BATCH):
        with transaction.atomic():
            # Locked by primary key alone: PostgreSQL re-checks only the locked row's own columns after waiting
            # for a lock, never a join, so ``rating__isnull=True`` here would keep a file the enterprise rated
            # while the job waited. Once locked, a new statement sees every rating committed before (READ
            # COMMITTED), and the enterprise's own rating, which locks the file first, waits for this batch.
            locked_rows = list(
                Application.objects.select_for_update(of=("self",))
                .filter(pk__in=ids[start : start + AUTO_BATCH])
                .select_related("item", "reviewer__profile")
                .order_by("pk")
            )
            rated = set(
                Rating.objects.filter(application__in=[a.pk for a in locked_rows]).values_list(
                    "application_id", flat=True
                )
            )
            rows = [app for app in locked_rows if app.pk not in rated]
            ratings = [
                _rating(
                    _application_subject(app, department),
                    level=RatingLevel.BASICALLY,
                    comment=AUTO_COMMENT,
                    subs={},
                    automatic=True,
                    on=on,
                )
                for app in rows
            ]
            Rating.objects.bulk_create(ratings)
            audit.record_many(
                [audit.event(actor=actor, action=AuditAction.CREATE, obj=r, note=_note(r)) for r in ratings]
            )
            ratings_given(ratings)
        made += len(ratings)
    return made


def _auto(subject: Subject, actor, on: dt.date) -> int:
    try:
        with transaction.atomic():
            _lock_subject(subject, actor)
            _create(
                subject,
                actor=actor,
                level=RatingLevel.BASICALLY,
                comment=AUTO_COMMENT,
                subs={},
                automatic=True,
                on=on,
            )
    except DomainError:  # rated in between by the enterprise
        return 0
    return 1
