"""Individual grades (a department head's page), my page, and appeals."""

from __future__ import annotations

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
from devzone.core.errors import ConflictError, check_id
from devzone.core.models import Staff
from devzone.core.web import form_errors, page_of, post_and_return, refusals, scoped_or_404
from devzone.core.zones import narrow
from devzone.performance import filters, forms, selectors
from devzone.performance import services as svc
from devzone.performance.choices import AppealStatus, Grade, RoundStatus
from devzone.performance.models import Appeal, DepartmentResult
from devzone.performance.services.grades import appeal_deadline
from devzone.performance.views.common import round_of

VERSION = "version_"  # the hidden field of a row's grade version on the grades page


def _quota_rows(res: DepartmentResult, given: dict) -> list[tuple]:
    counts = {g: sum(1 for x in given.values() if x.grade == g) for g in Grade.values}
    need = svc.improve_required(res.quota)
    limits = {
        Grade.EXCELLENT: _("上限%(n)s人") % {"n": res.quota.get("excellent", 0)},
        Grade.GOOD: _("上限%(n)s人") % {"n": res.quota.get("good", 0)},
        Grade.PASS: "",
        Grade.IMPROVE: _("至少%(n)s人") % {"n": need} if need else "",
    }
    return [(g, label, limits[g], counts[g]) for g, label in Grade.choices]


@login_required
@require_http_methods(["GET", "POST"])
def grades(request, pk, department):
    rnd = round_of(request, pk)
    department = check_id(department)  # an id no database integer holds is no department: 404, not 500
    res = (
        DepartmentResult.objects.for_user(request.user)
        .select_related("department")
        .filter(round=rnd, department_id=department)
        .first()
        if department is not None
        else None
    )
    if res is None:
        raise Http404
    rr = reach_of(request.user)
    is_head = rr.role == Role.DEPARTMENT_HEAD and rr.department_id == res.department_id
    # the zone leader grades the department's heads (回避: a head never grades their own record)
    is_grader = is_head or (rr.role == Role.ZONE_LEADER and rr.zone_id == rnd.zone_id)
    if not (is_head or rr.role in selectors.GRADE_READERS):
        raise PermissionDenied
    chosen: dict[str, str] = {}  # after a refusal, the grades the person had just chosen ({staff id: grade})
    seen: dict[str, str] = {}  # ... and the versions of the grades they were chosen on
    status = 200
    if request.method == "POST":
        if not is_grader:
            raise PermissionDenied
        form = forms.GradesForm(request.POST)
        form.is_valid()
        # the versions of the grades the page showed (``version_<staff id>``, 0: not graded yet): a grade changed
        # since — by an appeal decision, the leader, another tab — refuses the save instead of undoing it
        versions = {k[len(VERSION) :]: v for k, v in request.POST.items() if k.startswith(VERSION)}
        with refusals(request) as outcome:
            n = svc.grades_set(
                actor=request.user,
                round=rnd,
                department_id=res.department_id,
                grades=form.cleaned_data["grades"],
                versions=versions,
            )
        if outcome.ok:
            messages.success(request, _("已保存%(n)s人的等次") % {"n": n})
            return redirect("performance:grades", pk=rnd.pk, department=res.department_id)
        if isinstance(outcome.error, ConflictError):
            status = 409  # the page shows the grades as they are now, with their new versions
        else:  # the choices kept, and the versions they were made on (a change meanwhile is still caught)
            chosen, seen = form.cleaned_data["grades"], versions
    given = {
        g.staff_id: g
        for g in selectors.grades_visible_to(request.user, rnd).filter(department_id=res.department_id)
    }
    # the people the round counted in the department (a leaver or a person moved on since included)
    members = (
        Staff.objects.for_user(request.user)
        .filter(zone=rnd.zone, pk__in=res.members)
        .select_related("post")
        .order_by("employee_no")
    )
    open_ = is_grader and rnd.status == RoundStatus.PUBLISHED and not rnd.is_pay_closed
    heads = svc.head_staff_ids(rnd.zone_id, res.department_id)
    rows = [
        # (staff, grade, may grade here, a head: graded by the zone leader, the grade its drop-down shows, the
        # version of the grade the page sends back)
        (
            s,
            given.get(s.pk),
            open_ and not svc.grade_refusal(rr, heads, s.pk),
            s.pk in heads,
            chosen.get(str(s.pk), given[s.pk].grade if s.pk in given else ""),
            seen.get(str(s.pk), given[s.pk].version if s.pk in given else 0),
        )
        for s in members
    ]
    ctx = {
        "round": rnd,
        "res": res,
        "members": rows,
        "quota_rows": _quota_rows(res, given),
        "grades": Grade.choices,
        "may_grade": any(r[2] for r in rows),
        "problems": svc.grading_complete(res, {sid: g.grade for sid, g in given.items()}),
    }
    return render(request, "performance/grades.html", ctx, status=status)


