"""Pages of 企业服务 beyond the daily work: statistics (page, chart, Excel), the quarterly satisfaction survey
(the leader's side and the public one-use answer page), the enterprise file (一企一策) and the settings."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import can, reach_of
from devzone.core.choices import Role
from devzone.core.errors import DomainError
from devzone.core.models import Department, Enterprise
from devzone.core.zones import active_zone
from devzone.services import forms, scoring, selectors
from devzone.services.choices import RequestCategory, SurveyStatus
from devzone.services.models import (
    RoutingRule,
    ServiceSettings,
    SupportMeasure,
    SupportPlan,
    Survey,
    SurveyLink,
)
from devzone.services.services import plans as plan_svc
from devzone.services.services import surveys as survey_svc
from devzone.services.views import _error, _form_errors, staff_choices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _zone_or_403(request):
    zone = active_zone(request)
    if zone is None:
        raise PermissionDenied
    return zone


def _year_quarter(request) -> tuple[int, int | None]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2100:
        year = today.year
    q = request.GET.get("quarter") or ""
    quarter = int(q) if q in ("1", "2", "3", "4") else None
    return year, quarter


# --- statistics ----------------------------------------------------------------------------------------
def _stats(request):
    from devzone.services.models import Rating

    if reach_of(request.user).role == Role.ENTERPRISE_USER or not can(request.user, "view", Rating):
        raise PermissionDenied
    zone = _zone_or_403(request)
    year, quarter = _year_quarter(request)
    stats = selectors.rating_statistics(zone_ids=[zone.pk], year=year, quarter=quarter)
    satisfaction = []
    if quarter:
        names = dict(Department.objects.filter(zone=zone).values_list("pk", "name"))
        satisfaction = sorted(
            (
                (names.get(d, "—"), v)
                for d, v in selectors.department_satisfaction(zone=zone, year=year, quarter=quarter).items()
            ),
            key=lambda row: -row[1],
        )
    return zone, year, quarter, stats, satisfaction


@login_required
def statistics(request):
    zone, year, quarter, stats, satisfaction = _stats(request)
    chart = {
        "quarters": [_("第%(q)d季度") % {"q": row["quarter"]} for row in stats["by_quarter"]],
        "counts": [row["count"] for row in stats["by_quarter"]],
        "good": [row["good"] for row in stats["by_quarter"]],
        "points": [
            float(row["points"]) if row["points"] is not None else None for row in stats["by_quarter"]
        ],
        "departments": [row["name"] for row in stats["by_department"]],
        "department_points": [float(row["points"]) for row in stats["by_department"]],
        "names": {"count": _("评价数"), "good": _("好评数"), "points": _("满意度得分")},
    }
    return render(
        request,
        "services/statistics.html",
        {
            "zone": zone,
            "year": year,
            "quarter": quarter,
            "stats": stats,
            "satisfaction": satisfaction,
            "chart": chart,
            "levels": [
                (lv, label, stats["levels"][lv])
                for lv, label in (
                    (5, _("非常满意")),
                    (4, _("满意")),
                    (3, _("基本满意")),
                    (2, _("不满意")),
                    (1, _("非常不满意")),
                )
            ],
        },
    )


@login_required
def statistics_export(request):
    from openpyxl import Workbook

    zone, year, quarter, stats, satisfaction = _stats(request)
    wb = Workbook()
    ws = wb.active
    ws.title = "按部门"
    head = ["名称", "评价数", "好评", "差评", "系统默认", "好评率(%)", "满意度得分"]
    ws.append(head)
    for row in stats["by_department"]:
        ws.append(
            [
                row["name"],
                row["count"],
                row["good"],
                row["bad"],
                row["automatic"],
                float(row["good_share"]),
                float(row["points"]),
            ]
        )
    ws2 = wb.create_sheet("按人员")
    ws2.append(head)
    for row in stats["by_person"]:
        ws2.append(
            [
                row["name"],
                row["count"],
                row["good"],
                row["bad"],
                row["automatic"],
                float(row["good_share"]),
                float(row["points"]),
            ]
        )
    ws3 = wb.create_sheet("按季度")
    ws3.append(["季度", "评价数", "好评", "满意度得分"])
    for row in stats["by_quarter"]:
        ws3.append(
            [
                f"{year}年第{row['quarter']}季度",
                row["count"],
                row["good"],
                float(row["points"]) if row["points"] is not None else None,
            ]
        )
    if satisfaction:
        ws4 = wb.create_sheet("部门满意度")
        ws4.append(["部门", "综合得分（测评60%+好差评40%）"])
        for name, value in satisfaction:
            ws4.append([name, float(value)])
    out = BytesIO()
    wb.save(out)
    name = f"haochaping-{year}{f'-Q{quarter}' if quarter else ''}.xlsx"
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- surveys -------------------------------------------------------------------------------------------
@login_required
def survey_list(request):
    if reach_of(request.user).role == Role.ENTERPRISE_USER or not can(request.user, "view", Survey):
        raise PermissionDenied
    zone = _zone_or_403(request)
    surveys = Survey.objects.for_user(request.user).filter(zone=zone).prefetch_related("departments")
    today = timezone.localdate()
    year, quarter = scoring.quarter_of(today)
    form = forms.SurveyForm(
        initial={
            "year": year,
            "quarter": quarter,
            "closes_on": scoring.quarter_bounds(year, quarter)[1] + dt.timedelta(days=15),
            "departments": [d.pk for d in selectors.settings_for(zone).survey_departments.all()],
        },
        departments=Department.objects.filter(zone=zone, abolished_on__isnull=True).order_by("order", "id"),
    )
    return render(
        request,
        "services/survey_list.html",
        {"surveys": surveys, "form": form, "may_open": reach_of(request.user).role == Role.ZONE_LEADER},
    )


def _links_workbook(request, survey: Survey, issued) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "测评链接"
    ws.append(["企业", "统一社会信用代码", "联系人", "联系电话", "一次性测评链接"])
    for ent, token in issued:
        ws.append(
            [
                ent.name,
                ent.credit_code,
                ent.contact_name,
                ent.contact_phone,
                request.build_absolute_uri(reverse("services:survey_answer", args=[token])),
            ]
        )
    out = BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="survey-{survey.year}-Q{survey.quarter}-links.xlsx"'
    )
    return response


@login_required
@require_POST
def survey_new(request):
    zone = _zone_or_403(request)
    form = forms.SurveyForm(request.POST, departments=Department.objects.filter(zone=zone))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("services:survey_list")
    d = form.cleaned_data
    try:
        survey, issued = survey_svc.survey_open(
            actor=request.user,
            year=d["year"],
            quarter=d["quarter"],
            closes_on=d["closes_on"],
            department_ids=d["departments"],
        )
    except DomainError as e:
        _error(request, e)
        return redirect("services:survey_list")
    # The tokens exist only in this response: the send-out list (发放清单) is downloaded now or never.
    return _links_workbook(request, survey, issued)


@login_required
def survey_detail(request, pk):
    survey = get_object_or_404(Survey.objects.for_user(request.user).prefetch_related("departments"), pk=pk)
    if reach_of(request.user).role == Role.ENTERPRISE_USER:
        raise PermissionDenied
    links = SurveyLink.objects.filter(survey=survey)
    issued = links.count()
    used = links.filter(used=True).count()
    results = selectors.survey_results(survey=survey)
    comments = [
        c
        for c in survey.answers.exclude(comment="")
        .values_list("comment", flat=True)
        .distinct()
        .order_by("comment")
    ]
    return render(
        request,
        "services/survey_detail.html",
        {
            "survey": survey,
            "issued": issued,
            "used": used,
            "rate": (used / issued) if issued else None,
            "results": results,
            "comments": comments,
            "may_close": reach_of(request.user).role == Role.ZONE_LEADER
            and survey.status == SurveyStatus.OPEN,
            "pending": links.filter(used=False).select_related("enterprise").order_by("enterprise__name")
            if reach_of(request.user).role == Role.ZONE_LEADER
            else [],
        },
    )


@login_required
@require_POST
def survey_close(request, pk):
    survey = get_object_or_404(Survey.objects.for_user(request.user), pk=pk)
    try:
        survey_svc.survey_close(actor=request.user, survey=survey)
    except DomainError as e:
        _error(request, e)
    else:
        messages.success(request, _("测评已结束"))
    return redirect(survey.get_absolute_url())


@login_required
@require_POST
def survey_reissue(request, pk):
    """A leader re-sends one enterprise's unused link: the new link is shown once."""
    survey = get_object_or_404(Survey.objects.for_user(request.user), pk=pk)
    try:
        enterprise_id = int(request.POST.get("enterprise", ""))
        token = survey_svc.link_reissue(actor=request.user, survey=survey, enterprise_id=enterprise_id)
    except ValueError:
        raise Http404 from None
    except DomainError as e:
        _error(request, e)
        return redirect(survey.get_absolute_url())
    url = request.build_absolute_uri(reverse("services:survey_answer", args=[token]))
    messages.info(request, _("新的测评链接（仅显示一次，原链接已失效）：%(u)s") % {"u": url})
    return redirect(survey.get_absolute_url())


