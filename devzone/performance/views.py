"""Pages of 绩效考核: rounds and their steps, the public ballot page, grades, appeals, pay, schemes, the year
and reports. Thin: reads come from selectors, every change from the services, which check actor and step."""

from __future__ import annotations

import datetime as dt
import random

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can, reach_of
from devzone.core.choices import Rank, Role
from devzone.core.errors import DomainError
from devzone.core.models import Department, Staff
from devzone.core.zones import active_zone, narrow
from devzone.performance import exports, forms, reports, scoring, selectors
from devzone.performance import services as svc
from devzone.performance.choices import STEP_ORDER, AppealStatus, Grade, RoundStatus
from devzone.performance.models import Appeal, DepartmentResult, Round, Scheme, WorkReport
from devzone.performance.ratelimit import VOTE_LIMIT, vote_attempt_refused


def _error(request, e: DomainError) -> None:
    msgs = [m for ms in e.errors.values() for m in ms] if e.errors else [e.message]
    for m in dict.fromkeys(msgs):
        messages.error(request, m)


def _round(request, pk) -> Round:
    return get_object_or_404(selectors.round_list(user=request.user), pk=pk)


def _zone(request):
    zone = active_zone(request)
    if zone is None:
        raise Http404(_("请先在右上角选择开发区"))
    return zone


def _scores_from(post, prefix: str) -> dict:
    return {k[len(prefix) :]: v for k, v in post.items() if k.startswith(prefix)}


# --- home and rounds -------------------------------------------------------------------------------------
@login_required
def home(request):
    if not can(request.user, "view", Round):
        if getattr(getattr(request.user, "profile", None), "staff_id", None):
            return redirect("performance:my")
        raise PermissionDenied
    return redirect("performance:round_list")


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request):
    if not can(request.user, "view", Round):
        raise PermissionDenied
    r = reach_of(request.user)
    form = forms.OpenRoundForm(request.POST or None, initial=forms.OpenRoundForm.default_initial())
    if request.method == "POST":
        if r.role != Role.TALLY_STAFF:
            raise PermissionDenied
        if form.is_valid():
            try:
                rnd = svc.round_open(actor=request.user, zone=_zone(request), **form.cleaned_data)
            except DomainError as e:
                _error(request, e)
            else:
                messages.success(request, _("已开启%(r)s") % {"r": rnd})
                return redirect(rnd.get_absolute_url())
    rounds = narrow(selectors.round_list(user=request.user), request)
    return render(
        request,
        "performance/round_list.html",
        {"rounds": rounds, "form": form, "can_open": r.role == Role.TALLY_STAFF},
    )


NEXT_LABEL = {
    RoundStatus.SATISFACTION: _("满意度已齐，进入部门述职"),
    RoundStatus.REPORTS: _("述职报告已齐，进入推荐测评代表"),
    RoundStatus.NOMINATION: _("代表已齐、选票已印，开始民主测评"),
    RoundStatus.VOTING: _("截止民主测评"),
    RoundStatus.LEADER: _("领导评分已齐，计分"),
    RoundStatus.TALLIED: _("公布考核结果"),
}


