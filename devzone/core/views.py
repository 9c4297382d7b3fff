"""Pages of the core app. Views are thin: scoping comes from ``for_user``, writes from the services.

Out of scope -> 404 (another zone's rows never reveal their existence); in scope without the right -> 403."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views import View

from devzone.core import audit, filters, forms, personal
from devzone.core import models as m
from devzone.core.access import can, reach_of, require_right
from devzone.core.choices import Role
from devzone.core.errors import ConflictError, check_id
from devzone.core.forms import mark_invalid
from devzone.core.services import object_create, object_update
from devzone.core.templatetags.devzone import show, wan
from devzone.core.web import page_of, refusals, safe_next
from devzone.core.zones import narrow

AUDIT_READERS = {Role.SYSADMIN, Role.ZONE_LEADER, Role.CITY_OFFICER}


@dataclass
class Spec:
    """Everything the generic pages need to know about one entity."""

    name: str  # url prefix, e.g. "staff"
    model: type
    form: type
    filterset: type
    columns: list[tuple[str, str]]  # (label, attribute path; a path ending in _display calls get_X_display)
    # The fields a detail page shows; by default the form's (what can be entered can be read back).
    detail_fields: list[str] | None = None
    select_related: list[str] = field(default_factory=list)
    zone_path: str = "zone"
    # Pages of other modules about the same row: (label, URL name taking the row's pk, attribute that must be
    # true or ""). Core names them only by URL, so it never imports a module that depends on it.
    links: list[tuple[str, str, str]] = field(default_factory=list)
    # Rows carrying personal data (core.personal): how a user sees a field's value, and an audit event's
    # changes. ``shown(user, obj, name, value)``, ``changes_shown(user, obj, changes)``.
    shown: Callable | None = None
    changes_shown: Callable | None = None
    money: tuple[str, ...] = ()  # columns in 万元, shown as their reader counts (708亿元)

    @property
    def title(self) -> str:
        return self.model._meta.verbose_name_plural


def resolve(obj, path: str):
    for part in path.split("."):
        if obj is None:
            return ""
        attr = getattr(obj, part)
        obj = attr() if callable(attr) else attr
    return obj


def list_cells(spec: Spec, rows) -> list[tuple]:
    """Each row with its cells as they read (dates in Beijing time, 是/否, amounts in 万元/亿元, a choice by its
    label): formatted here once, not by a filter and a test per cell in the template (most of a list page's
    rendering time). A choice column (``get_X_display``) reads its labels from one table per page instead of
    Django's lookup per cell."""
    labels = {}
    for _label, column in spec.columns:
        if column.startswith("get_") and column.endswith("_display") and "." not in column:
            field = spec.model._meta.get_field(column[4 : -len("_display")])
            labels[column] = (field.attname, {k: str(v) for k, v in field.flatchoices})

    def cell(obj, column):
        if column in labels:
            attname, table = labels[column]
            value = getattr(obj, attname)
            return table.get(value, value)
        value = resolve(obj, column)
        return wan(value) if column in spec.money else show(value)

    return [(obj, [cell(obj, column) for _label, column in spec.columns]) for obj in rows]


def listed_related(spec: Spec) -> list:
    """The related rows the list's columns show (``enterprise.name``, or ``zone`` printed as itself): only those
    are fetched for a page, not every relation the detail page joins; a relation read for plain fields of its own
    (``enterprise.name``) brings those fields only."""
    shown: dict[str, set[str] | None] = {}
    for _label, column in spec.columns:
        head, _dot, rest = column.partition(".")
        field = _field(spec.model, head)
        if field is None or not field.is_relation:
            continue
        # only a forward key's row can come narrowed: a reverse or many-to-many prefetch matches its rows by
        # columns of theirs that a narrowed row would leave out
        forward = field.concrete and not field.many_to_many
        sub = _field(field.related_model, rest) if forward and rest and "." not in rest else None
        if sub is None or sub.is_relation or shown.get(head, set()) is None:
            shown[head] = None  # printed as itself, reverse, or deeper: the whole row
        else:
            shown.setdefault(head, set()).add(sub.attname)
    return [
        head
        if names is None
        else Prefetch(
            head, queryset=spec.model._meta.get_field(head).related_model._base_manager.only("pk", *names)
        )
        for head, names in shown.items()
    ]


