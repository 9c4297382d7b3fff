"""Pages of 大招商. Thin: reads come from selectors, every write from the services, which check the actor and
the state. Out of scope -> 404; in scope without the right -> 403."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can, reach_of
from devzone.core.choices import Role
from devzone.core.errors import DomainError, PermissionDeniedError
from devzone.core.forms import mark_invalid
from devzone.core.zones import active_zone, narrow
from devzone.investment import forms, inputs, selectors
from devzone.investment import services as svc
from devzone.investment.choices import Stage
from devzone.investment.inputs import check_id
from devzone.investment.models import Activity, Contract, InvestmentTeam, Lead

PAGE_SIZE = 25


def _error(request, e: DomainError, form=None) -> None:
    if form is not None:
        for field, msgs in (e.errors or {"__all__": [e.message]}).items():
            for m in msgs:
                form.add_error(field if field in form.fields else None, m)
        return
    msgs = [m for ms in e.errors.values() for m in ms] if e.errors else [e.message]
    for m in dict.fromkeys(msgs):
        messages.error(request, m)


def _need(request, action: str, model) -> None:
    if not can(request.user, action, model):
        raise PermissionDenied


def _work_zone(request) -> int:
    """The zone a write goes to: the user's own (city users only read 大招商)."""
    r = reach_of(request.user)
    if r.kind != "zone" or not r.zone_id:
        raise PermissionDenied
    return r.zone_id


def _zone_id(request) -> int | None:
    zone = active_zone(request)
    return zone.pk if zone else None


def _lead(request, pk: int) -> Lead:
    return get_object_or_404(selectors.lead_list(user=request.user).select_related("enterprise"), pk=pk)


@login_required
def home(request):
    _need(request, "view", Lead)
    return redirect("investment:lead_list")


# --- leads -----------------------------------------------------------------------------------------------
VIEWS = {
    "active": Q(is_active=True),
    "stale": Q(is_active=True, is_stale=True),
    "unfit": Q(fits=False, exception_on__isnull=True, lost_on__isnull=True),
    "signed": Q(stage__in=[Stage.SIGNED, Stage.LANDED, Stage.KEPT]),
    "lost": Q(lost_on__isnull=False),
    "all": Q(),
}


