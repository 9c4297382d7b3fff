"""Pages of 企业服务: the home for each side, requests, ratings (好差评), follow-ups and appeals. Thin: reads
from the selectors, every move through the services, which check the actor and the state."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can, reach_of
from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.core.models import Department, Profile
from devzone.core.zones import narrow
from devzone.services import forms, selectors
from devzone.services.choices import (
    OPEN_REQUEST_STATUSES,
    AppealStatus,
    FollowUpStatus,
    RequestCategory,
    RequestStatus,
    SubjectKind,
)
from devzone.services.models import Appeal, FollowUp, Rating, RequestAttachment, ServiceRequest
from devzone.services.services import followups as follow_svc
from devzone.services.services import ratings as rating_svc
from devzone.services.services import requests as request_svc
from devzone.services.services.common import STAFF_ROLES

MAX_UPLOAD = 10 * 1024 * 1024


def _error(request, e: DomainError) -> None:
    msgs = [m for ms in e.errors.values() for m in ms] if e.errors else [e.message]
    for m in dict.fromkeys(msgs):
        messages.error(request, m)


def _form_errors(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for err in errs:
            messages.error(request, f"{label}：{err}" if label else err)


def staff_choices(zone_id, department_id=None):
    qs = Profile.objects.filter(zone_id=zone_id, role__in=STAFF_ROLES, user__is_active=True).select_related(
        "user"
    )
    if department_id:
        qs = qs.filter(staff__department_id=department_id)
    return [(p.user, p.display_name or p.user.username) for p in qs.order_by("display_name")]


def _page(request, qs, per=25):
    return Paginator(qs, per).get_page(request.GET.get("page"))


# --- home ----------------------------------------------------------------------------------------------
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
    if not can(request.user, "view", ServiceRequest):
        raise PermissionDenied
    queue = narrow(selectors.request_queue(user=request.user), request)
    ctx = {
        "queue": queue[:50],
        "queue_count": queue.count(),
        "followups": narrow(selectors.open_followups(user=request.user), request).order_by("due_on")[:20],
        "appeals": narrow(
            selectors.appeal_list(user=request.user).filter(status=AppealStatus.PENDING), request
        )[:20]
        if r.role == Role.ZONE_LEADER
        else [],
        "role": r.role,
        "today": timezone.localdate(),
    }
    return render(request, "services/home_staff.html", ctx)


# --- requests ------------------------------------------------------------------------------------------
@login_required
def request_list(request):
    if not can(request.user, "view", ServiceRequest):
        raise PermissionDenied
    qs = narrow(selectors.request_list(user=request.user), request)
    status = request.GET.get("status", "")
    if status == "open":
        qs = qs.filter(status__in=OPEN_REQUEST_STATUSES)
    elif status in RequestStatus.values:
        qs = qs.filter(status=status)
    category = request.GET.get("category", "")
    if category in RequestCategory.values:
        qs = qs.filter(category=category)
    return render(
        request,
        "services/request_list.html",
        {
            "page": _page(request, qs),
            "statuses": RequestStatus.choices,
            "categories": RequestCategory.choices,
            "status": status,
            "category": category,
            "can_submit": reach_of(request.user).role == Role.ENTERPRISE_USER,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    if reach_of(request.user).role != Role.ENTERPRISE_USER:
        raise PermissionDenied
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        uploads = []
        try:
            for f in request.FILES.getlist("attachments"):
                if f.size > MAX_UPLOAD:
                    raise DomainError(_("%(f)s 超过10MB") % {"f": f.name})
                uploads.append((f.name, f.read()))
            req = request_svc.request_submit(actor=request.user, uploads=uploads, **form.cleaned_data)
        except DomainError as e:
            _error(request, e)
        else:
            messages.success(
                request, _("诉求已提交，编号 %(n)s，%(d)s前答复") % {"n": req.number, "d": req.due_on}
            )
            return redirect(req.get_absolute_url())
    elif request.method == "POST":
        _form_errors(request, form)
    return render(request, "services/request_form.html", {"form": form})


@login_required
def request_detail(request, pk):
    req = get_object_or_404(selectors.request_list(user=request.user).select_related("clock"), pk=pk)
    r = reach_of(request.user)
    handler = request_svc.can_handle(request.user, req) and can(request.user, "change", ServiceRequest)
    v = {"version": req.version}
    staff = staff_choices(req.zone_id, req.department_id) if handler else []
    ctx = {
        "req": req,
        "role": r.role,
        "handler": handler,
        "replies": req.replies.select_related("author"),
        "attachments": req.attachments.all(),
        "rating": getattr(req, "rating", None),
        "clock": selectors.clock_reading(req.clock) if req.clock_id else None,
        "forms": {
            "accept": forms.AcceptForm(initial=v, staff=staff),
            "assign": forms.AssignForm(initial=v, staff=staff),
            "reply": forms.BodyForm(initial=v),
            "answer": forms.BodyForm(initial=v),
            "refuse": forms.ReasonForm(initial=v),
            "extend": forms.ExtendForm(initial=v),
            "close": forms.VersionedForm(initial=v),
        },
    }
    return render(request, "services/request_detail.html", ctx)


REQUEST_FORMS = {
    "accept": forms.AcceptForm,
    "assign": forms.AssignForm,
    "reply": forms.BodyForm,
    "answer": forms.BodyForm,
    "refuse": forms.ReasonForm,
    "extend": forms.ExtendForm,
    "close": forms.VersionedForm,
}
REQUEST_DONE = {
    "accept": _("已受理"),
    "assign": _("已交办"),
    "reply": _("已回复"),
    "answer": _("已答复，等待企业评价"),
    "refuse": _("已不予受理"),
    "extend": _("已调整办理期限"),
    "close": _("已确认办结"),
}


@login_required
@require_POST
def request_action(request, pk, action):
    if action not in REQUEST_FORMS:
        raise Http404
    req = get_object_or_404(ServiceRequest.objects.for_user(request.user), pk=pk)
    kwargs = {"staff": staff_choices(req.zone_id)} if action in ("accept", "assign") else {}
    form = REQUEST_FORMS[action](request.POST, **kwargs)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(req.get_absolute_url())
    d = form.cleaned_data
    common = {"actor": request.user, "request": req, "expected_version": d.get("version")}
    try:
        if action == "accept":
            request_svc.request_accept(assignee_id=d["assignee"], **common)
        elif action == "assign":
            request_svc.request_assign(assignee_id=d["assignee"], **common)
        elif action == "reply":
            request_svc.request_reply(body=d["body"], **common)
        elif action == "answer":
            request_svc.request_answer(body=d["body"], **common)
        elif action == "refuse":
            request_svc.request_refuse(reason=d["reason"], **common)
        elif action == "extend":
            request_svc.request_extend(due_on=d["due_on"], reason=d["reason"], **common)
        else:
            request_svc.request_close(**common)
    except DomainError as e:
        _error(request, e)
    else:
        messages.success(request, REQUEST_DONE[action])
    return redirect(req.get_absolute_url())


@login_required
def attachment_download(request, pk):
    att = get_object_or_404(RequestAttachment.objects.select_related("request"), pk=pk)
    if not ServiceRequest.objects.for_user(request.user).filter(pk=att.request_id).exists():
        raise Http404
    return FileResponse(
        att.file.open("rb"), as_attachment=True, filename=att.original_name, content_type=att.content_type
    )


# --- ratings -------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def rate(request, kind, pk):
    if kind not in SubjectKind.values:
        raise Http404
    try:
        subject = rating_svc.subject_for(user=request.user, kind=kind, pk=pk)
    except DomainError:
        raise Http404 from None
    existing = Rating.objects.filter(**subject.lookup).first()
    form = forms.RateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                rating = rating_svc.rate(actor=request.user, kind=kind, pk=pk, **form.cleaned_data)
            except DomainError as e:
                _error(request, e)
            else:
                if rating.is_bad:
                    messages.warning(request, _("感谢您的评价。我们已启动整改，将在规定时限内回访您。"))
                else:
                    messages.success(request, _("感谢您的评价"))
                return redirect(rating.get_absolute_url())
        else:
            _form_errors(request, form)
    r = reach_of(request.user)
    return render(
        request,
        "services/rate.html",
        {
            "subject": subject,
            "form": form,
            "existing": existing,
            "may_rate": r.role == Role.ENTERPRISE_USER and existing is None and subject.received is None,
        },
    )


@login_required
def rating_list(request):
    if not can(request.user, "view", Rating):
        raise PermissionDenied
    qs = narrow(selectors.rating_list(user=request.user), request)
    kind = request.GET.get("kind", "")
    if kind in SubjectKind.values:
        qs = qs.filter(kind=kind)
    level = request.GET.get("level", "")
    if level in ("1", "2", "3", "4", "5"):
        qs = qs.filter(level=int(level))
    department = request.GET.get("department", "")
    if department.isdigit():
        qs = qs.filter(department_id=int(department))
    mine = request.GET.get("mine") == "1"
    if mine:
        qs = qs.filter(served_by=request.user)
    return render(
        request,
        "services/rating_list.html",
        {
            "page": _page(request, qs),
            "kinds": SubjectKind.choices,
            "kind": kind,
            "level": level,
            "show_enterprise": selectors.may_see_enterprise(request.user),
            "department": department,
            "mine": mine,
            "mine_flag": "1" if mine else "",
            "departments": Department.objects.for_user(request.user)
            .filter(abolished_on__isnull=True)
            .order_by("zone_id", "order", "id")
            if reach_of(request.user).kind != "enterprise"
            else [],
        },
    )


@login_required
def rating_detail(request, pk):
    rating = get_object_or_404(
        selectors.rating_list(user=request.user).select_related("follow_up", "appeal"), pk=pk
    )
    r = reach_of(request.user)
    follow = getattr(rating, "follow_up", None)
    appeal = getattr(rating, "appeal", None)
    may_appeal = (
        r.kind == "zone"
        and rating.is_bad
        and not rating.automatic
        and appeal is None
        and (
            rating.served_by_id == request.user.pk
            or (r.role == Role.DEPARTMENT_HEAD and r.department_id == rating.department_id)
        )
    )
    return render(
        request,
        "services/rating_detail.html",
        {
            "rating": rating,
            "follow": follow,
            "appeal": appeal,
            "show_enterprise": selectors.may_see_enterprise(request.user, rating),
            "may_appeal": may_appeal,
            "appeal_form": forms.AppealForm(),
            "role": r.role,
        },
    )


@login_required
@require_POST
def appeal_new(request, pk):
    rating = get_object_or_404(Rating.objects.for_user(request.user), pk=pk)
    form = forms.AppealForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(rating.get_absolute_url())
    try:
        appeal = follow_svc.appeal_file(actor=request.user, rating=rating, reason=form.cleaned_data["reason"])
    except DomainError as e:
        _error(request, e)
        return redirect(rating.get_absolute_url())
    messages.success(request, _("申诉已提交，待开发区领导裁定"))
    return redirect(appeal.get_absolute_url())


# --- follow-ups ----------------------------------------------------------------------------------------
@login_required
def followup_list(request):
    if not can(request.user, "view", FollowUp):
        raise PermissionDenied
    qs = narrow(selectors.followup_list(user=request.user), request)
    status = request.GET.get("status", "")
    if status in FollowUpStatus.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "services/followup_list.html",
        {"page": _page(request, qs), "statuses": FollowUpStatus.choices, "status": status},
    )


@login_required
def followup_detail(request, pk):
    follow = get_object_or_404(selectors.followup_list(user=request.user).select_related("clock"), pk=pk)
    r = reach_of(request.user)
    rating = follow.rating
    may_handle = r.kind == "zone" and (
        r.role == Role.ZONE_LEADER
        or follow.handler_id == request.user.pk
        or (r.role == Role.DEPARTMENT_HEAD and r.department_id == rating.department_id)
    )
    v = {"version": follow.version}
    return render(
        request,
        "services/followup_detail.html",
        {
            "follow": follow,
            "rating": rating,
            "role": r.role,
            "may_handle": may_handle,
            "show_enterprise": selectors.may_see_enterprise(request.user, rating) or may_handle,
            "clock": selectors.clock_reading(follow.clock) if follow.clock_id else None,
            "forms": {
                "callback": forms.CallbackForm(initial=v),
                "assign": forms.HandlerForm(initial=v, staff=staff_choices(follow.zone_id))
                if may_handle
                else None,
                "rate": forms.ResultForm(),
            },
        },
    )


@login_required
@require_POST
def followup_action(request, pk, action):
    follow = get_object_or_404(FollowUp.objects.for_user(request.user), pk=pk)
    if action == "callback":
        form = forms.CallbackForm(request.POST)
    elif action == "assign":
        form = forms.HandlerForm(request.POST, staff=staff_choices(follow.zone_id))
    elif action == "rate":
        form = forms.ResultForm(request.POST)
    else:
        raise Http404
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(follow.get_absolute_url())
    d = form.cleaned_data
    try:
        if action == "callback":
            follow_svc.followup_callback(
                actor=request.user,
                follow_up=follow,
                rectification=d["rectification"],
                callback_on=d["callback_on"],
                contact=d["callback_contact"],
                note=d["callback_note"],
                expected_version=d.get("version"),
            )
            messages.success(request, _("已登记整改回访，等待企业评价整改结果"))
        elif action == "assign":
            follow_svc.followup_assign(
                actor=request.user,
                follow_up=follow,
                handler_id=d["handler"],
                expected_version=d.get("version"),
            )
            messages.success(request, _("已指定整改负责人"))
        else:
            follow_svc.followup_rate(
                actor=request.user, follow_up=follow, level=d["level"], comment=d["comment"]
            )
            messages.success(request, _("感谢您对整改结果的评价"))
    except DomainError as e:
        _error(request, e)
    return redirect(follow.get_absolute_url())


# --- appeals -------------------------------------------------------------------------------------------
@login_required
def appeal_list(request):
    if not can(request.user, "view", Appeal):
        raise PermissionDenied
    qs = narrow(selectors.appeal_list(user=request.user), request)
    return render(request, "services/appeal_list.html", {"page": _page(request, qs)})


@login_required
@require_http_methods(["GET", "POST"])
def appeal_detail(request, pk):
    appeal = get_object_or_404(selectors.appeal_list(user=request.user), pk=pk)
    r = reach_of(request.user)
    form = forms.DecideForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                follow_svc.appeal_decide(actor=request.user, appeal=appeal, **form.cleaned_data)
            except DomainError as e:
                _error(request, e)
            else:
                messages.success(request, _("已裁定"))
                return redirect(appeal.get_absolute_url())
        else:
            _form_errors(request, form)
    return render(
        request,
        "services/appeal_detail.html",
        {
            "appeal": appeal,
            "rating": appeal.rating,
            "may_decide": r.role == Role.ZONE_LEADER and appeal.status == AppealStatus.PENDING,
            "form": form,
            "show_enterprise": selectors.may_see_enterprise(request.user, appeal.rating),
        },
    )
