"""Forms of 大招商. Choice fields are scoped to what the user may see; the services decide the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import (
    CreditCodeField,
    RowsChoiceField,
    ScopedModelForm,
    StyledForm,
    date_input,
    run_checks,
    style,
)
from devzone.core.models import Industry, Project, Staff
from devzone.core.models.business import MAX_AMOUNT_WAN
from devzone.investment.choices import STAGE_INDEX, ActivityKind, ContractKind, LogKind, Period, Source, Stage
from devzone.investment.models import (
    Activity,
    InvestmentSettings,
    InvestmentTeam,
    Lead,
    TeamMember,
    TeamTarget,
)
from devzone.investment.services import INITIAL_STAGES, MANUAL_TARGETS
from devzone.investment.services.common import day
from devzone.investment.services.contracts import (
    check_contract_investment,
    check_groundbreaking_due,
    check_signed_on,
)


def amount(label, required=False, **kw):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_AMOUNT_WAN,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "min_value": _("不能为负数"),
            "max_value": _("超过上限（10,000亿元 = 100,000,000万元）"),
            "max_digits": _("数额过大"),
        },
        **kw,
    )


def divisions():
    return Industry.objects.filter(parent__isnull=False).order_by("code")


class _LeadFields(StyledForm):
    """The lead's own fields, shared by the registration and the edit form."""

    company_name = forms.CharField(label=_("企业名称"), max_length=100)
    credit_code = CreditCodeField(label=_("统一社会信用代码"), required=False)
    industry = forms.ModelChoiceField(label=_("行业（GB/T 4754大类）"), queryset=Industry.objects.none())
    intended_investment = amount(_("意向投资额（万元）"))
    source = forms.ChoiceField(label=_("来源"), choices=Source.choices)
    referrer = forms.CharField(label=_("推荐人（以商招商）"), max_length=60, required=False)
    team = forms.ModelChoiceField(label=_("小分队"), queryset=InvestmentTeam.objects.none())
    contact_name = forms.CharField(label=_("联系人"), max_length=30, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    is_local = forms.BooleanField(label=_("本地投资者"), required=False)
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LeadForm(_LeadFields):
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=Staff.objects.none(), required=False)
    stage = forms.ChoiceField(label=_("当前阶段"), choices=[(s, Stage(s).label) for s in INITIAL_STAGES])
    on = forms.DateField(label=_("登记日期"), widget=date_input(), required=False)
    activity = forms.ModelChoiceField(
        label=_("结识于（展会/拜访）"), queryset=Activity.objects.none(), required=False
    )
    # the registration's own fields come right after the team
    field_order = ["company_name", "credit_code", "industry", "intended_investment", "source", "referrer"]
    field_order += ["team", "owner", "stage", "on", "activity"]

    def __init__(self, *args, user, zone_id, **kwargs):
        super().__init__(*args, **kwargs)
        from devzone.investment.selectors import officers_for, teams_to_write_for

        self.fields["team"].queryset = teams_to_write_for(user, zone_id)
        self.fields["owner"].queryset = officers_for(user, zone_id)
        self.fields["industry"].queryset = divisions()
        acts = Activity.objects.for_user(user).order_by("-on")
        self.fields["activity"].queryset = acts.filter(zone_id=zone_id) if zone_id else acts
        if not self.is_bound:
            self._preselect(user)
        style(self)

    def _preselect(self, user) -> None:
        """An officer of one team registers for that team, and is himself the lead's owner: both chosen."""
        teams = list(self.fields["team"].queryset[:2])
        if len(teams) == 1 and not self.initial.get("team"):
            self.initial["team"] = teams[0].pk
        staff_id = getattr(getattr(user, "profile", None), "staff_id", None)
        if (
            staff_id
            and not self.initial.get("owner")
            and self.fields["owner"].queryset.filter(pk=staff_id).exists()
        ):
            self.initial["owner"] = staff_id

    def clean(self):
        """The registration's problems together: the fields' own, the referrer, and the date as the service
        checks it (not in the future, not before 2000)."""
        data = super().clean()
        if data.get("source") == Source.REFERRAL and not (data.get("referrer") or "").strip():
            self.add_error("referrer", _("以商招商的线索须填写推荐人"))
        on = data.get("on")
        run_checks(self, lambda: on and day("on", on, _("登记日期")))
        return data


