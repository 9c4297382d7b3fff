"""市级统筹 pages: the city's industry map (plans, overlaps, gaps, chain map) and assessments; a zone's plan
form; a scheme with its scoring and publishing. Thin: services write, selectors read."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core.access import can, require_right
from devzone.core.errors import check_id
from devzone.core.forms import mark_invalid, style
from devzone.core.models import Zone
from devzone.core.services import service_arguments
from devzone.core.web import page_of, post_and_return, refusals, row_post, scoped_or_404
from devzone.core.zones import active_zone, narrow
from devzone.planning import forms, scoring, selectors, services
from devzone.planning.choices import COMPUTED, NO_DATA, AssessmentStatus, Metric, ValueKind
from devzone.planning.filters import AssessmentFilter
from devzone.planning.models import Assessment, IndustryPlan, Scheme


@login_required
def home(request):
    if not (can(request.user, "view", IndustryPlan) or can(request.user, "view", Assessment)):
        raise PermissionDenied
    data = selectors.city_map(request.user)
    results = AssessmentFilter(
        request.GET or None,
        queryset=selectors.assessments(request.user).filter(status="published"),
        request=request,
    )
    style(results.form)
    return render(
        request,
        "planning/home.html",
        {
            **data,
            "metrics": dict(Metric.choices),
            "schemes": selectors.schemes(request.user),
            "filter": results,
            "assessments": page_of(request, results.qs, param="results_page"),
            "may_plan": can(request.user, "create", IndustryPlan),
            "may_assess": can(request.user, "create", Scheme),
        },
    )


@login_required
@require_POST
def target_progress(request):
    """季度进度: an annual task's cumulative completion at the end of a quarter (planning.services)."""
    try:
        quarter = int(request.POST.get("quarter") or 0)
    except ValueError:
        quarter = 0
    with refusals(request) as outcome:
        services.target_progress(
            actor=request.user,
            target_id=check_id(request.POST.get("target")) or 0,
            quarter=quarter,
            done=request.POST.get("done"),
        )
    if outcome.ok:
        messages.success(request, _("已登记季度进度"))
    return redirect("planning:home")


@login_required
def plan_edit(request, zone_id):
    zone = scoped_or_404(Zone.objects, zone_id, user=request.user, may=("create", IndustryPlan))
    plan = selectors.current_plan(zone.pk)
    year = timezone.localdate().year
    initial = {"start_year": year, "end_year": year + 2}
    if plan is not None:
        initial = {
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "effective_on": plan.effective_on,
            "industries": " ".join(plan.industries.values_list("code", flat=True)),
            "chain_note": plan.chain_note,
            "version": plan.version,
        }
    form = forms.PlanForm(request.POST or None, initial=initial)
    targets = forms.TargetRows(
        request.POST or None, initial=forms.target_initial(plan), prefix="targets", plan=form
    )
    if request.method == "POST" and _checked(form, targets):
        c = form.cleaned_data
        with refusals(request, form) as outcome, targets.claiming():
            services.plan_set(
                actor=request.user,
                zone_id=zone.pk,
                start_year=c["start_year"],
                end_year=c["end_year"],
                effective_on=c.get("effective_on"),
                industries=c["industries"],
                chain_note=c["chain_note"],
                targets=targets.rows(),
                version=c.get("version"),
            )
        if outcome.ok:
            messages.success(request, _("产业规划已保存"))
            return redirect("planning:home")
    mark_invalid(form)
    return render(
        request, "planning/plan_form.html", {"zone": zone, "form": form, "rows": targets, "plan": plan}
    )


def _checked(form, rows) -> bool:
    """The form and every one of its rows valid. The rows are checked even when the form is not, so that all
    the errors show at once; a wrong row also heads the form (``rows.wrong``)."""
    ok = form.is_valid()
    if not rows.is_valid():
        form.add_error(None, rows.wrong)
        ok = False
    return ok


@login_required
def scheme_new(request):
    require_right(request.user, "create", Scheme)
    return _scheme_form(request, None)


@login_required
def scheme_edit(request, pk):
    """The existing scheme opened for editing: its year and category fixed, its version carried in the form, so
    that a save over another officer's change is refused (409), not written over it."""
    scheme = scoped_or_404(Scheme.objects, pk, user=request.user, action="change")
    return _scheme_form(request, scheme)


def _scheme_form(request, scheme: Scheme | None):
    initial = {"year": timezone.localdate().year}
    if scheme is not None:
        initial = {
            "year": scheme.year,
            "category": scheme.category,
            "name": scheme.name,
            "full_pool_yuan": (Decimal(scheme.full_pool_fen) / 100).quantize(Decimal("0.01")),
            "basis": scheme.basis,
            "version": scheme.version,
        }
    form = forms.SchemeForm(request.POST or None, initial=initial, fixed=scheme is not None)
    indicators = forms.IndicatorRows(
        request.POST or None, initial=forms.indicator_initial(scheme), prefix="indicators"
    )
    if request.method == "POST" and _checked(form, indicators):
        c = form.cleaned_data
        with refusals(request, form) as outcome, indicators.claiming():
            scheme = services.scheme_set(
                actor=request.user,
                year=c["year"],
                category=c["category"],
                name=c["name"],
                full_pool_fen=int(c["full_pool_yuan"] * 100),
                basis=c["basis"],
                indicators=indicators.rows(),
                version=c.get("version"),
            )
        if outcome.ok:
            messages.success(request, _("考核方案已保存"))
            return redirect("planning:scheme_detail", scheme.pk)
    mark_invalid(form)
    return render(request, "planning/scheme_form.html", {"form": form, "rows": indicators, "scheme": scheme})


