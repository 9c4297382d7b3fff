"""Lead pages of 大招商: the working list, registration (with the duplicate check and the merge it offers),
the lead's page with its moves, and the edit. Thin: reads through ``for_user``, writes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can, reach_of, require_right
from devzone.core.choices import Role
from devzone.core.errors import check_id, labelled
from devzone.core.forms import mark_invalid
from devzone.core.web import page_of, refusals, safe_next
from devzone.core.zones import narrow
from devzone.investment import filters, forms, selectors
from devzone.investment import services as svc
from devzone.investment.actions import LEAD_PAGE_ACTIONS
from devzone.investment.choices import Stage
from devzone.investment.models import Contract, Lead
from devzone.investment.views_common import lead_in_reach, may_create, work_zone, zone_id


@login_required
def home(request):
    require_right(request.user, "view", Lead)
    return redirect("investment:lead_list")


def _export_query(data) -> str:
    """The list's query for its 导出Excel button: every filter, no page (the export holds all the pages)."""
    query = data.copy()
    query.pop("page", None)
    return query.urlencode()


def _view_links(request) -> list[tuple[str, str, str]]:
    """The list's views (在跟, 停滞 …) as links that keep the search and the filters in use (a team picked, a
    name searched): only the view changes, and the list starts again at its first page."""
    links = []
    for key, label in filters.VIEW_LABELS:
        params = request.GET.copy()
        params.pop("page", None)
        params["view"] = key
        links.append((key, label, f"?{params.urlencode()}"))
    return links


