"""The candidates' portal: open campaigns for anyone, registration with a phone code, and the candidate's own
desk (profile, applications, status, admission ticket, results). Every page fits a 390-px phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import reach_of
from devzone.core.backends import ACCOUNT_BACKEND
from devzone.core.choices import Role
from devzone.core.clientip import address
from devzone.core.errors import DomainError
from devzone.core.files import too_large
from devzone.core.ledger import download
from devzone.core.web import post_and_return, refusals, safe_next, scoped_or_404
from devzone.personnel import forms, selectors, sms
from devzone.personnel.actions import REGISTRATION_ACTIONS
from devzone.personnel.choices import RegistrationStatus
from devzone.personnel.eligibility import born_on_or_after
from devzone.personnel.models import (
    Candidate,
    CandidateDocument,
    HireStep,
    Registration,
    RegistrationEvent,
)
from devzone.personnel.services import candidates as candidate_svc
from devzone.personnel.services import documents as doc_svc
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.views import file_gone


def _with_age_limits(openings, campaigns) -> list:
    """The openings, each with ``born_from``: the earliest birth date its age limit admits on the day its
    campaign's registration closes (``eligibility.born_on_or_after``, the rule the pre-check applies), printed
    beside 35周岁及以下 so that a candidate need not count."""
    closes = {c.pk: timezone.localdate(c.registration_closes) for c in campaigns}
    rows = list(openings)
    for o in rows:
        o.born_from = born_on_or_after(o.age_max, closes[o.campaign_id]) if o.age_max else None
    return rows


def _portal_city(campaigns):
    """The city whose campaigns the portal shows, when they are all of one (its header names it and the city's
    personnel office, who publish them); None for several cities or none."""
    cities = {c.city_id: c.city for c in campaigns}
    return next(iter(cities.values())) if len(cities) == 1 else None


def portal(request):
    """Open campaigns and their openings, for anyone: the announcement, the dates, and every requirement of each
    opening as the pre-check applies it."""
    campaigns = list(selectors.campaigns_taking_registrations().select_related("city"))
    return render(
        request,
        "personnel/portal.html",
        {
            "campaigns": campaigns,
            "openings": _with_age_limits(selectors.portal_openings(campaigns), campaigns),
            "city": _portal_city(campaigns),
        },
    )


def _send_code(request, **purpose) -> None:
    """获取验证码 on a form: the code sent to the phone number typed in it; the number's or the gateway's refusal,
    or that it went, as a message."""
    try:
        phone = candidate_svc.check_phone(request.POST.get("phone", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return
    refusal = sms.send_code(phone, source=address(request), **purpose)
    messages.add_message(
        request,
        messages.ERROR if refusal else messages.SUCCESS,
        refusal or _("验证码已发送，10分钟内有效"),
    )


@require_http_methods(["GET", "POST"])
def register(request):
    """One form; its 获取验证码 button sends the code to the phone typed in it and shows the form again as filled
    (the phone number never travels in a URL, which logs would keep)."""
    city = selectors.portal_city(request.POST.get("city") or request.GET.get("city"))
    if city is None:
        raise Http404
    sending = "send_code" in request.POST
    form = forms.RegisterForm(None if sending else (request.POST or None), initial=request.POST or None)
    if sending:
        _send_code(request)
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("password2")
        with refusals(request, form) as outcome:
            candidate = candidate_svc.candidate_register(city=city, **data)
        if outcome.ok:
            login(request, candidate.user, backend=ACCOUNT_BACKEND)
            messages.success(request, _("注册成功，请选择岗位报名。以后用手机号码和密码登录"))
            return redirect("personnel:my")
    return render(request, "personnel/register.html", {"form": form, "city": city})


def _candidate(request) -> Candidate:
    if reach_of(request.user).role != Role.CANDIDATE:
        raise PermissionDenied
    candidate = Candidate.objects.for_user(request.user).first()
    if candidate is None:
        raise PermissionDenied
    return candidate


@login_required
def my(request):
    candidate = _candidate(request)
    regs = Registration.objects.for_user(request.user).select_related("opening", "campaign", "opening__zone")
    taken = {r.campaign_id for r in regs}
    campaigns = list(
        selectors.campaigns_taking_registrations(started=True)
        .filter(city_id=candidate.city_id)
        .exclude(pk__in=taken)
    )
    open_openings = _with_age_limits(selectors.portal_openings(campaigns), campaigns)
    return render(
        request,
        "personnel/my.html",
        {
            "candidate": candidate,
            "registrations": regs,
            "openings": open_openings,
            "documents": CandidateDocument.objects.for_user(request.user),
            "document_form": forms.DocumentForm(),
        },
    )


@login_required
@require_POST
def document_upload(request):
    """Upload a document, from 我的报名 or from a returned registration's page (``next``: back there, only ever
    into this site)."""
    _candidate(request)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if problem := too_large(upload.size):
            messages.error(request, f"{upload.name} {problem}")
        else:
            with refusals(request) as outcome:
                doc_svc.document_upload(
                    actor=request.user, kind=form.cleaned_data["kind"], name=upload.name, data=upload.read()
                )
            if outcome.ok:
                messages.success(request, _("材料已上传"))
    else:
        messages.error(request, _("请选择材料类型和文件"))
    return redirect(safe_next(request, reverse("personnel:my")))


@never_cache  # the candidate's diplomas and identity scans: never kept by the browser or a proxy
@login_required
def document_download(request, pk):
    _candidate(request)
    with refusals(request):  # another candidate's document: 404
        try:
            doc, data = doc_svc.document_open(actor=request.user, document=pk)
        except doc_svc.DocumentGone as gone:
            return file_gone(request, gone)
    return download(data, doc.original_name, doc.content_type)


@login_required
@require_POST
def document_delete(request, pk):
    _candidate(request)
    return post_and_return(
        request,
        None,
        lambda _d: doc_svc.document_delete(actor=request.user, document=pk),
        done=_("材料已删除"),
        back=safe_next(request, reverse("personnel:my")),
    )


@login_required
@require_POST
def apply(request):
    # the role only: the service reads the candidate (one row, once) and refuses an account without a profile
    if reach_of(request.user).role != Role.CANDIDATE:
        raise PermissionDenied
    form = forms.ApplyForm(request.POST)
    if form.is_valid():
        with refusals(request) as outcome:
            reg = reg_svc.registration_submit(actor=request.user, opening_id=form.cleaned_data["opening"])
        if outcome.ok:
            messages.success(request, _("报名已提交，请等待资格审核"))
            return redirect("personnel:my_registration", pk=reg.pk)
    return redirect("personnel:my")


@login_required
@require_http_methods(["GET", "POST"])
def my_registration(request, pk):
    _candidate(request)
    reg = scoped_or_404(Registration.objects, pk, user=request.user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ("resubmit", "withdraw"):
            raise PermissionDenied
        return REGISTRATION_ACTIONS.perform(
            request, action, reg, redirect_to=reverse("personnel:my_registration", args=[reg.pk])
        )
    events = RegistrationEvent.objects.for_user(request.user).filter(registration=reg)
    steps = HireStep.objects.for_user(request.user).filter(registration=reg).order_by("on", "pk")
    moves = reg_svc.candidate_moves(reg)
    context = {
        "reg": reg,
        "results": reg.published_results(),
        "events": events,
        "hire_steps": steps,
        "moves": moves,
    }
    if reg.status == RegistrationStatus.RETURNED:
        # what a returned registration asks of the candidate, on its own page: the deadline (as on the desk),
        # and while it may still be resubmitted their documents with the upload (back to this page)
        context["deadline"] = selectors.resubmit_deadline(reg.campaign)
    if "resubmit" in moves:
        context["documents"] = CandidateDocument.objects.for_user(request.user)
        context["document_form"] = forms.DocumentForm()
    return render(request, "personnel/my_registration.html", context)


@login_required
def ticket(request, pk):
    _candidate(request)
    reg = scoped_or_404(Registration.objects, pk, user=request.user)
    if not reg.ticket:
        raise Http404
    return render(request, "personnel/ticket.html", {"reg": reg})


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request):
    """更正个人信息: the fields a registration reads (not the verified name and identity number); a returned
    registration takes them when resubmitted, a screened one keeps the facts it was reviewed on and the recruiting
    unit re-reviews the correction (``candidates.candidate_update``), which the page says before the candidate
    saves."""
    candidate = _candidate(request)
    regs = list(Registration.objects.for_user(request.user).select_related("campaign", "opening"))
    held = candidate_svc.held_registrations(candidate, regs)
    form = forms.ProfileCorrectionForm(
        request.POST or None, initial=forms.ProfileCorrectionForm.initial_of(candidate)
    )
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            candidate_svc.candidate_update(
                actor=request.user,
                candidate=candidate,
                version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        if outcome.ok:
            messages.success(request, _("个人信息已更正"))
            pending = Registration.objects.for_user(request.user).filter(
                pk__in=[r.pk for r in held], reviewed_profile__isnull=False
            )
            if held and pending.exists():
                messages.info(request, _("已审核或正在审核的报名仍以原信息为准，更正内容已提交招聘单位复核"))
            if any("resubmit" in reg_svc.candidate_moves(r) for r in regs):
                messages.info(request, _("您有退回修改的报名：请打开报名详情，点击“已修改，重新提交”"))
            return redirect("personnel:my")
    return render(
        request,
        "personnel/my_profile.html",
        {
            "candidate": candidate,
            "form": form,
            "held": candidate_svc.held_notice(held),
            "returned": [r for r in regs if "resubmit" in reg_svc.candidate_moves(r)],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_phone(request):
    """更换手机号码: 获取验证码 sends a code to the new number typed (the form shown again as filled, the number never
    in a URL); then the code and the password change it."""
    candidate = _candidate(request)
    sending = "send_code" in request.POST
    form = forms.PhoneChangeForm(
        None if sending else (request.POST or None), initial={"phone": request.POST.get("phone", "")}
    )
    if sending:
        _send_code(request, purpose="phone")
    elif request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            candidate_svc.candidate_phone_change(actor=request.user, candidate=candidate, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("手机号码已更换，以后请用新号码登录"))
            return redirect("personnel:my_profile")
    return render(request, "personnel/my_phone.html", {"candidate": candidate, "form": form})
