"""Pages of the catalog of approval items (审批事项目录): list, detail, create and edit, the Excel import with
its row-by-row report, the template and the export.

Scoping through ``ApprovalItem.objects.for_user``: another zone's item -> 404; an item in reach without the
right (a clerk editing) -> 403. Writes go through ``devzone.approvals.catalog``."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from devzone.approvals import catalog
from devzone.approvals.choices import ItemKind
from devzone.approvals.filters import ItemFilter, filtered
from devzone.approvals.forms_catalog import (
    CatalogImportForm,
    ItemForm,
    MaterialFormSet,
    SourceDepartmentForm,
    material_initial,
)
from devzone.approvals.models import ApprovalItem, SourceDepartment
from devzone.core import audit
from devzone.core.access import can, reach_of, require_right
from devzone.core.errors import check_id
from devzone.core.forms import style
from devzone.core.ledger import download
from devzone.core.views import AUDIT_READERS
from devzone.core.web import import_workbook, page_of, refusals, scoped_or_404
from devzone.core.zones import active_zone, narrow

PAGE_SIZE = 50


def _depth(item: ApprovalItem) -> int:
    """0 for a 主项, 1 for a 子项 or 办理项 under it, 2 for a 办理项 under a 子项 (parent is joined)."""
    if item.parent_id is None:
        return 0
    return 2 if item.parent.parent_id is not None else 1


def _scoped_item(request, pk: int, action: str = "view") -> ApprovalItem:
    """The item in the user's reach (else 404), with the right to ``action`` it (else 403)."""
    items = ApprovalItem.objects.for_user(request.user).select_related("source_department", "parent__parent")
    return scoped_or_404(items, pk, user=request.user, action=action)


def _can_maintain(user) -> bool:
    return can(user, "create", ApprovalItem) and can(user, "change", ApprovalItem)


@login_required
def item_list(request):
    require_right(request.user, "view", ApprovalItem)
    zone = active_zone(request)
    qs = narrow(ApprovalItem.objects.for_user(request.user, "view"), request)
    fs, rows = filtered(ItemFilter, request, qs, zone=zone)
    style(fs.form)
    rows = rows.select_related("source_department", "parent").order_by("zone_id", "delegation_batch", "code")
    if zone is None:
        rows = rows.select_related("zone")
    page = page_of(request, rows, PAGE_SIZE)
    # The delegated powers as the lists count them: 主项, by batch and by department.
    top = qs.filter(parent__isnull=True)
    by_batch = dict(top.values_list("delegation_batch").annotate(n=Count("id")).order_by())
    by_department = list(
        top.filter(delegation_batch=1)
        .values("source_department__name")
        .annotate(n=Count("id"))
        .order_by("-n", "source_department__name")
    )
    leaves = qs.filter(children__isnull=True)
    summary = {
        "leaves": leaves.count(),
        "instant": leaves.filter(kind=ItemKind.INSTANT).count(),
        "commitment": leaves.filter(commitment_allowed=True).count(),
        "unconfirmed": qs.filter(legal_nature_confirmed=False).count(),
    }
    return render(
        request,
        "approvals/item_list.html",
        {
            "filter": fs,
            "page": page,
            "rows": [(i, _depth(i)) for i in page.object_list],
            "zone": zone,
            "show_zone": zone is None and reach_of(request.user).kind == "city",
            "first_batch": by_batch.get(1, 0),
            "later_batches": sum(n for b, n in by_batch.items() if b != 1),
            "by_department": by_department,
            "summary": summary,
            "can_create": can(request.user, "create", ApprovalItem),
            "can_import": _can_maintain(request.user),
        },
    )


@login_required
def item_detail(request, pk: int):
    item = _scoped_item(request, pk)
    visible = ApprovalItem.objects.for_user(request.user, "view")
    children = list(
        visible.filter(parent=item)
        .select_related("source_department")
        .prefetch_related("children")
        .order_by("code")
    )
    ancestors = []
    node = item.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    steps = list(item.steps.all())
    show_audit = reach_of(request.user).role in AUDIT_READERS
    return render(
        request,
        "approvals/item_detail.html",
        {
            "item": item,
            "ancestors": ancestors,
            "children": children,
            "steps": steps,
            "steps_total": sum(s.limit_days for s in steps),
            "compression": round(
                100 * (item.legal_limit_days - item.promised_limit_days) / item.legal_limit_days
            )
            if item.legal_limit_days
            else 0,
            "materials": list(item.materials.all()),
            "prerequisites": list(item.prerequisites.select_related("source_department").order_by("code")),
            "dependents": list(
                visible.filter(prerequisites=item).select_related("source_department").order_by("code")
            ),
            "can_change": ApprovalItem.objects.for_user(request.user, "change").filter(pk=pk).exists(),
            "trail": audit.trail_for(item)[:30] if show_audit else None,
        },
    )


