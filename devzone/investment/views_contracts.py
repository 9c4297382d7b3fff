"""Contract pages of 大招商: signing from the lead, the list, a contract and its funds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.core.access import reach_of, require_right
from devzone.core.errors import ConflictError, check_id
from devzone.core.filters import page_filter
from devzone.core.forms import mark_invalid
from devzone.core.web import page_of, post_and_return, refusals, row_post, scoped_or_404
from devzone.core.zones import narrow
from devzone.investment import filters, forms, selectors
from devzone.investment import services as svc
from devzone.investment.models import Contract
from devzone.investment.views_common import lead_in_reach, zone_id


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request, pk):
    lead = lead_in_reach(request, pk)
    require_right(request.user, "create", Contract)
    lead_in_reach(request, pk, "change")
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
        data = dict(form.cleaned_data)
        version = data.pop("version")
        with refusals(request, form) as outcome:
            contract = svc.contract_sign(actor=request.user, lead=lead, expected_version=version, **data)
        if outcome.ok:
            messages.success(request, _("已签约，项目已建立并转入建设阶段"))
            return redirect(contract.get_absolute_url())
        if isinstance(outcome.error, ConflictError):
            # the form was submitted again (or the lead changed meanwhile): its page shows what was signed
            messages.warning(request, outcome.error.message)
            return redirect(lead.get_absolute_url())
    mark_invalid(form)
    return render(request, "investment/contract_form.html", {"form": form, "lead": lead})


@login_required
def contract_list(request):
    require_right(request.user, "view", Contract)
    city = reach_of(request.user).kind == "city"
    named = check_id(request.GET.get("zone")) if city else None
    qs = Contract.objects.for_user(request.user)
    if named is None:
        # a zone named in the address (the bar's, or the city bulletin's link: investment.bulletin) lists that
        # zone's rows whichever zone a city user picked in the switcher; ContractFilter's zone keeps to the reach
        qs = narrow(qs, request)
    # the filter bar of the other lists, from the FilterSet the API list reads; the zone is offered only to who
    # sees several zones (a city user), the teams are those of the zone in view
    fs = page_filter(
        filters.ContractFilter,
        request,
        qs.select_related("team", "owner", "project", "enterprise"),
        hide=() if city else ("zone",),
        teams=selectors.teams_for(request.user, named or zone_id(request)),
    )
    return render(
        request,
        "investment/contract_list.html",
        {"page": page_of(request, fs.qs.order_by("-signed_on", "-id")), "filter": fs},
    )


@login_required
def contract_detail(request, pk):
    qs = Contract.objects.for_user(request.user).select_related(
        "lead", "team", "owner", "project", "enterprise"
    )
    contract = scoped_or_404(qs, pk, user=request.user)
    return render(
        request,
        "investment/contract_detail.html",
        {
            "contract": contract,
            "can_change": Contract.objects.for_user(request.user, "change").filter(pk=contract.pk).exists(),
            "funds_form": forms.FundsForm(
                initial={"funds_arrived": contract.funds_arrived, "seen": contract.funds_arrived}
            ),
            "funds_note": svc.funds_note(contract),
        },
    )


@row_post(Contract)
def contract_funds(request, contract):
    return post_and_return(
        request,
        forms.FundsForm(request.POST),
        lambda d: svc.contract_record_funds(
            actor=request.user, contract=contract, funds_arrived=d["funds_arrived"], seen=d["seen"]
        ),
        done=_("已更新到位资金"),
        back=contract.get_absolute_url(),
    )
