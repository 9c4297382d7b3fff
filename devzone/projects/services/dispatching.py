"""Issuing the weekly dispatch (周调度): on demand and by the periodic job at the zone's weekday and hour.
Each issue is stored as issued (content snapshot and .docx bytes) and never changes afterwards. Its words are
stored as what they are written from (``projects.dispatch``) and read in each reader's language; the .docx kept
is the issue in the site's language, and a reader of another language downloads it written in theirs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from devzone.core import audit
from devzone.core.choices import AuditAction, Role
from devzone.core.errors import require_role
from devzone.core.locking import in_scope, locked
from devzone.core.models import Zone
from devzone.core.notify import Text, notify, zone_users
from devzone.core.sequences import next_value
from devzone.projects import docx_report
from devzone.projects.dispatch import FOOTER, SUBTITLE, on_day, sections, shown_content, text
from devzone.projects.models import KeyProject, WeeklyDispatch
from devzone.projects.services.common import SYSTEM, rules_for
from devzone.projects.wording import DISPATCH_TITLE, dispatch_title_label, dispatch_title_stored

# A stored title read in the language of whoever reads it (a notice is rendered once per recipient's language).
title_label = lazy(dispatch_title_label, str)

ISSUERS = (Role.ZONE_LEADER, Role.DEPARTMENT_HEAD, Role.AGENT)  # not the system administrator (common.py)


def week_of(on: dt.date) -> tuple[dt.date, dt.date]:
    start = on - dt.timedelta(days=on.weekday())
    return start, start + dt.timedelta(days=6)


def build_content(*, zone, on: dt.date) -> dict:
    week_start, week_end = week_of(on)
    out = []
    for s in sections():
        body = s.build(zone=zone, week_start=week_start, week_end=week_end, on=on)
        out.append({"key": s.key, "title": text(s.title), **body})
    counts = dict.fromkeys(("green", "yellow", "red"), 0)
    for status in KeyProject.objects.filter(zone=zone).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return {
        "title": text(DISPATCH_TITLE, zone=zone.name),  # the Word document's heading
        "subtitle": text(SUBTITLE, start=on_day(week_start), end=on_day(week_end), on=on_day(on)),
        "zone": zone.name,
        "week_start": week_start.isoformat(),
        "on": on.isoformat(),
        "status_counts": counts,
        "sections": out,
        "footer": text(FOOTER, total=sum(counts.values()), **counts),
    }


def issue(*, zone, on: dt.date, actor, automatic: bool, now=None) -> WeeklyDispatch:
    """Write one issue of the zone's dispatch (in the caller's transaction): the content as of ``on``, its
    Word document, the next number of the week. The caller has checked the actor (a person or the system)."""
    content = build_content(zone=zone, on=on)
    week_start = dt.date.fromisoformat(content["week_start"])

    def floor() -> int:
        return (
            WeeklyDispatch.objects.filter(zone=zone, week_start=week_start).aggregate(m=Max("number"))["m"]
            or 0
        )

    number = next_value(f"projects.dispatch:{zone.pk}:{week_start}", floor=floor)
    dispatch = WeeklyDispatch.objects.create(
        zone=zone,
        week_start=week_start,
        number=number,
        issued_at=now or timezone.now(),
        issued_by=actor,
        automatic=automatic,
        title=dispatch_title_stored(zone.name, number),
        content=content,
        docx=dispatch_docx(content, stored=True),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=dispatch, note=gettext_lazy("生成周调度"))
    return dispatch


@transaction.atomic
def dispatch_issue(*, actor, zone: Zone, on: dt.date | None = None) -> WeeklyDispatch:
    """Generate this week's dispatch now (on demand); earlier issues stay as they were."""
    require_role(actor, *ISSUERS, *SYSTEM, doing=_("生成周调度"))
    zone = in_scope(Zone, zone, actor=actor, what=_("开发区"))
    return issue(zone=zone, on=on or timezone.localdate(), actor=actor, automatic=False)


def scheduled_at(zone_id: int, on: dt.date) -> dt.datetime:
    """When this week's meeting report is due: the zone's weekday and hour (Monday 19:00 by default)."""
    rules = rules_for(zone_id)
    week_start, _end = week_of(on)
    when = dt.datetime.combine(
        week_start + dt.timedelta(days=rules.dispatch_weekday), dt.time(rules.dispatch_hour)
    )
    return timezone.make_aware(when)


def dispatch_scan(now: dt.datetime, *, actor) -> list[int]:
    """Issue the week's dispatch of every zone with key projects once its time has come (once a week), as
    ``actor`` (the system actor of the periodic job); the zone's leaders are told. Scans may overlap (the job
    runner re-queues a scan still running after 1 800 s): each zone's issue is decided under a lock, and a
    scan that finds the week's automatic dispatch already issued issues nothing."""
    require_role(actor, *SYSTEM, doing=_("定时生成周调度"))
    on = timezone.localdate(now)
    week_start, _end = week_of(on)
    issued = []
    for zone in Zone.objects.for_user(actor).filter(pk__in=KeyProject.objects.values("zone_id")):
        if now < scheduled_at(zone.pk, on):
            continue
        d = _issue_scheduled(zone=zone, on=on, week_start=week_start, actor=actor, now=now)
        if d is not None:
            issued.append(d.pk)
    return issued


def _automatic_exists(zone, week_start: dt.date) -> bool:
    return WeeklyDispatch.objects.filter(zone=zone, week_start=week_start, automatic=True).exists()


def _issue_scheduled(*, zone, on: dt.date, week_start: dt.date, actor, now) -> WeeklyDispatch | None:
    """The zone's automatic dispatch of the week, unless one exists. The zone's row is locked before the check,
    so a second scan waits for the first to commit and then finds its issue (PostgreSQL; SQLite's immediate
    transactions serialize the writers anyway). The constraint ``dispatch_one_automatic_per_week`` stops a
    scan that got past the check all the same: it rolls back and issues nothing."""
    try:
        with transaction.atomic():
            zone = locked(Zone, zone, actor=actor, action="view", what=_("开发区"))
            if _automatic_exists(zone, week_start):
                return None
            d = issue(zone=zone, on=on, actor=actor, automatic=True, now=now)
            notify(
                zone_users(zone.pk, roles=[Role.ZONE_LEADER]),
                zone_id=zone.pk,
                kind="projects.dispatch",
                # in each leader's own language (core.notify), the issue's title too (its stored words read back)
                title=Text(gettext_lazy("本周重点项目周调度已生成：%(t)s"), t=title_label(d.title)),
                url=d.get_absolute_url(),
                key=f"dispatch-{zone.pk}-{week_start:%Y%m%d}",
            )
    except IntegrityError:
        if _automatic_exists(zone, week_start):
            return None
        raise
    return d


def dispatch_docx(content: dict, *, stored: bool = False) -> bytes:
    """The Word document of an issue's content in the reader's language (``stored``: in the site's, as kept)."""
    with override(settings.LANGUAGE_CODE if stored else get_language()):
        return docx_report.render(shown_content(content))


def dispatch_document(d: WeeklyDispatch) -> bytes:
    """The Word document a reader downloads: the one kept at the issue, when they read the site's language;
    else the same issue written in theirs."""
    if get_language() == settings.LANGUAGE_CODE:
        return bytes(d.docx)
    return dispatch_docx(d.content)


def dispatch_filename(d: WeeklyDispatch) -> str:
    """The Word document's name, the same on the page and in the API, in the reader's language."""
    return _("周调度_%(week)s_%(n)d.docx") % {"week": f"{d.week_start:%Y%m%d}", "n": d.number}
