"""What follows acceptance outside the review desk: a leader's assignment of the reviewer (分派, 改派), 容缺
materials supplied (or, late, the review suspended), the check after a grant on commitment (告知承诺), and the
periodic scans the jobs run as the system actor:

- deemed acceptance: a file left without acceptance or a supplement request past 5 working days is accepted as
  of the day it came (行政许可法第32条);
- 容缺: a material accepted missing is owed by a date no later than the promised limit; when it is late the
  application is suspended until it is supplied."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from devzone.approvals import conf
from devzone.approvals.choices import PostCheckResult, Status
from devzone.approvals.models import Application, Certificate, CommitmentBar, PostCheck, ToleratedMaterial
from devzone.approvals.services.common import (
    check,
    is_zone_reviewer,
    lock,
    move,
    pause_clocks,
    resume_clocks,
    take_for_owner,
)
from devzone.approvals.services.intake import (
    acceptance_deadline,  # noqa: F401 (the pages and tests read it here)
    accepted_by_law,
    application_accept,
    store_uploads,
)
from devzone.core import audit
from devzone.core.access import reach_of
from devzone.core.actors import system_actor
from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError, require, require_role, require_text
from devzone.core.notify import stored
from devzone.core.workdays import get_calendar


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month when it has no such day)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return day.replace(year=year, month=month, day=min(day.day, pycalendar.monthrange(year, month)[1]))


@transaction.atomic
def application_assign(
    *,
    actor,
    application: Application,
    reviewer,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Application:
    """分派: a zone leader gives an accepted, open file its reviewer (a file deemed accepted by the scan has
    none) or another one (改派). The reviewer must be an active reviewer of the file's zone; the event log says
    who had it and who has it now, and the new reviewer is told."""
    from devzone.core.notify import Text, notify

    on = on or timezone.localdate()
    app = lock(application, actor, expected_version, "change")
    require_role(actor, Role.ZONE_LEADER, doing=_("分派审批人员"))
    check(app, "assign", _("分派审批人员"))
    require(reviewer is not None, _("请选择审批人员"), "reviewer")
    require(is_zone_reviewer(reviewer, app.zone_id), _("所选审批人员无效"), "reviewer")
    require(app.reviewer_id != reviewer.pk, _("该件已由所选审批人员办理"), "reviewer")
    before = app.reviewer
    app.reviewer = reviewer
    # the event's note kept in the site's language, whoever assigns (core.notify.stored)
    if before is None:
        note = stored(gettext_lazy("分派给%(r)s"), r=audit.actor_label(reviewer))
    else:
        note = stored(
            gettext_lazy("由%(a)s改派给%(r)s"), a=audit.actor_label(before), r=audit.actor_label(reviewer)
        )
    app = move(app, "assign", actor=actor, on=on, note=note, fields=("reviewer",))
    notify(
        [reviewer],
        zone_id=app.zone_id,
        kind="approvals.assign",
        # in the reviewer's own language, not the leader's (core.notify.Text)
        title=Text(gettext_lazy("分派给您审查：%(app)s"), app=str(app)),
        url=app.get_absolute_url(),
        key=f"application-assign-{app.pk}-{app.version}",
    )
    return app


@transaction.atomic
def tolerated_supply(
    *, actor, application: Application, material_id: int, name: str, data: bytes, on: dt.date | None = None
) -> Application:
    on = on or timezone.localdate()
    # a concluded file takes no more materials
    app = take_for_owner(application, actor, None, "supply", _("补交容缺材料"))
    owed = app.tolerated.filter(material_id=material_id, supplied_on__isnull=True).first()
    require(owed is not None, _("该材料无需补交"))
    store_uploads(app, actor, [(material_id, name, data)])
    owed.supplied_on = on
    owed.save(update_fields=["supplied_on"])
    if (
        app.status == Status.SUSPENDED
        and not app.tolerated.filter(supplied_on__isnull=True, due_on__lt=on).exists()
    ):
        resume_clocks(app, on=on)
        return move(app, "resume", actor=actor, on=on)
    return move(app, "supply", actor=actor, on=on, note=owed.material.name)


@transaction.atomic
def post_check_record(
    *, actor, application: Application, conforms: bool, finding: str, on: dt.date | None = None
) -> Application:
    """The check after a grant on commitment. A breach revokes the grant and its certificate and bars the
    enterprise from commitments for 6 months (configurable)."""
    from devzone.approvals.certificates import revoke_certificate

    on = on or timezone.localdate()
    app = lock(application, actor, None, "change")
    require_role(actor, Role.REVIEWER, Role.ZONE_LEADER, doing=_("登记核查结果"))
    # a breach revokes a certificate and bars the enterprise: only the file's own reviewer or a leader
    if reach_of(actor).role == Role.REVIEWER and app.reviewer_id != actor.pk:
        raise PermissionDeniedError(_("只有本件的承办人或开发区领导可以登记核查结果"))
    post_check = PostCheck.objects.select_for_update().filter(application=app).first()
    require(
        post_check is not None and post_check.result == PostCheckResult.PENDING, _("该件没有待核查的承诺")
    )
    finding = require_text(finding, "finding", _("请填写核查情况"))
    check(app, "post_check_conforms" if conforms else "post_check_breach", _("登记核查结果"))
    post_check.result = PostCheckResult.CONFORMS if conforms else PostCheckResult.BREACH
    post_check.checked_on, post_check.checked_by, post_check.finding = on, actor, finding
    post_check.save()
    if conforms:
        return move(app, "post_check_conforms", actor=actor, on=on, note=finding)
    certificate = Certificate.objects.filter(application=app).first()
    if certificate is not None:
        # the certificate's stored reason in the site's language, whoever records the check
        reason = stored(gettext_lazy("违反告知承诺：%(f)s"), f=finding)
        revoke_certificate(actor=actor, certificate=certificate, on=on, reason=reason)
    CommitmentBar.objects.create(
        enterprise=app.enterprise,
        application=app,
        reason=finding[:200],
        until=add_months(on, conf.get("COMMITMENT_BAR_MONTHS")),
    )
    return move(app, "post_check_breach", actor=actor, on=on, note=finding)


# --- scans (periodic jobs, as the system actor) ----------------------------------------------------------
def deemed_acceptance_scan(on: dt.date) -> int:
    """Applications left without acceptance or a supplement request past 5 working days (from submission, or
    from the day an answered 补正 arrived) are accepted as of that day (行政许可法第三十二条). No file escapes:
    neither one whose project has no code yet nor one that answered a 补正."""
    cal, system = get_calendar(), system_actor()
    n = 0
    candidates = (
        Application.objects.filter(status=Status.SUBMITTED, submitted_on__lt=on)
        .select_related("item", "project")
        .order_by("id")
    )
    for app in candidates.iterator(chunk_size=500):
        if not accepted_by_law(app, on, cal):
            continue
        try:
            application_accept(actor=system, application=app, deemed=True, on=on)
        except DomainError:
            continue  # accepted meanwhile (a version or status conflict): nothing left to do
        n += 1
    return n


def tolerated_scan(on: dt.date) -> int:
    """Suspend applications whose 容缺 material is overdue."""
    system = system_actor()
    n = 0
    late = ToleratedMaterial.objects.filter(
        supplied_on__isnull=True, due_on__lt=on, application__status=Status.IN_REVIEW
    ).values_list("application_id", flat=True)
    for app_id in sorted(set(late)):
        with transaction.atomic():
            app = lock(app_id, system, None, "change")
            if app.status != Status.IN_REVIEW:
                continue
            # the zone's rule stops its promised clock; the law knows no such pause: the statutory one runs
            pause_clocks(app, on=on, reason=_("容缺材料逾期未补交"), statutory=False)
            move(app, "suspend", actor=system, on=on)
            n += 1
    return n
