"""The forms of 应急保障. Quantities are taken as text and checked by the services (one rule, one message)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import StyledForm, VersionedForm, date_input, style
from devzone.core.models import Zone
from devzone.emergency.choices import CampaignKind, PlanStatus

CLASS_ROWS = 5  # the rows of priority classes the page offers (the service takes up to MAX_CLASSES)
SUPPLY_ROWS = 6
# What most campaigns rank by (DOMAIN.md: 外资企业、重点项目、其他): the form starts with them, to be changed.
USUAL_CLASSES = [
    (_("外资企业"), _("外商投资企业（营业执照载明）")),
    (_("重点项目企业"), _("列入重点项目库的在建、投产项目企业")),
    (_("其他企业"), ""),
]


class NeedForm(StyledForm):
    """A need as the enterprise (or staff, naming the firm by its credit code) submits it. ``version`` is the one
    of the need the page shows (``need``: the enterprise changing its open need), 0 on a new need's form: a
    submission never silently replaces an open need of the same supply entered meanwhile."""

    supply = forms.ChoiceField(label=_("物资"))
    quantity = forms.CharField(
        label=_("需求数量"), max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    use = forms.CharField(label=_("用途"), max_length=200)
    priority = forms.ChoiceField(label=_("优先级"))
    evidence = forms.CharField(
        label=_("优先级佐证"),
        max_length=200,
        required=False,
        help_text=_("如外商投资企业批准证书、重点项目编号"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=0)

    def __init__(self, *args, campaign, staff: bool = False, need=None, **kwargs):
        if need is not None:
            kwargs["initial"] = {
                "supply": need.supply_id,
                "quantity": need.quantity,
                "use": need.use,
                "priority": need.priority_id,
                "evidence": need.evidence,
                "version": need.version,
            }
        super().__init__(*args, **kwargs)
        supplies = campaign.supplies.all() if need is None else [need.supply]
        # the unit in the reader's language (the default 个 reads "pcs"), as the enterprise's page shows it; a unit
        # the staff typed is their data and stays as typed
        self.fields["supply"].choices = [
            (s.pk, gettext("%(name)s（%(unit)s）") % {"name": s.name, "unit": gettext(s.unit)})
            for s in supplies
        ]
        self.fields["priority"].choices = [(k.pk, k.name) for k in campaign.classes.all()]
        if need is not None and need.priority_corrected:
            self.fields["priority"].help_text = _(
                "优先级已由开发区工作人员核定，企业不能自行更改；如有异议或新的佐证，请联系开发区工作人员"
            )
        if staff:
            self.fields = {
                "credit_code": forms.CharField(
                    label=_("企业统一社会信用代码"),
                    max_length=18,
                    widget=forms.TextInput(attrs={"class": "form-control"}),
                ),
                **self.fields,
            }


class CampaignStartForm(forms.Form):
    """发起应急保障行动: the campaign's own fields, then rows of priority classes (highest first) and of supplies;
    blank rows are left out by the service. A row's fields are named as the service names their refusals
    (``classes.0.name``, ``supplies.2.stock``), so each refusal shows beside its field. The zones offered are
    those in being in the officer's reach (another city's zone cannot be chosen, even by a forged POST)."""

    name = forms.CharField(label=_("名称"), max_length=80)
    kind = forms.ChoiceField(label=_("类型"), choices=CampaignKind.choices)
    zone = forms.ModelChoiceField(
        label=_("开发区"),
        queryset=Zone.objects.none(),
        required=False,
        empty_label=_("全市"),
        help_text=_("空：全市"),
    )
    starts_on = forms.DateField(
        label=_("开始日期"),
        required=False,
        initial=timezone.localdate,
        widget=date_input(),
        help_text=_("空：今天；不能晚于今天"),
    )
    basis = forms.CharField(label=_("依据"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.for_user(user).filter(merged_into__isnull=True)
        for i in range(CLASS_ROWS):
            usual = USUAL_CLASSES[i] if i < len(USUAL_CLASSES) and not self.is_bound else ("", "")
            self.fields[f"classes.{i}.name"] = forms.CharField(
                label=_("第%(n)d级优先级") % {"n": i + 1}, max_length=40, required=False, initial=usual[0]
            )
            self.fields[f"classes.{i}.rule"] = forms.CharField(
                label=_("第%(n)d级认定条件") % {"n": i + 1}, max_length=200, required=False, initial=usual[1]
            )
        for i in range(SUPPLY_ROWS):
            self.fields[f"supplies.{i}.name"] = forms.CharField(
                label=_("物资%(n)d名称") % {"n": i + 1}, max_length=40, required=False
            )
            self.fields[f"supplies.{i}.unit"] = forms.CharField(
                label=_("物资%(n)d单位") % {"n": i + 1},
                max_length=10,
                required=False,
                # what a blank unit becomes (个), in the reader's language ("pcs")
                widget=forms.TextInput(attrs={"placeholder": _("个")}),
            )
            self.fields[f"supplies.{i}.stock"] = forms.CharField(
                label=_("物资%(n)d现有库存") % {"n": i + 1},
                max_length=12,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "0"}),
            )
        style(self)

    def class_rows(self) -> list[tuple]:
        return [(self[f"classes.{i}.name"], self[f"classes.{i}.rule"]) for i in range(CLASS_ROWS)]

    def supply_rows(self) -> list[tuple]:
        return [
            (self[f"supplies.{i}.name"], self[f"supplies.{i}.unit"], self[f"supplies.{i}.stock"])
            for i in range(SUPPLY_ROWS)
        ]

    def arguments(self) -> dict:
        """The cleaned form as ``services.campaign_start``'s arguments (the API's body gives the same)."""
        d = self.cleaned_data
        return {
            "name": d["name"],
            "kind": d["kind"],
            "zone_id": d["zone"].pk if d["zone"] else None,
            "starts_on": d["starts_on"],
            "basis": d["basis"],
            "classes": [
                {"name": d[f"classes.{i}.name"], "rule": d[f"classes.{i}.rule"]} for i in range(CLASS_ROWS)
            ],
            "supplies": [
                {k: d[f"supplies.{i}.{k}"] for k in ("name", "unit", "stock")} for i in range(SUPPLY_ROWS)
            ],
        }


class CloseForm(VersionedForm):
    """The campaign's end: its date (empty: today) and the version of the campaign the officer saw."""

    ends_on = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("空：今天"),
    )