@login_required
def lead_list(request):
    require_right(request.user, "view", Lead)
    data = filters.listed_view(request.GET.copy())
    fs = filters.LeadFilter(
        data, queryset=narrow(selectors.lead_list(user=request.user), request), request=request
    )
    return render(
        request,
        "investment/lead_list.html",
        {
            "page": page_of(
                request, fs.qs.order_by("last_activity_on", "id"), rows=selectors.lead_list(user=request.user)
            ),
            "filter": fs,
            "view": data["view"],
            "views": _view_links(request),
            "teams": selectors.teams_for(request.user, zone_id(request)),
            "team": data.get("team", ""),
            "stages": Stage.choices,
            "stage": data.get("stage", ""),
            "q": (data.get("q") or "").replace("\x00", "")[:100],
            "owner": (data.get("owner") or "").replace("\x00", "")[:100],
            "mine": data.get("mine") in ("1", "true", "on"),
            "export_query": _export_query(data),
            "can_create": may_create(request, Lead),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request):
    require_right(request.user, "create", Lead)
    zone = work_zone(request)
    initial = {"on": timezone.localdate(), "source": request.GET.get("source", "")}
    if check_id(request.GET.get("activity")):
        initial["activity"] = check_id(request.GET["activity"])
    form = forms.LeadForm(request.POST or None, user=request.user, zone_id=zone, initial=initial)
    existing = None
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            lead = svc.lead_create(actor=request.user, zone_id=zone, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("已登记线索：%(n)s") % {"n": lead})
            return redirect(safe_next(request, lead.get_absolute_url()))
        if isinstance(outcome.error, svc.DuplicateLead):  # the merge is offered when the user sees the lead
            existing = Lead.objects.for_user(request.user).filter(pk=outcome.error.existing.pk).first()
    mark_invalid(form)
    return render(
        request, "investment/lead_form.html", {"form": form, "existing": existing, "creating": True}
    )


ABSORBED = (
    "credit_code",
    "contact_name",
    "contact_phone",
    "referrer",
    "intended_investment",
    "source",
    "note",
)


@login_required
@require_POST
def lead_absorb(request, pk):
    """The merge offered when a second registration matched an existing lead."""
    lead = lead_in_reach(request, pk)
    form = forms.LeadForm(request.POST, user=request.user, zone_id=lead.zone_id)
    form.is_valid()  # the registration's other fields may fail (its team, its owner): take what is merged
    bad = [(k, e) for k in ABSORBED for e in form.errors.get(k, [])]
    for k, e in bad:
        messages.error(request, labelled(form.fields[k].label, e))
    if not bad:
        with refusals(request) as outcome:
            svc.lead_absorb(actor=request.user, lead=lead, **{k: form.cleaned_data.get(k) for k in ABSORBED})
        if outcome.ok:
            messages.success(request, _("已合并到已有线索"))
    return redirect(lead.get_absolute_url())


def _detail_forms(request, lead: Lead, can_change: bool) -> dict:
    """The forms of the lead's page, each with ids of its own so that each label names its own field."""
    today = timezone.localdate()
    return {
        "move": forms.MoveForm(
            initial={"version": lead.version, "on": today}, auto_id="move_%s", current=lead.stage
        ),
        "lose": forms.ReasonForm(initial={"version": lead.version}, auto_id="lose_%s"),
        "assign": forms.AssignForm(
            lead=lead, initial={"owner": lead.owner_id, "version": lead.version}, auto_id="assign_%s"
        ),
        "record": forms.RecordForm(initial={"on": today}, auto_id="record_%s"),
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
    }


@login_required
def lead_detail(request, pk):
    gone = (
        Lead.objects.for_user(request.user)
        .filter(pk=check_id(pk) or 0, merged_into__isnull=False)
        .values_list("merged_into", flat=True)
        .first()
    )
    if gone:  # an old link to a lead merged since: the lead it lives on in
        messages.info(request, _("该线索已合并，以下是合并后的线索"))
        return redirect("investment:lead_detail", pk=gone)
    lead = lead_in_reach(request, pk)
    can_change = Lead.objects.for_user(request.user, "change").filter(pk=lead.pk).exists()
    duties = selectors.lead_duties(lead, svc.settings_for(lead.zone_id)) if lead.is_active else []
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
            "can_move": lead.lost_on is None
            and lead.stage_index < 4,  # later stages follow contract, project
            "is_leader": reach_of(request.user).role == Role.ZONE_LEADER,
            "can_sign": can_change and can(request.user, "create", Contract) and lead.lost_on is None,
            "forms": _detail_forms(request, lead, can_change),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_edit(request, pk):
    lead = lead_in_reach(request, pk, "change")
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
        with refusals(request, form) as outcome:
            row = svc.lead_update(actor=request.user, lead=lead, expected_version=d["version"], **changed)
        if outcome.ok:
            messages.success(request, _("已保存"))
            if (
                row.dropped_owner is not None and "team" in changed
            ):  # its owner may not own it in the new team
                messages.warning(
                    request,
                    _("%(name)s不是新小分队的在队队员或在跟线索已满，该线索现无负责人，请重新指定")
                    % {"name": row.dropped_owner.name},
                )
            elif row.dropped_owner is not None:  # back in the working list (a leading industry), owner full
                messages.warning(
                    request,
                    _(
                        "线索重新在跟，%(name)s已不是该小分队的在队队员或在跟线索已满，该线索现无负责人，请重新指定"
                    )
                    % {"name": row.dropped_owner.name},
                )
            return redirect(safe_next(request, lead.get_absolute_url()))
    mark_invalid(form)
    return render(request, "investment/lead_form.html", {"form": form, "lead": lead, "creating": False})


@login_required
@require_POST
def lead_action(request, pk, action):
    """A move on the lead from its page (``actions.LEAD_PAGE_ACTIONS``)."""
    act = LEAD_PAGE_ACTIONS[action]  # an unknown action is 404
    lead = lead_in_reach(request, pk)
    form_kwargs = {
        "move": {"current": lead.stage},
        "assign": {"lead": lead},
        "merge": {"user": request.user, "lead": lead},
    }.get(act.name, {})
    return LEAD_PAGE_ACTIONS.perform(
        request, act.name, lead, redirect_to=lead.get_absolute_url(), form_kwargs=form_kwargs
    )
