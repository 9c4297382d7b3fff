"""The planning forms: a plan (targets one per line), a scheme (indicators one per line), a zone's entered
indicator values. Lines are parsed here into the plain dicts the services check."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import ZoneLevel
from devzone.core.forms import StyledForm, date_input
from devzone.planning.choices import Metric, Source

YEAR = {"min_value": 2000, "max_value": 2100}
YEAR_TEXT = re.compile(r"\d{1,4}")


def _format_lazy(message, **values) -> str:
    """``message % values`` in the language of the request that reads it: a lazy message formatted at import
    is read once, in the language active then (Chinese), and stayed Chinese on English pages."""
    return lazy(lambda: str(message) % values, str)()


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
    targets = forms.CharField(
        label=_("年度任务"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_format_lazy(
            _("每行一项：年度 指标 目标值 责任部门 已完成；指标为 %(m)s"), m=" / ".join(Metric.values)
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_industries(self):
        return [c for c in self.cleaned_data["industries"].replace(",", " ").replace("，", " ").split() if c]

    def clean_targets(self):
        rows = []
        for n, line in enumerate(self.cleaned_data["targets"].splitlines(), 1):
            parts = line.split()
            if not parts:
                continue
            # a year of up to four decimal digits: ``str.isdigit`` is also true for "²⁰²⁶" (superscripts in a
            # pasted text), which ``int`` refuses; ``\d`` is the digits ``int`` reads (ASCII or full-width)
            if len(parts) < 3 or not YEAR_TEXT.fullmatch(parts[0]):
                raise ValidationError(_("第%(n)d行格式应为：年度 指标 目标值 责任部门 已完成") % {"n": n})
            rows.append(
                {
                    "year": int(parts[0]),
                    "metric": parts[1],
                    "target": parts[2],
                    "owner": parts[3] if len(parts) > 3 else "",
                    "done": parts[4] if len(parts) > 4 else "0",
                }
            )
        return rows


class SchemeForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), **YEAR)
    category = forms.ChoiceField(label=_("开发区类别"), choices=ZoneLevel.choices)
    name = forms.CharField(label=_("名称"), max_length=80)
    full_pool_yuan = forms.DecimalField(
        label=_("满分季度奖金池（元）"), min_value=0, max_digits=14, decimal_places=2
    )
    basis = forms.CharField(label=_("依据文件"), max_length=120, required=False)
    indicators = forms.CharField(
        label=_("考核指标"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_format_lazy(
            _("每行一项：名称|权重（%%）|目标值|数据来源；数据来源为 %(s)s"), s=" / ".join(Source.values)
        ),
    )
    # the version of the scheme opened for editing (empty on a new scheme): a stale save is refused (409)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed:  # an existing scheme: its year and category are what it is (another pair is another scheme)
            self.fields["year"].disabled = True
            self.fields["category"].disabled = True

    def clean_indicators(self):
        rows = []
        for n, line in enumerate(self.cleaned_data["indicators"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 4:
                raise ValidationError(_("第%(n)d行格式应为：名称|权重|目标值|数据来源") % {"n": n})
            try:
                Decimal(parts[1]), Decimal(parts[2])
            except InvalidOperation:
                raise ValidationError(_("第%(n)d行的权重或目标值不是数字") % {"n": n}) from None
            rows.append({"name": parts[0], "weight": parts[1], "target": parts[2], "source": parts[3]})
        return rows


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


class ResolveForm(StyledForm):
    """One zone's indicator the platform has no data for (``services.value_resolve``): a value entered by hand
    with its source, or — ``exclude`` — not scored for the zone, with the reason (in ``evidence`` both)."""

    indicator = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    exclude = forms.BooleanField(widget=forms.HiddenInput, required=False)
    value = forms.CharField(label=_("实际值"), required=False, max_length=20)
    evidence = forms.CharField(label=_("数据来源"), required=False, max_length=200)
