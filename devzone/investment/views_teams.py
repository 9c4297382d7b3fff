"""Team pages of 大招商: the teams with their active leads, a team with its members and targets, the team form
and adding a member or a year's targets (leaders)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import require_right
from devzone.core.forms import mark_invalid
from devzone.core.web import post_and_return, refusals, safe_next, scoped_or_404
from devzone.core.zones import narrow
from devzone.investment import forms, selectors
from devzone.investment import services as svc
from devzone.investment.models import InvestmentTeam, TeamMember, TeamTarget
from devzone.investment.views_common import may_create, work_zone


@login_required
def team_list(request):
    require_right(request.user, "view", InvestmentTeam)
    teams = narrow(InvestmentTeam.objects.for_user(request.user), request).annotate(
        active_leads=Count("leads", filter=Q(leads__is_active=True)),
        members_count=Count("members", filter=Q(members__is_active=True), distinct=True),
    )
    return render(
        request,
        "investment/team_list.html",
        {
            "teams": teams,
            "year": timezone.localdate().year,
            "can_create": may_create(request, InvestmentTeam),
        },
    )


def _new_member(team) -> TeamMember:
    return TeamMember(
        zone_id=team.zone_id, team=team, capacity=svc.settings_for(team.zone_id).default_capacity
    )


def _new_target(team) -> TeamTarget:
    return TeamTarget(zone_id=team.zone_id, team=team)


@login_required
def team_detail(request, pk):
    team = scoped_or_404(InvestmentTeam.objects, pk, user=request.user)
    year = timezone.localdate().year
    done = (
        selectors.contracts_in(zone_id=team.zone_id, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        .filter(team=team)
        .aggregate(**selectors._aggregates())
    )
    members = team.members.select_related("staff").annotate(
        active_leads=Count("staff__owned_leads", filter=Q(staff__owned_leads__is_active=True))
    )
    can_change = InvestmentTeam.objects.for_user(request.user, "change").filter(pk=team.pk).exists()
    return render(
        request,
        "investment/team_detail.html",
        {
            "team": team,
            "year": year,
            "done": {k: v or 0 for k, v in done.items()},
            "target": team.targets.filter(year=year).first(),
            "targets": team.targets.all(),
            "members": members,
            "can_change": can_change,
            "member_form": forms.MemberForm(user=request.user, instance=_new_member(team))
            if can_change
            else None,
            "target_form": forms.TargetForm(
                user=request.user, initial={"year": year}, instance=_new_target(team)
            )
            if can_change
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_form(request, pk=None):
    if pk is None:
        require_right(request.user, "create", InvestmentTeam)
        work_zone(request)
        team = InvestmentTeam()
    else:
        team = scoped_or_404(InvestmentTeam.objects, pk, user=request.user, action="change")
    form = forms.TeamForm(request.POST or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            team = svc.team_save(actor=request.user, team=form.save(commit=False))
        if outcome.ok:
            messages.success(request, _("已保存"))
            return redirect(safe_next(request, team.get_absolute_url()))
    mark_invalid(form)
    return render(
        request,
        "investment/simple_form.html",
        {"form": form, "title": _("招商小分队"), "back": "investment:team_list"},
    )


ADDABLE = {"member": (forms.MemberForm, _new_member), "target": (forms.TargetForm, _new_target)}


@login_required
@require_POST
def team_add(request, pk, what):
    """Add a member or a year's targets to a team (leaders)."""
    team = scoped_or_404(InvestmentTeam.objects, pk, user=request.user)
    if what not in ADDABLE:
        raise Http404
    form_class, new = ADDABLE[what]
    form = form_class(request.POST, user=request.user, instance=new(team))
    require_right(request.user, "create", type(form.instance))
    return post_and_return(
        request,
        form,
        lambda _d: svc.team_add(actor=request.user, row=form.save(commit=False)),
        done=_("已保存"),
        back=team.get_absolute_url(),
    )
