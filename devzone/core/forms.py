"""Forms. ``ScopedModelForm`` narrows every choice field to the rows the user may see (a department or post
from another zone can never be chosen, even by a forged POST)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from devzone.core import models as m
from devzone.core import personal
from devzone.core.access import reach_of
from devzone.core.choices import Role
from devzone.core.codes import CodeError, normalize_credit_code, validate_credit_code
from devzone.core.errors import DomainError


class LoginForm(AuthenticationForm):
    """The login form; an account is locked from one source after five failures (django-axes), and a source
    that fails on many accounts (password spraying) must wait (``core.ratelimit.login_source``, counted and
    enforced by the authentication backend for every login path: ``core.backends``; checked here first only to
    say why)."""

    error_messages = {
        "invalid_login": _("用户名或密码错误。连续失败5次将锁定15分钟。"),
        "inactive": _("该账号已停用。"),
        "source_locked": _("从您所在网络登录失败的次数过多，请15分钟后再试。"),
    }

    def clean(self):
        from devzone.core import registry
        from devzone.core.clientip import address
        from devzone.core.ratelimit import login_source

        source = address(self.request) if self.request else ""
        if login_source().exceeded(source):
            raise ValidationError(self.error_messages["source_locked"], code="source_locked")
        # the account the typed name stands for (a candidate types their phone number), before anything —
        # authentication, the lockout and its records — reads the name
        if self.cleaned_data.get("username"):
            self.cleaned_data["username"] = registry.account_name(self.cleaned_data["username"])
        return super().clean()


def date_input() -> forms.DateInput:
    """A browser date picker; its value must be ISO (YYYY-MM-DD) whatever the UI language's date format."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def style(form: forms.BaseForm) -> None:
    """Tabler/Bootstrap classes on every widget, a drop-down's empty choice that reads 请选择 instead of
    Django's "---------", and a drop-down of rows fetched by one plain query (``FetchedChoices``)."""
    for field in form.fields.values():
        _empty_choice_label(field)
        if isinstance(field, forms.ModelChoiceField):
            field.iterator = FETCHED_CHOICES.get(field.iterator, field.iterator)
            field.widget.choices = field.choices  # the widget holds the iterator it was given
        w = field.widget
        if isinstance(w, forms.CheckboxInput | forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect
            css = "form-check-input"
        elif isinstance(w, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        w.attrs["class"] = (w.attrs.get("class", "") + " " + css).strip()


class FetchedChoices(ModelChoiceIterator):
    """A drop-down's rows by one plain query. Django reads them through ``QuerySet.iterator()``, which on
    PostgreSQL opens a server-side cursor (DECLARE … WITH HOLD, FETCH, CLOSE: three round trips and a
    materialised result) for what are a few dozen rows: the areas of a project filter cost a list page about
    2 ms that way. The rows are rendered whole anyway, so fetching them at once holds no more in memory."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class FetchedFilterChoices(filter_fields.ModelChoiceIterator, FetchedChoices):
    """django-filter's drop-down (its 全部 and null choices) over ``FetchedChoices``."""


FETCHED_CHOICES = {
    ModelChoiceIterator: FetchedChoices,
    filter_fields.ModelChoiceIterator: FetchedFilterChoices,
}


def _empty_choice_label(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
        if field.empty_label == "---------":  # Django's; a filter's own 全部 stays
            field.empty_label = _("请选择")
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if choices and choices[0] == ("", "---------"):
            field.choices = [("", _("请选择")), *choices[1:]]


def mark_invalid(form: forms.BaseForm) -> None:
    """Bootstrap's red border on every field that has an error."""
    if not form.is_bound:
        return
    for name in form.errors:
        if name in form.fields:
            w = form.fields[name].widget
            w.attrs["class"] = (w.attrs.get("class", "") + " is-invalid").strip()


def run_checks(form: forms.BaseForm, *checks) -> None:
    """Run a service's checks of single fields in a form's ``clean``, all of them, so that every problem shows at
    once, each on its own field (the service itself stops at the first). A check is a callable raising the
    service's ``DomainError``; its messages go onto the fields it names that have no error yet (a field already
    refused, or a second problem of the same field, shows once), else onto the form. A check reads the cleaned
    values itself and does nothing when one it needs is missing."""
    for check in checks:
        try:
            check()
        except DomainError as e:
            for field, messages in (e.errors or {"__all__": [e.message]}).items():
                if field not in form.fields:
                    form.add_error(None, messages)
                elif field not in form.errors:
                    form.add_error(field, messages)


class CreditCodeField(forms.CharField):
    """A unified social credit code (GB 32100): blank, or checked and normalized (upper case, no spaces around),
    the reason of a refusal in the reader's language. A disabled field (a code the row already holds) is taken as
    it is."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_credit_code(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value and not self.disabled:
            try:
                validate_credit_code(value)
            except CodeError as e:
                raise ValidationError(e.reason, code=f"credit_{e.code}") from None


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class VersionedForm(StyledForm):
    """A bare move's form: the version of the row the person saw (409 when it is stale; empty: not checked)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ScopedModelForm(forms.ModelForm):
    """Model form for a zone-owned row. A zone user's rows go to their zone (no zone field); a city user
    picks one of the city's zones."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        reach = reach_of(user)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and hasattr(field.queryset, "for_user"):
                field.queryset = field.queryset.for_user(user, "view")
        if "zone" in self.fields:
            # A row never moves between zones; only a city user creating a row picks its zone.
            if reach.kind != "city" or self.instance.pk:
                del self.fields["zone"]
            else:
                self.fields["zone"].queryset = self.fields["zone"].queryset.filter(merged_into__isnull=True)
        if self.instance.pk is None and reach.kind == "zone" and hasattr(self.instance, "zone_id"):
            self.instance.zone_id = reach.zone_id
        if self.instance.pk is None and isinstance(self.instance, m.Zone):
            self.instance.city_id = reach.city_id  # a city officer creates zones in their own city
        style(self)

    def clean(self):
        data = super().clean()
        zone_id = data["zone"].pk if data.get("zone") else getattr(self.instance, "zone_id", None)
        if zone_id is not None:
            for name, value in list(data.items()):  # add_error takes the field out of data
                owner = getattr(value, "zone_id", None)
                if name != "zone" and owner is not None and owner != zone_id:
                    self.add_error(name, _("所选项不属于该开发区"))
        return data


class ZoneForm(ScopedModelForm):
    class Meta:
        model = m.Zone
        fields = [
            "name",
            "short_name",
            "level",
            "is_pilot",
            "operator",
            "operating_company",
            "established_on",
            "leading_industries",
        ]
        widgets = {
            "established_on": date_input(),
            "leading_industries": forms.SelectMultiple(attrs={"size": 8}),
        }

    def clean_leading_industries(self):
        chosen = self.cleaned_data.get("leading_industries")
        if chosen is not None and len(chosen) and not 2 <= len(chosen) <= 3:
            raise forms.ValidationError(_("主导产业须为2–3个（或暂不设定）"))
        return chosen


class AreaForm(ScopedModelForm):
    class Meta:
        model = m.Area
        fields = ["zone", "name", "kind", "area_km2", "description"]


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = m.Department
        fields = ["zone", "name", "kind", "headcount_quota", "order", "established_on", "abolished_on"]
        widgets = {
            "established_on": date_input(),
            "abolished_on": date_input(),
        }
        error_messages = {"headcount_quota": {"min_value": _("员额不能为负数")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["headcount_quota"].widget.attrs["min"] = 0


def offer_active_departments(form: ScopedModelForm) -> None:
    """Departments (and a staff member's posts) in being only: an abolished department takes no new posts or
    people (``Post.clean``, ``Staff.clean``). A row already in one keeps it on offer, so its other fields can
    still be edited."""
    from django.db.models import Q

    row = form.instance
    keep = Q(pk=row.department_id) if row.pk and row.department_id else Q(pk__in=[])
    field = form.fields["department"]
    field.queryset = field.queryset.filter(Q(abolished_on__isnull=True) | keep)
    if "post" in form.fields:
        keep = Q(pk=row.post_id) if row.pk and row.post_id else Q(pk__in=[])
        field = form.fields["post"]
        field.queryset = field.queryset.filter(Q(department__abolished_on__isnull=True) | keep)


class PostForm(ScopedModelForm):
    class Meta:
        model = m.Post
        fields = ["zone", "department", "name", "rank", "value_coefficient", "headcount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_active_departments(self)


class StaffForm(ScopedModelForm):
    class Meta:
        model = m.Staff
        fields = [
            "zone",
            "employee_no",
            "name",
            "gender",
            "birth_date",
            "education",
            "employment_type",
            "rank",
            "rank_since",
            "department",
            "post",
            "hired_on",
            "phone",
            "is_active",
        ]
        widgets = {
            "birth_date": date_input(),
            "hired_on": date_input(),
            "rank_since": date_input(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_active_departments(self)
        # Someone who may change the row but not see its personal data (core.personal: the system
        # administrator) gets those fields write-only: empty, the masked value as a hint, blank keeps the value.
        self.kept: dict[str, object] = {}
        if self.instance.pk and not personal.sees_personal(self.user, self.instance):
            for name in personal.PERSONAL_FIELDS:
                if name not in self.fields:
                    continue
                value = getattr(self.instance, name)
                self.kept[name] = value
                self.initial[name] = ""
                field = self.fields[name]
                field.required = False
                shown = personal.shown(self.user, self.instance, name, value) or "—"
                field.widget.attrs["placeholder"] = shown
                field.help_text = _("现为%(value)s（仅本人、领导与人事人员可见）；留空则不变") % {
                    "value": shown
                }

    def _kept_or(self, name: str):
        value = self.cleaned_data.get(name)
        return self.kept[name] if name in self.kept and value in (None, "") else value

    def clean_birth_date(self):
        return self._kept_or("birth_date")

    def clean_phone(self):
        return self._kept_or("phone")


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = m.Enterprise
        fields = [
            "zone",
            "name",
            "credit_code",
            "industry",
            "foreign_invested",
            "registered_capital",
            "address",
            "contact_name",
            "contact_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = m.Industry.objects.filter(parent__isnull=False)

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data["credit_code"])


class ProjectForm(ScopedModelForm):
    class Meta:
        model = m.Project
        fields = [
            "zone",
            "name",
            "enterprise",
            "area",
            "industry",
            "project_code",
            "total_investment",
            "land_area_mu",
            "is_key",
            "phase",
            "signed_on",
            "description",
        ]
        widgets = {
            "signed_on": date_input(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = m.Industry.objects.filter(parent__isnull=False)

    def clean_project_code(self):
        return self.cleaned_data["project_code"].strip()


class StaffImportForm(StyledForm):
    file = forms.FileField(label=_("台账文件（.xlsx）"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件"))
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("文件超过5MB"))
        return f


class ProjectCodesImportForm(StaffImportForm):
    file = forms.FileField(label=_("赋码清单（投资项目在线审批监管平台导出的 .xlsx）"))


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """Several rows by id (a multi-select). An id no 64-bit integer holds is an invalid choice like any id of no
    row: Django looks the ids up with ``IN (…)``, where such a value raises OverflowError on SQLite (a single
    ``ModelChoiceField``'s exact lookup already answers "no row" by itself)."""

    INTEGER_KEYS = ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField")

    def _check_values(self, value):
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        if key.get_internal_type() in self.INTEGER_KEYS:
            for v in value:
                try:
                    n = int(v)
                except (TypeError, ValueError):
                    continue  # not a number: Django's own invalid_pk_value
                if not -(2**63) <= n < 2**63:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": v}
                    )
        return super()._check_values(value)


class StaffTransferForm(StyledForm):
    staff = RowsChoiceField(label=_("人员"), queryset=m.Staff.objects.none())
    department = forms.ModelChoiceField(label=_("调入部门"), queryset=m.Department.objects.none())
    post = forms.ModelChoiceField(label=_("岗位"), queryset=m.Post.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = m.Staff.objects.for_user(user, "change")
        self.fields["department"].queryset = m.Department.objects.for_user(user).filter(
            abolished_on__isnull=True
        )
        self.fields["post"].queryset = m.Post.objects.for_user(user)


class ZoneMergeForm(StyledForm):
    sources = RowsChoiceField(label=_("被整合的开发区"), queryset=m.Zone.objects.none())
    target = forms.ModelChoiceField(label=_("整合为"), queryset=m.Zone.objects.none())
    merged_on = forms.DateField(label=_("整合日期"), widget=date_input())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        zones = m.Zone.objects.for_user(user, "change").filter(merged_into__isnull=True)
        self.fields["sources"].queryset = zones
        self.fields["target"].queryset = zones


class CalendarDayForm(StyledForm):
    date = forms.DateField(label=_("日期"), widget=date_input())
    is_workday = forms.TypedChoiceField(
        label=_("类型"),
        choices=[("0", _("休息日（休）")), ("1", _("工作日（班）"))],
        coerce=lambda v: v == "1",
    )
    name = forms.CharField(label=_("说明"), max_length=40, required=False)
    source = forms.CharField(
        label=_("依据"), max_length=200, help_text=_("调整所依据的文件及文号，如 国办发明电〔2025〕7号")
    )


class CalendarYearForm(StyledForm):
    year = forms.IntegerField(label=_("年份"), min_value=2004, max_value=2100)
    file = forms.FileField(label=_("官方安排（.xlsx：日期、类型 休/班、名称）"))
    source = forms.CharField(
        label=_("依据"),
        max_length=200,
        help_text=_("国务院办公厅放假安排通知的文号，如 国办发明电〔2025〕7号"),
    )


class TokenForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=60)
    days_valid = forms.IntegerField(label=_("有效期（天）"), min_value=1, initial=365)
    read_only = forms.BooleanField(label=_("只读（不能修改数据）"), required=False)


class OtpCodeForm(StyledForm):
    code = forms.CharField(
        label=_("验证码"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class OtpResetForm(StyledForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    reason = forms.CharField(label=_("重置原因"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


# --- people and accounts (core.services.people) --------------------------------------------------------------
def _role_choices(user) -> list[tuple[str, str]]:
    from devzone.core.services.people import grantable_roles

    labels = dict(Role.choices)
    return [(r, labels[r]) for r in grantable_roles(user)]


class _PlacementForm(StyledForm):
    """The role and where it sits: the zone (a city administrator picks one), the staff record by 工号 and the
    enterprise by its credit code (text fields, never a drop-down of every row)."""

    role = forms.ChoiceField(label=_("角色"))
    zone = forms.ModelChoiceField(label=_("开发区"), queryset=m.Zone.objects.none(), required=False)
    staff_no = forms.CharField(
        label=_("工号"), max_length=20, required=False, help_text=_("工作人员台账中的工号，账号与之关联")
    )
    credit_code = forms.CharField(
        label=_("企业统一社会信用代码"), max_length=18, required=False, help_text=_("仅企业用户填写")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("请选择")), *_role_choices(user)]
        if reach_of(user).kind == "city":
            self.fields["zone"].queryset = m.Zone.objects.for_user(user).filter(merged_into__isnull=True)
            self.fields["zone"].help_text = _("开发区角色填写；市级角色不填")
        else:
            del self.fields["zone"]
        style(self)


class PersonCreateForm(_PlacementForm):
    username = forms.CharField(label=_("用户名"), max_length=30, help_text=_("登录用，字母、数字和 . _ -"))
    display_name = forms.CharField(
        label=_("姓名"), max_length=30, required=False, help_text=_("不填则取工作人员台账中的姓名")
    )
    field_order = ["username", "display_name", "role", "zone", "staff_no", "credit_code"]


class PersonRoleForm(_PlacementForm):
    reason = forms.CharField(label=_("调整原因"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["staff_no"].help_text = _(
            "不填则保持原关联；调往其他开发区时填写新开发区的工号，不填则不关联"
        )
        self.fields["credit_code"].help_text = _("不填则保持原企业")


class PersonReasonForm(StyledForm):
    reason = forms.CharField(label=_("原因"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class PersonIdentityForm(StyledForm):
    subject = forms.CharField(
        label=_("身份标识（sub）"),
        max_length=255,
        help_text=_("统一身份认证平台上此人的用户标识，由平台管理员提供"),
    )
    reason = forms.CharField(label=_("关联依据"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class PersonUnlinkForm(StyledForm):
    link = forms.TypedChoiceField(label=_("身份关联"), coerce=int)
    reason = forms.CharField(label=_("原因"), max_length=200, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, links=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].choices = [(link.pk, link.subject) for link in links]


class PasswordSetForm(StyledForm):
    password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
    )
    password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class PasswordChangeForm(PasswordSetForm):
    """One's own password (``core.services.accounts.password_change``): the current one, then the new one twice
    as the one-time link asks for it."""

    current_password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["current_password", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].widget.attrs.pop("autofocus", None)  # the current password comes first
