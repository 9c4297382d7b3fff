"""法定规则: every rule table of the installation on one page (``core.services.rules``) — each table's rows with
their basis and 施行日期, the row in force today marked; the system administrator adds a row (a change of the
law) or withdraws one not yet in force. Staff of the zones and the city read it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import DateField
from django.forms import DateInput, modelform_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.errors import NotFoundError
from devzone.core.forms import mark_invalid, style
from devzone.core.services import rules as svc
from devzone.core.web import post_and_return, refusals

READERS = ("zone", "city")  # the staff of the zones and of the city (reach kinds)


def _form_for(model, data=None):
    """The table's form: the situation first (a field with choices), then the figures, the day, the basis; a day
    is picked from a calendar."""
    editable = [f for f in model._meta.get_fields() if getattr(f, "editable", False) and not f.auto_created]
    order = sorted(
        (f for f in editable if f.concrete and not f.primary_key),
        key=lambda f: (not f.choices, f.name == "effective_from", f.name == "basis"),
    )
    form = modelform_factory(
        model,
        fields=[f.name for f in order],
        widgets={
            f.name: DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for f in order
            if isinstance(f, DateField)
        },
    )(data, prefix=model._meta.label_lower.replace(".", "-"))
    style(form)
    return form


def _table(model, *, today, form=None, may_edit=False) -> dict:
    """A table as the page draws it: its columns (the form's fields), its rows with their cells, the row in
    force today for each situation (the rows that differ only by day and figures) marked."""
    form = form or _form_for(model)
    names = list(form.fields)
    which = [n for n in names if getattr(model._meta.get_field(n), "choices", None)]
    listed = svc.rule_rows(model)
    in_force = {}
    for row in sorted(listed, key=lambda r: r.effective_from):
        if row.effective_from <= today:
            in_force[tuple(getattr(row, n) for n in which)] = row.pk
    rows = []
    for row in listed:
        cells = []
        for n in names:
            f = model._meta.get_field(n)
            value = getattr(row, f"get_{n}_display")() if f.choices else getattr(row, n)
            # the basis is the law's own words, in Chinese whatever the reader's language (marked so: lang)
            cells.append((form.fields[n].label, value, "zh-Hans" if n == "basis" else ""))
        rows.append(
            {
                "pk": row.pk,
                "cells": cells,
                "in_force": in_force.get(tuple(getattr(row, n) for n in which)) == row.pk,
                "pending": row.effective_from > today,
            }
        )
    return {
        "key": model._meta.label_lower,
        "title": model._meta.verbose_name_plural,
        "columns": [form.fields[n].label for n in names],
        "rows": rows,
        "form": form if may_edit else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def rules_page(request):
    r = reach_of(request.user)
    if r.kind not in READERS:
        raise PermissionDenied
    may_edit = r.role == Role.SYSADMIN
    posted = None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        model = _model_or_404(request.POST.get("table", ""))
        posted = _form_for(model, request.POST)
        if posted.is_valid():
            with refusals(request, posted) as outcome:
                svc.rule_add(actor=request.user, model=model, values=posted.cleaned_data)
            if outcome.ok:
                messages.success(request, _("已新增规则"))
                return redirect(f"{request.path}#{model._meta.label_lower}")
        mark_invalid(posted)
    today = timezone.localdate()
    tables = [
        _table(
            m,
            today=today,
            may_edit=may_edit,
            form=posted if posted is not None and type(posted.instance) is m else None,
        )
        for m in svc.rule_tables()
    ]
    return render(request, "core/rules.html", {"tables": tables, "may_edit": may_edit, "today": today})


@login_required
@require_POST
def rule_withdraw(request, key: str, pk: int):
    model = _model_or_404(key)
    return post_and_return(
        request,
        None,
        lambda _d: svc.rule_withdraw(actor=request.user, model=model, pk=pk),
        done=_("已撤回未施行的规则"),
        back="core:rules",
    )


def _model_or_404(key: str):
    try:
        return svc.rule_table(key)
    except NotFoundError:
        raise Http404 from None
