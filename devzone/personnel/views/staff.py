"""Pages of the personnel office and the zones' 人事专员: campaigns, openings, screening, scores, statistics."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from devzone.core.access import can, reach_of
from devzone.core.actions import kept
from devzone.core.choices import Role
from devzone.core.forms import style
from devzone.core.ledger import download
from devzone.core.web import page_of, refusals, scoped_or_404
from devzone.personnel import filters, forms, selectors
from devzone.personnel.actions import CAMPAIGN_ACTIONS, OPENING_ACTIONS, REGISTRATION_ACTIONS, FinishForm
from devzone.personnel.choices import CampaignStatus, HireStepKind, RegistrationStatus
from devzone.personnel.models import (
    AnnualReview,
    CompetitionPost,
    Opening,
    RecruitmentCampaign,
    Registration,
    RegistrationEvent,
    ScoreEntry,
)
from devzone.personnel.models.recruitment import RegistrationRecusal
from devzone.personnel.services import campaigns as campaign_svc
from devzone.personnel.services import documents as doc_svc
from devzone.personnel.services import hiring
from devzone.personnel.services.campaigns import CITY_OFFICE
from devzone.personnel.services.candidates import identity_reveal
from devzone.personnel.views import file_gone, row_moves
from devzone.personnel.views.recruitment import opening_zones, score_entry


@login_required
def home(request):
    if reach_of(request.user).role == Role.CANDIDATE:
        return redirect("personnel:my")
    if not can(request.user, "view", RecruitmentCampaign):
        if can(request.user, "view", AnnualReview):
            return redirect("personnel:annual")
        if can(request.user, "view", CompetitionPost):  # a staff member: their own competitions (我的竞聘)
            return redirect("personnel:my_competitions")
        raise PermissionDenied
    campaigns = selectors.campaigns_for(request.user).order_by("-registration_opens")
    return render(
        request,
        "personnel/home.html",
        {
            "page": page_of(request, campaigns),
            # 新建招聘公告: the city's personnel office (the service's roles, with the right to create)
            "may_create": can(request.user, "create", RecruitmentCampaign)
            and reach_of(request.user).role in CITY_OFFICE,
        },
    )


@login_required
def campaign_detail(request, pk, opening_form=None):
    campaign = scoped_or_404(RecruitmentCampaign.objects, pk, user=request.user)
    openings = selectors.openings_with_counts(
        Opening.objects.for_user(request.user).filter(campaign=campaign)
    )
    may_change = RecruitmentCampaign.objects.for_user(request.user, "change").filter(pk=pk).exists()
    if opening_form is None and may_change and campaign.status == CampaignStatus.DRAFT:
        if can(request.user, "create", Opening):
            opening_form = forms.OpeningForm(prefix="opening", zones=opening_zones(request.user, campaign))
    return render(
        request,
        "personnel/campaign_detail.html",
        {
            "campaign": campaign,
            "openings": openings.order_by("code"),
            "may_change": may_change,
            # 修改/删除 while a draft: the city's personnel office (as 添加招聘岗位)
            "may_edit": may_change
            and campaign.status == CampaignStatus.DRAFT
            and can(request.user, "create", Opening),
            "opening_form": opening_form,
            # 结束招聘: the openings not yet concluded, which the finish needs a reason for
            "finish_form": FinishForm(
                initial={"version": campaign.version, **kept(request, campaign, "finish")}
            )
            if may_change and campaign.status == CampaignStatus.CLOSED
            else None,
            "finish_waiting": campaign_svc.undecided_openings(campaign)
            if may_change and campaign.status == CampaignStatus.CLOSED
            else (),
            "stats": selectors.campaign_statistics(
                campaign, registrations=Registration.objects.for_user(request.user)
            ),
        },
    )


campaign_action = row_moves(RecruitmentCampaign, CAMPAIGN_ACTIONS)


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
            # 回避: the statuses of the registrations the user declared it on — the shortlist (参加笔试的，qualified)
            # and the ranking (进入面试的，shortlisted) decide each of them, so neither is offered to them
            # (``registrations.refuse_recused`` refuses it)
            "recused_in": set(
                RegistrationRecusal.objects.for_user(request.user)
                .filter(registration__opening=opening, user=request.user)
                .values_list("registration__status", flat=True)
            ),
            # 加试 only when candidates are tied across the last (or a freed) seat, still undecided
            "tie_at_cutoff": bool(hiring.standing(opening)[1].undecided)
            if regs.filter(tied=True).exists()
            else False,
        },
    )


opening_action = row_moves(Opening, OPENING_ACTIONS)


# The candidate's page shows personal data (and, asked for, the full identity number); the documents are their
# diplomas and identity scans: never kept by the browser or a proxy (``never_cache``: Cache-Control no-store,
# private), or the office PC's cache holds in clear what the server keeps sealed and Back shows it to the next person.
@never_cache
@login_required
def registration_detail(request, pk):
    reg = scoped_or_404(Registration.objects, pk, user=request.user)
    if reach_of(request.user).role == Role.CANDIDATE:
        return redirect("personnel:my_registration", pk=reg.pk)
    may_screen = Registration.objects.for_user(request.user, "change").filter(pk=pk).exists()
    # the candidate's documents and full identity number: only while this registration is screened or processed
    may_open = may_screen and doc_svc.open_to_staff(reg)
    steps = hiring.steps_of(reg)
    step_next, step_kwargs = _step_form_kwargs(reg, steps)
    return render(
        request,
        "personnel/registration_detail.html",
        {
            "reg": reg,
            "candidate": reg.candidate,
            # masked until the reader asks for the full number (?show=identity): each reveal is audited
            "identity": identity_reveal(actor=request.user, registration=reg)
            if may_open and request.GET.get("show") == "identity"
            else reg.candidate.id_masked,
            "events": RegistrationEvent.objects.for_user(request.user)
            .filter(registration=reg)
            .select_related("actor"),
            "my_scores": ScoreEntry.objects.for_user(request.user).filter(
                registration=reg, clerk=request.user
            ),
            "screen_form": forms.ScreenForm(
                initial={"version": reg.version, **kept(request, reg, "screen")}, prefix="screen"
            ),
            "score_form": forms.ScoreForm(initial=kept(request, reg, "scores"), prefix="scores"),
            # 资料更正待复核: what the registration was screened on beside the corrected profile, and the decision
            "corrected": selectors.corrected_facts(reg),
            "recheck_form": forms.RecheckForm(
                initial={"version": reg.version, **kept(request, reg, "recheck")},
                prefix="recheck",
                disqualify=reg.status == RegistrationStatus.QUALIFIED,
            ),
            # 回避: who declared it on this registration (their steps are refused), and the actor's own form
            "recusals": RegistrationRecusal.objects.for_user(request.user)
            .filter(registration=reg)
            .select_related("user"),
            "recused": RegistrationRecusal.objects.for_user(request.user)
            .filter(registration=reg, user=request.user)
            .exists(),
            "recuse_form": forms.RecuseForm(initial=kept(request, reg, "recuse"), prefix="recuse"),
            "may_screen": may_screen,
            "may_open": may_open,
            "hire_steps": steps,
            "step_next": step_next,
            "step_label": HireStepKind(step_next).label if step_next else "",
            "step_form": forms.HireStepForm(initial=kept(request, reg, "step"), prefix="step", **step_kwargs),
            "documents": reg.candidate.documents.all() if may_open else (),
        },
    )


def _step_form_kwargs(reg, steps) -> tuple[str | None, dict]:
    """The next hiring step of a proposed hire (None before 拟聘用, after the last, or in a finished campaign), and
    its form's options."""
    by_kind = {s.kind: s for s in steps}
    step_next = hiring.step_due(reg, by_kind)
    return step_next, {"step": step_next, "started": "publicity" in by_kind}


