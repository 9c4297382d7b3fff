"""Pages of 年度考核 and 刚性淘汰: the zone's year (reviews, band check, cases), a case with its decision and
appeal, and the city's report across zones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from devzone.core.access import can, reach_of, require_right
from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.core.filters import query_param, year_field
from devzone.core.forms import VersionedForm
from devzone.core.models import Staff, Zone
from devzone.core.notify import stored
from devzone.core.web import form_errors, post_and_return, refusals, row_post, safe_next
from devzone.core.zones import active_zone
from devzone.personnel import forms, selectors
from devzone.personnel.choices import ADJUSTMENTS, CaseStatus, EliminationAction
from devzone.personnel.forms import ShareForm
from devzone.personnel.models import AnnualReview, EliminationCase, EliminationShare, TermTarget
from devzone.personnel.models.staffing import ANNUAL_GRADES
from devzone.personnel.services import staffing as svc
from devzone.personnel.views import decide, zone_post

# who may record a term target (``services.staffing.term_target_add``'s roles)
TARGET_WRITERS = (Role.ZONE_LEADER, Role.PERSONNEL_OFFICER, Role.SYSTEM)


@login_required
def annual(request):
    require_right(request.user, "view", AnnualReview)
    year = query_param(request, "year", year_field(), timezone.localdate().year)
    zone = active_zone(request)
    if zone is None:  # the city across its zones: the band check of every zone
        zones = list(Zone.objects.for_user(request.user).filter(merged_into__isnull=True).order_by("pk"))
        report = selectors.elimination_report(zones, year)
        may_set = can(request.user, "create", EliminationShare)
        return render(
            request,
            "personnel/annual_city.html",
            {
                "year": year,
                "report": report,
                "rule": selectors.elimination_share(reach_of(request.user).city_id, year),
                "rules": EliminationShare.objects.for_user(request.user).order_by("-effective_from"),
                "share_form": ShareForm(initial={"effective_from": timezone.localdate()})
                if may_set
                else None,
            },
        )
    reviews = AnnualReview.objects.for_user(request.user).filter(zone=zone, year=year).select_related("staff")
    cases = (
        EliminationCase.objects.for_user(request.user).filter(zone=zone, year=year).select_related("staff")
    )
    # 聘期目标 whose term ends in the year: what 筛查刚性淘汰情形 reads (an unmet one opens a case)
    targets = (
        TermTarget.objects.for_user(request.user)
        .filter(zone=zone, term_end__year=year)
        .select_related("staff")
        .order_by("term_end", "staff__employee_no", "pk")
    )
    return render(
        request,
        "personnel/annual.html",
        {
            "year": year,
            "zone": zone,
            "reviews": reviews,
            "cases": cases,
            "band": selectors.elimination_report([zone], year)[0],
            "grades": ANNUAL_GRADES,
            "may_decide": can(request.user, "change", AnnualReview),
            "targets": targets,
            "back": f"{request.path}?year={year}#targets",
            "own_staff_id": reach_of(request.user).staff_id,
            "target_form": forms.TermTargetForm(prefix="target") if may_add_target(request.user) else None,
            "may_assess": may_assess_target(request.user),
        },
    )


def may_add_target(user) -> bool:
    """登记聘期目标: a zone's leader or 人事专员 (the service's roles, with the right)."""
    return can(user, "create", TermTarget) and reach_of(user).role in TARGET_WRITERS


def may_assess_target(user) -> bool:
    """考核聘期目标: a zone's leader (the service's roles, with the right)."""
    return can(user, "change", TermTarget) and reach_of(user).role in svc.DECIDERS


@zone_post
def term_target_add(request, zone):
    """登记聘期目标 for a staff member of the zone (by 工号), from the annual page or the person's page (``next``)."""
    require_right(request.user, "create", TermTarget)
    form = forms.TermTargetForm(request.POST, prefix="target")
    back = safe_next(request, _annual_url())
    if not form.is_valid():
        form_errors(request, form)
        return redirect(back)
    data = form.cleaned_data
    number = data["employee_no"].strip()
    staff = Staff.objects.for_user(request.user).filter(zone=zone, employee_no=number).first()
    if staff is None:
        messages.error(request, _("本开发区没有工号为%(n)s的工作人员") % {"n": number})
        return redirect(back)
    with refusals(request) as outcome:
        svc.term_target_add(
            actor=request.user, zone=zone, staff=staff, term_end=data["term_end"], target=data["target"]
        )
    if outcome.ok:
        messages.success(request, _("已登记%(s)s的聘期目标") % {"s": staff.name})
    return redirect(back)


