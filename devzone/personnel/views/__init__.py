"""The personnel office's pages, one module per concept; what two of them share is here."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core.forms import VersionedForm, mark_invalid
from devzone.core.web import post_and_return, refusals, row_post
from devzone.core.zones import active_zone


def file_gone(request, error):
    """The page of a document whose stored file is gone (``documents.DocumentGone``, already logged for the
    operator): 404, saying so in the user's language, as ``core.files.download`` does for plain files."""
    return render(
        request, "_error.html", {"error_title": _("文件不存在"), "error_text": error.message}, status=404
    )


def zone_post(view):
    """A form posted on a page of the active zone (员额's, the annual review's): logged in, POST only, and a zone
    picked (none: 404 with the sentence asking for one); ``view(request, zone, *args)``."""

    @login_required
    @require_POST
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        zone = active_zone(request)
        if zone is None:
            raise Http404(_("请先在页面顶部选择开发区"))
        return view(request, zone, *args, **kwargs)

    return wrapped


def decide(request, service, *, fields: tuple[str, ...], done, back, **row):
    """A decision posted from a list's row (特岗特薪's approval, an annual review's grade): ``service`` takes
    the posted ``fields`` as text (absent: empty), the row under its keyword (``pay=pay``) and the version of the row
    the person saw (a decision on a row changed since is refused as stale); the answer is the message and a redirect
    to ``back``."""
    return post_and_return(
        request,
        VersionedForm(request.POST),
        lambda d: service(
            actor=request.user,
            **row,
            **{f: request.POST.get(f, "") for f in fields},
            version=d["version"],
        ),
        done=done,
        back=back,
    )


def form_page(request, form, run, *, done, back, page):
    """A page that is its own form (新建、修改): posted and valid, ``run()`` calls the service under ``refusals``;
    when it went through, ``done`` is shown (a string, or a function of the service's result) and the answer is a
    redirect to ``back(result)``. Otherwise — a GET, an invalid form, a refusal (on the form's fields) — the
    answer is ``page()``, the page drawn again with the form's errors marked."""
    if request.method == "POST" and form.is_valid():
        with refusals(request, form) as outcome:
            result = run()
        if outcome.ok:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(back(result))
    mark_invalid(form)
    return page()


def row_moves(model, moves):
    """The view of the moves in the table ``moves`` (``core.actions``) on a row of ``model``, posted from the
    row's page as ``<pk>/<action>/`` (404 out of reach, 403 without the right to change it): the move's message
    and a redirect back to the page."""

    @row_post(model, "change")
    def perform(request, row, action):
        return moves.perform(request, action, row, redirect_to=row.get_absolute_url())

    return perform