@login_required
def scheme_detail(request, pk):
    """A scheme's indicators, results and score forms; a city user who picked a zone in the switcher sees that
    zone's results (and those of the zones merged into it) and its score form only, as the desk's count of
    drafts does. Publishing still publishes the period for every zone: the ranks are the city's. The draft
    results' indicators the platform has no data for (不可评估) are listed with the two ways to resolve them
    (``services.value_resolve``); publishing waits for them."""
    scheme = scoped_or_404(Scheme.objects, pk, user=request.user)
    indicators = list(scheme.indicators.all())
    entered = [i for i in indicators if i.source not in COMPUTED]
    zones = narrow(
        Zone.objects.for_user(request.user).filter(level=scheme.category, merged_into__isnull=True),
        request,
        "pk",
    )
    results = list(
        narrow(selectors.assessments(request.user, scheme), request).prefetch_related("values__indicator")
    )
    may = can(request.user, "change", Scheme)
    no_data = []
    for a in results:
        values = list(a.values.all())
        excluded = {v.indicator_id for v in values if v.kind == ValueKind.EXCLUDED}
        # the weights the score counts once the excluded indicators are left out (re-normalised to 100)
        weights = scoring.renormalised(_weighted(indicators), excluded) if excluded else {}
        a.renormalised = [(i, weights[i.pk]) for i in indicators if i.pk in weights]
        if may and a.status == AssessmentStatus.DRAFT:
            no_data += [(a, v) for v in values if v.kind in NO_DATA]
    return render(
        request,
        "planning/scheme_detail.html",
        {
            "scheme": scheme,
            "indicators": indicators,
            "weights_total": sum((i.weight for i in indicators), Decimal(0)),
            "results": results,
            "may_assess": may,
            "picked_zone": active_zone(request),
            # a scheme is changed until its first zone is scored (services.scheme_set)
            "may_edit": may and not scheme.assessments.exists(),
            "score_forms": [
                (z, forms.ScoreForm(entered=entered, prefix=f"z{z.pk}"), forms.ExcludeForm(prefix=f"x{z.pk}"))
                for z in zones
            ]
            if may
            else [],
            "publish_form": forms.PublishForm() if may else None,
            "no_data": no_data,
            "missing": sorted({(a.quarter, str(a.zone)) for a, v in no_data if v.kind == ValueKind.MISSING}),
            "unscored": _unscored(scheme) if may else [],
        },
    )


def _unscored(scheme: Scheme) -> list[tuple[int, str]]:
    """The live zones without a result of each period being scored (publishing it waits for them)."""
    periods = scheme.assessments.filter(status=AssessmentStatus.DRAFT).values_list("quarter", flat=True)
    return [(q, str(z)) for q in sorted(set(periods)) for z in services.unscored_zones(scheme, q)]


def _weighted(indicators) -> list[scoring.Weighted]:
    return [scoring.Weighted(i.pk, i.weight, i.target) for i in indicators]


def _score_told(a: Assessment, unscored: str) -> str:
    """What a scoring step tells: the zone's score, or ``unscored`` (``%(zone)s``) while an indicator the
    platform has no data for leaves it without one."""
    if a.score is not None:
        return _("%(zone)s得分%(score)s") % {"zone": a.zone, "score": a.score}
    return unscored % {"zone": a.zone}


@row_post(Assessment, "change")
def value_resolve(request, assessment):
    """人工补录 or 不计分 of one indicator the platform has no data for, from the scheme's page."""
    form = forms.ResolveForm(request.POST)
    return post_and_return(
        request,
        form,
        lambda c: services.value_resolve(
            actor=request.user, assessment_id=assessment.pk, **service_arguments(c, ids=("indicator",))
        ),
        done=lambda a: _score_told(a, _("已保存；%(zone)s仍有指标平台暂无数据，暂不能计算得分")),
        back=reverse("planning:scheme_detail", args=[assessment.scheme_id]),
    )


@row_post(Scheme, "change")
def score_zone(request, scheme, zone_id):
    entered = [i for i in scheme.indicators.all() if i.source not in COMPUTED]
    form = forms.ScoreForm(request.POST, entered=entered, prefix=f"z{zone_id}")
    back = reverse("planning:scheme_detail", args=[scheme.pk])
    return post_and_return(
        request,
        form,
        lambda c: services.zone_score(
            actor=request.user,
            scheme_id=scheme.pk,
            zone_id=zone_id,
            quarter=c["quarter"],
            entered=form.values(),
        ),
        done=lambda a: _score_told(
            a, _("%(zone)s有指标平台暂无数据（不可评估）：请人工补录或说明理由不计分，再计算得分")
        ),
        back=back,
    )


@row_post(Scheme, "change")
def exclude_zone(request, scheme, zone_id):
    """不参加本期考核: a zone left out of a period with the written reason (``services.zone_exclude``)."""
    form = forms.ExcludeForm(request.POST, prefix=f"x{zone_id}")
    return post_and_return(
        request,
        form,
        lambda c: services.zone_exclude(
            actor=request.user, scheme_id=scheme.pk, zone_id=zone_id, quarter=c["quarter"], reason=c["reason"]
        ),
        done=lambda a: _("%(zone)s不参加本期考核") % {"zone": a.zone},
        back=reverse("planning:scheme_detail", args=[scheme.pk]),
    )


@row_post(Scheme, "change")
def publish(request, scheme):
    return post_and_return(
        request,
        forms.PublishForm(request.POST),
        lambda c: services.publish(actor=request.user, scheme_id=scheme.pk, quarter=c["quarter"]),
        done=lambda n: _("已公布%(n)d个开发区的考核结果") % {"n": n},
        back=reverse("planning:scheme_detail", args=[scheme.pk]),
    )