@row_post(TermTarget, "change")
def term_target_assess(request, target):
    """考核聘期目标: met or not, with the opinion (a zone leader); an unmet target of a term ending in a year opens
    a 刚性淘汰 case when that year is screened."""
    return post_and_return(
        request,
        forms.TermTargetAssessForm(request.POST, prefix=f"assess-{target.pk}"),
        lambda d: svc.term_target_assess(actor=request.user, target=target, **d),
        done=lambda row: (
            _("已考核%(s)s的聘期目标：%(r)s")
            % {"s": target.staff.name, "r": _("完成") if row.met else _("未完成")}
        ),
        back=safe_next(request, f"{_annual_url()}?year={target.term_end.year}"),
    )


@login_required
@require_POST
def share_set(request):
    """The city's personnel office sets its 刚性淘汰比例 (from the city's annual page)."""
    require_right(request.user, "create", EliminationShare)
    return post_and_return(
        request,
        ShareForm(request.POST),
        lambda d: svc.share_set(actor=request.user, **d),
        done=lambda rule: (
            _("已设定刚性淘汰比例：%(lo)s%%–%(hi)s%%，%(d)s起施行")
            % {
                "lo": floatformat(rule.low_percent, -1),
                "hi": floatformat(rule.high_percent, -1),
                "d": date_format(rule.effective_from),
            }
        ),
        back=_annual_url(),
    )


@zone_post
def annual_action(request, zone, action):
    year = query_param(request, "year", year_field(), timezone.localdate().year, data=request.POST)
    with refusals(request) as outcome:
        if action == "prepare":
            n = svc.reviews_prepare(actor=request.user, zone=zone, year=year)
            done = _("已生成年度考核 %(n)d 人") % {"n": n}
        elif action == "flag":
            n = svc.cases_flag(actor=request.user, zone=zone, year=year)
            done = _("新筛查出刚性淘汰情形 %(n)d 人") % {"n": n}
        else:
            raise Http404
    if outcome.ok:
        messages.success(request, done)
    return redirect(f"{_annual_url()}?year={year}")


@row_post(AnnualReview, "change")
def review_decide(request, review):
    return decide(
        request,
        svc.review_decide,
        review=review,
        fields=("grade", "note"),
        done=lambda decided: _("已确定%(s)s的年度等次") % {"s": review.staff.name},
        back=f"{_annual_url()}?year={review.year}",
    )


def _annual_url() -> str:
    from django.urls import reverse

    return reverse("personnel:annual")


