"""应急保障 pages: the campaigns (staff), a campaign's start (发起行动) and close (结束行动), its supplies, needs (their
quantity or priority class changed, or withdrawn), allocation runs, deliveries and plans; the enterprise's own page on its phone (submit or change a
need, withdraw it, read its allocations, deliveries and plan). Thin: services write, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can, reach_of, require_right
from devzone.core.errors import DomainError, check_id
from devzone.core.forms import mark_invalid, style
from devzone.core.models import Enterprise
from devzone.core.web import page_of, post_and_return, refusals, row_post, scoped_or_404
from devzone.emergency import allocation, forms, selectors, services
from devzone.emergency.actions import CAMPAIGN_ACTIONS, NEED_ACTIONS
from devzone.emergency.choices import CampaignStatus
from devzone.emergency.filters import AllocationFilter, NeedFilter
from devzone.emergency.models import (
    OPEN_NEED,
    Allocation,
    AllocationRun,
    Campaign,
    Delivery,
    FirmPlan,
    Need,
    Supply,
)

# The rule text a run stores is the code's fixed label (emergency.allocation.RULE), not anyone's words: it is shown
# in the reader's language. A text the code no longer has stays as it was stored.
RULE_LABELS = {
    allocation.RULE: gettext_lazy(
        "按优先级从高到低依次满足；库存不足的那一级按需求量比例分配，取整采用最大余额法"
        "（余数相同时需求量大者优先，再按提交先后），分配量不超过需求量，合计等于min(库存, 需求总量)"
    ),
}


def _enterprise_id(user, credit_code: str):
    """The enterprise in the user's reach with this credit code (a search field, never a drop-down of all)."""
    e = Enterprise.objects.for_user(user).filter(credit_code=credit_code.strip().upper()).first()
    if e is None:
        raise DomainError.on("credit_code", _("您管辖范围内没有该统一社会信用代码的企业"))
    return e.pk