@login_required
def round_detail(request, pk):
    rnd = _round(request, pk)
    rr = reach_of(request.user)
    results = selectors.results(rnd)
    step = STEP_ORDER.index(rnd.status)
    delegates = {}
    for d in rnd.delegates.select_related("staff"):
        delegates.setdefault(d.department_id, []).append(d)
    reports_by = {w.department_id: w for w in rnd.reports.all()}
    mine = {}
    if rr.role == Role.ZONE_LEADER:
        mine = dict(rnd.leader_scores.filter(leader=request.user).values_list("department_id", "score"))
    min_rank = svc.RANK_ORDER[rnd.scheme.delegate_min_rank]
    eligible = {}
    if rnd.status in (RoundStatus.SATISFACTION, RoundStatus.REPORTS, RoundStatus.NOMINATION):
        taken = {d.staff_id for ds in delegates.values() for d in ds}
        for s in (
            Staff.objects.for_user(request.user).filter(zone=rnd.zone, is_active=True).order_by("employee_no")
        ):
            if svc.RANK_ORDER.get(s.rank, 0) >= min_rank and s.pk not in taken:
                eligible.setdefault(s.department_id, []).append(s)
    rows = []
    for res in results:
        rows.append(
            {
                "res": res,
                "delegates": delegates.get(res.department_id, []),
                "report": reports_by.get(res.department_id),
                "eligible": eligible.get(res.department_id, []),
                "mine": mine.get(res.department_id),
                "may_act": rr.role == Role.TALLY_STAFF
                or (rr.role == Role.DEPARTMENT_HEAD and rr.department_id == res.department_id),
            }
        )
    totals = selectors.totals_visible(request.user, rnd)
    if totals and rnd.status == RoundStatus.LEADER:  # voting closed, not yet tallied: the means so far
        by_dept = {}
        for d, s in rnd.scores.values_list("department_id", "score"):
            by_dept.setdefault(d, []).append(s)
        for row in rows:
            votes = by_dept.get(row["res"].department_id, [])
            mean = scoring.trimmed_mean(
                votes, trim_above=rnd.scheme.trim_above, trim_count=rnd.scheme.trim_count
            )
            row["live"] = (mean, len(votes)) if votes else None
    ctx = {
        "round": rnd,
        "rows": rows,
        "role": rr.role,
        "steps": [(s, label, i < step, i == step) for i, (s, label) in enumerate(RoundStatus.choices)],
        "next_label": NEXT_LABEL.get(rnd.status),
        "totals": totals,
        "coefficients": selectors.coefficients_visible(request.user, rnd),
        "min_rank": Rank(rnd.scheme.delegate_min_rank).label,
        "survey_available": _services_offer_satisfaction(),
        "valid_ballots": rnd.ballots_cast - rnd.ballots_invalid,
        "coefficient_choices": sorted(
            {str(b[1]) for b in rnd.scheme.bands} | {str(rnd.scheme.floor_coefficient.normalize())},
            reverse=True,
        ),
        "S": RoundStatus,
    }
    return render(request, "performance/round_detail.html", ctx)


def _services_offer_satisfaction() -> bool:
    try:
        from devzone.services.selectors import department_satisfaction  # noqa: F401
    except ImportError:
        return False
    return True


@login_required
@require_POST
def round_action(request, pk, action):
    rnd = _round(request, pk)
    p = request.POST
    try:
        if action == "advance":
            version = int(p["version"]) if p.get("version", "").isdigit() else None
            rnd = svc.round_advance(actor=request.user, round=rnd, expected_version=version)
            messages.success(request, _("已进入“%(s)s”") % {"s": rnd.get_status_display()})
        elif action == "pull":
            n = svc.satisfaction_pull(actor=request.user, round=rnd)
            messages.success(request, _("已汇总%(n)s个部门的满意度") % {"n": n})
        elif action == "satisfaction":
            svc.satisfaction_enter(
                actor=request.user,
                round=rnd,
                department_id=_int(p.get("department")),
                value=p.get("value", ""),
            )
            messages.success(request, _("已录入"))
        elif action == "report":
            f = request.FILES.get("file")
            if f is None:
                raise DomainError(_("请选择文件"))
            if f.size > 20 * 1024 * 1024:
                raise DomainError(_("%(f)s 超过20MB") % {"f": f.name})
            svc.report_upload(
                actor=request.user,
                round=rnd,
                department_id=_int(p.get("department")),
                name=f.name,
                data=f.read(),
            )
            messages.success(request, _("述职报告已上传"))
        elif action == "nominate":
            staff = get_object_or_404(Staff.objects.for_user(request.user), pk=_int(p.get("staff")))
            svc.delegate_nominate(actor=request.user, round=rnd, staff=staff)
            messages.success(request, _("已推荐%(n)s") % {"n": staff.name})
        elif action == "unnominate":
            d = get_object_or_404(rnd.delegates.all(), pk=_int(p.get("delegate")))
            svc.delegate_remove(actor=request.user, delegate=d)
            messages.success(request, _("已撤回"))
        elif action == "leader":
            n = svc.leader_scores_set(actor=request.user, round=rnd, scores=_scores_from(p, "score_"))
            messages.success(request, _("已保存%(n)s个部门的评分") % {"n": n})
        elif action == "calibrate":
            res = get_object_or_404(rnd.results.all(), pk=_int(p.get("result")))
            svc.result_calibrate(
                actor=request.user, result=res, coefficient=p.get("coefficient"), reason=p.get("reason", "")
            )
            messages.success(request, _("已校准，理由已记录"))
        elif action == "reopen":
            svc.round_reopen(actor=request.user, round=rnd, reason=p.get("reason", ""))
            messages.success(request, _("已重新开启"))
        else:
            raise Http404
    except DomainError as e:
        _error(request, e)
    return redirect(rnd.get_absolute_url())


MAX_PK = 2**31 - 1


