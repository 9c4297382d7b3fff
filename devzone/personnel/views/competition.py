"""竞聘上岗 pages: the zone's competitions, and one competition with its posts, entries, scores and figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core.access import can, reach_of, require_right
from devzone.core.choices import Role
from devzone.core.models import Post, Staff
from devzone.core.web import (
    form_errors,
    page_of,
    post_and_return,
    refusals,
    row_post,
    safe_next,
    scoped_or_404,
)
from devzone.core.zones import active_zone, narrow, zone_required
from devzone.personnel import forms, selectors
from devzone.personnel.choices import CompetitionStatus, EntryStatus
from devzone.personnel.models import Competition, CompetitionEntry, CompetitionPost, TieDecision
from devzone.personnel.services import competition as svc
from devzone.personnel.views import form_page


@login_required
def competition_list(request):
    require_right(request.user, "view", Competition)
    rows = narrow(Competition.objects.for_user(request.user).select_related("zone"), request)
    return render(
        request,
        "personnel/competition_list.html",
        {"page": page_of(request, rows), "may_create": _may_create(request)},
    )


def _may_create(request) -> bool:
    """发起竞聘: a zone's leader or 人事专员 (the service's roles, with the right) in their own zone."""
    return (
        can(request.user, "create", Competition)
        and reach_of(request.user).role in svc.RUNNERS
        and active_zone(request) is not None
    )


def zone_posts(user, zone):
    """The posts of ``zone`` in the user's reach that a competition may put up (by department, then name)."""
    return (
        Post.objects.for_user(user)
        .filter(zone=zone)
        .select_related("department")
        .order_by("department__order", "department__name", "name")
    )


@login_required
def competition_new(request):
    """发起竞聘: the competition of the user's zone with its posts, by the service the API calls too."""
    require_right(request.user, "create", Competition)
    zone = zone_required(request)
    form = forms.CompetitionForm(
        request.POST or None,
        posts=zone_posts(request.user, zone),
        rule=svc.promotion_rule(timezone.localdate()),
    )
    return form_page(
        request,
        form,
        lambda: svc.competition_create(actor=request.user, zone=zone, **form.service_fields()),
        done=_("已发布竞聘，可以登记报名"),
        back=lambda comp: comp.get_absolute_url(),
        page=lambda: render(request, "personnel/competition_form.html", {"form": form, "zone": zone}),
    )


@login_required
def competition_detail(request, pk):
    comp = scoped_or_404(Competition.objects, pk, user=request.user)
    entries = (
        CompetitionEntry.objects.for_user(request.user)
        .filter(competition=comp)
        .select_related("staff", "target__post", "previous_post")
    )
    # 回避: an entrant of this competition (any post) gets no score form, tie or publish button, and reads no
    # score, rank or tie before the publication, and neither closes the registration nor enters others (``svc.is_entrant``; the services refuse them anyway)
    recused = svc.is_entrant(request.user, comp)
    unpublished = comp.status in (CompetitionStatus.OPEN, CompetitionStatus.SCORING)
    return render(
        request,
        "personnel/competition_detail.html",
        {
            "comp": comp,
            "entries": entries,
            "figures": selectors.competition_figures(comp),
            "may_change": (
                may_change := Competition.objects.for_user(request.user, "change").filter(pk=pk).exists()
            ),
            "may_decide": may_change and reach_of(request.user).role in svc.DECIDERS and not recused,
            "may_score": may_change and not recused,
            "recused": recused,
            "hide_scores": recused and unpublished,
            "posts": (posts := list(comp.posts.select_related("post__department"))),
            "rule": svc.competition_rule(comp),
            # 破格 recorded afterwards (``svc.competition_exceptional``): by the runners, before publication
            "may_record_exceptional": may_change
            and not recused
            and not comp.exceptional
            and comp.status in svc.EXCEPTIONAL_OPEN
            and reach_of(request.user).role in svc.RUNNERS,
            "ties": [] if recused and unpublished else _ties(request.user, comp, posts, entries),
            "entry_form": forms.EntryForm(prefix="entry", posts=posts)
            if may_change
            and not recused
            and comp.status == CompetitionStatus.OPEN
            and reach_of(request.user).role in svc.RUNNERS
            else None,
        },
    )


