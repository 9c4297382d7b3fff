"""Pages of the personnel office and the zones' 人事专员: campaigns, openings, screening, scores, statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core.access import can, reach_of
from devzone.core.choices import Role
from devzone.core.forms import style
from devzone.core.ledger import download
from devzone.core.web import page_of, refusals, scoped_or_404
from devzone.personnel import filters, forms, selectors
from devzone.personnel.choices import HireStepKind
from devzone.personnel.models import (
    AnnualReview,
    Opening,
    RecruitmentCampaign,
    Registration,
    RegistrationEvent,
    ScoreEntry,
)
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import documents as doc_svc
from devzone.personnel.services import exams, hiring
from devzone.personnel.services import registrations as reg_svc
from devzone.personnel.services.candidates import reveal_identity

CITY_MOVES = {
    "publish": (campaign_svc.campaign_publish, _("公告已发布")),
    "close": (campaign_svc.campaign_close, _("报名已结束")),
}


@login_required
def home(request):
    if reach_of(request.user).role == Role.CANDIDATE:
        return redirect("personnel:my")
    if not can(request.user, "view", RecruitmentCampaign):
        if can(request.user, "view", AnnualReview):
            return redirect("personnel:annual")
        raise PermissionDenied
    campaigns = selectors.campaigns_for(request.user).order_by("-registration_opens")
    return render(request, "personnel/home.html", {"page": page_of(request, campaigns)})


@login_required
def campaign_detail(request, pk):
    campaign = scoped_or_404(RecruitmentCampaign.objects, pk, user=request.user)
    openings = selectors.openings_with_counts(
        Opening.objects.for_user(request.user).filter(campaign=campaign)
    )
    return render(
        request,
        "personnel/campaign_detail.html",
        {
            "campaign": campaign,
            "openings": openings.order_by("code"),
            "may_change": RecruitmentCampaign.objects.for_user(request.user, "change").filter(pk=pk).exists(),
            "stats": selectors.campaign_statistics(
                campaign, registrations=Registration.objects.for_user(request.user)
            ),
        },
    )


@login_required
@require_POST
def campaign_action(request, pk, action):
    campaign = scoped_or_404(RecruitmentCampaign.objects, pk, user=request.user, action="change")
    with refusals(request) as outcome:
        if action == "tickets":
            n = exams.tickets_assign(actor=request.user, campaign=campaign)
            done = _("已编排考场 %(n)d 人") % {"n": n}
        elif action in CITY_MOVES:
            service, done = CITY_MOVES[action]
            service(
                actor=request.user, campaign=campaign, version=int(request.POST.get("version") or 0) or None
            )
        else:
            raise PermissionDenied
    if outcome.ok:
        messages.success(request, done)
    return redirect(campaign.get_absolute_url())


@login_required
def opening_detail(request, pk):
    opening = scoped_or_404(Opening.objects, pk, user=request.user)
    regs = (
        Registration.objects.for_user(request.user)
        .filter(opening=opening)
        .select_related("candidate")
        .order_by(F("rank").asc(nulls_last=True), F("written_score").desc(nulls_last=True), "pk")
    )
    fs = filters.RegistrationFilter(request.GET or None, queryset=regs, request=request)
    style(fs.form)
    shown = fs.qs if fs.is_bound and fs.is_valid() else regs
    return render(
        request,
        "personnel/opening_detail.html",
        {
            "opening": opening,
            "page": page_of(request, shown),
            "filter": fs,
            "ratio_form": forms.RatioForm(initial={"version": opening.version}),
            "may_change": Opening.objects.for_user(request.user, "change").filter(pk=pk).exists(),
            "steps": set(regs.values_list("status", flat=True)),
        },
    )


@login_required
@require_POST
def opening_action(request, pk, action):
    opening = scoped_or_404(Opening.objects, pk, user=request.user, action="change")
    with refusals(request) as outcome:
        if action == "ratio":
            opening = campaign_svc.opening_apply_ratio(
                actor=request.user, opening=opening, note=request.POST.get("note", "")
            )
            done = opening.decision_note
        elif action == "shortlist":
            done = _("已确定面试人选 %(n)d 人") % {
                "n": len(exams.shortlist_opening(actor=request.user, opening=opening))
            }
        elif action == "rank":
            hires = exams.rank_opening(actor=request.user, opening=opening)
            done = _("已排名，拟聘用 %(n)d 人") % {"n": len(hires.hired)}
            if hires.undecided:
                done += _("；末位成绩并列 %(n)d 人，须加试确定") % {"n": len(hires.undecided)}
        else:
            raise PermissionDenied
    if outcome.ok:
        messages.success(request, done)
    return redirect(opening.get_absolute_url())


@login_required
def registration_detail(request, pk):
    reg = scoped_or_404(Registration.objects, pk, user=request.user)
    if reach_of(request.user).role == Role.CANDIDATE:
        return redirect("personnel:my_registration", pk=reg.pk)
    may_screen = Registration.objects.for_user(request.user, "change").filter(pk=pk).exists()
    screen_form = forms.ScreenForm(request.POST or None, initial={"version": reg.version}, prefix="screen")
    score_form = forms.ScoreForm(request.POST or None, prefix="score")
    steps = hiring.steps_of(reg)
    by_kind = {s.kind: s for s in steps}
    step_next = hiring.next_step(reg, by_kind) if reg.status == "hired" else None
    step_form = forms.HireStepForm(
        request.POST if "step-kind" in request.POST else None,
        prefix="step",
        step=step_next,
        started="publicity" in by_kind,
    )
    if request.method == "POST" and may_screen and "step-kind" in request.POST:
        if step_form.is_valid():
            with refusals(request, step_form) as outcome:
                step = hiring.hire_step_record(actor=request.user, registration=reg, **step_form.cleaned_data)
            if outcome.ok:
                messages.success(request, f"{step.get_kind_display()}：{step.get_outcome_display()}")
                return redirect(reg.get_absolute_url())
    elif request.method == "POST" and may_screen:
        if "screen-decision" in request.POST and screen_form.is_valid():
            with refusals(request, screen_form) as outcome:
                reg_svc.registration_screen(actor=request.user, registration=reg, **screen_form.cleaned_data)
            if outcome.ok:
                messages.success(request, _("已保存审核结论"))
                return redirect(reg.get_absolute_url())
        elif "score-stage" in request.POST and score_form.is_valid():
            with refusals(request, score_form) as outcome:
                result = exams.score_enter(actor=request.user, registration=reg, **score_form.cleaned_data)
            if outcome.ok:
                messages.info(request, SCORE_OUTCOME[result])
                return redirect(reg.get_absolute_url())
    return render(
        request,
        "personnel/registration_detail.html",
        {
            "reg": reg,
            "candidate": reg.candidate,
            "identity": reveal_identity(reg.candidate) if may_screen else reg.candidate.id_masked,
            "events": RegistrationEvent.objects.for_user(request.user)
            .filter(registration=reg)
            .select_related("actor"),
            "my_scores": ScoreEntry.objects.for_user(request.user).filter(
                registration=reg, clerk=request.user
            ),
            "screen_form": screen_form,
            "score_form": score_form,
            "may_screen": may_screen,
            "hire_steps": steps,
            "step_next": step_next,
            "step_label": HireStepKind(step_next).label if step_next else "",
            "step_form": step_form,
            "documents": reg.candidate.documents.all() if may_screen else (),
        },
    )


@login_required
def document_download(request, pk, doc):
    """A document of the registration's candidate, for the staff who may screen it (audited)."""
    with refusals(request):  # out of reach: 404; in reach without the right to screen: 403
        document, data = doc_svc.document_open(actor=request.user, document=doc, registration=pk)
    return download(data, document.original_name, document.content_type)


SCORE_OUTCOME = {
    "waiting": _("已录入，等待第二人录入核对"),
    "confirmed": _("两人录入一致，成绩已确认"),
    "mismatch": _("与另一人录入不一致，请核对试卷后更正"),
}


@login_required
def statistics(request, pk):
    campaign = scoped_or_404(RecruitmentCampaign.objects, pk, user=request.user)
    stats = selectors.campaign_statistics(campaign, registrations=Registration.objects.for_user(request.user))
    return render(request, "personnel/statistics.html", {"campaign": campaign, "stats": stats})