class LeadEditForm(_LeadFields):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, zone_id, **kwargs):
        super().__init__(*args, **kwargs)
        from devzone.investment.selectors import teams_for

        self.fields["team"].queryset = teams_for(user, zone_id)
        self.fields["industry"].queryset = divisions()
        style(self)


class MoveForm(StyledForm):
    target = forms.ChoiceField(label=_("推进到"), choices=[])
    on = forms.DateField(label=_("日期"), widget=date_input())
    reason = forms.CharField(label=_("跳过阶段的理由"), max_length=200, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, current: str | None = None, **kwargs):
        """``current``: the lead's stage; only the stages after it are offered, the next one first, and a date
        field for each stage a jump may skip."""
        super().__init__(*args, **kwargs)
        after = [
            s
            for s in Stage.values
            if s in MANUAL_TARGETS and (current is None or STAGE_INDEX[s] > STAGE_INDEX[current])
        ]
        self.fields["target"].choices = [(s, Stage(s).label) for s in after]
        if after and not self.is_bound:
            self.initial.setdefault("target", after[0])
        for s in after[:-1]:
            self.fields[f"date_{s}"] = forms.DateField(
                label=_("“%(s)s”日期（被跳过时）") % {"s": Stage(s).label},
                widget=date_input(),
                required=False,
            )
        style(self)

    def skipped_dates(self) -> dict:
        return {
            s: self.cleaned_data.get(f"date_{s}")
            for s in MANUAL_TARGETS
            if self.cleaned_data.get(f"date_{s}")
        }


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("原因"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NoteForm(StyledForm):
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class AssignForm(StyledForm):
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=Staff.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, lead, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Staff.objects.filter(
            team_memberships__team_id=lead.team_id, team_memberships__is_active=True
        ).order_by("name")


class RecordForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[
            (k, LogKind(k).label)
            for k in (LogKind.NOTE, LogKind.ASSESSMENT, LogKind.REPORT, LogKind.REFERRER)
        ],
    )
    on = forms.DateField(label=_("日期"), widget=date_input(), required=False)
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(StyledForm):
    other = forms.ModelChoiceField(
        label=_("要并入本线索的另一条线索"),
        queryset=Lead.objects.none(),
        empty_label=_("请选择疑似重复的线索"),
    )

    def __init__(self, *args, user, lead, candidates=None, **kwargs):
        """``candidates``: the leads offered (the page's suggestions); any lead the user may change in the
        zone is accepted on submit."""
        super().__init__(*args, **kwargs)
        qs = Lead.objects.for_user(user, "change").unmerged().filter(zone_id=lead.zone_id).exclude(pk=lead.pk)
        if candidates is not None and not self.is_bound:
            qs = qs.filter(pk__in=[c.pk for c in candidates])
        self.fields["other"].queryset = qs.select_related("team")
        self.fields["other"].label_from_instance = lambda x: (
            f"{x.company_name}（{x.team}，{x.get_stage_display()}）"
        )


class ContractForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=ContractKind.choices)
    project_name = forms.CharField(label=_("项目名称"), max_length=100)
    project = forms.ModelChoiceField(
        label=_("已有项目"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("增资扩股，或同一项目再次签约（如框架协议后签正式合同）时选择；新项目留空"),
    )
    credit_code = CreditCodeField(label=_("统一社会信用代码"), required=False)
    contract_investment = amount(_("合同投资额（万元）"), required=True)
    land_mu = forms.DecimalField(
        label=_("计划用地（亩）"),
        required=False,
        min_value=0,
        max_value=100000,
        max_digits=10,
        decimal_places=2,
    )
    expected_output = amount(_("预计年产值（万元）"))
    expected_tax = amount(_("预计年税收（万元）"))
    signed_on = forms.DateField(label=_("签约日期"), widget=date_input())
    groundbreaking_due = forms.DateField(label=_("约定开工日期"), widget=date_input(), required=False)
    reason = forms.CharField(label=_("跳过阶段的理由"), max_length=200, required=False)
    # The lead's version when the form was opened: signing changes the lead, so the same form submitted twice
    # (a double click, a retry after a slow answer) signs once.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("签约表单不完整，请重新打开签约表单"),
            "invalid": _("签约表单不完整，请重新打开签约表单"),
        },
    )

    def __init__(self, *args, user, lead, **kwargs):
        """The signing firm is the lead's: a lead with a credit code (its own or its enterprise's) shows it,
        fixed; a lead without one asks for its firm's code, which the lead takes on signing."""
        super().__init__(*args, **kwargs)
        if lead.enterprise_id:
            self.fields["project"].queryset = Project.objects.for_user(user).filter(
                enterprise_id=lead.enterprise_id
            )
        code = self.fields["credit_code"]
        own = lead.credit_code or (lead.enterprise.credit_code if lead.enterprise_id else "")
        if own:
            code.disabled, code.initial = True, own
            code.help_text = _("签约企业即线索企业")
        else:
            code.required = True
            code.help_text = _("线索尚无统一社会信用代码：填写线索企业的代码，签约后记入线索")
        self.initial.setdefault("kind", ContractKind.NEW)
        self.initial.setdefault("version", lead.version)
        self.lead = lead
        style(self)

    def clean(self):
        """Every problem of the figures and dates at once, each on its field, by the signing's own checks (the
        amount above 0, the dates not in the future nor before the lead's last stage, the start of construction
        not before the signing); the service checks them again, and the rest, when it signs."""
        data = super().clean()
        amount_, signed, due = (
            data.get(k) for k in ("contract_investment", "signed_on", "groundbreaking_due")
        )
        run_checks(
            self,
            lambda: amount_ is not None and check_contract_investment(amount_),
            lambda: signed and check_signed_on(self.lead, signed),
            lambda: due and check_groundbreaking_due(due, signed),
        )
        return data


class FundsForm(StyledForm):
    funds_arrived = amount(_("到位资金（万元）"), required=True)
    # the funds the page showed: a page read before someone else recorded newer funds is refused, not saved over
    # them (the figure is the total so far, so a stale copy would silently lower it)
    seen = amount("", widget=forms.HiddenInput)


class ActivityForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("标题"), max_length=100)
    team = forms.ModelChoiceField(label=_("小分队"), queryset=InvestmentTeam.objects.none())
    on = forms.DateField(label=_("日期"), widget=date_input())
    end_on = forms.DateField(label=_("结束日期"), widget=date_input(), required=False)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # an id no database integer holds is an invalid choice, not a server error (RowsChoiceField)
    leads = RowsChoiceField(label=_("接触的线索"), queryset=Lead.objects.none(), required=False)

    def __init__(self, *args, user, zone_id, **kwargs):
        super().__init__(*args, **kwargs)
        from devzone.investment.selectors import teams_to_write_for

        self.fields["team"].queryset = teams_to_write_for(user, zone_id)
        leads = Lead.objects.for_user(user).unmerged().order_by("company_name")
        self.fields["leads"].queryset = leads.filter(zone_id=zone_id) if zone_id else leads
        style(self)


class ImportForm(StyledForm):
    file = forms.FileField(label=_("线索清单（.xlsx）"))


class IndustriesForm(StyledForm):
    industries = forms.ModelMultipleChoiceField(
        label=_("主导产业（2–3个，门类或大类）"),
        queryset=Industry.objects.order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )


class TeamForm(ScopedModelForm):
    class Meta:
        model = InvestmentTeam
        fields = ["zone", "name", "region", "station_city", "order", "is_active"]


class MemberForm(ScopedModelForm):
    class Meta:
        model = TeamMember
        fields = ["staff", "is_captain", "capacity"]


class TargetForm(ScopedModelForm):
    class Meta:
        model = TeamTarget
        fields = ["year", "contract_investment", "signed_projects", "over_1_yi", "over_10_yi"]


STALE_STAGES = Stage.values[: STAGE_INDEX[Stage.SIGNED]]


