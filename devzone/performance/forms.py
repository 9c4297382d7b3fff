"""Forms of the performance pages: opening a round, a new scheme version, the pay-profile import."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from devzone.core.choices import Rank
from devzone.core.errors import DomainError
from devzone.core.files import too_large
from devzone.core.forms import StyledForm
from devzone.performance.choices import COMPONENTS, CoefficientMode, Grade, PoolScope

GRADE_KEYS = ("excellent", "good", "pass", "improve")


# Translated when shown, not when the module is imported (a choice built at import stays in the first language).
_quarter_label = lazy(lambda q: str(_("第%(q)s季度") % {"q": q}), str)


class OpenRoundForm(StyledForm):
    year = forms.IntegerField(label=pgettext_lazy("year", "年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("季度"), coerce=int, choices=[(q, _quarter_label(q)) for q in (1, 2, 3, 4)]
    )

    @staticmethod
    def default_initial() -> dict:
        """The quarter before today's (a round opens at the start of the next quarter)."""
        today = timezone.localdate()
        q = (today.month - 1) // 3  # the previous quarter, 0 meaning last year's fourth
        return {"year": today.year if q else today.year - 1, "quarter": q or 4}


class SchemeForm(StyledForm):
    note = forms.CharField(label=_("修订说明"), max_length=200, required=False)
    service_satisfaction = forms.IntegerField(label=_("服务部门·企业满意度（%）"), min_value=0, max_value=100)
    service_democratic = forms.IntegerField(label=_("服务部门·民主测评（%）"), min_value=0, max_value=100)
    service_leader = forms.IntegerField(label=_("服务部门·领导评分（%）"), min_value=0, max_value=100)
    other_democratic = forms.IntegerField(label=_("其他部门·民主测评（%）"), min_value=0, max_value=100)
    other_leader = forms.IntegerField(label=_("其他部门·领导评分（%）"), min_value=0, max_value=100)
    coefficient_mode = forms.ChoiceField(label=_("系数确定方式"), choices=CoefficientMode.choices)
    bands = forms.CharField(
        label=_("系数分档"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行“下限, 系数”：按得分时下限为综合得分，按排名时为累计名次比例（%）"),
    )
    floor_coefficient = forms.DecimalField(label=_("最低系数"), max_digits=3, decimal_places=2)
    proportions = forms.CharField(
        label=_("等次比例"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行“系数: 优秀/良好/合格/待改进/至少待改进人数”，比例合计100，如 0.8: 0/20/70/10/1"),
    )
    min_improve_size = forms.IntegerField(label=_("须评待改进的最小部门人数"), min_value=0, max_value=999)
    small_excellent_from = forms.DecimalField(
        label=_("小部门优秀保底：适用的最低部门系数"),
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.1"),
        max_value=Decimal("3"),
        required=False,
        help_text=_("部门系数达到此值时，即使按比例不足1人，也至少有1个优秀名额；留空表示不适用"),
    )
    small_excellent_min_size = forms.IntegerField(
        label=_("小部门优秀保底：适用的最小部门人数"), min_value=1, max_value=999
    )
    excellent = forms.DecimalField(label=_("等次系数·优秀"), max_digits=4, decimal_places=2)
    good = forms.DecimalField(label=_("等次系数·良好"), max_digits=4, decimal_places=2)
    pass_ = forms.DecimalField(label=_("等次系数·合格"), max_digits=4, decimal_places=2)
    improve = forms.DecimalField(label=_("等次系数·待改进"), max_digits=4, decimal_places=2)
    guaranteed_percent = forms.DecimalField(
        label=_("保底比例（%）"), min_value=0, max_value=100, decimal_places=2
    )
    pool_scope = forms.ChoiceField(label=_("奖金池"), choices=PoolScope.choices)
    delegates_per_department = forms.IntegerField(label=_("每部门测评代表人数"), min_value=1, max_value=20)
    delegate_min_rank = forms.ChoiceField(label=_("测评代表最低职级"), choices=Rank.choices)
    min_ballots = forms.IntegerField(label=_("最少有效票数"), min_value=1, max_value=999)
    trim_above = forms.IntegerField(label=_("超过多少票时去掉最高最低分"), min_value=0, max_value=999)
    trim_count = forms.IntegerField(label=_("去掉最高、最低分各几个"), min_value=0, max_value=10)
    reject_uniform = forms.BooleanField(label=_("所有部门同分的票无效"), required=False)
    improve_streak = forms.IntegerField(label=_("连续待改进几个季度提示"), min_value=1, max_value=4)

    @staticmethod
    def initial_from(s) -> dict:
        w = s.weights
        return {
            "service_satisfaction": w["service"]["satisfaction"],
            "service_democratic": w["service"]["democratic"],
            "service_leader": w["service"]["leader"],
            "other_democratic": w["other"]["democratic"],
            "other_leader": w["other"]["leader"],
            "coefficient_mode": s.coefficient_mode,
            "bands": "\n".join(f"{a}, {b}" for a, b in s.bands),
            "floor_coefficient": s.floor_coefficient,
            "proportions": "\n".join(
                f"{k}: " + "/".join(str(v.get(g, 0)) for g in (*GRADE_KEYS, "min_improve"))
                for k, v in sorted(s.proportions.items(), key=lambda kv: -Decimal(kv[0]))
            ),
            "min_improve_size": s.min_improve_size,
            "small_excellent_from": "" if s.small_excellent_from is None else s.small_excellent_from,
            "small_excellent_min_size": s.small_excellent_min_size,
            "excellent": s.grade_factors["excellent"],
            "good": s.grade_factors["good"],
            "pass_": s.grade_factors["pass"],
            "improve": s.grade_factors["improve"],
            "guaranteed_percent": s.guaranteed_percent,
            "pool_scope": s.pool_scope,
            "delegates_per_department": s.delegates_per_department,
            "delegate_min_rank": s.delegate_min_rank,
            "min_ballots": s.min_ballots,
            "trim_above": s.trim_above,
            "trim_count": s.trim_count,
            "reject_uniform": s.reject_uniform,
            "improve_streak": s.improve_streak,
        }

    def clean_bands(self):
        out = []
        for line in self.cleaned_data["bands"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) != 2:
                raise forms.ValidationError(_("每行应为“下限, 系数”：%(l)s") % {"l": line})
            out.append(parts)
        return out

    def clean_proportions(self):
        out = {}
        for line in self.cleaned_data["proportions"].splitlines():
            if not line.strip():
                continue
            key, _sep, rest = line.replace("：", ":").partition(":")
            parts = [p.strip() for p in rest.split("/")]
            if len(parts) not in (4, 5):
                raise forms.ValidationError(
                    _("每行应为“系数: 优秀/良好/合格/待改进/至少待改进人数”：%(l)s") % {"l": line}
                )
            try:
                nums = [int(p) for p in parts]
            except ValueError:
                raise forms.ValidationError(_("比例须为整数：%(l)s") % {"l": line}) from None
            row = dict(zip(GRADE_KEYS, nums[:4], strict=True))
            row["min_improve"] = nums[4] if len(nums) == 5 else 0
            out[key.strip()] = row
        return out

    def scheme_fields(self) -> dict:
        c = self.cleaned_data
        return {
            "note": c["note"],
            "weights": {
                "service": {
                    "satisfaction": c["service_satisfaction"],
                    "democratic": c["service_democratic"],
                    "leader": c["service_leader"],
                },
                "other": {
                    "satisfaction": 0,
                    "democratic": c["other_democratic"],
                    "leader": c["other_leader"],
                },
            },
            "coefficient_mode": c["coefficient_mode"],
            "bands": c["bands"],
            "floor_coefficient": c["floor_coefficient"],
            "proportions": c["proportions"],
            "min_improve_size": c["min_improve_size"],
            "small_excellent_from": c["small_excellent_from"],
            "small_excellent_min_size": c["small_excellent_min_size"],
            "grade_factors": {
                "excellent": str(c["excellent"]),
                "good": str(c["good"]),
                "pass": str(c["pass_"]),
                "improve": str(c["improve"]),
            },
            "guaranteed_percent": c["guaranteed_percent"],
            "pool_scope": c["pool_scope"],
            "delegates_per_department": c["delegates_per_department"],
            "delegate_min_rank": c["delegate_min_rank"],
            "min_ballots": c["min_ballots"],
            "trim_above": c["trim_above"],
            "trim_count": c["trim_count"],
            "reject_uniform": c["reject_uniform"],
            "improve_streak": c["improve_streak"],
        }

    def add_domain_error(self, e: DomainError) -> None:
        mapping = {"weights": "service_satisfaction", "grade_factors": "excellent"}
        for field, msgs in (e.errors or {"__all__": [e.message]}).items():
            target = mapping.get(field, field)
            for m in msgs:
                self.add_error(target if target in self.fields else None, m)


class ImportForm(StyledForm):
    file = forms.FileField(label=_("薪酬档案（Excel）"), help_text=_("第一行为表头：工号、标准月薪（元）"))


def scheme_view(s) -> dict:
    """The scheme as a reader sees it (labels, percentages)."""
    return {
        "weights": [
            (label, s.weights["service"].get(k, 0), s.weights["other"].get(k, 0))
            for k, label in COMPONENTS.items()
        ],
        "bands": s.bands,
        "proportions": [
            (k, [v.get(g, 0) for g in GRADE_KEYS], v.get("min_improve", 0))
            for k, v in sorted(s.proportions.items(), key=lambda kv: -Decimal(kv[0]))
        ],
        "factors": [(label, s.grade_factors[g]) for g, label in Grade.choices],
    }


# --- the moves on a round's page (``views.rounds.ROUND_ACTIONS``) ----------------------------------------
MAX_PK = 2**31 - 1


def row_id(label) -> forms.IntegerField:
    """A row chosen from a list on the page (a positive id; anything else is refused, never a 500)."""
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=MAX_PK,
        error_messages={"required": _("请从列表中选择"), "invalid": _("请从列表中选择")},
    )


class AdvanceForm(forms.Form):
    """The version of the round the person saw, required: the same form sent twice moves the round once."""

    version = forms.IntegerField(
        min_value=0, max_value=MAX_PK, error_messages={"required": _("页面已过期，请刷新后重试")}
    )


class SatisfactionForm(forms.Form):
    department = row_id(_("部门"))
    value = forms.CharField(label=_("满意度"), required=False)  # a score: the service says what is wrong


class ReportForm(forms.Form):
    department = row_id(_("部门"))
    file = forms.FileField(label=_("述职报告"), error_messages={"required": _("请选择文件")})

    def clean_file(self):
        f = self.cleaned_data["file"]
        if problem := too_large(f.size):
            raise forms.ValidationError(f"{f.name} {problem}")
        return f


class NominateForm(forms.Form):
    staff = row_id(_("工作人员"))


class UnnominateForm(forms.Form):
    delegate = row_id(_("测评代表"))


class CalibrateForm(forms.Form):
    result = row_id(_("部门"))
    coefficient = forms.CharField(label=_("部门系数"), required=False)
    reason = forms.CharField(label=_("理由"), required=False, max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), required=False, max_length=2000)


