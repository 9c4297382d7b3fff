"""好差评 pages: rating a service received, the list (filters kept by the pager), one rating, and appealing a
bad one. No page names the user who rated."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.core.web import form_errors, page_of, refusals, row_post, scoped_or_404
from devzone.services import filters, forms, selectors
from devzone.services.choices import SubjectKind
from devzone.services.models import Rating
from devzone.services.services import followups as follow_svc
from devzone.services.services import ratings as rating_svc
from devzone.services.views.common import filtered


@login_required
@require_http_methods(["GET", "POST"])
def rate(request, kind, pk):
    if kind not in SubjectKind.values:
        raise Http404
    try:
        subject = rating_svc.subject_for(user=request.user, kind=kind, pk=pk)
    except DomainError:
        raise Http404 from None
    existing = selectors.rating_list(user=request.user).filter(**subject.lookup).first()
    if existing is not None and not selectors.may_see_enterprise(request.user, existing):
        # The service's page names the enterprise: its rating (level, comment, the way to it) only for who may know
        # the enterprise behind it (never the person rated). The others read what an unrated service shows them —
        # not even 已评价, which would tell them which of two like services the rating they read is about.
        existing = None
    form = forms.RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request) as outcome:
            rating = rating_svc.rate(actor=request.user, kind=kind, pk=pk, **form.cleaned_data)
        if outcome.ok:
            if rating.is_bad:
                messages.warning(request, _("感谢您的评价。我们已启动整改，将在规定时限内回访您。"))
            else:
                messages.success(request, _("感谢您的评价"))
            return redirect(rating.get_absolute_url())
    elif request.method == "POST":
        form_errors(request, form)
    r = reach_of(request.user)
    # the period ``rate`` enforces: past it the page says so instead of offering a form the POST refuses
    too_late = rating_svc.window_closed(subject.served_on) if existing is None else None
    return render(
        request,
        "services/rate.html",
        {
            "subject": subject,
            "form": form,
            "existing": existing,
            "too_late": too_late,
            "may_rate": r.role == Role.ENTERPRISE_USER
            and existing is None
            and subject.received is None
            and too_late is None,
        },
    )


@login_required
def rating_list(request):
    found = filtered(request, Rating, filters.RatingFilter, selectors.rating_list(user=request.user))
    data = found.form.data
    staff = reach_of(request.user).kind != "enterprise"
    return render(
        request,
        "services/rating_list.html",
        {
            "page": page_of(request, found.qs),
            "kinds": SubjectKind.choices,
            "kind": data.get("kind", ""),
            "level": data.get("level", ""),
            # an enterprise's list is its own ratings: its name on every row would say nothing
            "show_enterprise": staff and selectors.may_see_enterprise(request.user),
            "department": data.get("department", ""),
            "mine": data.get("mine") == "1",
            "departments": found.filters["department"].queryset.order_by("zone_id", "order", "id")
            if staff
            else [],
        },
    )


def may_appeal(user, rating: Rating, appeal) -> bool:
    """The appeal button: a bad rating given by an enterprise, not yet appealed, for the person rated or the
    head of the rated department (the service checks the same)."""
    r = reach_of(user)
    return (
        r.kind == "zone"
        and rating.is_bad
        and not rating.automatic
        and appeal is None
        and (
            rating.served_by_id == user.pk
            or (r.role == Role.DEPARTMENT_HEAD and r.department_id == rating.department_id)
        )
    )


@login_required
def rating_detail(request, pk):
    rows = selectors.rating_list(user=request.user).select_related("follow_up", "appeal")
    rating = scoped_or_404(rows, pk, user=request.user)
    appeal = getattr(rating, "appeal", None)
    return render(
        request,
        "services/rating_detail.html",
        {
            "rating": rating,
            "follow": selectors.followup_shown(request.user, getattr(rating, "follow_up", None)),
            "appeal": appeal,
            "show_enterprise": selectors.may_see_enterprise(request.user, rating),
            "words_shown": selectors.rating_words_shown(request.user, rating),
            "may_appeal": may_appeal(request.user, rating, appeal),
            "appeal_form": forms.AppealForm(),
            "role": reach_of(request.user).role,
        },
    )


@row_post(Rating)
def appeal_new(request, rating):
    form = forms.AppealForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(rating.get_absolute_url())
    with refusals(request) as outcome:
        appeal = follow_svc.appeal_file(actor=request.user, rating=rating, reason=form.cleaned_data["reason"])
    if not outcome.ok:
        return redirect(rating.get_absolute_url())
    messages.success(request, _("申诉已提交，待开发区领导裁定"))
    return redirect(appeal.get_absolute_url())
