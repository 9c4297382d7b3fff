"""The home of each side and the requests (企业诉求): list, raising one, one request with its moves, and its
attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.core.access import can, reach_of, require_right
from devzone.core.choices import Role
from devzone.core.files import download, too_large
from devzone.core.templatetags.devzone import show
from devzone.core.web import form_errors, page_of, refusals, row_post, scoped_or_404
from devzone.core.zones import narrow
from devzone.services import filters, forms, selectors
from devzone.services.actions import REQUEST_ACTIONS, STAFF_FORMS
from devzone.services.choices import (
    OPEN_REQUEST_STATUSES,
    AppealStatus,
    FollowUpStatus,
    RequestCategory,
    RequestStatus,
)
from devzone.services.models import RequestAttachment, ServiceRequest
from devzone.services.services import ratings as rating_svc
from devzone.services.services import requests as request_svc
from devzone.services.services.ratings import RATEABLE_REQUEST
from devzone.services.services.requests import MAX_ATTACHMENTS
from devzone.services.views.common import filtered


@login_required
def home(request):
    r = reach_of(request.user)
    if r.role == Role.ENTERPRISE_USER:
        mine = selectors.request_list(user=request.user)
        ctx = {
            "requests": mine.order_by("-submitted_on", "-id")[:10],
            "to_rate": selectors.services_to_rate(user=request.user),
            "followups": selectors.followup_list(user=request.user).filter(status=FollowUpStatus.CALLED_BACK),
            "survey": selectors.open_survey_for(user=request.user),
        }
        return render(request, "services/home_enterprise.html", ctx)
    require_right(request.user, "view", ServiceRequest)
    queue = narrow(selectors.request_queue(user=request.user), request)
    # a leader is recused from the appeals they filed or whose rating names them (``appeal_decide``)
    appeals = (
        selectors.appeal_list(user=request.user)
        .filter(status=AppealStatus.PENDING)
        .exclude(filed_by=request.user)
        .exclude(rating__served_by=request.user)
    )
    ctx = {
        "queue": queue[:50],
        "queue_count": queue.count(),
        "followups": narrow(selectors.open_followups(user=request.user), request).order_by("due_on")[:20],
        "appeals": narrow(appeals, request)[:20] if r.role == Role.ZONE_LEADER else [],
        "role": r.role,
        "today": timezone.localdate(),
    }
    return render(request, "services/home_staff.html", ctx)


@login_required
def request_list(request):
    found = filtered(
        request, ServiceRequest, filters.RequestFilter, selectors.request_list(user=request.user)
    )
    return render(
        request,
        "services/request_list.html",
        {
            "page": page_of(request, found.qs),
            "statuses": RequestStatus.choices,
            "categories": RequestCategory.choices,
            "status": found.form.data.get("status", ""),
            "category": found.form.data.get("category", ""),
            "can_submit": reach_of(request.user).role == Role.ENTERPRISE_USER,
        },
    )


def _uploads(request) -> list[tuple[str, bytes]]:
    """The attached files; one over the upload limit is refused before it is read (core.files)."""
    uploads = []
    for f in request.FILES.getlist("attachments"):
        if problem := too_large(f.size):
            messages.error(request, f"{f.name} {problem}")
            return []
        uploads.append((f.name, f.read()))
    return uploads


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    if reach_of(request.user).role != Role.ENTERPRISE_USER:
        raise PermissionDenied
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        files = request.FILES.getlist("attachments")
        uploads = _uploads(request)
        if len(uploads) == len(files):
            with refusals(request) as outcome:
                req = request_svc.request_submit(actor=request.user, uploads=uploads, **form.cleaned_data)
            if outcome.ok:
                done = _("诉求已提交，编号 %(n)s，%(d)s前答复") % {"n": req.number, "d": show(req.due_on)}
                messages.success(request, done)
                return redirect(req.get_absolute_url())
    elif request.method == "POST":
        form_errors(request, form)
    return render(request, "services/request_form.html", {"form": form, "most": MAX_ATTACHMENTS})


@login_required
def request_detail(request, pk):
    req = scoped_or_404(
        selectors.request_list(user=request.user).select_related("clock"), pk, user=request.user
    )
    r = reach_of(request.user)
    handler = request_svc.can_handle(request.user, req) and can(request.user, "change", ServiceRequest)
    v = {"version": req.shown_version}  # as the reader reads the row (``ServiceRequest.shown_version``)
    staff = selectors.staff_choices(req.zone_id, req.department_id) if handler else []
    action_forms = {
        name: action.form(initial=v, **({"staff": staff} if name in STAFF_FORMS else {}))
        for name, action in REQUEST_ACTIONS.actions.items()
    }
    # a rated request whose rating's enterprise the reader may not know reads as closed: no rating card at all
    # (``selectors.rated_hidden_q``), not even 已评价
    rating = None if getattr(req, "rated_hidden", False) else getattr(req, "rating", None)
    ctx = {
        "req": req,
        "role": r.role,
        "handler": handler,
        "replies": req.replies.select_related("author"),
        "attachments": req.attachments.all(),
        "rating": rating,
        # the page names the enterprise: its rating's level (and the link to it) only for who may know the
        # enterprise behind a rating (docs/services.md, Confidentiality); the others read 已评价
        "rating_shown": rating is not None and selectors.may_see_enterprise(request.user, rating),
        # the rating link within the period ``rate`` enforces (never a form the service then refuses)
        "may_rate": r.role == Role.ENTERPRISE_USER
        and rating is None
        and req.status in RATEABLE_REQUEST
        and rating_svc.window_closed(req.answered_on) is None,
        "clock": selectors.clock_reading(req.clock) if req.clock_id else None,
        # a leader moves a deadline before it passes (``request_extend``): no form the service would refuse
        "may_extend": r.role == Role.ZONE_LEADER
        and req.status in OPEN_REQUEST_STATUSES
        and not request_svc.is_overdue(req),
        "forms": action_forms,
    }
    return render(request, "services/request_detail.html", ctx)


@row_post(ServiceRequest)
def request_action(request, req, action):
    REQUEST_ACTIONS[action]  # noqa: B018  (an unknown move is 404 before anything is read from the form)
    kwargs = {"staff": selectors.staff_choices(req.zone_id)} if action in STAFF_FORMS else {}
    return REQUEST_ACTIONS.perform(
        request, action, req, redirect_to=req.get_absolute_url(), form_kwargs=kwargs
    )


@login_required
def attachment_download(request, pk):
    att = scoped_or_404(RequestAttachment.objects, pk, user=request.user)
    return download(request, att.file, filename=att.original_name, content_type=att.content_type)