class PrefixedForm(forms.Form):
    """The fields ``<prefix><id>`` of the POST as ``{target: {id: value}}`` (a leader's scores of every
    department, a head's grades of every member): checked by the service, which knows the ids."""

    prefix_key = "score_"
    target = "scores"

    def clean(self):
        p = self.prefix_key
        return {self.target: {k[len(p) :]: v for k, v in self.data.items() if k.startswith(p)}}


class GradesForm(PrefixedForm):
    prefix_key = "grade_"
    target = "grades"


class DecideForm(forms.Form):
    appeal = row_id(_("申诉"))
    new_grade = forms.CharField(required=False, max_length=20)
    decision = forms.CharField(required=False, max_length=2000)


class AdjustmentForm(forms.Form):
    """补发/扣回 (checked by the service: the person, the amount in 元, the month)."""

    staff = row_id(_("工作人员"))
    kind = forms.CharField(label=_("类别"), required=False, max_length=20)
    amount_yuan = forms.CharField(label=_("金额（元）"), required=False, max_length=30)
    reason = forms.CharField(label=_("事由"), required=False, max_length=2000)
    payroll_month = forms.CharField(label=_("随哪月工资发放"), required=False, max_length=20)
    # the round's version the page showed: the same form sent twice is refused, not paid twice
    version = forms.IntegerField(
        label="",  # the message says it all
        min_value=0,
        max_value=MAX_PK,
        error_messages={
            "required": _("页面已过期，请刷新后重新填写"),
            "invalid": _("页面已过期，请刷新后重新填写"),
        },
    )