def _ties(user, comp, posts, entries) -> list[dict]:
    """末位并列: in scoring, each post whose scored entries tie across the last seat, with the seats left and the
    leaders' decision if taken (``may_tie``: a zone leader may take or retake it); after, the decisions taken."""
    decisions = {
        d.target_id: d
        for d in TieDecision.objects.for_user(user)
        .filter(competition=comp)
        .select_related("decided_by__profile")
    }
    names = {e.pk: e.staff.name for e in entries}
    for d in decisions.values():
        d.chosen_names = "、".join(names.get(pk, "?") for pk in d.chosen)
        d.tied_names = "、".join(names.get(pk, "?") for pk in d.tied)
    if comp.status != CompetitionStatus.SCORING:
        by_post = {p.pk: p for p in posts}
        return [{"post": by_post.get(k), "decision": d} for k, d in decisions.items()]
    out = []
    # an entrant (a tied one included) never gets here during scoring: 回避, ``competition_detail``
    may_tie = reach_of(user).role == Role.ZONE_LEADER and can(user, "change", TieDecision)
    for post in posts:
        scored, hires = svc.post_standing(post)
        if hires.undecided and not post.entries.filter(status="applied").exists():
            out.append(
                {
                    "post": post,
                    "tied": [e for e in scored if str(e.pk) in hires.undecided],
                    "seats": post.seats - len(hires.hired),
                    "decision": decisions.get(post.pk),
                    "may_tie": may_tie,
                }
            )
    return out


@row_post(Competition, "change")
def competition_action(request, comp, action):
    moves = {
        "close": (svc.competition_close, _("已截止报名，开始评分")),
        "publish": (svc.competition_publish, _("已公布拟任用人选，公示开始")),
        "finalize": (svc.competition_finalize, _("已正式任用")),
    }
    # the version the page showed: 排名并公布, 正式任用 and 研究确定 from a page opened before a score or a decision
    # changed are refused (409) instead of acting on what the page never showed
    version = int(v) if (v := request.POST.get("version", "")).isdecimal() and v.isascii() else None
    if action == "apply":
        return _apply(request, comp)
    if action == "score":
        entry = scoped_or_404(
            CompetitionEntry.objects, request.POST.get("entry"), user=request.user, action="change"
        )
        service = lambda **kw: svc.entry_score(  # noqa: E731
            entry=entry, speech=request.POST.get("speech"), evaluation=request.POST.get("evaluation"), **kw
        )
        done = _("已评分")
    elif action == "tie":  # 党工委研究确定末位并列人选
        service = lambda **kw: svc.tie_decide(  # noqa: E731
            competition=comp,
            target=request.POST.get("target"),
            chosen=request.POST.getlist("chosen"),
            reason=request.POST.get("reason", ""),
            version=version,
            **kw,
        )
        done = _("已记录研究确定的人选，可以排名并公布")
    elif action == "exceptional":  # 破格 recorded after the competition was put up, with its written approval
        service = lambda **kw: svc.competition_exceptional(  # noqa: E731
            competition=comp,
            basis=request.POST.get("exceptional_basis", ""),
            version=version,
            **kw,
        )
        done = _("已记录破格批准")
    elif action in moves:
        move, done = moves[action]
        service = lambda **kw: move(competition=comp, version=version, **kw)  # noqa: E731
    else:
        raise PermissionDenied
    with refusals(request) as outcome:
        service(actor=request.user)
    if outcome.ok:
        messages.success(request, done)
    return redirect(comp.get_absolute_url())