# What a ``seen`` stamp that does not read as a time stands for: no stored item was saved then, so the edit is
# refused as made on a stale page (``catalog.item_save``) rather than saved unchecked or answered with a 500.
UNREADABLE_SEEN = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def _seen(raw: str) -> dt.datetime | None:
    """The item's ``updated_at`` as the edit page showed it (its hidden ``seen`` field), None when the page
    carried none (a new item). ``parse_datetime`` raises on a well-formed impossible time (2025-13-45T…)."""
    if not raw:
        return None
    try:
        return parse_datetime(raw) or UNREADABLE_SEEN
    except ValueError:
        return UNREADABLE_SEEN


def _item_form_page(request, item: ApprovalItem, creating: bool):
    data = request.POST if request.method == "POST" else None
    form = ItemForm(data, instance=item, user=request.user)
    materials = MaterialFormSet(data, initial=None if data else material_initial(item), prefix="m")
    if request.method == "POST" and form.is_valid() & materials.is_valid():
        instance = form.save(commit=False)
        rows, keep = materials.rows(instance.code)
        seen = _seen(request.POST.get("seen", ""))
        with refusals(request, form) as outcome:
            saved = catalog.item_save(
                actor=request.user,
                item=instance,
                prerequisites=list(form.cleaned_data["prerequisites"]),
                steps=form.steps(),
                materials=rows,
                material_ids=keep,
                seen_updated_at=seen,
            )
        if outcome.ok:
            messages.success(request, _("已保存"))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "approvals/item_form.html",
        {
            "form": form,
            "materials": materials,
            "item": item,
            "creating": creating,
            "seen": item.updated_at.isoformat() if item.pk and item.updated_at else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    require_right(request.user, "create", ApprovalItem)
    zone = active_zone(request)
    if zone is None:
        messages.warning(request, _("请先在右上角选择开发区"))
        return redirect("approvals:item_list")
    item = ApprovalItem(zone=zone)
    parent_pk = check_id(request.GET.get("parent"))
    if parent_pk is not None:  # "add a 子项/办理项" from a 主项's page
        parent = ApprovalItem.objects.for_user(request.user).filter(pk=parent_pk, zone=zone).first()
        if parent is not None:
            item.parent = parent
            for f in (
                "source_department_id",
                "delegation_batch",
                "kind",
                "stage",
                "result_type",
                "legal_basis",
            ):
                setattr(item, f, getattr(parent, f))
            item.name = parent.name
            item.legal_limit_days, item.promised_limit_days = (
                parent.legal_limit_days,
                parent.promised_limit_days,
            )
    return _item_form_page(request, item, creating=True)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = _scoped_item(request, pk, "change")
    return _item_form_page(request, item, creating=False)


@login_required
@require_http_methods(["GET", "POST"])
def catalog_import(request):
    if not _can_maintain(request.user):
        raise PermissionDenied
    zone = active_zone(request)
    form = CatalogImportForm()
    dept_form = SourceDepartmentForm(prefix="d")
    headline = ""
    if request.method == "POST" and zone is None:
        messages.warning(request, _("请先在右上角选择要导入的开发区"))
    elif request.method == "POST" and request.POST.get("action") == "department":
        dept_form = SourceDepartmentForm(request.POST, prefix="d")
        if dept_form.is_valid():
            with refusals(request, dept_form) as outcome:
                dept = catalog.source_department_create(
                    actor=request.user, zone=zone, name=dept_form.cleaned_data["name"]
                )
            if outcome.ok:
                messages.success(request, _("已添加原职能部门：%(d)s") % {"d": dept.name})
                return redirect("approvals:catalog_import")
    elif request.method == "POST":
        form = CatalogImportForm(request.POST, request.FILES)
        if form.is_valid():
            # The row-by-row report goes on the form; its headline above it.
            load = partial(catalog.catalog_import, actor=request.user, zone=zone)
            outcome = import_workbook(request, form, load, done=_("已导入%(n)d个事项（新增或更新）"))
            if outcome.ok:
                return redirect("approvals:item_list")
            headline = outcome.error.message
    departments = []
    if zone is not None:
        departments = list(
            SourceDepartment.objects.for_user(request.user)
            .filter(zone=zone)
            .annotate(n=Count("items", filter=Q(items__parent__isnull=True)))
            .order_by("name")
        )
    return render(
        request,
        "approvals/catalog_import.html",
        {
            "form": form,
            "dept_form": dept_form,
            "headline": headline,
            "zone": zone,
            "departments": departments,
            "can_add_department": can(request.user, "create", SourceDepartment),
        },
    )


@login_required
def catalog_template(request):
    return download(catalog.catalog_template(), "审批事项目录模板.xlsx")


@login_required
def catalog_export(request):
    """The active zone's catalog in the import layout."""
    require_right(request.user, "view", ApprovalItem)
    zone = active_zone(request)  # the user's own zone, or one in reach they picked
    if zone is None:
        messages.warning(request, _("请先在右上角选择要导出的开发区"))
        return redirect("approvals:item_list")
    name = f"审批事项目录_{zone.short_name or zone.name}_{timezone.localdate():%Y%m%d}.xlsx"
    return download(catalog.catalog_export(zone), name)