@login_required
def case_detail(request, pk):
    case = EliminationCase.objects.for_user(request.user).filter(pk=pk).first() or (
        selectors.own_cases(request.user).filter(pk=pk).first()
    )
    if case is None:
        raise Http404
    own = reach_of(request.user).staff_id == case.staff_id
    may_decide = EliminationCase.objects.for_user(request.user, "change").filter(pk=pk).exists()
    if request.method == "POST":
        # each form of the page posts the version of the case it showed: a decision, a refusal or an answer
        # taken on a case someone changed since (another leader's decision, the person's refusal) is stale, 409
        return post_and_return(
            request,
            VersionedForm(request.POST),
            lambda d: _case_move(request, case, own=own, may_decide=may_decide, version=d["version"]),
            done=_("已保存"),
            back=case.get_absolute_url(),
        )
    today = timezone.localdate()
    # 解聘's legal conditions as the leaders decide today (the rule's basis shown beside the form), and the
    # refusal of a post adjustment the person (or a leader, from their written statement) may record
    terms = svc.dismissal_terms(case, today)
    return render(
        request,
        "personnel/case_detail.html",
        {
            "case": case,
            "own": own,
            "may_decide": may_decide,
            "actions": [
                (v, label, v == EliminationAction.DISMISS and terms is not None and not terms.open)
                for v, label in EliminationAction.choices
            ],
            "terms": terms,
            "may_refuse": (own or may_decide)
            and case.action in ADJUSTMENTS
            and case.status in (CaseStatus.DECIDED, CaseStatus.FINAL),
            "appeal_closed": case.appeal_until is not None and today > case.appeal_until,
        },
    )


def _posted_day(request, name: str):
    """A date posted by the case page's form (empty: none), refused on its field when it is not one."""
    raw = request.POST.get(name, "").strip()
    if not raw:
        return None
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        raise DomainError.on(name, _("请填写正确的日期"))
    return day


def _case_move(request, case, *, own: bool, may_decide: bool, version: int | None) -> None:
    move = request.POST.get("move", "")
    if move == "appeal" and own:
        svc.case_appeal(actor=request.user, case=case, appeal=request.POST.get("appeal", ""))
    elif move == "decide" and may_decide:
        svc.case_decide(
            actor=request.user,
            case=case,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
            version=version,
            effective_on=_posted_day(request, "effective_on"),
        )
    elif move == "refuse" and (own or may_decide):
        svc.case_refuse(
            actor=request.user, case=case, statement=request.POST.get("statement", ""), version=version
        )
    elif move in ("uphold", "revoke") and may_decide:
        svc.case_answer(
            actor=request.user,
            case=case,
            upheld=move == "uphold",
            answer=request.POST.get("answer", ""),
            version=version,
        )
    else:
        raise PermissionDenied


@login_required
def annual_report(request):
    """The year's 刚性淘汰 report to the city as a Word document: every zone in reach (the city: all its zones; a
    zone's leader: their zone), the band and each case that counts. It names people: the download is audited."""
    from devzone.core import audit, ledger
    from devzone.core.choices import AuditAction
    from devzone.personnel.choices import COUNTED_CASES
    from devzone.personnel.elimination_doc import elimination_docx

    require_right(request.user, "view", AnnualReview)
    year = query_param(request, "year", year_field(), timezone.localdate().year)
    zones = list(Zone.objects.for_user(request.user).filter(merged_into__isnull=True).order_by("pk"))
    zone = active_zone(request)
    if zone is not None:
        zones = [z for z in zones if z.pk == zone.pk]
    if not zones:
        raise Http404
    cases: dict[int, list] = {}
    for case in (
        EliminationCase.objects.for_user(request.user)
        .filter(zone__in=zones, year=year, status__in=COUNTED_CASES)
        .select_related("staff")
        .order_by("zone", "staff__employee_no", "pk")
    ):
        cases.setdefault(case.zone_id, []).append(case)
    content = elimination_docx(
        city_name=zones[0].city.name,
        year=year,
        report=selectors.elimination_report(zones, year),
        cases_by_zone=cases,
        issued=timezone.localdate(),
    )
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        model=EliminationCase,
        # what the audit row keeps is in the site's language, whoever downloads (``core.notify.stored``)
        object_repr=stored(gettext_lazy("%(year)d年度刚性淘汰情况报告"), year=year),
        zone_id=zone.pk if zone is not None else None,
        note=stored(gettext_lazy("导出Word，%(n)d人"), n=sum(len(v) for v in cases.values())),
    )
    return ledger.download(
        content,
        f"elimination-{year}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