def listed_fields(spec: Spec) -> list[str] | None:
    """The columns a list page reads of its own rows (its link needs the key only), or None where a column is
    not a field (a property may read any): then the whole row."""
    names = []
    for _label, column in spec.columns:
        head = column.split(".", 1)[0]
        if head.startswith("get_") and head.endswith("_display"):
            head = head[4 : -len("_display")]
        field = _field(spec.model, head)
        if field is None or not field.concrete or field.many_to_many:  # a reverse relation has no column here
            return None
        names.append(field.attname)
    return ["pk", *names]


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def scoped_object(request, spec: Spec, pk: int, action: str = "view"):
    """404 when the row is outside the user's view scope; 403 when visible but not allowed for action."""
    obj = get_object_or_404(
        spec.model.objects.for_user(request.user, "view").select_related(*spec.select_related), pk=pk
    )
    if action != "view" and not spec.model.objects.for_user(request.user, action).filter(pk=pk).exists():
        raise PermissionDenied
    return obj


# An enterprise reads its own rows (its enterprise, its few projects): up to this many, a filter bar (staff
# filters such as 总投资不低于) is a screen of fields above them on a phone, and they are read faster than sought.
ENTERPRISE_FILTER_FROM = 6


def shows_filter(user, fs, page) -> bool:
    """Whether a list shows its filter bar: always for staff, and for an enterprise user once the list holds more
    than a handful of rows or is filtered already (the bar then clears the filter)."""
    if reach_of(user).kind != "enterprise" or fs.is_bound:
        return True
    return page.paginator.count >= ENTERPRISE_FILTER_FROM


class ListPage(LoginRequiredMixin, View):
    spec: Spec

    def get(self, request):
        require_right(request.user, "view", self.spec.model)
        # The related rows of the page come by one small query each (prefetch), not joined into the page query:
        # joined, the database joins every row it skips to reach a deep page or scans for a search (2,500
        # enterprise lookups for page 100 of the projects), and SQLite, looping over the zone table first,
        # sorts the whole zone instead of walking the (zone, ordering) index.
        qs = self.spec.model.objects.for_user(request.user, "view").prefetch_related(
            *listed_related(self.spec)
        )
        if fields := listed_fields(self.spec):
            qs = qs.only(*fields)
        if self.spec.model is not m.Zone:  # the zone list is the city's list of zones, whatever is picked
            qs = narrow(qs, request, self.spec.zone_path)
        fs = filters.page_filter(self.spec.filterset, request, qs)
        page = page_of(request, fs.qs)
        return render(
            request,
            "core/object_list.html",
            {
                "spec": self.spec,
                "filter": fs,
                "show_filter": shows_filter(request.user, fs, page),
                "page": page,
                "rows": list_cells(self.spec, page.object_list),
                "can_create": can(request.user, "create", self.spec.model),
                "create_url": reverse(f"core:{self.spec.name}_create"),
            },
        )


class DetailPage(LoginRequiredMixin, View):
    spec: Spec

    def get(self, request, pk):
        obj = scoped_object(request, self.spec, pk)
        fields = []
        for name in self.spec.detail_fields or self.spec.form._meta.fields:
            f = obj._meta.get_field(name)
            if f.many_to_many:
                value = "、".join(str(related) for related in getattr(obj, name).all())
            else:
                value = getattr(obj, f"get_{name}_display")() if f.choices else getattr(obj, name)
                if self.spec.shown is not None:
                    value = self.spec.shown(request.user, obj, name, value)
            fields.append((f.verbose_name, value))
        show_audit = reach_of(request.user).role in AUDIT_READERS
        changes_shown = self.spec.changes_shown or (lambda _user, _obj, changes: changes)
        links = []
        for label, url_name, condition in self.spec.links:
            if not condition or getattr(obj, condition):
                try:
                    links.append((label, reverse(url_name, args=[obj.pk])))
                except NoReverseMatch:  # the module is not installed
                    pass
        return render(
            request,
            "core/object_detail.html",
            {
                "spec": self.spec,
                "object": obj,
                "fields": fields,
                "links": links,
                "can_change": self.spec.model.objects.for_user(request.user, "change").filter(pk=pk).exists(),
                "edit_url": reverse(f"core:{self.spec.name}_edit", args=[pk]),
                "trail": [
                    (e, audit.readable(self.spec.model, changes_shown(request.user, obj, e.changes)))
                    for e in audit.trail_for(obj)[:50]
                ]
                if show_audit
                else None,
            },
        )


