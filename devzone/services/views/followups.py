"""差评整改 and 申诉 pages: the follow-ups (list, one with its moves) and the appeals (list, one with the
leader's decision)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.core.access import reach_of, require_right
from devzone.core.choices import Role
from devzone.core.web import form_errors, page_of, refusals, row_post, scoped_or_404
from devzone.core.zones import narrow
from devzone.services import filters, forms, selectors
from devzone.services.actions import FOLLOWUP_ACTIONS
from devzone.services.choices import AppealStatus, FollowUpStatus
from devzone.services.models import Appeal, FollowUp
from devzone.services.services import followups as follow_svc
from devzone.services.views.common import filtered


@login_required
def followup_list(request):
    found = filtered(request, FollowUp, filters.FollowUpFilter, selectors.followup_list(user=request.user))
    return render(
        request,
        "services/followup_list.html",
        {
            "page": page_of(request, found.qs),
            "statuses": FollowUpStatus.choices,
            "status": found.form.data.get("status", ""),
            "departments": found.filters["department"].queryset,  # scoped to the user by the filter set
            "department": found.form.data.get("department", ""),
        },
    )


def may_handle(user, follow: FollowUp) -> bool:
    """The follow-up's handler, the rated department's head or a zone leader, never the person rated (the
    service checks the same)."""
    r = reach_of(user)
    return (
        r.kind == "zone"
        and not follow_svc.is_rated_person(user, follow.rating)
        and (
            r.role == Role.ZONE_LEADER
            or follow.handler_id == user.pk
            or (r.role == Role.DEPARTMENT_HEAD and r.department_id == follow.rating.department_id)
        )
    )


@login_required
def followup_detail(request, pk):
    rows = selectors.followup_list(user=request.user).select_related("clock")
    follow = scoped_or_404(rows, pk, user=request.user)
    rating = follow.rating
    handles = may_handle(request.user, follow)
    v = {"version": follow.version}
    return render(
        request,
        "services/followup_detail.html",
        {
            "follow": follow,
            "rating": rating,
            "role": reach_of(request.user).role,
            "may_handle": handles,
            # the enterprise's name, contact and words (the call-back record, its comment on the rectification)
            "show_enterprise": selectors.followup_words_shown(request.user, follow) or handles,
            # the enterprise's comment on the rating (its reason for the 差评)
            "rating_words": selectors.rating_words_shown(request.user, rating) or handles,
            "clock": selectors.clock_reading(follow.clock) if follow.clock_id else None,
            "forms": {
                "callback": forms.CallbackForm(initial=v),
                "assign": forms.HandlerForm(initial=v, staff=selectors.staff_choices(follow.zone_id))
                if handles
                else None,
                "rate": forms.ResultForm(),
            },
        },
    )


@row_post(FollowUp)
def followup_action(request, follow, action):
    FOLLOWUP_ACTIONS[action]  # noqa: B018  (an unknown move is 404)
    kwargs = {"staff": selectors.staff_choices(follow.zone_id)} if action == "assign" else {}
    return FOLLOWUP_ACTIONS.perform(
        request, action, follow, redirect_to=follow.get_absolute_url(), form_kwargs=kwargs
    )


@login_required
def appeal_list(request):
    require_right(request.user, "view", Appeal)
    qs = narrow(selectors.appeal_list(user=request.user), request)
    return render(request, "services/appeal_list.html", {"page": page_of(request, qs)})


@login_required
@require_http_methods(["GET", "POST"])
def appeal_detail(request, pk):
    appeal = scoped_or_404(selectors.appeal_list(user=request.user), pk, user=request.user)
    form = forms.DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request) as outcome:
            follow_svc.appeal_decide(actor=request.user, appeal=appeal, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("已裁定"))
            return redirect(appeal.get_absolute_url())
    elif request.method == "POST":
        form_errors(request, form)
    return render(
        request,
        "services/appeal_detail.html",
        {
            "appeal": appeal,
            "rating": appeal.rating,
            "may_decide": reach_of(request.user).role == Role.ZONE_LEADER
            and appeal.status == AppealStatus.PENDING
            and not follow_svc.may_not_decide(request.user, appeal),
            "recused": appeal.status == AppealStatus.PENDING
            and reach_of(request.user).role == Role.ZONE_LEADER
            and follow_svc.may_not_decide(request.user, appeal),
            "form": form,
            "show_enterprise": selectors.may_see_enterprise(request.user, appeal.rating),
            "rating_words": selectors.rating_words_shown(request.user, appeal.rating),
        },
    )
