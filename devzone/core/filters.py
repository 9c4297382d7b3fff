"""Filter sets shared by the pages and the API."""

import re

import django_filters as df
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from devzone.core import models as m
from devzone.core.choices import AreaKind, DepartmentKind, Education, EmploymentType, ProjectPhase, Rank, Role
from devzone.core.errors import DomainError, check_id

BOOLEAN_WIDGET = forms.Select(choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))])
PAGING_PARAMS = ("page", "page_size")
SEARCH_MAX_LENGTH = 100


def api_rows(filterset, request, queryset, **kwargs):
    """The rows of an API list through the page's own FilterSet, read from the query string. Every list answers a
    value its filters refuse (an unknown status, a zone out of reach, a non-number) the same way: 400 with the
    message under the field's name, never a silently unfiltered list."""
    texts = {name for name, f in filterset.base_filters.items() if isinstance(f, df.CharFilter)}
    params = {k: v if k in texts else _whole(v) for k, v in request.GET.items() if k not in PAGING_PARAMS}
    fs = filterset(params, queryset=queryset, request=request, **kwargs)
    if not fs.is_valid():
        raise DomainError(_("筛选条件有误"), {k: [str(e) for e in v] for k, v in fs.errors.items()})
    return fs.qs


WHOLE_WRITTEN_WITH_POINT = re.compile(r"(-?[0-9]+)\.0+")


def _whole(value: str) -> str:
    """A whole number written with a point (``2.0``) is that number: the API describes its ids, quarters and
    levels as JSON Schema integers, for which 2.0 is 2 (and the schema check in front of ``api_rows`` took it as
    2), while the FilterSet's fields would refuse the text."""
    match = WHOLE_WRITTEN_WITH_POINT.fullmatch(value)
    return match.group(1) if match else value


def query_param(request, name: str, field: forms.Field, default=None, *, data=None):
    """One query-string parameter of a page that has no filter bar (a year, a kind), cleaned by a form field:
    its value, or ``default`` when it is absent or the field refuses it (a link's bad value shows the default
    page, never a 500). ``data`` reads it from elsewhere (``request.POST`` for a button's hidden field)."""
    raw = (request.GET if data is None else data).get(name)
    if raw is None or raw == "":
        return default
    try:
        return field.clean(raw)
    except ValidationError:
        return default


def year_field() -> forms.IntegerField:
    """A year a page is asked for (``?year=2026``): 2000–2100, whatever else is the default year."""
    return forms.IntegerField(min_value=2000, max_value=2100)


def page_filter(filterset, request, queryset, *, hide: tuple[str, ...] = (), **kwargs):
    """A page's filter bar over ``queryset``, read from the query string without its pager parameters (``page``,
    or a second list's ``…_page``) and styled for ``_filter_bar.html``; ``.qs`` gives the rows to page. ``hide``
    drops filters the page itself fixes (the zone of a zone's page, the campaign of a campaign's page)."""
    from devzone.core.forms import style

    params = request.GET.copy()
    for key in [k for k in params if k in PAGING_PARAMS or k.endswith("_page") or k in hide]:
        params.pop(key)
    fs = filterset(params or None, queryset=queryset, request=request, **kwargs)
    for name in hide:
        del fs.filters[name]
    style(fs.form)
    return fs


class SearchFilterSet(df.FilterSet):
    # A search term is a few words: a longer one (in ``q`` or any other text filter) is refused beside the field
    # (SQLite cannot even run a LIKE of 100,000 characters), never sent to the database.
    q = df.CharFilter(label=_("搜索"), method="search")
    search_fields: tuple[str, ...] = ("name",)
    # Identifiers stored in upper-case ASCII (credit codes, project codes): matched against the upper-cased
    # term without UPPER() on every row (which costs PostgreSQL more than the rest of the scan), and only by
    # an ASCII term (a Chinese term cannot occur in them). Same matches as icontains, half the work.
    code_fields: tuple[str, ...] = ()

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for f in self.filters.values():
            if isinstance(f, df.BooleanFilter):
                f.extra["widget"] = BOOLEAN_WIDGET
            elif isinstance(f, df.CharFilter):  # every text filter is a search: a few words, never a page
                f.extra.setdefault("max_length", SEARCH_MAX_LENGTH)
            elif isinstance(f, df.ChoiceFilter | df.ModelChoiceFilter):
                f.extra["empty_label"] = _("全部")
            # A ModelChoiceFilter builds its field from ``f.queryset`` (copied over ``extra`` then): scope it.
            qs = getattr(f, "queryset", None)
            if qs is not None and hasattr(qs, "for_user"):
                f.queryset = f.extra["queryset"] = qs.for_user(user)

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        # A term without cased letters (Chinese, digits) matches the same rows with or without case folding, so
        # it skips UPPER() on every row, which is most of what a PostgreSQL scan costs.
        lookup = "icontains" if value.upper() != value.lower() else "contains"
        cond = Q()
        for f in self.search_fields:
            cond |= Q(**{f"{f}__{lookup}": value})
        if value.isascii():
            for f in self.code_fields:
                cond |= Q(**{f"{f}__contains": value.upper()})
        return qs.filter(cond)