class SettingsForm(ScopedModelForm):
    """The zone's follow-up and counting rules, every figure a field of its own in Chinese (the model keeps
    the per-stage limits, the weights and the excluded industries as JSON)."""

    excluded = forms.ModelMultipleChoiceField(
        label=_("不计入业绩的行业（门类或大类）"),
        queryset=Industry.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("默认：K 房地产业、70 房地产业（大类）"),
    )

    class Meta:
        model = InvestmentSettings
        fields = [
            "big_lead_wan",
            "owner_within",
            "assessment_within",
            "referrer_within",
            "report_every",
            "default_capacity",
            "count_first_signing_only",
            "increase_counts_increment",
            "exclude_local",
        ]
        labels = {"big_lead_wan": _("大项目线索门槛（万元，≥ 此额须指定负责人并研判）")}

    def __init__(self, *args, readonly: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        from devzone.investment.selectors import INDICATOR_LABELS, INDICATORS

        limits = self.instance.stale_limits or {}
        for s in STALE_STAGES:
            self.fields[f"stale_{s}"] = forms.IntegerField(
                label=_("“%(s)s”阶段停滞上限（工作日）") % {"s": Stage(s).label},
                min_value=1,
                max_value=365,
                required=False,
                initial=limits.get(s),
                help_text=_("空白：该阶段不判停滞"),
            )
        weights = self.instance.weights or {}
        for k in INDICATORS:
            self.fields[f"weight_{k}"] = forms.DecimalField(
                label=_("权重：%(i)s") % {"i": INDICATOR_LABELS[k]},
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=weights.get(k, 0),
            )
        self.fields["excluded"].initial = list(self.instance.excluded_industries or [])
        order = [*self.Meta.fields[:6], *[f"stale_{s}" for s in STALE_STAGES], *self.Meta.fields[6:]]
        order += ["excluded", *[f"weight_{k}" for k in INDICATORS]]
        self.order_fields(order)
        style(self)
        if readonly:
            for field in self.fields.values():
                field.disabled = True

    def groups(self):
        """The fields in the three sections the page shows."""
        names = list(self.fields)
        follow = [n for n in names if n in self.Meta.fields[:6] or n.startswith("stale_")]
        counting = [n for n in names if n in self.Meta.fields[6:] or n == "excluded"]
        weights = [n for n in names if n.startswith("weight_")]
        return [
            (_("跟进规则"), [self[n] for n in follow]),
            (_("计数规则"), [self[n] for n in counting]),
            (_("排行榜指标权重"), [self[n] for n in weights]),
        ]

    def clean(self):
        data = super().clean()
        from devzone.investment.selectors import INDICATORS

        weights = [data.get(f"weight_{k}") for k in INDICATORS]
        if all(w is not None for w in weights) and sum(weights) <= 0:
            raise forms.ValidationError(_("排行榜指标权重合计须大于0"))
        return data

    def save(self, commit=True):
        from devzone.investment.selectors import INDICATORS

        row = super().save(commit=False)
        d = self.cleaned_data
        row.stale_limits = {s: d[f"stale_{s}"] for s in STALE_STAGES if d.get(f"stale_{s}")}
        row.weights = {k: int(w) if w == int(w) else float(w) for k in INDICATORS for w in [d[f"weight_{k}"]]}
        row.excluded_industries = sorted(i.pk for i in d.get("excluded") or [])
        if commit:
            row.save()
        return row


# --- the analytic pages' parameters (a value a form refuses falls back to the page's default) -------------
class FunnelParams(forms.Form):
    by = forms.ChoiceField(choices=[(g, g) for g in ("team", "source", "industry", "owner")], required=False)
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)


class BoardParams(forms.Form):
    period = forms.ChoiceField(choices=Period.choices, required=False)
    by = forms.ChoiceField(choices=[("team", "team"), ("officer", "officer")], required=False)
    on = forms.DateField(required=False)


class FiguresParams(forms.Form):
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)


def params(request, form_class) -> dict:
    """The query string read through ``form_class``: every field, None where it is absent or refused."""
    form = form_class(request.GET)
    form.is_valid()
    return {name: form.cleaned_data.get(name) or None for name in form.fields}