@login_required
@require_POST
def survey_take(request):
    """An enterprise user opens its enterprise's survey from the portal (a fresh one-use link)."""
    r = reach_of(request.user)
    if r.role != Role.ENTERPRISE_USER:
        raise PermissionDenied
    survey = selectors.open_survey_for(user=request.user)
    if survey is None:
        messages.error(request, _("目前没有待填写的满意度测评"))
        return redirect("services:home")
    try:
        token = survey_svc.link_reissue(actor=request.user, survey=survey, enterprise_id=r.enterprise_id)
    except DomainError as e:
        _error(request, e)
        return redirect("services:home")
    return redirect("services:survey_answer", token=token)


@require_http_methods(["GET", "POST"])
def survey_answer(request, token):
    """The public questionnaire behind a one-use link (no login). Nothing here names the enterprise."""
    try:
        link = survey_svc.link_for(token)
    except DomainError:
        return render(request, "services/survey_answer.html", {"invalid": _("测评链接无效")}, status=404)
    survey = link.survey
    departments = list(survey.departments.order_by("order", "id"))
    if link.used:
        return render(
            request,
            "services/survey_answer.html",
            {"invalid": _("该链接已使用过，每家企业每季度只能填写一次"), "survey": survey},
            status=410,
        )
    if survey.status != SurveyStatus.OPEN or timezone.localdate() > survey.closes_on:
        return render(
            request,
            "services/survey_answer.html",
            {"invalid": _("本季度满意度测评已结束，链接已失效"), "survey": survey},
            status=410,
        )
    form = forms.SurveyAnswerForm(request.POST or None, departments=departments)
    if request.method == "POST":
        if form.is_valid():
            try:
                survey_svc.survey_answer(
                    token=token, answers=form.answers(), comment=form.cleaned_data["comment"]
                )
            except DomainError as e:
                return render(
                    request,
                    "services/survey_answer.html",
                    {"invalid": e.message, "survey": survey},
                    status=409,
                )
            return render(request, "services/survey_answer.html", {"done": True, "survey": survey})
        messages.error(request, _("请对每个部门的每一项作出评价"))
    return render(request, "services/survey_answer.html", {"form": form, "survey": survey})


