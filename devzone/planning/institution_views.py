"""Pages of 机构改革 and 管委会+公司: the city page (before/after per zone and city-wide, the share of investment
and service staff, zone merges), a zone's bodies with their history, and the zones' parties and parks. The city
officer edits; a zone's leader reads their own zone. Thin: ``planning.institutions`` reads and writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core import files
from devzone.core.access import can, require_right
from devzone.core.errors import check_id
from devzone.core.models import Department, Zone
from devzone.core.services import service_arguments
from devzone.core.web import post_and_return, refusals, row_post, scoped_or_404
from devzone.planning import institution_forms as forms
from devzone.planning import institutions, printed
from devzone.planning.models import InstitutionReform, InternalBody, Park, ZoneParty


@login_required
def city(request):
    require_right(request.user, "view", InternalBody)
    c = institutions.city_counts(request.user)
    may = can(request.user, "create", InstitutionReform)
    return render(
        request,
        "planning/institutions.html",
        {
            "c": c,
            # the management model of each zone with its registered parties (as on 管委会+公司与园区)
            "management": {
                m.zone.pk: m
                for m in institutions.management(
                    [r.zone for r in c.zones], institutions.parties(request.user)
                )
            },
            "merges": institutions.merges(request.user),
            # what the user's city's reports printed (planning.printed; another city: nothing)
            **_printed(request.user),
            "may_edit": may,
        },
    )


def _printed(user) -> dict:
    said = printed.for_user(user)
    keys = ("institutions.change", "institutions.front_line_rise")
    return {
        "reported_change": printed.text(said, keys[0]),
        "reported_rise": printed.text(said, keys[1]),
        "reported_sources": sorted({printed.source(said, k) for k in keys} - {""}),
    }


@login_required
def zone(request, zone_id):
    z = scoped_or_404(Zone.objects, zone_id, user=request.user, may=("view", InternalBody))
    rows = list(institutions.bodies(request.user, z.pk))
    count = institutions.counts([z]).zones[0]
    may = can(request.user, "change", InternalBody)
    active = [b for b in rows if b.ended_on is None]
    reform = count.reform
    return render(
        request,
        "planning/institution_zone.html",
        {
            "zone": z,
            "count": count,
            "may_edit": may,
            "reform_form": forms.ReformForm(
                prefix="reform",
                initial={"reform_on": reform.reform_on, "document": reform.document} if reform else None,
            )
            if may
            else None,
            "body_form": forms.BodyForm(
                prefix="body", departments=Department.objects.filter(zone=z).order_by("order", "name")
            )
            if may
            else None,
            "rows": [
                (
                    b,
                    forms.MergeForm(
                        prefix=f"m{b.pk}",
                        targets=[t for t in active if t.pk != b.pk],
                        initial={"version": b.version},
                    )
                    if may and b.ended_on is None
                    else None,
                    forms.EndForm(prefix=f"a{b.pk}", initial={"version": b.version})
                    if may and b.ended_on is None
                    else None,
                )
                for b in rows
            ],
        },
    )


def _back(zone_id) -> str:
    return reverse("planning:institution_zone", args=[zone_id])


@login_required
@require_POST
def reform_set(request, zone_id):
    z = scoped_or_404(Zone.objects, zone_id, user=request.user, may=("create", InstitutionReform))
    return post_and_return(
        request,
        forms.ReformForm(request.POST, prefix="reform"),
        lambda c: institutions.reform_set(actor=request.user, zone_id=z.pk, **c),
        done=_("机构改革日期已保存"),
        back=_back(z.pk),
    )


@login_required
@require_POST
def body_create(request, zone_id):
    z = scoped_or_404(Zone.objects, zone_id, user=request.user, may=("create", InternalBody))
    form = forms.BodyForm(request.POST, prefix="body", departments=Department.objects.filter(zone=z))
    return post_and_return(
        request,
        form,
        lambda c: institutions.body_create(
            actor=request.user, zone_id=z.pk, **service_arguments(c, ids=("department",))
        ),
        done=lambda b: _("已设立%(n)s") % {"n": b.name},
        back=_back(z.pk),
    )


@row_post(InternalBody, "change")
def body_merge(request, body):
    targets = InternalBody.objects.filter(zone_id=body.zone_id)
    return post_and_return(
        request,
        forms.MergeForm(request.POST, prefix=f"m{body.pk}", targets=targets),
        lambda c: institutions.body_merge(
            actor=request.user, body_id=body.pk, **service_arguments(c, ids=("into",))
        ),
        done=lambda b: _("%(n)s已并入%(m)s") % {"n": b.name, "m": b.merged_into},
        back=_back(body.zone_id),
    )


@row_post(InternalBody, "change")
def body_abolish(request, body):
    return post_and_return(
        request,
        forms.EndForm(request.POST, prefix=f"a{body.pk}"),
        lambda c: institutions.body_abolish(actor=request.user, body_id=body.pk, **c),
        done=lambda b: _("已撤销%(n)s") % {"n": b.name},
        back=_back(body.zone_id),
    )


def _opened(rows, pk) -> dict:
    """The form's initial values of the row ``pk`` among ``rows`` (the reader's), with its version; {} for none."""
    pk = check_id(pk)
    row = next((r for r in rows if r.pk == pk), None) if pk is not None else None
    if row is None:
        return {}
    fields = ["zone", "name", "contract_no", "starts_on", "ends_on", "responsibilities", "version"]
    if isinstance(row, ZoneParty):
        fields += ["role", "credit_code"]
    else:
        fields += ["kind", "operator"]
    return {
        **{f: getattr(row, f"{f}_id" if f == "zone" else f) for f in fields},
        **({"parent": row.parent_id} if isinstance(row, Park) else {}),
    }


@login_required
def companies(request):
    require_right(request.user, "view", ZoneParty)
    may = can(request.user, "create", ZoneParty)
    zones = list(Zone.objects.for_user(request.user).filter(merged_into__isnull=True).order_by("name"))
    parks = list(institutions.parks(request.user))
    parties = list(institutions.parties(request.user))
    # ``?party=<id>`` / ``?park=<id>``: that row opened for changing, its version carried in the form (a
    # colleague's change meanwhile makes the save a conflict, never overwritten unseen)
    party_form = (
        forms.PartyForm(prefix="party", zones=zones, initial=_opened(parties, request.GET.get("party")))
        if may
        else None
    )
    park_form = (
        forms.ParkForm(
            prefix="park", zones=zones, parks=parks, initial=_opened(parks, request.GET.get("park"))
        )
        if may
        else None
    )
    if request.method == "POST":
        if not may:
            raise PermissionDenied
        if request.POST.get("which") == "party":
            form = party_form = forms.PartyForm(request.POST, request.FILES, prefix="party", zones=zones)
            service = institutions.party_set
        else:
            form = park_form = forms.ParkForm(
                request.POST, request.FILES, prefix="park", zones=zones, parks=parks
            )
            service = institutions.park_set
        if form.is_valid():
            with refusals(request, form) as outcome:
                row = service(actor=request.user, require_version=True, **form.arguments())
            if outcome.ok:
                messages.success(request, _("已保存：%(n)s") % {"n": row.name})
                return redirect("planning:companies")
    return render(
        request,
        "planning/companies.html",
        {
            "zones": zones,
            "parties": parties,
            # the model's table names the parties registered below, not a text of its own
            "management": institutions.management(zones, parties),
            "parks": parks,
            "company_run": institutions.company_run(zones),
            "party_form": party_form,
            "park_form": park_form,
        },
    )


CONTRACT_ROWS = {"party": ZoneParty, "park": Park}


@login_required
def contract_download(request, kind, pk):
    """A party's or a park's contract file, for whoever may read the row (the city, the zone's own people)."""
    if kind not in CONTRACT_ROWS:
        raise Http404
    row = scoped_or_404(CONTRACT_ROWS[kind].objects, pk, user=request.user)
    if not row.contract_file:
        raise Http404
    return files.download(
        request,
        row.contract_file,
        filename=_("%(name)s合同.pdf") % {"name": row.name},
        content_type="application/pdf",
    )