def _int(value) -> int:
    """A row id from a form field; anything else (empty, text, absurdly large) is a refusal, not a 500."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        n = 0
    if not 0 < n <= MAX_PK:
        raise DomainError(_("请从列表中选择"))
    return n


@login_required
@require_POST
@never_cache
def codes(request, pk):
    """Generate the ballot codes and show the slips to print: the codes exist in this response only."""
    rnd = _round(request, pk)
    try:
        pairs = svc.codes_generate(actor=request.user, round=rnd)
    except DomainError as e:
        _error(request, e)
        return redirect(rnd.get_absolute_url())
    vote_url = request.build_absolute_uri("/performance/vote/")
    slips = [
        {
            "department": dept,
            "code": svc.format_code(code),
            "qr": segno.make(f"{vote_url}#{code}", error="m").svg_data_uri(scale=3),
        }
        for dept, code in pairs
    ]
    return render(request, "performance/slips.html", {"round": rnd, "slips": slips, "vote_url": vote_url})


@login_required
def report_download(request, pk, department):
    rnd = _round(request, pk)
    rep = get_object_or_404(WorkReport.objects.for_user(request.user), round=rnd, department_id=department)
    return FileResponse(rep.file.open("rb"), as_attachment=True, filename=rep.original_name)


@login_required
def ballot_export(request, pk):
    """The democratic scores, shuffled, for the tally staff's paper record (after voting closed)."""
    rnd = _round(request, pk)
    if reach_of(request.user).role != Role.TALLY_STAFF or not rnd.voting_closed:
        raise PermissionDenied
    rows = list(rnd.scores.select_related("department").values_list("department__name", "score"))
    random.SystemRandom().shuffle(rows)
    return exports.workbook_response(
        f"ballots-{rnd.year}Q{rnd.quarter}.xlsx", _("测评分（乱序）"), [_("部门"), _("分数")], rows
    )


# --- the public ballot -----------------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def vote(request):
    """The secret ballot (no login): the delegate types or scans the code on their slip, scores every other
    department and casts. Nothing about the voter is stored; attempts are rate-limited per address."""
    ctx = {"limit": VOTE_LIMIT}
    if request.method == "GET":
        return render(request, "performance/vote.html", ctx)
    if vote_attempt_refused(request):
        ctx["error"] = _("尝试次数过多，请10分钟后再试")
        return render(request, "performance/vote.html", ctx, status=429)
    code = request.POST.get("code", "")
    c = svc.code_lookup(code)
    if c is None:
        ctx["error"] = _("测评码无效、已使用，或测评不在进行中")
        return render(request, "performance/vote.html", ctx, status=400)
    depts = svc.ballot_departments(c)
    ctx.update({"code": svc.normalize_code(code), "round": c.round, "departments": depts, "values": {}})
    if request.POST.get("cast") != "1":
        return render(request, "performance/ballot.html", ctx)
    scores = _scores_from(request.POST, "score_")
    try:
        valid = svc.ballot_cast(code=code, scores=scores)
    except DomainError as e:
        ctx["field_errors"] = {
            int(k[7:]): v for k, v in (e.errors or {}).items() if k.startswith("scores.") and k[7:].isdigit()
        }
        ctx["error"] = e.message
        ctx["values"] = {int(k): v for k, v in scores.items() if k.isdigit()}
        return render(request, "performance/ballot.html", ctx, status=400)
    return render(request, "performance/vote_done.html", {"valid": valid})


# --- grades, my page, appeals ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def grades(request, pk, department):
    rnd = _round(request, pk)
    res = get_object_or_404(
        DepartmentResult.objects.for_user(request.user).select_related("department"),
        round=rnd,
        department_id=department,
    )
    rr = reach_of(request.user)
    is_head = rr.role == Role.DEPARTMENT_HEAD and rr.department_id == res.department_id
    if not (is_head or rr.role in (Role.ZONE_LEADER, Role.TALLY_STAFF, Role.CITY_OFFICER, Role.SYSADMIN)):
        raise PermissionDenied
    if request.method == "POST":
        if not is_head:
            raise PermissionDenied
        try:
            n = svc.grades_set(
                actor=request.user,
                round=rnd,
                department_id=res.department_id,
                grades=_scores_from(request.POST, "grade_"),
            )
        except DomainError as e:
            _error(request, e)
        else:
            messages.success(request, _("已保存%(n)s人的等次") % {"n": n})
            return redirect("performance:grades", pk=rnd.pk, department=res.department_id)
    given = {
        g.staff_id: g
        for g in selectors.grades_visible_to(request.user, rnd).filter(department_id=res.department_id)
    }
    members = (
        Staff.objects.for_user(request.user)
        .filter(zone=rnd.zone, department_id=res.department_id, is_active=True)
        .select_related("post")
        .order_by("employee_no")
    )
    counts = {g: sum(1 for x in given.values() if x.grade == g) for g in Grade.values}
    need = svc.improve_required(res.quota)
    limits = {
        Grade.EXCELLENT: _("上限%(n)s人") % {"n": res.quota.get("excellent", 0)},
        Grade.GOOD: _("上限%(n)s人") % {"n": res.quota.get("good", 0)},
        Grade.PASS: "",
        Grade.IMPROVE: _("至少%(n)s人") % {"n": need} if need else "",
    }
    quota_rows = [(g, label, limits[g], counts[g]) for g, label in Grade.choices]
    return render(
        request,
        "performance/grades.html",
        {
            "round": rnd,
            "res": res,
            "members": [(s, given.get(s.pk)) for s in members],
            "quota_rows": quota_rows,
            "grades": Grade.choices,
            "is_head": is_head and rnd.status == RoundStatus.PUBLISHED,
            "problems": svc.grading_complete(res, [g.grade for g in given.values()]),
        },
    )