# --- the enterprise file (一企一策) ---------------------------------------------------------------------
@login_required
def enterprise_file(request, pk):
    enterprise = get_object_or_404(
        Enterprise.objects.for_user(request.user).select_related("zone", "industry"), pk=pk
    )
    r = reach_of(request.user)
    data = selectors.enterprise_file(user=request.user, enterprise=enterprise)
    plan = data["plan"]
    staff = staff_choices(enterprise.zone_id) if r.kind == "zone" else []
    may_edit = r.kind == "zone" and (
        can(request.user, "change", SupportPlan) if plan else can(request.user, "create", SupportPlan)
    )
    return render(
        request,
        "services/enterprise_file.html",
        {
            "enterprise": enterprise,
            **data,
            "may_edit": may_edit,
            "role": r.role,
            "plan_form": forms.PlanForm(
                initial={
                    "summary": plan.summary if plan else "",
                    "owner": plan.owner_id if plan else None,
                    "version": plan.version if plan else None,
                },
                staff=staff,
            )
            if may_edit
            else None,
            "measure_form": forms.MeasureForm(
                staff=staff,
                departments=Department.objects.filter(zone_id=enterprise.zone_id, abolished_on__isnull=True),
            )
            if may_edit and plan
            else None,
            "status_form": forms.MeasureStatusForm(),
            "show_enterprise": True,
        },
    )


