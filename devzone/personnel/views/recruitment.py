"""Drafting a recruitment: the city's personnel office writes a campaign (招聘公告) and adds its openings (招聘岗位)
while it is a draft, then publishes it from the campaign's page. The same services as the API
(``services.campaigns``); refusals land on the form's fields. After the ranking, the 加试 of the candidates tied
across the last seat is entered here (``extra_test``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can, reach_of, require_right
from devzone.core.actions import keep_posted, kept
from devzone.core.forms import VersionedForm
from devzone.core.models import City, Zone
from devzone.core.web import post_and_return, row_post, scoped_or_404
from devzone.personnel import forms
from devzone.personnel.actions import REGISTRATION_ACTIONS
from devzone.personnel.choices import CampaignStatus, ExamStage
from devzone.personnel.models import Opening, RecruitmentCampaign, Registration, ScoreEntry
from devzone.personnel.models.recruitment import RegistrationRecusal
from devzone.personnel.services import campaigns as svc
from devzone.personnel.services import exams, hiring
from devzone.personnel.views import form_page


def actor_city(user) -> City:
    """The city whose campaigns the user drafts: their own (a city role's reach); none: 403."""
    city = City.objects.for_user(user).first() if reach_of(user).kind == "city" else None
    if city is None:
        raise PermissionDenied
    return city


def opening_zones(user, campaign):
    """The zones an opening of ``campaign`` may be in: the campaign's city's zones in the user's reach, in being."""
    return (
        Zone.objects.for_user(user).filter(city_id=campaign.city_id, merged_into__isnull=True).order_by("pk")
    )


@login_required
def campaign_new(request):
    """新建招聘公告: a draft of the user's city; its openings are added on the campaign's page."""
    require_right(request.user, "create", RecruitmentCampaign)
    city = actor_city(request.user)
    form = forms.CampaignForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: svc.campaign_create(actor=request.user, city=city, **form.service_fields()),
        done=_("招聘公告草稿已保存，请添加招聘岗位后发布"),
        back=lambda campaign: campaign.get_absolute_url(),
        page=lambda: render(request, "personnel/campaign_form.html", {"form": form}),
    )


@login_required
@require_POST
def opening_add(request, pk):
    """添加招聘岗位 (the form on the draft campaign's page): refused, the page is shown again with the form."""
    from devzone.personnel.views.staff import campaign_detail

    campaign = scoped_or_404(
        RecruitmentCampaign.objects, pk, user=request.user, action="change", may=("create", Opening)
    )
    form = forms.OpeningForm(request.POST, prefix="opening", zones=opening_zones(request.user, campaign))
    return form_page(
        request,
        form,
        lambda: svc.opening_add(actor=request.user, campaign=campaign, **form.service_fields()),
        done=lambda opening: _("已添加招聘岗位 %(o)s") % {"o": opening},
        back=lambda _opening: f"{campaign.get_absolute_url()}#openings",
        page=lambda: campaign_detail(request, campaign.pk, opening_form=form),
    )


