"""The public ballot page (no login): the delegate types or scans the code on their slip, scores every other
department and casts."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from devzone.core.errors import DomainError
from devzone.performance import services as svc
from devzone.performance.forms import PrefixedForm
from devzone.performance.ratelimit import VOTE_LIMIT, vote_refused, wrong_code


@never_cache
@require_http_methods(["GET", "POST"])
def vote(request):
    """The secret ballot. Nothing about the voter is stored; wrong codes are rate-limited per address."""
    ctx = {"limit": VOTE_LIMIT}
    if request.method == "GET":
        return render(request, "performance/vote.html", ctx)
    if vote_refused(request):
        ctx["error"] = _("尝试次数过多，请10分钟后再试")
        return render(request, "performance/vote.html", ctx, status=429)
    code = request.POST.get("code", "")
    c = svc.code_lookup(code)
    if c is None:
        wrong_code(request)
        ctx["error"] = _("测评码无效、已使用，或测评不在进行中")
        return render(request, "performance/vote.html", ctx, status=400)
    depts = svc.ballot_departments(c)
    ctx.update({"code": svc.normalize_code(code), "round": c.round, "departments": depts, "values": {}})
    if request.POST.get("cast") != "1":
        return render(request, "performance/ballot.html", ctx)
    form = PrefixedForm(request.POST)
    form.is_valid()
    scores = form.cleaned_data["scores"]
    try:
        valid = svc.ballot_cast(code=code, scores=scores)
    except DomainError as e:
        # the ballot page shows the errors beside each department's score (not a form of fixed fields)
        ctx["field_errors"] = {
            int(k[7:]): v for k, v in (e.errors or {}).items() if k.startswith("scores.") and k[7:].isdigit()
        }
        ctx["error"] = e.message
        ctx["values"] = {int(k): v for k, v in scores.items() if k.isdigit()}
        return render(request, "performance/ballot.html", ctx, status=400)
    return render(request, "performance/vote_done.html", {"valid": valid})