def _apply(request, comp):
    """竞聘报名 entered for a staff member of the zone (by 工号), from the competition's page or the person's page
    (``next``); the eligibility check's verdict is the message."""
    form = forms.EntryForm(request.POST, prefix="entry", posts=comp.posts.select_related("post__department"))
    back = safe_next(request, comp.get_absolute_url())
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back)
    number = form.cleaned_data["employee_no"].strip()
    staff = Staff.objects.for_user(request.user).filter(zone_id=comp.zone_id, employee_no=number).first()
    if staff is None:
        messages.error(request, _("本开发区没有工号为%(n)s的工作人员") % {"n": number})
        return redirect(back)
    with refusals(request) as outcome:
        entry = svc.entry_apply(
            actor=request.user, competition=comp, staff_id=staff.pk, post_id=form.cleaned_data["post"]
        )
    if outcome.ok:
        if entry.eligibility:
            messages.warning(
                request,
                _("已登记%(s)s的报名，但不符合条件（%(why)s），不参加评分")
                % {"s": staff.name, "why": "；".join(entry.eligibility)},
            )
        else:
            messages.success(request, _("已登记%(s)s的报名") % {"s": staff.name})
    return redirect(back)


# --- 本人报名: a staff member's own applications (every zone role with a staff record) -----------------------------
def own_competition_rows(user, staff, today):
    """The open competitions of the staff member's zone, each post with the eligibility check for them, and their
    own entries (open ones first, withdrawn ones included: 已撤回): what 我的竞聘 shows and the API lists."""
    posts = (
        CompetitionPost.objects.for_user(user)
        .filter(competition__zone_id=staff.zone_id, competition__status=CompetitionStatus.OPEN)
        .select_related("competition", "post__department")
        .order_by("-competition__created_at", "competition_id", "post__name", "pk")
    )
    entries = list(
        selectors.own_entries(user)
        .select_related("competition", "target__post")
        .order_by("-competition__created_at", "pk")
    )
    # the live entry of each competition (one at most); a withdrawn one is listed but lets them apply again
    entered = {e.competition_id: e for e in entries if e.status != EntryStatus.WITHDRAWN}
    groups: dict[int, dict] = {}
    for target in posts:
        comp = target.competition
        group = groups.setdefault(comp.pk, {"comp": comp, "entry": entered.get(comp.pk), "posts": []})
        checks = svc.eligibility_checks(comp, target, staff, on=today)
        group["posts"].append({"target": target, "checks": checks, "eligible": all(c.ok for c in checks)})
    return list(groups.values()), entries


@login_required
def my_competitions(request):
    """我的竞聘: the open competitions of the person's zone with the posts and their own eligibility check, apply
    and withdraw while registration is open; their entries and results."""
    require_right(request.user, "view", CompetitionPost)
    staff_id = reach_of(request.user).staff_id
    staff = (
        Staff.objects.for_user(request.user).filter(pk=staff_id, is_active=True).first() if staff_id else None
    )
    groups, entries = own_competition_rows(request.user, staff, timezone.localdate()) if staff else ([], [])
    return render(
        request,
        "personnel/my_competitions.html",
        {"staff": staff, "groups": groups, "entries": entries, "today": timezone.localdate()},
    )


@login_required
@require_POST
def my_competition_apply(request):
    require_right(request.user, "create", CompetitionEntry)
    return post_and_return(
        request,
        forms.SelfEntryForm(request.POST),
        lambda d: svc.entry_self_apply(actor=request.user, competition=d["competition"], post_id=d["post"]),
        done=lambda e: _("已报名竞聘%(p)s，请等待评分安排") % {"p": e.target.post.name},
        back=reverse("personnel:my_competitions"),
    )


@login_required
@require_POST
def my_competition_withdraw(request, pk):
    require_right(request.user, "delete", CompetitionEntry)
    return post_and_return(
        request,
        None,
        lambda _d: svc.entry_self_withdraw(actor=request.user, entry=pk),
        done=_("已撤回竞聘报名"),
        back=reverse("personnel:my_competitions"),
    )
