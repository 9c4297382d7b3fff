"""One staff member as the personnel office sees them (人事信息): their term targets (聘期目标) with the forms to add
and assess one, their competition entries with the form to apply for an open competition of the zone (竞聘报名),
their annual reviews and their 刚性淘汰 cases. Each list is read in the reader's scope; each form posts to the same
view (and service) as the annual page's and the competition's, and comes back here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from devzone.core.access import can, reach_of, require_right
from devzone.core.models import Staff
from devzone.core.web import scoped_or_404
from devzone.personnel import forms
from devzone.personnel.choices import CompetitionStatus, EntryStatus
from devzone.personnel.models import (
    AnnualReview,
    Competition,
    CompetitionEntry,
    CompetitionPost,
    EliminationCase,
    TermTarget,
)
from devzone.personnel.services import competition as competition_svc
from devzone.personnel.views.staffing import may_add_target, may_assess_target


@login_required
def staff_detail(request, pk):
    require_right(request.user, "view", TermTarget)
    staff = scoped_or_404(Staff.objects, pk, user=request.user)
    user = request.user
    entries = list(
        CompetitionEntry.objects.for_user(user)
        .filter(staff=staff)
        .select_related("competition", "target__post")
        .order_by("-competition__created_at", "pk")
    )
    applied = {e.competition_id for e in entries if e.status != EntryStatus.WITHDRAWN}  # withdrawn: may again
    may_apply = (
        staff.is_active
        and can(user, "change", Competition)
        and reach_of(user).role in competition_svc.RUNNERS
        and reach_of(user).zone_id == staff.zone_id
    )
    open_competitions = []
    if may_apply:
        posts: dict[int, list] = {}
        for p in (
            CompetitionPost.objects.for_user(user)
            .filter(competition__zone=staff.zone_id, competition__status=CompetitionStatus.OPEN)
            .exclude(competition__in=applied)
            .select_related("post__department", "competition")
            .order_by("competition", "pk")
        ):
            posts.setdefault(p.competition, []).append(p)
        open_competitions = [
            (comp, forms.EntryForm(prefix="entry", posts=rows, initial={"employee_no": staff.employee_no}))
            for comp, rows in posts.items()
        ]
    may_write = reach_of(user).zone_id == staff.zone_id
    return render(
        request,
        "personnel/staff_detail.html",
        {
            "staff": staff,
            "targets": TermTarget.objects.for_user(user).filter(staff=staff).order_by("-term_end", "pk"),
            "target_form": forms.TermTargetForm(prefix="target", initial={"employee_no": staff.employee_no})
            if may_write and staff.is_active and may_add_target(user)
            else None,
            "may_assess": may_write and may_assess_target(user),
            "entries": entries,
            "open_competitions": open_competitions,
            "reviews": AnnualReview.objects.for_user(user).filter(staff=staff).order_by("-year"),
            "cases": EliminationCase.objects.for_user(user).filter(staff=staff).order_by("-year", "pk"),
            "back": request.path,
            "own_staff_id": reach_of(user).staff_id,
        },
    )