class FormPage(LoginRequiredMixin, View):
    spec: Spec
    creating: bool

    def get_object(self, request, pk):
        if self.creating:
            require_right(request.user, "create", self.spec.model)
            return self.spec.model()
        return scoped_object(request, self.spec, pk, "change")

    def render(self, request, form, obj):
        mark_invalid(form)
        return render(
            request,
            "core/object_form.html",
            {
                "spec": self.spec,
                "form": form,
                "object": obj,
                "creating": self.creating,
                "seen": obj.updated_at.isoformat() if getattr(obj, "updated_at", None) else "",
            },
        )

    def get(self, request, pk=None):
        obj = self.get_object(request, pk)
        return self.render(request, self.spec.form(instance=obj, user=request.user), obj)

    def post(self, request, pk=None):
        obj = self.get_object(request, pk)
        form = self.spec.form(request.POST, instance=obj, user=request.user)
        if form.is_valid():
            instance = form.save(commit=False)
            many = {
                f.name: form.cleaned_data[f.name]
                for f in instance._meta.many_to_many
                if f.name in form.cleaned_data
            }
            with refusals(request, form) as outcome:
                if self.creating:
                    object_create(actor=request.user, instance=instance, many=many)
                else:
                    seen = _seen_version(request.POST.get("seen", ""))
                    object_update(actor=request.user, instance=instance, seen_updated_at=seen, many=many)
            if not outcome.ok:
                return self.render(request, form, obj)
            messages.success(request, _("已保存"))
            return redirect(instance.get_absolute_url())
        return self.render(request, form, obj)


def _seen_version(value: str):
    """The version of the row the user edited (the form's hidden ``seen``, an aware ISO time), or None when the
    form carries none. A value that is no such time — a tampered or mangled form, "2026-02-30T10:00:00", a time
    without its offset — is refused as a stale copy (never a 500, never a silent overwrite)."""
    if not value:
        return None
    try:
        seen = parse_datetime(value)
    except ValueError:  # well-formed but impossible
        seen = None
    if seen is None or timezone.is_naive(seen):
        raise ConflictError(str(_("页面的版本信息无效，请刷新后重试")))
    return seen