@login_required
def my(request):
    """My grades, my appeals and my pay lines (through my staff record)."""
    mine = list(selectors.my_grades(user=request.user))
    pay = {}
    deadlines = {}  # {round id: (last day to appeal, basis, passed)}
    today = timezone.localdate()
    for g in mine:
        sheet = selectors.pay_sheet(g.round, staff_ids={g.staff_id})
        pay[g.pk] = sheet.rows[0] if sheet.rows and sheet.ready else None
        if g.round_id not in deadlines:
            d = appeal_deadline(g.round)
            deadlines[g.round_id] = (d[0], d[1], today > d[0]) if d else None
    return render(
        request,
        "performance/my.html",
        {
            "grades": [(g, pay.get(g.pk), deadlines.get(g.round_id)) for g in mine],
            "has_staff": bool(getattr(request.user.profile, "staff_id", None)),
        },
    )


@login_required
@require_POST
def appeal_new(request, grade):
    # the user's own grade (through their staff record; staff of any role appeal, not only grade readers)
    g = selectors.my_grades(user=request.user).filter(pk=check_id(grade)).first()
    if g is None:
        raise Http404
    # the form's own errors (a reason over 2000 characters) are told as they are, not as a missing reason
    # the appellant is told who decides it: a leader of the zone, or the city when 回避 leaves none
    done = (
        _("申诉已提交，由市级管理人员处理（本区领导须回避）")
        if svc.grade_appeal_to_city(g)
        else _("申诉已提交，由领导处理")
    )
    return post_and_return(
        request,
        forms.ReasonForm(request.POST),
        lambda d: svc.appeal_submit(actor=request.user, grade=g, reason=d["reason"]),
        done=done,
        back="performance:my",
    )


@login_required
@require_http_methods(["GET", "POST"])
def appeal_list(request):
    require_right(request.user, "view", Appeal)
    if request.method == "POST":
        form = forms.DecideForm(request.POST)
        if not form.is_valid():
            if "appeal" in form.errors:
                raise Http404
            form_errors(request, form)
            return redirect("performance:appeal_list")
        data = form.cleaned_data
        a = scoped_or_404(selectors.appeal_list(user=request.user), data["appeal"], user=request.user)
        with refusals(request) as outcome:
            svc.appeal_decide(
                actor=request.user, appeal=a, new_grade=data["new_grade"], decision=data["decision"]
            )
        if outcome.ok:
            messages.success(request, _("申诉已处理"))
        return redirect("performance:appeal_list")
    appeals = narrow(selectors.appeal_list(user=request.user), request, "round__zone")
    # ``?todo=1``, the desk's link: the pending appeals the user decides (the pager keeps it)
    flt = filters.AppealFilter(request.GET, queryset=appeals, request=request)
    page = page_of(request, flt.qs)
    todo = bool(flt.form.cleaned_data.get("todo"))
    rr = reach_of(request.user)
    return render(
        request,
        "performance/appeal_list.html",
        {
            "page": page,
            "todo": todo,
            "grades": Grade.choices,
            # the form on the appeals the user decides: a leader's own is another leader's (回避), and one no
            # leader of the zone but the appellant could decide is the city officer's
            "to_decide": set(
                selectors.appeals_to_decide(user=request.user)
                .filter(pk__in=[a.pk for a in page])
                .values_list("pk", flat=True)
            ),
            "own_staff_id": rr.staff_id if rr.role == Role.ZONE_LEADER else None,
            "PENDING": AppealStatus.PENDING,
        },
    )