# the registration's form prefixes on its page (several forms share it)
PREFIX = {"screen": "screen", "scores": "scores", "step": "step", "recheck": "recheck", "recuse": "recuse"}


@login_required
@require_POST
def registration_action(request, pk, action):
    """A move of the registration's page (审核、成绩录入、聘用环节), through ``REGISTRATION_ACTIONS``."""
    if action not in PREFIX:
        raise PermissionDenied
    reg = scoped_or_404(Registration.objects, pk, user=request.user, action="change")
    kwargs = {"prefix": PREFIX[action]}
    if action == "step":
        kwargs.update(_step_form_kwargs(reg, hiring.steps_of(reg))[1])
    if action == "scores":
        return score_entry(request, reg, redirect_to=reg.get_absolute_url())
    return REGISTRATION_ACTIONS.perform(
        request, action, reg, redirect_to=reg.get_absolute_url(), form_kwargs=kwargs
    )


@never_cache
@login_required
def document_download(request, pk, doc):
    """A document of the registration's candidate, for the staff who may screen it (audited)."""
    with refusals(request):  # out of reach: 404; in reach without the right to screen: 403
        try:
            document, data = doc_svc.document_open(actor=request.user, document=doc, registration=pk)
        except doc_svc.DocumentGone as gone:
            return file_gone(request, gone)
    return download(data, document.original_name, document.content_type)


@login_required
def statistics(request, pk):
    campaign = scoped_or_404(RecruitmentCampaign.objects, pk, user=request.user)
    stats = selectors.campaign_statistics(campaign, registrations=Registration.objects.for_user(request.user))
    return render(request, "personnel/statistics.html", {"campaign": campaign, "stats": stats})
