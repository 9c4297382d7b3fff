"""班子: the leadership teams of the zones in reach, and the figures before and after the reform date."""

from __future__ import annotations

import datetime as dt

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core import ledger
from devzone.core.access import can, require_right
from devzone.core.filters import query_param
from devzone.core.forms import StaffImportForm
from devzone.core.models import Zone
from devzone.core.web import import_workbook, page_of, refusals
from devzone.core.zones import narrow
from devzone.personnel import forms, selectors
from devzone.personnel.models import TeamMember
from devzone.personnel.services import teams as svc


def _day_field() -> django_forms.DateField:
    """A day the page is asked for (``?reform=``, ``?after=``): 1900–2100, whatever else is the default day. The
    page counts back from it (the team the day before the reform), which year 1 cannot (a 500 before)."""
    return django_forms.DateField(
        validators=[MinValueValidator(dt.date(1900, 1, 1)), MaxValueValidator(dt.date(2100, 12, 31))]
    )


def _zones(user):
    return Zone.objects.for_user(user).filter(merged_into__isnull=True).order_by("pk")


@login_required
def teams(request, member_form=None, import_form=None):
    require_right(request.user, "view", TeamMember)
    may_record = can(request.user, "create", TeamMember)
    if may_record:
        member_form = member_form or forms.TeamMemberForm(prefix="member", zones=_zones(request.user))
        import_form = import_form or StaffImportForm(prefix="import")
    members = narrow(TeamMember.objects.for_user(request.user), request)
    today = timezone.localdate()
    reform_on = query_param(request, "reform", _day_field(), selectors.reform_day(members) or today)
    # by default the team as appointed on the reform day
    after_on = query_param(request, "after", _day_field(), reform_on)
    zones = Zone.objects.for_user(request.user).filter(pk__in=members.values("zone")).order_by("pk")
    rows = [
        (zone, selectors.team_comparison(members.filter(zone=zone), reform_on=reform_on, after_on=after_on))
        for zone in zones
    ]
    return render(
        request,
        "personnel/teams.html",
        {
            "total": selectors.team_comparison(members, reform_on=reform_on, after_on=after_on),
            "rows": rows,
            "reform_on": reform_on,
            "member_form": member_form if may_record else None,
            "import_form": import_form if may_record else None,
            "after_on": after_on,
            "page": page_of(
                request,
                members.filter(left_on__isnull=True)
                .select_related("zone")
                .order_by("zone", "joined_on", "pk"),
            ),
        },
    )


@login_required
@require_POST
def team_action(request, action):
    """登记 one member (``add``) or import a workbook (``import``); a refusal shows the page again with the form."""
    require_right(request.user, "create", TeamMember)
    if action == "add":
        form = forms.TeamMemberForm(request.POST, prefix="member", zones=_zones(request.user))
        if form.is_valid():
            with refusals(request, form) as outcome:
                member = svc.team_member_add(actor=request.user, **form.service_fields())
            if outcome.ok:
                messages.success(request, _("已登记班子成员 %(n)s") % {"n": member.name})
                return redirect("personnel:teams")
        return teams(request, member_form=form)
    if action == "import":
        form = StaffImportForm(request.POST, request.FILES, prefix="import")
        if form.is_valid():
            load = lambda data: svc.team_import(actor=request.user, data=data)  # noqa: E731
            if import_workbook(request, form, load, done=_("已导入%(n)d名班子成员")).ok:
                return redirect("personnel:teams")
        return teams(request, import_form=form)
    raise Http404


@login_required
def team_template(request):
    require_right(request.user, "create", TeamMember)
    return ledger.download(svc.team_template(), "team_members.xlsx")