@login_required
def my(request):
    """My grades, my appeals and my pay lines (through my staff record)."""
    mine = list(selectors.my_grades(user=request.user))
    pay = {}
    for g in mine:
        sheet = selectors.pay_sheet(g.round, staff_ids={g.staff_id})
        pay[g.pk] = sheet.rows[0] if sheet.rows and sheet.ready else None
    return render(
        request,
        "performance/my.html",
        {
            "grades": [(g, pay.get(g.pk)) for g in mine],
            "has_staff": bool(getattr(request.user.profile, "staff_id", None)),
        },
    )


@login_required
@require_POST
def appeal_new(request, grade):
    g = get_object_or_404(selectors.my_grades(user=request.user), pk=grade)
    try:
        svc.appeal_submit(actor=request.user, grade=g, reason=request.POST.get("reason", ""))
    except DomainError as e:
        _error(request, e)
    else:
        messages.success(request, _("申诉已提交，由领导处理"))
    return redirect("performance:my")


@login_required
@require_http_methods(["GET", "POST"])
def appeal_list(request):
    if not can(request.user, "view", Appeal):
        raise PermissionDenied
    if request.method == "POST":
        a = get_object_or_404(
            selectors.appeal_list(user=request.user), pk=_int_or_404(request.POST.get("appeal"))
        )
        try:
            svc.appeal_decide(
                actor=request.user,
                appeal=a,
                new_grade=request.POST.get("new_grade", ""),
                decision=request.POST.get("decision", ""),
            )
        except DomainError as e:
            _error(request, e)
        else:
            messages.success(request, _("申诉已处理"))
        return redirect("performance:appeal_list")
    appeals = narrow(selectors.appeal_list(user=request.user), request, "round__zone")
    return render(
        request,
        "performance/appeal_list.html",
        {
            "appeals": appeals,
            "grades": Grade.choices,
            "may_decide": reach_of(request.user).role == Role.ZONE_LEADER,
            "PENDING": AppealStatus.PENDING,
        },
    )


def _int_or_404(value) -> int:
    try:
        return _int(value)
    except DomainError:
        raise Http404 from None


# --- pay -------------------------------------------------------------------------------------------------
def _pay_round(request, pk) -> Round:
    rnd = _round(request, pk)
    if not selectors.can_see_pay(request.user):
        raise PermissionDenied
    return rnd


@login_required
def pay_sheet(request, pk):
    rnd = _pay_round(request, pk)
    sheet = selectors.pay_sheet(rnd)
    chart = reports.pay_chart(sheet)
    return render(request, "performance/pay_sheet.html", {"round": rnd, "sheet": sheet, "chart": chart})


@login_required
def pay_export(request, pk):
    rnd = _pay_round(request, pk)
    sheet = selectors.pay_sheet(rnd)
    if not sheet.ready:
        messages.error(request, _("绩效工资尚不能导出：%(p)s") % {"p": "；".join(sheet.problems[:5])})
        return redirect("performance:pay_sheet", pk=rnd.pk)
    return exports.pay_workbook(sheet)