class ZoneFilter(SearchFilterSet):
    search_fields = ("name", "short_name")

    class Meta:
        model = m.Zone
        fields = ["level", "operator", "is_pilot"]


class AreaFilter(SearchFilterSet):
    kind = df.ChoiceFilter(label=_("类型"), choices=AreaKind.choices)

    class Meta:
        model = m.Area
        fields = ["kind"]


class DepartmentFilter(SearchFilterSet):
    kind = df.ChoiceFilter(label=_("类型"), choices=DepartmentKind.choices)
    status = df.ChoiceFilter(
        label=_("状态"), choices=[("active", _("现有")), ("abolished", _("已撤销"))], method="by_status"
    )

    class Meta:
        model = m.Department
        fields = ["kind"]

    def by_status(self, qs, name, value):
        return qs.filter(abolished_on__isnull=(value == "active"))


class PostFilter(SearchFilterSet):
    rank = df.ChoiceFilter(label=_("职级"), choices=Rank.choices)

    class Meta:
        model = m.Post
        fields = ["department", "rank"]


class StaffFilter(SearchFilterSet):
    search_fields = ("name", "employee_no")
    employment_type = df.ChoiceFilter(label=_("用工类型"), choices=EmploymentType.choices)
    education = df.ChoiceFilter(label=_("学历"), choices=Education.choices)
    rank = df.ChoiceFilter(label=_("职级"), choices=Rank.choices)

    class Meta:
        model = m.Staff
        fields = ["department", "employment_type", "education", "rank", "is_active"]


class EnterpriseFilter(SearchFilterSet):
    code_fields = ("credit_code",)

    class Meta:
        model = m.Enterprise
        fields = ["foreign_invested"]


class ProjectFilter(SearchFilterSet):
    code_fields = ("project_code",)
    phase = df.ChoiceFilter(label=_("阶段"), choices=ProjectPhase.choices)
    min_investment = df.NumberFilter(
        label=_("总投资不低于（万元）"), field_name="total_investment", lookup_expr="gte"
    )

    class Meta:
        model = m.Project
        fields = ["phase", "is_key", "area", "min_investment"]


class PersonFilter(SearchFilterSet):
    """People and their accounts (core.selectors.person_list): by role, status and zone, or a search over the
    user name, the name, the 工号 and the enterprise."""

    search_fields = (
        "user__username",
        "display_name",
        "staff__name",
        "staff__employee_no",
        "enterprise__name",
    )
    role = df.ChoiceFilter(label=_("角色"), choices=[c for c in Role.choices if c[0] != Role.SYSTEM])
    active = df.BooleanFilter(label=_("启用"), field_name="user__is_active")
    zone = df.ModelChoiceFilter(label=_("开发区"), queryset=m.Zone.objects.all())

    class Meta:
        model = m.Profile
        fields = ["q", "role", "active", "zone"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        from devzone.core.access import reach_of

        if reach_of(getattr(request, "user", None)).kind != "city":  # one zone: nothing to choose
            del self.filters["zone"]


# the words the API's typed ``bool`` query parameters take (pydantic's, any case), so that a yes/no filter reads
# the same value the same way on the page and in the API
TRUE_WORDS = frozenset({"1", "true", "yes", "on", "t", "y"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "f", "n"})


class FlagField(forms.NullBooleanField):
    """A yes/no query parameter: true or false by ``TRUE_WORDS``/``FALSE_WORDS``, anything else unset (no
    filter)."""

    def to_python(self, value):
        word = str(value).strip().lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


class FlagFilter(df.BooleanFilter):
    field_class = FlagField


class RowChoiceField(forms.ModelChoiceField):
    """A row by its id; an id that is not a database integer is refused before any query."""

    def to_python(self, value):
        if value not in self.empty_values and self.queryset.model._meta.pk.get_internal_type().endswith(
            "AutoField"
        ):
            if check_id(value) is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RowFilter(df.ModelChoiceFilter):
    field_class = RowChoiceField


class StrictFilterSet(SearchFilterSet):
    """A filter value that names nothing (another zone's row, garbage) gives no rows, not every row."""

    @property
    def qs(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    def by_id(self, qs, name, value):
        pk = check_id(value)
        return qs.filter(**{name: pk}) if pk is not None else qs.none()