@login_required
def lead_list(request):
    _need(request, "view", Lead)
    qs = narrow(selectors.lead_list(user=request.user), request)
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "active"
    qs = qs.filter(VIEWS[view])
    team = request.GET.get("team", "")
    if check_id(team):
        qs = qs.filter(team_id=check_id(team))
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:100]
    if q:
        qs = qs.filter(Q(company_name__icontains=q) | Q(credit_code=q.upper()))
    mine = request.GET.get("mine") == "1"
    if mine:
        qs = qs.filter(owner__profile__user=request.user)
    page = Paginator(qs.order_by("last_activity_on", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "investment/lead_list.html",
        {
            "page": page,
            "view": view,
            "views": [
                ("active", _("在跟线索")),
                ("stale", _("停滞")),
                ("unfit", _("不符合产业定位")),
                ("signed", _("已签约")),
                ("lost", _("已流失")),
                ("all", _("全部")),
            ],
            "teams": selectors.teams_for(request.user, _zone_id(request)),
            "team": team,
            "stages": Stage.choices,
            "stage": stage,
            "q": q,
            "mine": mine,
            "query": query.urlencode(),
            "can_create": can(request.user, "create", Lead) and reach_of(request.user).kind == "zone",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request):
    _need(request, "create", Lead)
    zone_id = _work_zone(request)
    initial = {"on": timezone.localdate(), "source": request.GET.get("source", "")}
    if check_id(request.GET.get("activity")):
        initial["activity"] = check_id(request.GET["activity"])
    form = forms.LeadForm(request.POST or None, user=request.user, zone_id=zone_id, initial=initial)
    existing = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            lead = svc.lead_create(
                actor=request.user,
                zone_id=zone_id,
                team=d["team"],
                company_name=d["company_name"],
                credit_code=d["credit_code"],
                industry=d["industry"],
                intended_investment=d["intended_investment"],
                source=d["source"],
                referrer=d["referrer"],
                contact_name=d["contact_name"],
                contact_phone=d["contact_phone"],
                is_local=d["is_local"],
                owner=d["owner"],
                stage=d["stage"],
                on=d["on"],
                note=d["note"],
                activity=d["activity"],
            )
        except svc.DuplicateLead as e:
            existing = (
                e.existing if Lead.objects.for_user(request.user).filter(pk=e.existing.pk).exists() else None
            )
            _error(request, e, form)
        except DomainError as e:
            _error(request, e, form)
        else:
            messages.success(request, _("已登记线索：%(n)s") % {"n": lead})
            return redirect(lead.get_absolute_url())
    mark_invalid(form)
    return render(
        request, "investment/lead_form.html", {"form": form, "existing": existing, "creating": True}
    )


@login_required
@require_POST
def lead_absorb(request, pk):
    """The merge offered when a second registration matched an existing lead."""
    lead = _lead(request, pk)
    form = forms.LeadForm(request.POST, user=request.user, zone_id=lead.zone_id)
    form.is_valid()  # the registration's other fields may fail (its team, its owner): take what is merged
    taken = (
        "credit_code",
        "contact_name",
        "contact_phone",
        "referrer",
        "intended_investment",
        "source",
        "note",
    )
    bad = [(k, e) for k in taken for e in form.errors.get(k, [])]
    if bad:
        for k, e in bad:
            messages.error(request, f"{form.fields[k].label}：{e}")
        return redirect(lead.get_absolute_url())
    data = {k: form.cleaned_data.get(k) for k in taken}
    try:
        svc.lead_absorb(actor=request.user, lead=lead, **data)
    except PermissionDeniedError as e:
        raise PermissionDenied(e.message) from e
    except DomainError as e:
        _error(request, e)
    else:
        messages.success(request, _("已合并到已有线索"))
    return redirect(lead.get_absolute_url())


@login_required
def lead_detail(request, pk):
    if check_id(pk) is None:
        raise Http404
    gone = (
        Lead.objects.for_user(request.user)
        .filter(pk=pk, merged_into__isnull=False)
        .values_list("merged_into", flat=True)
        .first()
    )
    if gone:  # an old link to a lead merged since: the lead it lives on in
        messages.info(request, _("该线索已合并，以下是合并后的线索"))
        return redirect("investment:lead_detail", pk=gone)
    lead = _lead(request, pk)
    r = reach_of(request.user)
    can_change = Lead.objects.for_user(request.user, "change").filter(pk=pk).exists()
    rules = svc.settings_for(lead.zone_id)
    from devzone.core.workdays import get_calendar
    from devzone.investment import followup

    duties = []
    if lead.is_active:
        duties = followup.duties(_facts(lead), _rules(rules), get_calendar())
    return render(
        request,
        "investment/lead_detail.html",
        {
            "lead": lead,
            "stages": [
                (s, label, getattr(lead, f"{s}_on"), i <= lead.stage_index)
                for i, (s, label) in enumerate(Stage.choices)
            ],
            "logs": lead.logs.all()[:100],
            "activities": lead.activities.order_by("-on")[:20],
            "contracts": lead.contracts.all(),
            "merged": lead.merged.all(),
            "merge_q": (request.GET.get("merge_q") or "").replace("\x00", "")[:100],
            "duties": duties,
            "today": timezone.localdate(),
            "can_change": can_change,
            "is_leader": r.role == Role.ZONE_LEADER,
            "can_sign": can_change and can(request.user, "create", Contract) and lead.lost_on is None,
            "forms": {
                # Several forms on one page: ids of their own, so each label names its own field.
                "move": forms.MoveForm(
                    initial={"version": lead.version, "on": timezone.localdate()},
                    auto_id="move_%s",
                    current=lead.stage,
                ),
                "lose": forms.ReasonForm(initial={"version": lead.version}, auto_id="lose_%s"),
                "assign": forms.AssignForm(
                    lead=lead, initial={"owner": lead.owner_id, "version": lead.version}, auto_id="assign_%s"
                ),
                "record": forms.RecordForm(initial={"on": timezone.localdate()}, auto_id="record_%s"),
                "exception": forms.ReasonForm(auto_id="exception_%s"),
                "merge": forms.MergeForm(
                    user=request.user,
                    lead=lead,
                    auto_id="merge_%s",
                    candidates=selectors.merge_candidates(
                        user=request.user, lead=lead, q=request.GET.get("merge_q", "")
                    ),
                )
                if can_change
                else None,
            },
        },
    )


def _facts(lead):
    from devzone.investment import followup

    return followup.Facts(
        created_on=lead.created_on,
        stage=lead.stage,
        intended_investment=lead.intended_investment,
        has_owner=lead.owner_id is not None,
        owner_assigned_on=lead.owner_assigned_on,
        assessed_on=lead.assessed_on,
        is_referral=lead.source == "referral",
        referrer_replied_on=lead.referrer_replied_on,
        last_report_on=lead.last_report_on,
        last_activity_on=lead.last_activity_on,
    )


def _rules(rules):
    from devzone.investment import followup

    return followup.Rules(
        big_lead_wan=rules.big_lead_wan,
        owner_within=rules.owner_within,
        assessment_within=rules.assessment_within,
        referrer_within=rules.referrer_within,
        report_every=rules.report_every,
        stale_limits=rules.stale_limits or {},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_edit(request, pk):
    lead = _lead(request, pk)
    if not Lead.objects.for_user(request.user, "change").filter(pk=pk).exists():
        raise PermissionDenied
    fields = list(svc.EDITABLE)
    initial = {f: getattr(lead, f) for f in fields} | {
        "version": lead.version,
        "team": lead.team_id,
        "industry": lead.industry_id,
    }
    form = forms.LeadEditForm(request.POST or None, user=request.user, zone_id=lead.zone_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changed = {f: d[f] for f in fields if d.get(f) != getattr(lead, f)}
        try:
            svc.lead_update(actor=request.user, lead=lead, expected_version=d["version"], **changed)
        except PermissionDeniedError as e:
            raise PermissionDenied(e.message) from e
        except DomainError as e:
            _error(request, e, form)
        else:
            messages.success(request, _("已保存"))
            return redirect(lead.get_absolute_url())
    mark_invalid(form)
    return render(request, "investment/lead_form.html", {"form": form, "lead": lead, "creating": False})


def _do(action: str, request, lead: Lead):
    user, post = request.user, request.POST
    if action == "move":
        form = forms.MoveForm(post, current=lead.stage)
        if not form.is_valid():
            return form
        d = form.cleaned_data
        return svc.lead_move(
            actor=user,
            lead=lead,
            target=d["target"],
            on=d["on"],
            skipped_dates=form.skipped_dates(),
            reason=d["reason"],
            note=d["note"],
            expected_version=d["version"],
        )
    if action in ("lose", "exception", "approve"):
        form = forms.ReasonForm(post)
        if not form.is_valid():
            return form
        d = form.cleaned_data
        if action == "lose":
            return svc.lead_lose(actor=user, lead=lead, reason=d["reason"], expected_version=d.get("version"))
        if action == "exception":
            return svc.lead_request_exception(actor=user, lead=lead, reason=d["reason"])
        return svc.lead_approve_exception(actor=user, lead=lead, reason=d["reason"])
    if action == "reopen":
        return svc.lead_reopen(actor=user, lead=lead, note=post.get("note", ""))
    if action == "assign":
        form = forms.AssignForm(post, lead=lead)
        if not form.is_valid():
            return form
        return svc.lead_assign(
            actor=user,
            lead=lead,
            owner=form.cleaned_data["owner"],
            expected_version=form.cleaned_data.get("version"),
        )
    if action == "record":
        form = forms.RecordForm(post)
        if not form.is_valid():
            return form
        d = form.cleaned_data
        return svc.lead_record(actor=user, lead=lead, kind=d["kind"], text=d["text"], on=d["on"])
    if action == "merge":
        form = forms.MergeForm(post, user=user, lead=lead)
        if not form.is_valid():
            return form
        return svc.lead_merge(actor=user, keep=lead, other=form.cleaned_data["other"])
    raise Http404


DONE = {
    "move": _("阶段已推进"),
    "lose": _("已标记流失"),
    "reopen": _("已重新跟进"),
    "assign": _("已指定负责人"),
    "record": _("已记录"),
    "exception": _("已提交产业例外申请"),
    "approve": _("已批准产业例外"),
    "merge": _("已合并线索"),
}


@login_required
@require_POST
def lead_action(request, pk, action):
    if action not in DONE:
        raise Http404
    lead = _lead(request, pk)
    try:
        result = _do(action, request, lead)
    except PermissionDeniedError as e:
        raise PermissionDenied(e.message) from e
    except DomainError as e:
        _error(request, e)
    else:
        if hasattr(result, "errors") and hasattr(result, "is_valid"):
            for field, errs in result.errors.items():
                label = result.fields[field].label if field in result.fields else ""
                for e in errs:
                    messages.error(request, f"{label}：{e}" if label else e)
        else:
            messages.success(request, str(DONE[action]))
    return redirect(lead.get_absolute_url())


# --- contracts -------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request, pk):
    lead = _lead(request, pk)
    _need(request, "create", Contract)
    if not Lead.objects.for_user(request.user, "change").filter(pk=pk).exists():
        raise PermissionDenied
    form = forms.ContractForm(
        request.POST or None,
        user=request.user,
        lead=lead,
        initial={
            "signed_on": timezone.localdate(),
            "project_name": f"{lead.company_name}项目",
            "contract_investment": lead.intended_investment,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            contract = svc.contract_sign(actor=request.user, lead=lead, **d)
        except PermissionDeniedError as e:
            raise PermissionDenied(e.message) from e
        except DomainError as e:
            _error(request, e, form)
        else:
            messages.success(request, _("已签约，项目已建立并转入建设阶段"))
            return redirect(contract.get_absolute_url())
    mark_invalid(form)
    return render(request, "investment/contract_form.html", {"form": form, "lead": lead})


@login_required
def contract_list(request):
    _need(request, "view", Contract)
    qs = narrow(Contract.objects.for_user(request.user), request).select_related(
        "team", "owner", "project", "enterprise"
    )
    team = request.GET.get("team", "")
    if check_id(team):
        qs = qs.filter(team_id=check_id(team))
    page = Paginator(qs.order_by("-signed_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "investment/contract_list.html",
        {"page": page, "teams": selectors.teams_for(request.user, _zone_id(request)), "team": team},
    )


@login_required
def contract_detail(request, pk):
    contract = get_object_or_404(
        Contract.objects.for_user(request.user).select_related(
            "lead", "team", "owner", "project", "enterprise"
        ),
        pk=pk,
    )
    can_change = Contract.objects.for_user(request.user, "change").filter(pk=pk).exists()
    return render(
        request,
        "investment/contract_detail.html",
        {
            "contract": contract,
            "can_change": can_change,
            "funds_form": forms.FundsForm(initial={"funds_arrived": contract.funds_arrived}),
        },
    )


@login_required
@require_POST
def contract_funds(request, pk):
    contract = get_object_or_404(Contract.objects.for_user(request.user), pk=pk)
    form = forms.FundsForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
        return redirect(contract.get_absolute_url())
    try:
        svc.contract_record_funds(
            actor=request.user, contract=contract, funds_arrived=form.cleaned_data["funds_arrived"]
        )
    except PermissionDeniedError as e:
        raise PermissionDenied(e.message) from e
    except DomainError as e:
        _error(request, e)
    else:
        messages.success(request, _("已更新到位资金"))
    return redirect(contract.get_absolute_url())


# --- activities ------------------------------------------------------------------------------------------
@login_required
def activity_list(request):
    """The calendar: a month grid of visits, stationed days and fairs (plain links, no script)."""
    _need(request, "view", Activity)
    today = timezone.localdate()
    try:
        month = dt.date.fromisoformat((request.GET.get("month") or "") + "-01")
    except ValueError:
        month = today.replace(day=1)
    if not inputs.EARLIEST.year <= month.year <= 2100:  # a calendar of year 1 or 9999 has no neighbour
        month = today.replace(day=1)
    weeks = selectors.month_grid(
        user=request.user, year=month.year, month=month.month, zone_id=_zone_id(request)
    )
    prev = (month - dt.timedelta(days=1)).replace(day=1)
    nxt = (month + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "investment/activity_calendar.html",
        {
            "weeks": weeks,
            "month": month,
            "prev": prev,
            "next": nxt,
            "today": today,
            "can_create": can(request.user, "create", Activity) and reach_of(request.user).kind == "zone",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    _need(request, "create", Activity)
    zone_id = _work_zone(request)
    form = forms.ActivityForm(
        request.POST or None,
        user=request.user,
        zone_id=zone_id,
        initial={"on": request.GET.get("on") or timezone.localdate(), "kind": request.GET.get("kind", "")},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            activity = svc.activity_create(actor=request.user, leads=list(d.pop("leads")), **d)
        except PermissionDeniedError as e:
            raise PermissionDenied(e.message) from e
        except DomainError as e:
            _error(request, e, form)
        else:
            messages.success(request, _("已登记活动"))
            return redirect(activity.get_absolute_url())
    mark_invalid(form)
    return render(request, "investment/activity_form.html", {"form": form})


@login_required
def activity_detail(request, pk):
    activity = get_object_or_404(Activity.objects.for_user(request.user).select_related("team"), pk=pk)
    leads = activity.leads.filter(pk__in=selectors.lead_list(user=request.user).values("pk")).select_related(
        "team"
    )
    return render(
        request,
        "investment/activity_detail.html",
        {
            "activity": activity,
            "leads": leads,
            "can_create": can(request.user, "create", Lead) and reach_of(request.user).kind == "zone",
        },
    )


# --- teams -----------------------------------------------------------------------------------------------
@login_required
def team_list(request):
    _need(request, "view", InvestmentTeam)
    year = timezone.localdate().year
    teams = narrow(InvestmentTeam.objects.for_user(request.user), request).annotate(
        active_leads=Count("leads", filter=Q(leads__is_active=True)),
        members_count=Count("members", filter=Q(members__is_active=True), distinct=True),
    )
    return render(
        request,
        "investment/team_list.html",
        {
            "teams": teams,
            "year": year,
            "can_create": can(request.user, "create", InvestmentTeam)
            and reach_of(request.user).kind == "zone",
        },
    )


@login_required
def team_detail(request, pk):
    team = get_object_or_404(InvestmentTeam.objects.for_user(request.user), pk=pk)
    year = timezone.localdate().year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    done = (
        selectors.contracts_in(zone_id=team.zone_id, start=start, end=end)
        .filter(team=team)
        .aggregate(**selectors._aggregates())
    )
    members = team.members.select_related("staff").annotate(
        active_leads=Count("staff__owned_leads", filter=Q(staff__owned_leads__is_active=True))
    )
    can_change = InvestmentTeam.objects.for_user(request.user, "change").filter(pk=pk).exists()
    return render(
        request,
        "investment/team_detail.html",
        {
            "team": team,
            "year": year,
            "done": {k: v or 0 for k, v in done.items()},
            "target": team.targets.filter(year=year).first(),
            "targets": team.targets.all(),
            "members": members,
            "can_change": can_change,
            "member_form": forms.MemberForm(user=request.user, instance=_new_member(team))
            if can_change
            else None,
            "target_form": forms.TargetForm(
                user=request.user, initial={"year": year}, instance=_new_target(team)
            )
            if can_change
            else None,
        },
    )


def _new_member(team):
    from devzone.investment.models import TeamMember

    return TeamMember(
        zone_id=team.zone_id, team=team, capacity=svc.settings_for(team.zone_id).default_capacity
    )


def _new_target(team):
    from devzone.investment.models import TeamTarget

    return TeamTarget(zone_id=team.zone_id, team=team)


@login_required
@require_http_methods(["GET", "POST"])
def team_form(request, pk=None):
    from devzone.core.services import object_create, object_update

    if pk is None:
        _need(request, "create", InvestmentTeam)
        _work_zone(request)
        team = InvestmentTeam()
    else:
        team = get_object_or_404(InvestmentTeam.objects.for_user(request.user), pk=pk)
        if not InvestmentTeam.objects.for_user(request.user, "change").filter(pk=pk).exists():
            raise PermissionDenied
    form = forms.TeamForm(request.POST or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        try:
            (object_create if pk is None else object_update)(actor=request.user, instance=instance)
        except PermissionDeniedError as e:
            raise PermissionDenied(e.message) from e
        except DomainError as e:
            _error(request, e, form)
        else:
            messages.success(request, _("已保存"))
            return redirect(instance.get_absolute_url())
    mark_invalid(form)
    return render(
        request,
        "investment/simple_form.html",
        {"form": form, "title": _("招商小分队"), "back": "investment:team_list"},
    )


@login_required
@require_POST
def team_add(request, pk, what):
    """Add a member or a year's targets to a team (leaders)."""
    from devzone.core.services import object_create

    team = get_object_or_404(InvestmentTeam.objects.for_user(request.user), pk=pk)
    if what == "member":
        form = forms.MemberForm(request.POST, user=request.user, instance=_new_member(team))
    elif what == "target":
        form = forms.TargetForm(request.POST, user=request.user, instance=_new_target(team))
    else:
        raise Http404
    if not can(request.user, "create", type(form.instance)):
        raise PermissionDenied
    if form.is_valid():
        try:
            object_create(actor=request.user, instance=form.save(commit=False))
        except PermissionDeniedError as e:
            raise PermissionDenied(e.message) from e
        except DomainError as e:
            _error(request, e)
        else:
            messages.success(request, _("已保存"))
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errs:
                messages.error(request, f"{label}：{e}" if label else e)
    return redirect(team.get_absolute_url())