@login_required
def home(request):
    if reach_of(request.user).kind == "enterprise":
        return redirect("emergency:mine")
    require_right(request.user, "view", Campaign)
    return render(
        request,
        "emergency/home.html",
        {
            "campaigns": selectors.campaigns(request.user),
            "may_start": can(request.user, "create", Campaign),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request):
    """发起应急保障行动: the campaign, its priority classes and supplies, by the service the API calls too."""
    require_right(request.user, "create", Campaign)
    form = forms.CampaignStartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            c = services.campaign_start(actor=request.user, **form.arguments())
        if outcome.ok:
            messages.success(request, _("行动已发起，相关开发区将收到通知"))
            return redirect("emergency:campaign", c.pk)
    mark_invalid(form)
    return render(request, "emergency/campaign_form.html", {"form": form})


@login_required
def campaign(request, pk):
    c = scoped_or_404(Campaign.objects, pk, user=request.user)
    user = request.user
    # one filter bar (enterprise, supply, priority) for both lists; each list pages by a parameter of its own
    params = request.GET.copy()
    for key in ("needs_page", "allocations_page"):
        params.pop(key, None)
    need_filter = NeedFilter(params or None, queryset=selectors.needs(user, c), request=request)
    del need_filter.filters["campaign"]  # the page is one campaign's
    for name in ("supply", "priority"):
        f = need_filter.filters[name]
        f.queryset = f.extra["queryset"] = f.queryset.filter(campaign=c)
    style(need_filter.form)
    allocation_rows = AllocationFilter(
        params or None, queryset=selectors.allocations(user, c), request=request
    ).qs.order_by("need__priority__rank", "pk")
    plans = list(selectors.plans(user, c))
    is_open = c.status == CampaignStatus.OPEN  # a closed campaign shows no form that would add to it
    may_plan = is_open and can(user, "create", FirmPlan)
    return render(
        request,
        "emergency/campaign.html",
        {
            "c": c,
            "classes": c.classes.all(),
            "supplies": selectors.supplies(user, c),
            "filter": need_filter,
            "needs": page_of(request, need_filter.qs.order_by("priority__rank", "pk"), param="needs_page"),
            "allocations": page_of(request, allocation_rows, param="allocations_page"),
            "runs": selectors.runs(user, c),
            "plans": plans,
            "plan_forms": {p.pk: forms.plan_edit_form(p) for p in plans} if may_plan else {},
            "may_allocate": is_open and can(user, "create", AllocationRun),
            "may_deliver": can(user, "create", Delivery),
            "may_need": is_open and can(user, "create", Need),
            "may_change_need": is_open and can(user, "change", Need),
            "close_form": (
                forms.CloseForm(initial={"version": c.version})
                if "close" in services.CAMPAIGN_MOVES.allowed(c) and can(user, "change", Campaign)
                else None
            ),
            "may_plan": may_plan,
            "need_form": forms.NeedForm(campaign=c, staff=True, prefix="need"),
            "plan_form": forms.PlanForm(prefix="plan"),
            "masks": selectors.masks_to_foreign_first_week(c),
            "week": selectors.first_week(c),
        },
    )


@row_post(Campaign, "change")
def campaign_action(request, c, action):
    """A move on the campaign from its page (结束行动): the same service as the API's."""
    return CAMPAIGN_ACTIONS.perform(request, action, c, redirect_to=_campaign_page(c.pk))


@login_required
def run(request, pk):
    """A run re-read: the claims of the needs in the user's reach one by one (the city: all of them), the
    other zones' claims as one total line."""
    r = scoped_or_404(AllocationRun.objects, pk, user=request.user)
    user = request.user
    got = dict(selectors.allocations(user).filter(run=r).values_list("need_id", "quantity"))
    claims = r.inputs.get("claims", [])
    mine = set(
        Need.objects.for_user(user).filter(pk__in=[x["need"] for x in claims]).values_list("pk", flat=True)
    )
    shown = [x for x in claims if x["need"] in mine]
    names = dict(
        Enterprise.objects.for_user(user)
        .filter(pk__in=[x["enterprise"] for x in shown])
        .values_list("pk", "name")
    )
    rows = [
        {**x, "rank": x["rank"] + 1, "got": got.get(x["need"], 0), "name": names.get(x["enterprise"], "—")}
        for x in sorted(shown, key=lambda x: (x["rank"], x["need"]))
    ]
    rest = [x for x in claims if x["need"] not in mine]
    others = (
        {
            "needs": len(rest),
            "open": sum(x["open"] for x in rest),
            "got": r.quantity - sum(x["got"] for x in rows),
        }
        if rest
        else None
    )
    return render(
        request,
        "emergency/run.html",
        {"r": r, "rule": RULE_LABELS.get(r.rule, r.rule), "rows": rows, "others": others},
    )


def _campaign_page(campaign_id) -> str:
    return reverse("emergency:campaign", args=[campaign_id])


def _supply_quantity(request, pk, form_class, service, *, done):
    """A quantity posted on one supply of a campaign's page (allocate it, receive stock of it), back to that page;
    ``done(supply)`` is the message (or a function of the service's result)."""
    supply = scoped_or_404(Supply.objects, pk, user=request.user, action="change")
    return post_and_return(
        request,
        form_class(request.POST),
        lambda d: service(
            actor=request.user, supply_id=supply.pk, quantity=d["quantity"], version=d.get("version")
        ),
        done=done(supply),
        back=_campaign_page(supply.campaign_id),
    )


@login_required
@require_POST
def allocate(request, pk):
    return _supply_quantity(
        request,
        pk,
        forms.AllocateForm,
        services.allocate,
        done=lambda supply: (
            lambda run: (
                _("已分配%(n)d%(unit)s%(item)s")
                % {"n": run.quantity, "unit": supply.unit, "item": supply.name}
            )
        ),
    )


@login_required
@require_POST
def stock(request, pk):
    return _supply_quantity(
        request, pk, forms.StockForm, services.stock_receive, done=lambda supply: _("到货已登记")
    )


@row_post(Allocation, "change")
def deliver(request, a):
    return post_and_return(
        request,
        forms.DeliveryForm(request.POST),
        lambda d: services.deliver(actor=request.user, allocation_id=a.pk, **d),
        done=_("送达已登记"),
        back=_campaign_page(a.need.campaign_id),
    )


def _for_enterprise(request, pk, model, form, service, arguments, *, done):
    """What the staff post on a campaign's page for an enterprise they name by its credit code (a need, a
    plan): ``form(campaign)`` read, ``service`` called with the campaign, the enterprise and ``arguments`` of
    the rest, back to the campaign's page."""
    c = scoped_or_404(Campaign.objects, pk, user=request.user, may=("create", model))
    return post_and_return(
        request,
        form(c),
        lambda d: service(
            actor=request.user,
            campaign_id=c.pk,
            enterprise_id=_enterprise_id(request.user, d["credit_code"]),
            **arguments({k: v for k, v in d.items() if k != "credit_code"}),
        ),
        done=done,
        back=_campaign_page(c.pk),
    )


@login_required
@require_POST
def staff_need(request, pk):
    return _for_enterprise(
        request,
        pk,
        Need,
        lambda c: forms.NeedForm(request.POST, campaign=c, staff=True, prefix="need"),
        services.need_submit,
        services.need_arguments,
        done=_("需求已登记"),
    )


@login_required
@require_POST
def plan(request, pk):
    return _for_enterprise(
        request,
        pk,
        FirmPlan,
        lambda c: forms.PlanForm(request.POST, prefix="plan"),
        services.plan_set,
        dict,
        done=_("一企一策已保存"),
    )


@row_post(Need, "change")
def need_action(request, need, action):
    """A move on a need (撤回, 调减, 调整数量, 调整优先级): from the campaign's page (staff) or the enterprise's own
    page."""
    back = (
        reverse("emergency:mine")
        if reach_of(request.user).kind == "enterprise"
        else _campaign_page(need.campaign_id)
    )
    return NEED_ACTIONS.perform(request, action, need, redirect_to=back)


def _enterprise_only(request):
    if reach_of(request.user).kind != "enterprise" or not can(request.user, "view", Need):
        raise PermissionDenied


@login_required
def mine(request):
    """The enterprise's page (390 px): open campaigns to submit to, its needs with what was allocated and
    delivered, and its plans."""
    _enterprise_only(request)
    user = request.user
    return render(
        request,
        "emergency/mine.html",
        {
            "campaigns": [
                (c, forms.NeedForm(campaign=c, prefix=f"c{c.pk}"))
                for c in selectors.open_for_enterprise(user)
            ],
            "needs": selectors.needs(user).order_by("-pk"),
            "may_change_need": can(user, "change", Need),
            "deliveries": selectors.deliveries(user).order_by("-delivered_on", "-pk"),
            "plans": selectors.plans(user),
        },
    )


@login_required
def my_need(request, pk):
    """The enterprise submits a need (390 px), or changes its open need (``?need=<id>``: the form filled with it
    and the version read)."""
    _enterprise_only(request)
    c = selectors.open_for_enterprise(request.user).filter(pk=pk).first()
    if c is None:
        raise Http404
    need = None
    if "need" in request.GET:
        need_id = check_id(request.GET["need"])
        need = (
            selectors.needs(request.user, c).filter(OPEN_NEED, pk=need_id).first()
            if need_id is not None
            else None
        )
        if need is None:
            raise Http404
    form = forms.NeedForm(request.POST or None, campaign=c, prefix=f"c{c.pk}", need=need)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            services.need_submit(
                actor=request.user, campaign_id=c.pk, **services.need_arguments(form.cleaned_data)
            )
        if outcome.ok:
            messages.success(request, _("需求已修改") if need is not None else _("需求已提交"))
            return redirect("emergency:mine")
    return render(request, "emergency/need_form.html", {"c": c, "form": form, "need": need})