# --- 修改草稿: the campaign and its openings while the campaign is a draft -----------------------------------------
def _draft_refused(request, campaign) -> bool:
    """A published campaign's edit pages say why nothing can change there (the services refuse it too)."""
    if campaign.status == CampaignStatus.DRAFT:
        return False
    messages.error(request, _("公告已发布，不能再修改公告或岗位；如需更正，请发布更正公告"))
    return True


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    """修改招聘公告: what 新建 takes, at the version the officer saw (a draft only)."""
    campaign = scoped_or_404(RecruitmentCampaign.objects, pk, user=request.user, action="change")
    require_right(request.user, "create", RecruitmentCampaign)  # the city's personnel office
    if _draft_refused(request, campaign):
        return redirect(campaign.get_absolute_url())
    form = forms.CampaignEditForm(request.POST or None, initial=forms.CampaignEditForm.initial_of(campaign))
    return form_page(
        request,
        form,
        lambda: svc.campaign_update(
            actor=request.user,
            campaign=campaign,
            version=form.cleaned_data["version"],
            **form.service_fields(),
        ),
        done=_("公告草稿已保存"),
        back=lambda _saved: campaign.get_absolute_url(),
        page=lambda: render(request, "personnel/campaign_form.html", {"form": form, "campaign": campaign}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def opening_edit(request, pk):
    """修改招聘岗位 of a draft: zone, code, title, headcount and requirements."""
    opening = scoped_or_404(Opening.objects, pk, user=request.user, action="change")
    require_right(request.user, "create", Opening)  # the city's personnel office, not a zone's 人事专员
    campaign = opening.campaign
    if _draft_refused(request, campaign):
        return redirect(campaign.get_absolute_url())
    form = forms.OpeningEditForm(
        request.POST or None,
        initial=forms.OpeningEditForm.initial_of(opening),
        zones=opening_zones(request.user, campaign),
    )
    return form_page(
        request,
        form,
        lambda: svc.opening_update(
            actor=request.user, opening=opening, version=form.cleaned_data["version"], **form.service_fields()
        ),
        done=lambda _saved: (
            _("已保存招聘岗位 %(o)s") % {"o": f"{form.cleaned_data['code']} {form.cleaned_data['title']}"}
        ),
        back=lambda _saved: f"{campaign.get_absolute_url()}#openings",
        page=lambda: render(
            request, "personnel/opening_form.html", {"form": form, "opening": opening, "campaign": campaign}
        ),
    )


@row_post(Opening, "change")
def opening_remove(request, opening):
    """删除草稿中的招聘岗位 (a button on the draft's page)."""
    require_right(request.user, "create", Opening)
    label = str(opening)
    return post_and_return(
        request,
        VersionedForm(request.POST),
        lambda d: svc.opening_remove(actor=request.user, opening=opening, version=d["version"]),
        done=_("已删除招聘岗位 %(o)s") % {"o": label},
        back=f"{opening.campaign.get_absolute_url()}#openings",
    )


def score_entry(request, reg, *, redirect_to: str):
    """成绩录入 (笔试、面试、加试) through ``REGISTRATION_ACTIONS``, from the registration's page or the 加试 page. A
    refused entry keeps the stage chosen for the page the refusal returns to, never the score typed: the session
    is a row of the database (and of its backups), and a score is secret until two clerks agree and it is
    published — it is not left there for as long as the session lives."""
    answer = REGISTRATION_ACTIONS.perform(
        request, "scores", reg, redirect_to=redirect_to, form_kwargs={"prefix": "scores"}
    )
    if kept(request, reg, "scores"):  # refused: what ``keep_posted`` kept, without the score
        stage_only = forms.ScoreForm(prefix="scores")
        del stage_only.fields["score"]
        keep_posted(request, reg, "scores", stage_only)
    return answer


# --- 加试: the candidates tied across an opening's last (or a freed) seat ------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def extra_test(request, pk):
    """加试成绩录入: the candidates tied across the last or a freed seat with their 加试 scores as they stand, and
    for the 人事专员 and the city one entry per candidate — the registration's score entry (two clerks, counted
    when they agree), so the same service decides the tie once every score counts."""
    opening = scoped_or_404(Opening.objects, pk, user=request.user)
    here = reverse("personnel:extra_test", args=[opening.pk])
    if request.method == "POST":
        reg = scoped_or_404(
            Registration.objects, request.POST.get("registration"), user=request.user, action="change"
        )
        if reg.opening_id != opening.pk:
            raise Http404
        return score_entry(request, reg, redirect_to=here)
    sitting = {r.pk: r.due_round for r in hiring.extra_test_of(opening)}
    rows = list(
        Registration.objects.for_user(request.user)
        .filter(Q(pk__in=sitting) | Q(extra_score__isnull=False), opening=opening)
        .select_related("candidate")
        .order_by("rank", "pk")
    )
    entries: dict[tuple[int, int], list] = {}
    for e in ScoreEntry.objects.for_user(request.user).filter(registration__in=rows, stage=ExamStage.EXTRA):
        entries.setdefault((e.registration_id, e.round), []).append(e)
    finished = (
        opening.campaign.status == CampaignStatus.FINISHED
    )  # no score is entered in it (``score_enter``)
    # 回避 on any of those tied: the 加试 decides between them, so none of their scores is offered (the service
    # refuses it: ``hiring.extra_test_open``)
    recused = (
        RegistrationRecusal.objects.for_user(request.user)
        .filter(registration_id__in=list(sitting), user=request.user)
        .exists()
    )
    may_enter = (
        not finished
        and not recused
        and reach_of(request.user).role in exams.SCORE_CLERKS
        and can(request.user, "change", Registration)
    )
    for r in rows:
        r.due_round = sitting.get(r.pk)
        # the round the row's entries are about: the one owed, else the last one sat
        shown = entries.get((r.pk, r.due_round or len(r.extra_rounds)), [])
        mine = [e.score for e in shown if e.clerk_id == request.user.pk]
        r.my_entry = mine[0] if mine else None
        r.entry_state = _entry_state(r, shown)
        r.may_enter = may_enter and r.due_round is not None
    due = [n for n in sitting.values() if n is not None]
    return render(
        request,
        "personnel/extra_test.html",
        {
            "opening": opening,
            "rows": rows,
            "tied": set(sitting),
            "finished": finished,
            "recused": recused and not finished,
            "waiting": bool(due) and not finished,
            "round": max(due, default=0),
        },
    )


def _entry_state(reg, entries) -> str:
    """How a 加试 score of the round stands: counted, the two entries differ, one entered, or none yet."""
    if reg.due_round is None and reg.extra_score is not None:
        return _("两人录入一致，已确认")
    if len(entries) >= 2:
        return _("两人录入不一致，待更正")
    return _("已录入一人，待第二人录入") if entries else _("待录入")
