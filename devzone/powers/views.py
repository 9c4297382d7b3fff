"""Pages of 职能目录与权责清单: the zone's catalog and list versions (its leader keeps them; the city officer picks a
zone), one version with its powers (a draft is edited and published there; a power naming an abolished department
or an item out of use is flagged, and its department and items are changed on a page of their own), and the
public pages of a zone: its catalog and list in force, and each earlier published version, read-only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core.access import can, require_right
from devzone.core.filters import page_filter
from devzone.core.web import page_of, post_and_return, refusals, row_post, scoped_or_404
from devzone.core.zones import zone_required
from devzone.powers import forms, selectors, services
from devzone.powers.choices import ListStatus
from devzone.powers.filters import FunctionFilter, PowerFilter
from devzone.powers.models import Power, PowerList


@login_required
def home(request):
    require_right(request.user, "view", PowerList)
    return _home(request, zone_required(request))


def _home(request, zone, function_form=None):
    """The zone's catalog and list versions; ``function_form``: the catalog's form as posted, with its errors."""
    may = can(request.user, "create", PowerList)
    functions = page_filter(
        FunctionFilter, request, selectors.zone_functions(request.user, zone.pk), hide=("zone",)
    )
    return render(
        request,
        "powers/home.html",
        {
            "zone": zone,
            "filter": functions,
            "functions": page_of(request, functions.qs),
            "lists": selectors.zone_lists(request.user, zone.pk),
            "may_change": may,
            "function_form": (function_form or forms.FunctionForm()) if may else None,
        },
    )


@login_required
@require_POST
def function_add(request):
    require_right(
        request.user, "create", PowerList
    )  # as the service: a read-only user's form is not answered
    zone = zone_required(request)
    form = forms.FunctionForm(request.POST)
    if form.is_valid():
        with refusals(request, form) as outcome:
            services.function_set(actor=request.user, zone=zone, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("已记入职能目录"))
            return redirect("powers:home")
    # the errors beside the fields, with what was typed (the form is on the zone's page)
    return _home(request, zone, function_form=form)


@login_required
@require_POST
def draft_open(request):
    zone = zone_required(request)
    with refusals(request) as outcome:
        draft = services.draft_open(actor=request.user, zone=zone)
    return redirect(draft.get_absolute_url() if outcome.ok else "powers:home")


@login_required
def list_detail(request, pk):
    row = scoped_or_404(selectors.lists(request.user), pk, user=request.user)
    editable = row.status == ListStatus.DRAFT and can(request.user, "change", PowerList)
    powers = page_filter(PowerFilter, request, selectors.powers_of(row))
    # a draft's powers whose department was abolished or whose items went out of use: 公布 refuses them
    problems = selectors.stale_powers(row, timezone.localdate()) if row.status == ListStatus.DRAFT else {}
    return render(
        request,
        "powers/list_detail.html",
        {
            "row": row,
            "filter": powers,
            "powers": page_of(request, powers.qs),
            "editable": editable,
            "problems": problems,
            "power_form": (
                forms.PowerForm(zone_id=row.zone_id, initial={"version": row.version}) if editable else None
            ),
        },
    )


@row_post(PowerList, "change")
def power_add(request, row):
    form = forms.PowerForm(request.POST, zone_id=row.zone_id)
    return post_and_return(
        request,
        form,
        lambda data: services.power_add(actor=request.user, power_list=row, **data),
        done=_("已添加权力事项"),
        back=row.get_absolute_url(),
    )


@login_required
def power_change(request, pk):
    """A draft's power: its department and approval items changed (the rest stays as it is)."""
    power = scoped_or_404(selectors.power_with_list(), pk, user=request.user, action="change")
    back = power.power_list.get_absolute_url()
    if power.power_list.status != ListStatus.DRAFT:
        messages.error(request, _("已公布的权责清单不能修改，请起草新版本"))
        return redirect(back)
    form = forms.PowerChangeForm(request.POST or None, power=power)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            services.power_change(actor=request.user, power=power, **form.cleaned_data)
        if outcome.ok:
            messages.success(request, _("已修改权力事项"))
            return redirect(back)
    return render(request, "powers/power_form.html", {"power": power, "form": form, "back": back})


def _on_draft_read(request, move, *, done, back):
    """A button on a draft that carries the draft's version its page showed, ``move(version)`` done with it: a
    draft changed since is refused (409); 0 is a version like any other (a draft nobody changed yet); an absent
    one is refused."""
    return post_and_return(
        request, forms.DraftVersionForm(request.POST), lambda d: move(d["version"]), done=done, back=back
    )


@row_post(Power, "change")
def power_remove(request, power):
    """删除 a power of a draft (the draft's version read, ``_on_draft_read``)."""
    return _on_draft_read(
        request,
        lambda version: services.power_remove(actor=request.user, power=power, version=version),
        done=_("已删除权力事项"),
        back=power.power_list.get_absolute_url(),
    )


@row_post(PowerList, "change")
def list_publish(request, row):
    """公布 the draft its publisher read (``_on_draft_read``)."""
    return _on_draft_read(
        request,
        lambda version: services.list_publish(actor=request.user, power_list=row, version=version),
        done=_("权责清单已公布"),
        back=row.get_absolute_url(),
    )


def public(request, zone_id):
    """The zone's published catalog and power list, for everyone (no login; fits a phone), with the earlier
    published versions, each readable on a page of its own; a zone merged into another says so, and its list is
    labelled as no longer in force."""
    zone = selectors.public_zone(zone_id)
    if zone is None:
        raise Http404
    current, functions = selectors.published(zone.pk)
    powers = page_filter(PowerFilter, request, selectors.powers_of(current)) if current else None
    return render(
        request,
        "powers/public.html",
        {
            "zone": zone,
            "current": current,
            "functions": page_of(request, functions, param="functions_page"),
            "filter": powers,
            "powers": page_of(request, powers.qs) if powers else None,
            "earlier": selectors.public_superseded(zone.pk),
        },
    )


def public_version(request, zone_id, pk):
    """One published version of the zone's list, read-only, for everyone: the one in force or one superseded,
    with the names it was published with. A draft, or another zone's list, is 404."""
    zone = selectors.public_zone(zone_id)
    if zone is None:
        raise Http404
    row = selectors.public_version(zone.pk, pk)
    if row is None:
        raise Http404
    powers = page_filter(PowerFilter, request, selectors.powers_of(row))
    return render(
        request,
        "powers/public_version.html",
        {
            "zone": zone,
            "row": row,
            "filter": powers,
            "powers": page_of(request, powers.qs),
            "in_force": row.status == ListStatus.PUBLISHED and zone.merged_into_id is None,
        },
    )
