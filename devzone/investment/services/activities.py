"""Activities (招商活动): visits, stationed days and fairs, with the leads met there."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.access import can
from devzone.core.errors import PermissionDeniedError, require
from devzone.investment.models import Activity, InvestmentTeam, Lead
from devzone.investment.services.common import audit_created, day, validate


@transaction.atomic
def activity_create(
    *,
    actor,
    team: InvestmentTeam,
    kind: str,
    title: str,
    on: dt.date,
    end_on: dt.date | None = None,
    place: str = "",
    content: str = "",
    leads: list[Lead] | None = None,
) -> Activity:
    if not can(actor, "create", Activity):
        raise PermissionDeniedError(_("您无权登记招商活动"))
    activity = Activity(
        zone_id=team.zone_id,
        team=team,
        kind=kind,
        title=(title or "").strip(),
        on=on,
        end_on=end_on,
        place=place,
        content=content,
        recorded_by=actor,
    )
    day("on", on, _("活动日期"), future_days=366)
    if end_on is not None:
        day("end_on", end_on, _("结束日期"), future_days=366 + 31)
    validate(activity)
    activity.save()
    if not Activity.objects.for_user(actor, "create").filter(pk=activity.pk).exists():
        raise PermissionDeniedError(_("只能为本人所在的小分队登记活动"))
    leads = leads or []
    allowed = set(
        Lead.objects.for_user(actor).filter(pk__in=[x.pk for x in leads]).values_list("pk", flat=True)
    )
    require(len(allowed) == len({x.pk for x in leads}), _("所选线索不存在或不在您的范围内"), "leads")
    if leads:
        activity.leads.set(leads)
        if on <= timezone.localdate():
            Lead.objects.filter(pk__in=allowed, last_activity_on__lt=on).update(
                last_activity_on=on, is_stale=False
            )
    audit_created(actor, activity)
    return activity