@login_required
def pay_person(request, pk, staff):
    rnd = _round(request, pk)
    s = get_object_or_404(Staff.objects.for_user(request.user), pk=staff)
    own = getattr(request.user.profile, "staff_id", None) == s.pk
    if not (own or selectors.can_see_pay(request.user)):
        raise PermissionDenied
    sheet = selectors.pay_sheet(rnd)
    row = next((x for x in sheet.rows if x.staff.pk == s.pk), None)
    if row is None:
        raise Http404(_("该人员本季度没有绩效工资记录"))
    pool = sheet.pools
    pool_weight = sum(x.line.weight for x in sheet.rows if x.pool_key == row.pool_key)
    return render(
        request,
        "performance/pay_person.html",
        {
            "round": rnd,
            "row": row,
            "sheet": sheet,
            "pool": pool,
            "pool_weight": pool_weight,
            "months": selectors.MONTHS_PER_QUARTER,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def payprofile_list(request):
    if not selectors.can_see_pay(request.user):
        raise PermissionDenied
    zone = active_zone(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if zone is None:
            raise Http404
        if form.is_valid():
            try:
                data = form.cleaned_data["file"].read()
                n = svc.payprofile_import(actor=request.user, zone=zone, data=data)
            except DomainError as e:
                _error(request, e)
            else:
                messages.success(request, _("已导入%(n)s条薪酬档案") % {"n": n})
                return redirect("performance:payprofile_list")
    staff = (
        narrow(Staff.objects.for_user(request.user), request)
        .filter(is_active=True)
        .select_related("department", "post", "pay_profile")
    )
    return render(
        request,
        "performance/payprofile_list.html",
        {
            "staff": staff,
            "form": form,
            "may_edit": reach_of(request.user).role in (Role.ZONE_LEADER, Role.TALLY_STAFF, Role.SYSADMIN),
        },
    )


@login_required
@require_POST
def payprofile_edit(request, staff):
    s = get_object_or_404(Staff.objects.for_user(request.user), pk=staff)
    try:
        svc.payprofile_set(actor=request.user, staff=s, monthly_yuan=request.POST.get("monthly_yuan", ""))
    except DomainError as e:
        _error(request, e)
    else:
        messages.success(request, _("已保存%(n)s的标准月薪") % {"n": s.name})
    return redirect("performance:payprofile_list")


# --- schemes ---------------------------------------------------------------------------------------------
@login_required
def scheme_list(request):
    if not can(request.user, "view", Scheme):
        raise PermissionDenied
    schemes_ = narrow(selectors.scheme_list(user=request.user), request)
    return render(
        request,
        "performance/scheme_list.html",
        {"schemes": schemes_, "may_edit": can(request.user, "create", Scheme)},
    )


@login_required
def scheme_detail(request, pk):
    scheme = get_object_or_404(selectors.scheme_list(user=request.user), pk=pk)
    return render(
        request, "performance/scheme_detail.html", {"scheme": scheme, "view": forms.scheme_view(scheme)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheme_new(request):
    if not can(request.user, "create", Scheme):
        raise PermissionDenied
    zone = _zone(request)
    base = svc.current_scheme(zone) or Scheme(zone=zone)
    form = forms.SchemeForm(request.POST or None, initial=forms.SchemeForm.initial_from(base))
    if request.method == "POST" and form.is_valid():
        try:
            scheme = svc.scheme_create(actor=request.user, zone=zone, **form.scheme_fields())
        except DomainError as e:
            form.add_domain_error(e)
        else:
            messages.success(request, _("已保存为第%(v)s版") % {"v": scheme.version})
            return redirect(scheme.get_absolute_url())
    return render(request, "performance/scheme_form.html", {"form": form, "base": base})


# --- the year and reports -------------------------------------------------------------------------------
def _year(request) -> int:
    """The year asked for (2000–2100); anything else is this year."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        return this_year
    return year if 2000 <= year <= 2100 else this_year


@login_required
def annual(request):
    if not selectors.can_see_pay(request.user):
        raise PermissionDenied
    zone = _zone(request)
    year = _year(request)
    rows = selectors.annual_results(zone, year)
    if request.GET.get("format") == "xlsx":
        return exports.annual_workbook(zone, year, rows)
    return render(
        request,
        "performance/annual.html",
        {
            "rows": rows,
            "year": year,
            "years": range(2019, dt.date.today().year + 1),
            "quarters_in": sorted({q for x in rows for q in x.quarters}),
        },
    )


@login_required
def report(request):
    if not can(request.user, "view", Round):
        raise PermissionDenied
    zone = _zone(request)
    year = _year(request)
    data = reports.build(zone, year, request.user)
    if request.GET.get("format") == "xlsx":
        return exports.report_workbook(zone, year, data)
    return render(
        request,
        "performance/report.html",
        {
            "data": data,
            "year": year,
            "years": range(2019, dt.date.today().year + 1),
            "department_model": Department,
        },
    )
