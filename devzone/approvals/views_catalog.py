"""Pages of the catalog of approval items (审批事项目录): list, detail, create and edit, the Excel import with
its row-by-row report, the template and the export.

Scoping through ``ApprovalItem.objects.for_user``: another zone's item -> 404; an item in reach without the
right (a clerk editing) -> 403. Writes go through ``devzone.approvals.catalog``."""

from __future__ import annotations

from urllib.parse import quote

import django_filters as df
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from devzone.approvals import catalog
from devzone.approvals.choices import ItemKind, Stage
from devzone.approvals.forms_catalog import (
    CatalogImportForm,
    ItemForm,
    MaterialFormSet,
    SourceDepartmentForm,
    material_initial,
)
from devzone.approvals.models import ApprovalItem, SourceDepartment
from devzone.core import audit
from devzone.core.access import can, reach_of
from devzone.core.errors import DomainError
from devzone.core.filters import SearchFilterSet
from devzone.core.forms import style
from devzone.core.views import AUDIT_READERS
from devzone.core.zones import active_zone, narrow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


class ItemFilter(SearchFilterSet):
    search_fields = ("name", "code")
    source_department = df.ModelChoiceFilter(
        label=gettext_lazy("原职能部门"), queryset=SourceDepartment.objects.all()
    )
    stage = df.ChoiceFilter(label=gettext_lazy("审批阶段"), choices=Stage.choices)
    kind = df.ChoiceFilter(label=gettext_lazy("办件类型"), choices=ItemKind.choices)
    delegation_batch = df.ChoiceFilter(
        label=gettext_lazy("下放批次"),
        choices=[(1, gettext_lazy("第一批")), (2, gettext_lazy("第二批")), (3, gettext_lazy("第三批"))],
    )
    commitment_allowed = df.BooleanFilter(label=gettext_lazy("可告知承诺"))

    class Meta:
        model = ApprovalItem
        fields = ["source_department", "stage", "kind", "delegation_batch", "commitment_allowed"]

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        if zone is not None:
            f = self.filters["source_department"]
            f.queryset = f.extra["queryset"] = f.queryset.filter(zone=zone)


def _depth(item: ApprovalItem) -> int:
    """0 for a 主项, 1 for a 子项 or 办理项 under it, 2 for a 办理项 under a 子项 (parent is joined)."""
    if item.parent_id is None:
        return 0
    return 2 if item.parent.parent_id is not None else 1


def _scoped_item(request, pk: int, action: str = "view") -> ApprovalItem:
    item = get_object_or_404(
        ApprovalItem.objects.for_user(request.user, "view").select_related(
            "source_department", "parent__parent"
        ),
        pk=pk,
    )
    if action != "view" and not ApprovalItem.objects.for_user(request.user, action).filter(pk=pk).exists():
        raise PermissionDenied
    return item


def _can_maintain(user) -> bool:
    return can(user, "create", ApprovalItem) and can(user, "change", ApprovalItem)


@login_required
def item_list(request):
    if not can(request.user, "view", ApprovalItem):
        raise PermissionDenied
    zone = active_zone(request)
    qs = narrow(ApprovalItem.objects.for_user(request.user, "view"), request)
    fs = ItemFilter(request.GET or None, queryset=qs, request=request, zone=zone)
    style(fs.form)
    rows = fs.qs if fs.is_bound and fs.is_valid() else qs
    rows = rows.select_related("source_department", "parent").order_by("zone_id", "delegation_batch", "code")
    if zone is None:
        rows = rows.select_related("zone")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
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
    }
    return render(
        request,
        "approvals/item_list.html",
        {
            "filter": fs,
            "page": page,
            "rows": [(i, _depth(i)) for i in page.object_list],
            "query": query.urlencode(),
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


def _item_form_page(request, item: ApprovalItem, creating: bool):
    data = request.POST if request.method == "POST" else None
    form = ItemForm(data, instance=item, user=request.user)
    materials = MaterialFormSet(data, initial=None if data else material_initial(item), prefix="m")
    if request.method == "POST" and form.is_valid() & materials.is_valid():
        instance = form.save(commit=False)
        rows, keep = materials.rows(instance.code)
        seen = parse_datetime(request.POST.get("seen", "")) if request.POST.get("seen") else None
        try:
            saved = catalog.item_save(
                actor=request.user,
                item=instance,
                prerequisites=list(form.cleaned_data["prerequisites"]),
                steps=form.steps(),
                materials=rows,
                material_ids=keep,
                seen_updated_at=seen,
            )
        except DomainError as e:
            for fname, msgs in (e.errors or {"__all__": [e.message]}).items():
                for msg in msgs:
                    form.add_error(fname if fname in form.fields else None, msg)
        else:
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
    if not can(request.user, "create", ApprovalItem):
        raise PermissionDenied
    zone = active_zone(request)
    if zone is None:
        messages.warning(request, _("请先在右上角选择开发区"))
        return redirect("approvals:item_list")
    item = ApprovalItem(zone=zone)
    parent_pk = request.GET.get("parent", "")
    if parent_pk.isdigit():  # "add a 子项/办理项" from a 主项's page
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
    errors: list[str] = []
    if request.method == "POST" and zone is None:
        messages.warning(request, _("请先在右上角选择要导入的开发区"))
    elif request.method == "POST" and request.POST.get("action") == "department":
        dept_form = SourceDepartmentForm(request.POST, prefix="d")
        if dept_form.is_valid():
            try:
                dept = catalog.source_department_create(
                    actor=request.user, zone=zone, name=dept_form.cleaned_data["name"]
                )
            except DomainError as e:
                dept_form.add_error("name", e.message)
            else:
                messages.success(request, _("已添加原职能部门：%(d)s") % {"d": dept.name})
                return redirect("approvals:catalog_import")
    elif request.method == "POST":
        form = CatalogImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                items = catalog.catalog_import(
                    actor=request.user, zone=zone, data=form.cleaned_data["file"].read()
                )
            except DomainError as e:
                errors = [m for ms in (e.errors or {}).values() for m in ms] or [e.message]
                form.add_error(None, e.message)
            else:
                messages.success(request, _("已导入%(n)d个事项（新增或更新）") % {"n": len(items)})
                return redirect("approvals:item_list")
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
            "errors": errors,
            "zone": zone,
            "departments": departments,
            "can_add_department": can(request.user, "create", SourceDepartment),
        },
    )


@login_required
def catalog_template(request):
    resp = HttpResponse(catalog.catalog_template(), content_type=XLSX)
    resp["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote("审批事项目录模板.xlsx")
    return resp


@login_required
def catalog_export(request):
    """The active zone's catalog in the import layout."""
    if not can(request.user, "view", ApprovalItem):
        raise PermissionDenied
    zone = active_zone(request)  # the user's own zone, or one in reach they picked
    if zone is None:
        messages.warning(request, _("请先在右上角选择要导出的开发区"))
        return redirect("approvals:item_list")
    resp = HttpResponse(catalog.catalog_export(zone), content_type=XLSX)
    name = f"审批事项目录_{zone.short_name or zone.name}_{timezone.localdate():%Y%m%d}.xlsx"
    resp["Content-Disposition"] = "attachment; filename*=UTF-8''" + quote(name)
    return resp
