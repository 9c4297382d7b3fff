"""The planning forms: a plan with its annual tasks, a scheme with its indicators (each a row editor: a Django
formset, one small form a row), a zone's entered indicator values. The rows become the plain dicts the services
check (``services.plan_set``, ``services.scheme_set``), as the API hands them."""

from __future__ import annotations

from contextlib import contextmanager

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from devzone.core.choices import ZoneLevel
from devzone.core.errors import DomainError, NotFoundError, PermissionDeniedError
from devzone.core.forms import StyledForm, date_input, mark_invalid
from devzone.planning.choices import Metric, Source

YEAR = {"min_value": 2000, "max_value": 2100}
MAX_ROWS = 50  # a plan has at most 5 years x 5 metrics; a scheme a dozen indicators


def number(label, **kwargs) -> forms.DecimalField:
    """A figure of the planning columns (two decimals, not negative, below 10^12): what ``services._decimal``
    accepts, refused on the row's own field with the services' words."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "invalid": _("请填写数字"),
            "min_value": _("须为不小于0的数字"),
            "max_digits": _("数值过大"),
            "max_whole_digits": _("数值过大"),
            "max_decimal_places": _("最多两位小数"),
        },
        **kwargs,
    )


def _text(value) -> str:
    return "" if value is None else format(value, "f")


class PlanForm(StyledForm):
    start_year = forms.IntegerField(label=_("起始年度"), **YEAR)
    end_year = forms.IntegerField(label=_("截止年度"), **YEAR)
    effective_on = forms.DateField(
        label=_("生效日期"),
        required=False,
        widget=date_input(),
        help_text=_("规划批复生效之日，年度任务的序时进度自该日起算；不填为起始年度1月1日"),
    )
    industries = forms.CharField(
        label=_("主导产业（GB/T 4754 代码）"),
        max_length=40,
        help_text=_("2–3 个，以空格或逗号分隔，如 26 38"),
    )
    chain_note = forms.CharField(
        label=_("产业链招商路径"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_industries(self):
        return [c for c in self.cleaned_data["industries"].replace(",", " ").replace("，", " ").split() if c]


class RowForm(StyledForm):
    """One row of a row editor. Every field may be left empty, so that a blank row (a spare one, or one
    emptied) is left out; a row with anything in it needs its ``needed`` fields. ``layout`` gives each field
    its column (stacked on a phone, one line on a wide screen)."""

    needed: tuple[str, ...] = ()
    layout: dict[str, str] = {}

    def clean(self):
        data = super().clean()
        self.blank = not any(data.get(n) not in (None, "") for n in self.layout) and not self.errors
        if not self.blank:
            for name in self.needed:
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, forms.ValidationError(self.fields[name].error_messages["required"]))
        return data

    def cells(self):
        return [(self[name], css) for name, css in self.layout.items()]


class TargetForm(RowForm):
    year = forms.IntegerField(label=pgettext_lazy("year", "年度"), required=False, **YEAR)
    metric = forms.ChoiceField(label=_("指标"), required=False, choices=[("", "---------"), *Metric.choices])
    target = number(_("目标值"))
    owner = forms.CharField(label=_("责任部门"), required=False, max_length=60)
    done = number(_("已完成"), widget=forms.NumberInput(attrs={"placeholder": "0", "step": "0.01"}))

    needed = ("year", "metric", "target")
    # 目标值 beside 已完成 (read against each other), 责任部门 last
    layout = {
        "year": "col-4 col-md-2 col-lg-1",
        "metric": "col-8 col-md-3 col-lg-4",
        "target": "col-6 col-md-2",
        "done": "col-6 col-md-2",
        "owner": "col-12 col-md-3",
    }

    def row(self) -> dict:
        d = self.cleaned_data
        return {
            "year": d["year"],
            "metric": d["metric"],
            "target": _text(d["target"]),
            "owner": d["owner"].strip(),
            "done": _text(d["done"]) or "0",
        }


class IndicatorForm(RowForm):
    name = forms.CharField(label=_("名称"), required=False, max_length=60)
    weight = number(_("权重（%）"), max_value=100)
    target = number(_("目标值"))
    source = forms.ChoiceField(
        label=_("数据来源"), required=False, choices=[("", "---------"), *Source.choices]
    )

    needed = ("name", "weight", "target", "source")
    # on a wide screen the source gets room to name itself in full (in English: "… (computed by the platform)")
    layout = {
        "name": "col-12 col-md-4 col-xl-3",
        "weight": "col-6 col-md-2 col-xl-1",
        "target": "col-6 col-md-2",
        "source": "col-12 col-md-4 col-xl-6",
    }

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and weight <= 0:
            raise forms.ValidationError(_("权重须大于0"))
        return weight

    def row(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"].strip(),
            "weight": _text(d["weight"]),
            "target": _text(d["target"]),
            "source": d["source"],
        }


class RowFormSet(forms.BaseFormSet):
    """A row editor: the rows kept (neither blank nor marked 删除) become the services' dicts (``rows()``);
    ``claiming()`` puts the services' refusals of the list (``key``) and of its rows (``key.2``: the third row
    kept) where they belong. ``title`` and ``hint`` head the rows on the page; ``wrong`` heads the form when a
    row is wrong."""

    key = ""
    title = ""
    hint = ""
    wrong = ""
    default_error_messages = {"too_many_forms": _("最多%(num)d行")}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("删除")
        form.fields["DELETE"].widget.attrs["class"] = (
            "btn-check"  # a toggle button; the row dims when it is on
        )

    def kept(self) -> list[RowForm]:
        return [
            f
            for f in self.forms
            if getattr(f, "cleaned_data", None)
            and not f.cleaned_data.get("DELETE")
            and not getattr(f, "blank", True)
        ]

    def rows(self) -> list[dict]:
        return [f.row() for f in self.kept()]

    def full_clean(self):
        super().full_clean()
        for f in self.forms:
            mark_invalid(f)

    @contextmanager
    def claiming(self):
        """Run a service on ``rows()``: a refusal of a row is shown on that row, of the whole list above the
        rows, and the form is headed by ``wrong``; other refusals pass on as they are (to ``refusals``)."""
        try:
            yield
        except DomainError as error:
            if isinstance(error, NotFoundError | PermissionDeniedError):
                raise
            kept, rest, claimed = self.kept(), {}, False
            for field, messages in error.errors.items():
                name, _dot, index = field.partition(".")
                if name != self.key:
                    rest[field] = messages
                    continue
                claimed = True
                if index.isdigit() and int(index) < len(kept):
                    for m in messages:
                        kept[int(index)].add_error(None, m)
                else:
                    self.non_form_errors().extend(messages)
            if claimed:
                error.errors = {"__all__": [str(self.wrong)], **rest}
            raise


class TargetFormSet(RowFormSet):
    key = "targets"
    title = _("年度任务")
    hint = _(
        "每个年度的每项指标填一行，目标值和已完成按指标所注的单位填写（已完成不填即为0）。"
        "空行不保存；按下“删除”的行在保存时删去。"
    )
    wrong = _("年度任务有误，请按各行的提示修改")

    def __init__(self, *args, plan: PlanForm | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self):
        """Each year within the plan's period, one row per year and metric: said on the row's own field (the
        services check both again, for the API)."""
        period = self.plan.cleaned_data if self.plan is not None and self.plan.is_valid() else {}
        start, end = period.get("start_year"), period.get("end_year")
        seen = set()
        for f in self.kept():
            year, metric = f.cleaned_data.get("year"), f.cleaned_data.get("metric")
            if year is None or not metric:
                continue
            if start is not None and end is not None and not start <= year <= end:
                f.add_error("year", _("年度须在规划期内"))
            elif (year, metric) in seen:
                f.add_error("metric", _("同一年度同一指标只能有一个目标"))
            seen.add((year, metric))


class IndicatorFormSet(RowFormSet):
    key = "indicators"
    title = _("考核指标")
    hint = _(
        "各指标的权重合计须为100%。“平台计算”的指标由平台按办件、评价和签约数据算出；"
        "“填报”的指标在评分时录入，须附佐证。空行不保存；按下“删除”的行在保存时删去。"
    )
    wrong = _("考核指标有误，请按各行的提示修改")


def _formset(form, base):
    return forms.formset_factory(
        form,
        formset=base,
        extra=2,
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )


TargetRows = _formset(TargetForm, TargetFormSet)
IndicatorRows = _formset(IndicatorForm, IndicatorFormSet)


def target_initial(plan) -> list[dict]:
    if plan is None:
        return []
    return [
        {"year": t.year, "metric": t.metric, "target": t.target, "owner": t.owner, "done": t.done}
        for t in plan.targets.all()
    ]


def indicator_initial(scheme) -> list[dict]:
    if scheme is None:
        return []
    return [
        {"name": i.name, "weight": i.weight, "target": i.target, "source": i.source}
        for i in scheme.indicators.all()
    ]


class SchemeForm(StyledForm):
    year = forms.IntegerField(label=pgettext_lazy("year", "年度"), **YEAR)
    category = forms.ChoiceField(label=_("开发区类别"), choices=ZoneLevel.choices)
    name = forms.CharField(label=_("名称"), max_length=80)
    full_pool_yuan = forms.DecimalField(
        label=_("满分季度奖金池（元）"), min_value=0, max_digits=14, decimal_places=2
    )
    basis = forms.CharField(label=_("依据文件"), max_length=120, required=False)
    # the version of the scheme opened for editing (empty on a new scheme): a stale save is refused (409)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed:  # an existing scheme: its year and category are what it is (another pair is another scheme)
            self.fields["year"].disabled = True
            self.fields["category"].disabled = True


class ScoreForm(StyledForm):
    quarter = forms.TypedChoiceField(
        label=_("期间"),
        coerce=int,
        choices=[
            (0, _("全年")),
            (1, _("第一季度")),
            (2, _("第二季度")),
            (3, _("第三季度")),
            (4, _("第四季度")),
        ],
    )

    def __init__(self, *args, entered=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entered = list(entered)
        for ind in self.entered:
            self.fields[f"value_{ind.pk}"] = forms.CharField(label=ind.name, required=False, max_length=20)
            self.fields[f"evidence_{ind.pk}"] = forms.CharField(
                label=_("佐证"), required=False, max_length=200
            )
            for key in (f"value_{ind.pk}", f"evidence_{ind.pk}"):
                self.fields[key].widget.attrs["class"] = "form-control"

    def values(self) -> dict:
        c = self.cleaned_data
        return {
            str(i.pk): {"value": c.get(f"value_{i.pk}"), "evidence": c.get(f"evidence_{i.pk}")}
            for i in self.entered
        }


class PublishForm(ScoreForm):
    pass


class ExcludeForm(PublishForm):
    """A zone left out of a period's assessment, with the written reason (``services.zone_exclude``)."""

    reason = forms.CharField(label=_("不参加本期考核的理由"), max_length=200)


class ResolveForm(StyledForm):
    """One zone's indicator the platform has no data for (``services.value_resolve``): a value entered by hand
    with its source, or — ``exclude`` — not scored for the zone, with the reason (in ``evidence`` both)."""

    indicator = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    exclude = forms.BooleanField(widget=forms.HiddenInput, required=False)
    value = forms.CharField(label=_("实际值"), required=False, max_length=20)
    evidence = forms.CharField(label=_("数据来源"), required=False, max_length=200)
    # the assessment's version the page was read at: a colleague's resolution meanwhile makes it stale (409)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
