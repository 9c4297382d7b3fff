"""Pages beyond plain create/edit: staff ledger import/export and bulk transfer, the calendar, API tokens,
notifications."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from devzone.core import background, forms, ledger
from devzone.core import models as m
from devzone.core.access import can, reach_of, require_right
from devzone.core.choices import Role
from devzone.core.filters import query_param
from devzone.core.services import calendar as calendar_services
from devzone.core.services import project_codes
from devzone.core.services import staff as staff_services
from devzone.core.services import tokens as token_services
from devzone.core.services import zones as zone_services
from devzone.core.web import import_workbook, page_of, post_and_return, refusals
from devzone.core.workdays import get_calendar
from devzone.core.zones import active_zone, narrow


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request):
    zone = active_zone(request)
    require_right(request.user, "create", m.Staff)
    form = forms.StaffImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if zone is None:
            form.add_error(None, _("请先在右上角选择要导入的开发区"))
        else:
            load = partial(staff_services.staff_import, actor=request.user, zone=zone)
            if import_workbook(request, form, load, done=_("已导入%(n)d名工作人员")).ok:
                return redirect("core:staff_list")
    return render(request, "core/staff_import.html", {"form": form, "zone": zone})


@login_required
@require_http_methods(["GET", "POST"])
def project_codes_import(request):
    """赋码清单: link or create the zone's projects from the platform's export; the rows that could not be matched
    are listed on the page (core.services.project_codes)."""
    zone = active_zone(request)
    require_right(request.user, "create", m.Project)
    form = forms.ProjectCodesImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        if zone is None:
            form.add_error(None, _("请先在右上角选择要导入的开发区"))
        else:
            with refusals(request, form) as outcome:
                result = project_codes.project_codes_import(
                    actor=request.user, zone=zone, data=form.cleaned_data["file"].read()
                )
            if outcome.ok:
                messages.success(
                    request,
                    _("新建项目%(c)d个，关联项目代码%(l)d个，已关联%(u)d个，未能匹配%(x)d行")
                    % {
                        "c": len(result.created),
                        "l": len(result.linked),
                        "u": len(result.unchanged),
                        "x": len(result.unmatched),
                    },
                )
    return render(request, "core/project_codes_import.html", {"form": form, "zone": zone, "result": result})


@login_required
def project_codes_template(request):
    return ledger.download(project_codes.project_codes_template(), "project_codes_template.xlsx")


@login_required
def staff_template(request):
    return ledger.download(staff_services.staff_template(), "staff_template.xlsx")


@login_required
def staff_export(request):
    """The staff ledger as Excel (personal data masked where the user may not see it; a full one is audited)."""
    require_right(request.user, "view", m.Staff)
    qs = narrow(m.Staff.objects.for_user(request.user), request).select_related("department", "post")
    zone = active_zone(request)
    content = staff_services.staff_export(
        actor=request.user, staff=qs, zone_id=zone.pk if zone else reach_of(request.user).zone_id
    )
    return ledger.download(content, f"staff_{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def staff_transfer(request):
    form = forms.StaffTransferForm(
        request.POST or None, user=request.user, initial={"staff": request.GET.getlist("staff")}
    )
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            n = staff_services.staff_transfer(
                actor=request.user,
                staff_ids=[s.pk for s in form.cleaned_data["staff"]],
                department=form.cleaned_data["department"],
                post=form.cleaned_data["post"],
            )
        if outcome.ok:
            messages.success(request, _("已调整%(n)d名工作人员") % {"n": n})
            return redirect("core:staff_list")
    return render(request, "core/staff_transfer.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def zone_merge(request):
    """A city officer merges zones (莱芜的3个开发区整合为新的莱芜高新区)."""
    if not can(request.user, "change", m.Zone) or reach_of(request.user).kind != "city":
        raise PermissionDenied
    form = forms.ZoneMergeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            moved = zone_services.zone_merge(
                actor=request.user,
                sources=list(form.cleaned_data["sources"]),
                target=form.cleaned_data["target"],
                merged_on=form.cleaned_data["merged_on"],
            )
        if outcome.ok:
            messages.success(
                request,
                _(
                    "整合完成：迁入片区%(areas)d个、企业%(enterprises)d家、项目%(projects)d个、"
                    "企业用户账号%(enterprise_accounts)d个，撤销部门%(departments_abolished)d个"
                )
                % moved,
            )
            return redirect(form.cleaned_data["target"].get_absolute_url())
    return render(request, "core/zone_merge.html", {"form": form})


@login_required
@require_GET
@never_cache
def background_page(request):
    """后台任务: the periodic jobs, the task workers and the queue (``core.background``), for the system
    administrator."""
    if reach_of(request.user).role != Role.SYSADMIN:
        raise PermissionDenied
    return render(request, "core/background.html", {"o": background.overview()})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request):
    """The working-day calendar of a year: holidays, make-up days, corrections; administrators edit it."""
    cal = get_calendar()
    year = query_param(request, "year", django_forms.IntegerField(), default=timezone.localdate().year)
    year = min(max(year, 2004), cal.last_year)
    is_admin = reach_of(request.user).role == Role.SYSADMIN
    day_form = forms.CalendarDayForm(prefix="day")
    year_form = forms.CalendarYearForm(prefix="year", initial={"year": year})
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if "day-date" in request.POST:
            day_form = forms.CalendarDayForm(request.POST, prefix="day")
            if day_form.is_valid():
                with refusals(request, day_form) as outcome:
                    _day, moved = calendar_services.calendar_day_set(
                        actor=request.user, **day_form.cleaned_data
                    )
                if outcome.ok:
                    messages.success(request, _("已保存；%(n)d个办理时限已重新计算") % {"n": moved})
                    return redirect(f"{request.path}?year={day_form.cleaned_data['date'].year}")
        else:
            year_form = forms.CalendarYearForm(request.POST, request.FILES, prefix="year")
            if year_form.is_valid():
                with refusals(request, year_form) as outcome:
                    rows = calendar_services.parse_schedule_rows(
                        ledger.read_rows(year_form.cleaned_data["file"].read())[1:]
                    )
                    moved = calendar_services.calendar_year_load(
                        actor=request.user,
                        year=year_form.cleaned_data["year"],
                        rows=rows,
                        source=year_form.cleaned_data["source"],
                    )
                if outcome.ok:
                    messages.success(request, _("已加载官方安排；%(n)d个办理时限已重新计算") % {"n": moved})
                    return redirect(f"{request.path}?year={year_form.cleaned_data['year']}")
    months = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        days = []
        d = first
        while d.month == month:
            days.append({"date": d, "work": cal.is_workday(d), "weekend": d.weekday() >= 5})
            d += dt.timedelta(days=1)
        months.append({"month": month, "lead": range(first.weekday()), "days": days})
    return render(
        request,
        "core/calendar.html",
        {
            "year": year,
            "months": months,
            "provisional": cal.is_provisional(dt.date(year, 1, 1)),
            "overrides": m.CalendarDay.objects.filter(date__year=year),
            "is_admin": is_admin,
            "day_form": day_form,
            "year_form": year_form,
            "years": range(2004, cal.last_year + 1),
            # why deadlines moved, for the zones in the administrator's reach only (another city's are not theirs)
            "journal": (
                m.ClockJournal.objects.for_user(request.user)
                .select_related("clock")
                .order_by("-at", "-pk")[:20]
                if is_admin
                else []
            ),
        },
    )


@never_cache  # the raw token is shown once: never kept by the browser's cache or history (no-store, private)
@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request):
    form = forms.TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            _token, raw = token_services.token_create(actor=request.user, **form.cleaned_data)
        if outcome.ok:
            form = forms.TokenForm()
    return render(
        request,
        "core/tokens.html",
        {
            "form": form,
            "raw": raw,
            "tokens": m.ApiToken.objects.filter(user=request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk):
    return post_and_return(
        request,
        None,
        lambda _d: token_services.token_revoke(actor=request.user, token_id=pk),
        done=_("令牌已撤销"),
        back="core:tokens",
    )


@login_required
def notifications_page(request):
    """One's messages grouped by kind (unread first, each group counted), the chosen group's list paged."""
    from django.db.models import Count, Max, Q

    from devzone.core.notify import label_of

    mine = m.Notification.objects.filter(user=request.user)
    groups = [
        {**g, "label": label_of(g["kind"])}
        for g in mine.values("kind")
        .annotate(
            total=Count("id"),
            unread=Count("id", filter=Q(read_at__isnull=True, held=False)),
            held=Count("id", filter=Q(held=True)),
            latest=Max("created_at"),
        )
        .order_by("-unread", "-latest")
    ]
    kind = query_param(
        request, "kind", django_forms.ChoiceField(choices=[(g["kind"], "") for g in groups]), ""
    )
    shown = mine.filter(kind=kind) if kind else mine
    return render(
        request,
        "core/notifications.html",
        {
            "groups": groups,
            "kind": kind,
            "page": page_of(request, shown),
            "unread": sum(g["unread"] for g in groups),
            "held": sum(g["held"] for g in groups),
            "daily_digest": getattr(getattr(request.user, "profile", None), "daily_digest", False),
            # due-date reminders are staff's and firms': a candidate gets none, so no setting for them
            "offer_digest": reach_of(request.user).kind != "self",
        },
    )


@login_required
@require_POST
def notifications_read(request):
    """Mark one's messages read: all of them, or one kind's."""
    unread = m.Notification.objects.filter(user=request.user, read_at__isnull=True)
    kind = request.POST.get("kind", "")
    if kind:
        # a kind of message: a short code; anything else (a NUL, a page of text) marks nothing read
        kind = query_param(request, "kind", django_forms.CharField(max_length=80), "", data=request.POST)
        unread = unread.filter(kind=kind) if kind else unread.none()
    unread.update(read_at=timezone.now(), held=False)  # held for the digest too: read is read
    return redirect(f"{reverse('core:notifications')}?kind={kind}" if kind else reverse("core:notifications"))


@login_required
@require_POST
def notification_settings(request):
    """每日汇总: the user's own choice to get due-date reminders as one message a day."""
    from devzone.core.services.notifications import digest_set

    with refusals(request) as outcome:
        digest_set(actor=request.user, daily=request.POST.get("daily_digest") == "on")
    if outcome.ok:
        messages.success(request, _("消息设置已保存"))
    return redirect("core:notifications")


def language_switch(request):
    """The language switcher (``set_language``, the form in base.html): Django's view sets the language cookie
    and returns to ``next``; a logged-in user's choice is also kept on their account (``Profile.language``),
    restored at their next login on any computer and used for what jobs write to them (the daily digest)."""
    from contextlib import suppress

    from django.conf import settings
    from django.views.i18n import set_language

    from devzone.core.errors import DomainError
    from devzone.core.services.notifications import language_set

    response = set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    user = request.user
    if language in dict(settings.LANGUAGES) and user.is_authenticated and hasattr(user, "profile"):
        # an account without a role, or deactivated meanwhile: the cookie alone, as before
        with suppress(DomainError):
            language_set(actor=user, language=language)
    return response