SPECS = [
    Spec(
        "zone",
        m.Zone,
        forms.ZoneForm,
        filters.ZoneFilter,
        [
            (_("名称"), "name"),
            (_("城市"), "city"),
            (_("级别"), "get_level_display"),
            (_("管理模式"), "get_operator_display"),
            (_("改革试点"), "is_pilot"),
            (_("并入"), "merged_into"),
        ],
        [
            "name",
            "short_name",
            "city",
            "level",
            "is_pilot",
            "operator",
            "operating_company",
            "established_on",
            "merged_into",
            "merged_on",
            "leading_industries",
        ],
        select_related=["city", "merged_into"],
        zone_path="pk",
    ),
    Spec(
        "area",
        m.Area,
        forms.AreaForm,
        filters.AreaFilter,
        [
            (_("名称"), "name"),
            (_("类型"), "get_kind_display"),
            (_("面积（平方公里）"), "area_km2"),
            (_("开发区"), "zone"),
        ],
        select_related=["zone"],
    ),
    Spec(
        "department",
        m.Department,
        forms.DepartmentForm,
        filters.DepartmentFilter,
        [
            (_("名称"), "name"),
            (_("类型"), "get_kind_display"),
            (_("员额"), "headcount_quota"),
            (_("设立日期"), "established_on"),
            (_("撤销日期"), "abolished_on"),
            (_("开发区"), "zone"),
        ],
        select_related=["zone"],
    ),
    Spec(
        "post",
        m.Post,
        forms.PostForm,
        filters.PostFilter,
        [
            (_("岗位名称"), "name"),
            (_("部门"), "department.name"),
            (_("职级"), "get_rank_display"),
            (_("岗位价值系数"), "value_coefficient"),
            (_("岗位人数"), "headcount"),
        ],
        select_related=["zone", "department"],
    ),
    Spec(
        "staff",
        m.Staff,
        forms.StaffForm,
        filters.StaffFilter,
        [
            (_("工号"), "employee_no"),
            (_("姓名"), "name"),
            (_("部门"), "department.name"),
            (_("岗位"), "post.name"),
            (_("用工类型"), "get_employment_type_display"),
            (_("学历"), "get_education_display"),
            (_("职级"), "get_rank_display"),
        ],
        select_related=["zone", "department", "post"],
        shown=personal.shown,
        changes_shown=personal.masked_changes,
    ),
    Spec(
        "enterprise",
        m.Enterprise,
        forms.EnterpriseForm,
        filters.EnterpriseFilter,
        [
            (_("企业名称"), "name"),
            (_("统一社会信用代码"), "credit_code"),
            (_("行业"), "industry.local_name"),
            (_("外商投资企业"), "foreign_invested"),
            (_("开发区"), "zone"),
        ],
        select_related=["zone", "industry"],
        links=[(_("一企一策档案"), "services:enterprise_file", "")],
    ),
    Spec(
        "project",
        m.Project,
        forms.ProjectForm,
        filters.ProjectFilter,
        [
            (_("项目名称"), "name"),
            (_("企业"), "enterprise.name"),
            (_("总投资"), "total_investment"),
            (_("阶段"), "get_phase_display"),
            (_("重点项目"), "is_key"),
            (_("项目代码"), "project_code"),
            (_("签约日期"), "signed_on"),
        ],
        money=("total_investment",),
        select_related=["zone", "enterprise", "area", "industry"],
        links=[
            (_("时间表与进度"), "projects:project_detail", "is_key"),
            (_("审批路径"), "approvals:project_path", ""),
        ],
    ),
]


def spec_urls() -> list:
    patterns = []
    for spec in SPECS:
        attrs = {"spec": spec}
        patterns += [
            path(
                f"{spec.name}/",
                type(f"{spec.name}List", (ListPage,), attrs).as_view(),
                name=f"{spec.name}_list",
            ),
            path(
                f"{spec.name}/new/",
                type(f"{spec.name}Create", (FormPage,), attrs | {"creating": True}).as_view(),
                name=f"{spec.name}_create",
            ),
            path(
                f"{spec.name}/<int:pk>/",
                type(f"{spec.name}Detail", (DetailPage,), attrs).as_view(),
                name=f"{spec.name}_detail",
            ),
            path(
                f"{spec.name}/<int:pk>/edit/",
                type(f"{spec.name}Edit", (FormPage,), attrs | {"creating": False}).as_view(),
                name=f"{spec.name}_edit",
            ),
        ]
    return patterns


@login_required
def module_placeholder(request, slug):
    """An empty module says what will be there."""
    from devzone.core.context_processors import MODULES

    for key, label, summary in MODULES:
        if key == slug:
            return render(request, "core/module_placeholder.html", {"label": label, "summary": summary})
    raise Http404


@login_required
def switch_zone(request):
    """A city user narrows every page to one zone (or back to all)."""
    from devzone.core.zones import SESSION_KEY

    if request.method != "POST":
        return HttpResponse(status=405)
    zone_id = request.POST.get("zone") or ""
    if not zone_id:
        request.session.pop(SESSION_KEY, None)
    else:
        # check_id: plain ASCII digits only ("²" passes str.isdigit() but not int())
        zone = get_object_or_404(m.Zone.objects.for_user(request.user), pk=check_id(zone_id) or 0)
        request.session[SESSION_KEY] = zone.pk
    return redirect(safe_next(request, "/"))
