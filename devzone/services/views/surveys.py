"""The quarterly satisfaction survey: the leader's side (list, opening it, the send-out list — to whom each
enterprise's survey was delivered, never its link —, results, closing, resending a link), the enterprise's way in
from the portal, and the public one-use answer page."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import reach_of, require_right
from devzone.core.choices import Role
from devzone.core.clientip import address
from devzone.core.errors import DomainError, check_id
from devzone.core.ratelimit import count, refused
from devzone.core.web import form_errors, refusals, row_post, scoped_or_404
from devzone.services import forms, scoring, selectors
from devzone.services.choices import SurveyStatus
from devzone.services.models import Survey
from devzone.services.ratelimit import WRONG_LINKS
from devzone.services.services import surveys as survey_svc
from devzone.services.services.common import service_arguments
from devzone.services.views.common import zone_or_403


def _staff_only(request) -> None:
    if reach_of(request.user).role == Role.ENTERPRISE_USER:
        raise PermissionDenied


@login_required
def survey_list(request):
    _staff_only(request)
    require_right(request.user, "view", Survey)
    zone = zone_or_403(request)
    surveys = Survey.objects.for_user(request.user).filter(zone=zone).prefetch_related("departments")
    year, quarter = scoring.quarter_of(timezone.localdate())
    form = forms.SurveyForm(
        initial={
            "year": year,
            "quarter": quarter,
            "closes_on": scoring.quarter_bounds(year, quarter)[1] + dt.timedelta(days=15),
            "departments": [d.pk for d in selectors.settings_for(zone).survey_departments.all()],
        },
        departments=selectors.departments(user=request.user, zone_id=zone.pk),
    )
    return render(
        request,
        "services/survey_list.html",
        {"surveys": surveys, "form": form, "may_open": reach_of(request.user).role == Role.ZONE_LEADER},
    )


@login_required
@require_POST
def survey_new(request):
    zone = zone_or_403(request)
    form = forms.SurveyForm(
        request.POST, departments=selectors.departments(user=request.user, zone_id=zone.pk, active=False)
    )
    if not form.is_valid():
        form_errors(request, form)
        return redirect("services:survey_list")
    d = form.cleaned_data
    with refusals(request) as outcome:
        survey, told = survey_svc.survey_open(
            actor=request.user, **service_arguments(d, departments="department_ids")
        )
    if not outcome.ok:
        return redirect("services:survey_list")
    # No link is shown to the leader: each enterprise's accounts were told; the send-out list says to whom
    delivery = selectors.survey_delivery(survey=survey)
    undelivered = sum(1 for row in delivery if not row.delivered)
    messages.success(
        request,
        _("测评已发起：已通知%(n)d家企业的%(a)d个企业账号，企业登录后在平台首页填写。")
        % {"n": len(delivery) - undelivered, "a": told},
    )
    if undelivered:
        messages.warning(
            request,
            _("%(u)d家企业尚无企业账号，无法送达：见发放清单中的处理办法。") % {"u": undelivered},
        )
    return redirect(survey.get_absolute_url())


@login_required
def survey_detail(request, pk):
    survey = scoped_or_404(
        Survey.objects.for_user(request.user).prefetch_related("departments"), pk, user=request.user
    )
    _staff_only(request)
    leader = reach_of(request.user).role == Role.ZONE_LEADER
    links = selectors.survey_links(survey=survey)
    delivery = selectors.survey_delivery(survey=survey) if leader else []
    issued = links.count()
    used = links.filter(used=True).count()
    # comments too only from the minimum on: with one answer, the one enterprise that answered wrote it
    enough = used >= settings.DEVZONE_SURVEY_MIN_ANSWERS
    comments = list(survey.comments.order_by("text").values_list("text", flat=True)) if enough else []
    return render(
        request,
        "services/survey_detail.html",
        {
            "survey": survey,
            "issued": issued,
            "used": used,
            "rate": (used / issued) if issued else None,
            "results": selectors.survey_results(survey=survey)
            if survey.status == SurveyStatus.CLOSED
            else None,
            "min_answers": settings.DEVZONE_SURVEY_MIN_ANSWERS,
            "comments": comments,
            "may_close": leader and survey.status == SurveyStatus.OPEN,
            # the send-out list: to whom each enterprise's survey was delivered and whether it answered (leaders)
            "delivery": delivery,
            "undelivered": sum(1 for row in delivery if not row.delivered),
        },
    )


@row_post(Survey)
def survey_close(request, survey):
    with refusals(request) as outcome:
        survey_svc.survey_close(actor=request.user, survey=survey)
    if outcome.ok:
        messages.success(request, _("测评已结束"))
    return redirect(survey.get_absolute_url())


@login_required
@require_POST
def survey_reissue(request, pk):
    """A leader voids one enterprise's unused link, with a reason; the enterprise opens a new one from its
    portal (no member of staff sees it)."""
    survey = scoped_or_404(Survey.objects, pk, user=request.user)
    enterprise_id = check_id(request.POST.get("enterprise"))
    if enterprise_id is None:
        raise Http404
    with refusals(request) as outcome:
        told = survey_svc.link_reissue(
            actor=request.user,
            survey=survey,
            enterprise_id=enterprise_id,
            reason=request.POST.get("reason", ""),
        )
    if outcome.ok:
        messages.info(
            request,
            _("原链接已作废；已通知该企业的%(n)d个账号登录平台填写（新链接不向工作人员显示）") % {"n": told}
            if told
            else _("原链接已作废。该企业尚无平台账号：请企业注册后在平台首页填写"),
        )
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
    with refusals(request) as outcome:
        token = survey_svc.link_take(actor=request.user, survey=survey)
    if not outcome.ok:
        return redirect("services:home")
    return redirect("services:survey_answer", token=token)


def _refused(request, survey, message: str, status: int):
    return render(
        request, "services/survey_answer.html", {"invalid": message, "survey": survey}, status=status
    )


@require_http_methods(["GET", "POST"])
def survey_answer(request, token):
    """The public questionnaire behind a one-use link (no login). Nothing here names the enterprise."""
    if refused(WRONG_LINKS, request):
        return _refused(request, None, _("尝试次数过多，请10分钟后再试"), 429)
    try:
        link = survey_svc.link_for(token)
    except DomainError:
        count(WRONG_LINKS, request)
        return _refused(request, None, _("测评链接无效"), 404)
    survey = link.survey
    if link.used:
        return _refused(request, survey, _("该链接已使用过，每家企业每季度只能填写一次"), 410)
    if survey.status != SurveyStatus.OPEN or timezone.localdate() > survey.closes_on:
        return _refused(request, survey, _("本季度满意度测评已结束，链接已失效"), 410)
    departments = list(survey.departments.order_by("order", "id"))
    form = forms.SurveyAnswerForm(request.POST or None, departments=departments)
    if request.method == "POST":
        if form.is_valid():
            try:
                survey_svc.survey_answer(
                    token=token,
                    answers=form.answers(),
                    comment=form.cleaned_data["comment"],
                    address=address(request),
                )
            except DomainError as e:
                return _refused(request, survey, e.message, 409)
            return render(request, "services/survey_answer.html", {"done": True, "survey": survey})
        messages.error(request, _("请对每个部门的每一项作出评价"))
    return render(request, "services/survey_answer.html", {"form": form, "survey": survey})