class TrimForm(VersionedForm):
    """调减: the need's new quantity (fewer units, never fewer than it has been given)."""

    quantity = forms.CharField(
        label=_("调减后的数量"), max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )


class AdjustForm(VersionedForm):
    """调整数量: the need's new quantity, more or fewer units (never fewer than it has been given)."""

    quantity = forms.CharField(
        label=_("调整后的数量"), max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )


class ReclassifyForm(VersionedForm):
    """调整优先级: one of the campaign's classes (the service checks it is) and the evidence, as the page shows
    them filled with the need's (blank evidence clears it)."""

    priority = forms.IntegerField(label=_("优先级"), min_value=1)
    evidence = forms.CharField(label=_("优先级佐证"), max_length=200, required=False)


class AllocateForm(VersionedForm):
    """按规则分配, with the supply's version its page showed (a run posted twice is refused)."""

    quantity = forms.CharField(
        label=_("本次分配数量"), max_length=12, required=False, help_text=_("空：全部可分配库存")
    )


class StockForm(VersionedForm):
    """登记到货, with the supply's version its page showed (the same arrival posted twice is refused)."""

    quantity = forms.CharField(label=_("到货数量"), max_length=12)


class DeliveryForm(VersionedForm):
    """登记送达, with the allocation's version its page showed (the same delivery posted twice is refused)."""

    quantity = forms.CharField(label=_("送达数量"), max_length=12)
    delivered_on = forms.DateField(
        label=_("送达日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class PlanForm(StyledForm):
    """A firm's plan; ``version`` is the one the editor read (0: a new plan), so that a save over another
    editor's newer one is refused (409) instead of overwriting it."""

    credit_code = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    text = forms.CharField(label=_("帮扶措施"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    contact = forms.CharField(label=_("联络人及电话"), max_length=60)
    status = forms.ChoiceField(label=_("状态"), choices=PlanStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=0)


def plan_edit_form(plan) -> PlanForm:
    """The form of an existing plan, filled with it and the version read; the firm is fixed."""
    form = PlanForm(
        prefix="plan",
        auto_id=f"id_plan{plan.pk}_%s",
        initial={
            "credit_code": plan.enterprise.credit_code,
            "text": plan.text,
            "contact": plan.contact,
            "status": plan.status,
            "version": plan.version,
        },
    )
    form.fields["credit_code"].widget = forms.HiddenInput()
    return form