@login_required
@require_POST
def plan_edit(request, pk):
    enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=pk)
    form = forms.PlanForm(request.POST, staff=staff_choices(enterprise.zone_id))
    back = reverse("services:enterprise_file", args=[enterprise.pk])
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    try:
        plan_svc.plan_save(
            actor=request.user,
            enterprise=enterprise,
            summary=form.cleaned_data["summary"],
            owner_id=form.cleaned_data["owner"],
            expected_version=form.cleaned_data.get("version"),
        )
    except DomainError as e:
        _error(request, e)
    else:
        messages.success(request, _("一企一策已保存"))
    return redirect(back)


@login_required
@require_POST
def measure_add(request, pk):
    enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=pk)
    back = reverse("services:enterprise_file", args=[enterprise.pk])
    plan = SupportPlan.objects.for_user(request.user).filter(enterprise=enterprise).first()
    if plan is None:
        messages.error(request, _("请先制定一企一策"))
        return redirect(back)
    form = forms.MeasureForm(
        request.POST,
        staff=staff_choices(enterprise.zone_id),
        departments=Department.objects.filter(zone_id=enterprise.zone_id),
    )
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    d = form.cleaned_data
    try:
        plan_svc.measure_add(
            actor=request.user,
            plan=plan,
            title=d["title"],
            detail=d["detail"],
            department_id=d["department"],
            owner_id=d["owner"],
            due_on=d["due_on"],
        )
    except DomainError as e:
        _error(request, e)
    else:
        messages.success(request, _("已新增帮扶措施"))
    return redirect(back)


@login_required
@require_POST
def measure_update(request, pk):
    measure = get_object_or_404(SupportMeasure.objects.select_related("plan"), pk=pk)
    if not SupportPlan.objects.for_user(request.user).filter(pk=measure.plan_id).exists():
        raise Http404
    back = reverse("services:enterprise_file", args=[measure.plan.enterprise_id])
    form = forms.MeasureStatusForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    try:
        plan_svc.measure_update(
            actor=request.user,
            measure=measure,
            status=form.cleaned_data["status"],
            done_on=form.cleaned_data["done_on"],
        )
    except DomainError as e:
        _error(request, e)
    else:
        messages.success(request, _("措施状态已更新"))
    return redirect(back)


# --- settings ------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    if reach_of(request.user).kind != "zone" or not can(request.user, "view", ServiceSettings):
        raise PermissionDenied
    zone = _zone_or_403(request)
    conf = selectors.settings_for(zone)
    departments = list(
        Department.objects.filter(zone=zone, abolished_on__isnull=True).order_by("order", "id")
    )
    leader = reach_of(request.user).role == Role.ZONE_LEADER
    settings_form = forms.SettingsForm(
        initial={
            "followup_days": conf.followup_days,
            "auto_rate_enabled": conf.auto_rate_enabled,
            "auto_rate_days": conf.auto_rate_days,
            "request_default_days": conf.request_default_days,
            "survey_departments": [d.pk for d in conf.survey_departments.all()],
        },
        departments=departments,
    )
    routing_form = forms.RoutingForm(departments=departments)
    if request.method == "POST":
        if not leader:
            raise PermissionDenied
        try:
            if request.POST.get("form") == "routing":
                routing_form = forms.RoutingForm(request.POST, departments=departments)
                if routing_form.is_valid():
                    plan_svc.routing_set(actor=request.user, **routing_form.cleaned_data)
                    messages.success(request, _("分派规则已保存"))
                    return redirect("services:settings")
                _form_errors(request, routing_form)
            else:
                settings_form = forms.SettingsForm(request.POST, departments=departments)
                if settings_form.is_valid():
                    d = settings_form.cleaned_data
                    plan_svc.settings_update(
                        actor=request.user,
                        followup_days=d["followup_days"],
                        auto_rate_enabled=d["auto_rate_enabled"],
                        auto_rate_days=d["auto_rate_days"],
                        request_default_days=d["request_default_days"],
                        survey_department_ids=d["survey_departments"],
                    )
                    messages.success(request, _("设置已保存"))
                    return redirect("services:settings")
                _form_errors(request, settings_form)
        except DomainError as e:
            _error(request, e)
    rules = {
        r.category: r
        for r in RoutingRule.objects.for_user(request.user).filter(zone=zone).select_related("department")
    }
    return render(
        request,
        "services/settings.html",
        {
            "conf": conf,
            "settings_form": settings_form,
            "routing_form": routing_form,
            "rules": [(value, label, rules.get(value)) for value, label in RequestCategory.choices],
            "leader": leader,
        },
    )
