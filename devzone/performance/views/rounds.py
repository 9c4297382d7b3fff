"""The rounds: the list (and opening one), a round's page with its steps, the moves on it, the ballot slips,
the work reports and the shuffled scores."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core import files
from devzone.core.access import can, reach_of, require_right
from devzone.core.choices import Rank, Role
from devzone.core.errors import check_id
from devzone.core.models import Staff
from devzone.core.web import refusals
from devzone.core.zones import narrow
from devzone.performance import exports, forms, selectors
from devzone.performance import services as svc
from devzone.performance.actions import ROUND_ACTIONS
from devzone.performance.choices import STEP_ORDER, RoundStatus
from devzone.performance.models import Round, WorkReport
from devzone.performance.services.ballots import leader_own_departments
from devzone.performance.services.rounds import city_scored_departments
from devzone.performance.views.common import round_of, zone_of


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
    require_right(request.user, "view", Round)
    may_open = reach_of(request.user).role == Role.TALLY_STAFF
    form = forms.OpenRoundForm(request.POST or None, initial=forms.OpenRoundForm.default_initial())
    if request.method == "POST":
        if not may_open:
            raise PermissionDenied
        if form.is_valid():
            with refusals(request, form) as outcome:
                rnd = svc.round_open(actor=request.user, zone=zone_of(request), **form.cleaned_data)
            if outcome.ok:
                messages.success(request, _("已开启%(r)s") % {"r": rnd})
                return redirect(rnd.get_absolute_url())
    rounds = narrow(selectors.round_list(user=request.user), request)
    return render(
        request, "performance/round_list.html", {"rounds": rounds, "form": form, "can_open": may_open}
    )


# the steps at which leaders score (the ``leader_scores`` move)
LEADER_SCORING = (RoundStatus.VOTING, RoundStatus.LEADER)

NEXT_LABEL = {
    RoundStatus.SATISFACTION: _("满意度已齐，进入部门述职"),
    RoundStatus.REPORTS: _("述职报告已齐，进入推荐测评代表"),
    RoundStatus.NOMINATION: _("代表已齐、选票已印，开始民主测评"),
    RoundStatus.VOTING: _("截止民主测评"),
    RoundStatus.LEADER: _("领导评分已齐，计分"),
    RoundStatus.TALLIED: _("公布考核结果"),
}


def _eligible(request, rnd: Round, delegates: dict) -> dict[int, list]:
    """Per department, the staff who may still be nominated (active, of the scheme's rank, not yet taken)."""
    if rnd.status not in (RoundStatus.SATISFACTION, RoundStatus.REPORTS, RoundStatus.NOMINATION):
        return {}
    min_rank = svc.RANK_ORDER[rnd.scheme.delegate_min_rank]
    taken = {d.staff_id for ds in delegates.values() for d in ds}
    eligible: dict[int, list] = {}
    staff = Staff.objects.for_user(request.user).filter(zone=rnd.zone, is_active=True).order_by("employee_no")
    for s in staff:
        if svc.RANK_ORDER.get(s.rank, 0) >= min_rank and s.pk not in taken:
            eligible.setdefault(s.department_id, []).append(s)
    return eligible


def _live_means(rnd: Round, rows: list[dict]) -> None:
    """Voting closed, not yet tallied: each department's democratic mean so far (for the tally staff). Never
    how many ballots scored a department (``selectors.democratic_means``); the round's ballots are shown once."""
    for row, mean in zip(rows, selectors.democratic_means(rnd, [row["res"] for row in rows]), strict=True):
        row["live"] = mean


def _rows(request, rnd: Round, rr) -> list[dict]:
    delegates: dict[int, list] = {}
    for d in rnd.delegates.select_related("staff"):
        delegates.setdefault(d.department_id, []).append(d)
    reports_by = {w.department_id: w for w in rnd.reports.all()}
    readable = set(
        WorkReport.objects.for_user(request.user).filter(round=rnd).values_list("department_id", flat=True)
    )
    mine, recused, by_city = {}, set(), set()
    if rnd.status in LEADER_SCORING and rr.role in (Role.ZONE_LEADER, Role.CITY_OFFICER):
        mine = dict(rnd.leader_scores.filter(leader=request.user).values_list("department_id", "score"))
        # 回避: not in the leader's form; the departments no zone leader may score are the city officers'
        by_city = city_scored_departments(rnd)
        if rr.role == Role.ZONE_LEADER:
            recused = leader_own_departments(rnd, request.user)
        else:
            recused = set(rnd.results.values_list("department_id", flat=True)) - by_city
    eligible = _eligible(request, rnd, delegates)
    heads_pending = {}  # the heads the leader grades (回避), still ungraded
    if rr.role == Role.ZONE_LEADER and rnd.status == RoundStatus.PUBLISHED and not rnd.is_pay_closed:
        heads_pending = selectors.heads_ungraded(rnd)
    return [
        {
            "res": res,
            "delegates": delegates.get(res.department_id, []),
            "report": reports_by.get(res.department_id),
            "eligible": eligible.get(res.department_id, []),
            "mine": mine.get(res.department_id),
            "recused": res.department_id in recused,
            "by_city": res.department_id in by_city,
            "may_act": rr.role == Role.TALLY_STAFF
            or (rr.role == Role.DEPARTMENT_HEAD and rr.department_id == res.department_id),
            # links only to what the person may open: a report they may not read is shown as uploaded
            "report_open": res.department_id in readable,
            "grades_open": rr.role in selectors.GRADE_READERS
            or (rr.role == Role.DEPARTMENT_HEAD and rr.department_id == res.department_id),
            "heads_pending": heads_pending.get(res.department_id, 0),
            "live": None,  # the democratic mean before the tally (``_live_means``)
        }
        for res in selectors.results(rnd)
    ]


@login_required
def round_detail(request, pk):
    rnd = round_of(request, pk)
    rr = reach_of(request.user)
    rows = _rows(request, rnd, rr)
    totals = selectors.totals_visible(request.user, rnd)
    if totals and rnd.status == RoundStatus.LEADER:
        _live_means(rnd, rows)
    step = STEP_ORDER.index(rnd.status)
    ctx = {
        "round": rnd,
        "rows": rows,
        "role": rr.role,
        # the leaders' form: a zone leader's, or a city officer's when a department is theirs to score (回避)
        "scores_form": rnd.status in LEADER_SCORING
        and (
            rr.role == Role.ZONE_LEADER or (rr.role == Role.CITY_OFFICER and any(x["by_city"] for x in rows))
        ),
        "steps": [(s, label, i < step, i == step) for i, (s, label) in enumerate(RoundStatus.choices)],
        "next_label": NEXT_LABEL.get(rnd.status),
        "totals": totals,
        "coefficients": selectors.coefficients_visible(request.user, rnd),
        "min_rank": Rank(rnd.scheme.delegate_min_rank).label,
        "survey_available": _services_offer_satisfaction(),
        # the valid ballots are known once the box is opened (closing the voting), never while it runs
        "valid_ballots": rnd.ballots_cast - rnd.ballots_invalid if rnd.voting_closed else None,
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
    rnd = round_of(request, pk)
    back = rnd.get_absolute_url()
    if action in ("adjust", "close_pay"):  # the buttons live on the 补发/扣回 page
        back = reverse("performance:adjustment_list", args=[rnd.pk])
    return ROUND_ACTIONS.perform(request, action, rnd, redirect_to=back)


@login_required
@require_POST
@never_cache
def codes(request, pk):
    """Generate the ballot codes and show the slips to print: the codes exist in this response only."""
    rnd = round_of(request, pk)
    with refusals(request) as outcome:
        pairs = svc.codes_generate(actor=request.user, round=rnd)
    if not outcome.ok:
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
    rnd = round_of(request, pk)
    department = check_id(department)  # an id no database integer holds is no department: 404, not 500
    rep = WorkReport.objects.for_user(request.user).filter(round=rnd, department_id=department).first()
    if rep is None:
        raise Http404
    return files.download(request, rep.file, filename=rep.original_name, content_type=rep.content_type)


@login_required
def ballot_export(request, pk):
    """The democratic score of each department and the round's ballots, for the tally staff's paper record
    (after voting closed). Not the counts per score value: they add up to each department's ballot count,
    which tells whose delegate cast the invalid ballot (``selectors.democratic_means``)."""
    rnd = round_of(request, pk)
    if reach_of(request.user).role != Role.TALLY_STAFF or not rnd.voting_closed:
        raise PermissionDenied
    results = selectors.results(rnd)
    means = selectors.democratic_means(rnd, results)
    return exports.ballots_workbook(
        rnd, [(res.department.name, m) for res, m in zip(results, means, strict=True)]
    )
