"""The forms of 应急保障. Quantities are taken as text and checked by the services (one rule, one message)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import StyledForm, VersionedForm
from devzone.emergency.choices import PlanStatus


class NeedForm(StyledForm):
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

    def __init__(self, *args, campaign, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supply"].choices = [(s.pk, f"{s.name}（{s.unit}）") for s in campaign.supplies.all()]
        self.fields["priority"].choices = [(k.pk, k.name) for k in campaign.classes.all()]
        if staff:
            self.fields = {
                "credit_code": forms.CharField(
                    label=_("企业统一社会信用代码"),
                    max_length=18,
                    widget=forms.TextInput(attrs={"class": "form-control"}),
                ),
                **self.fields,
            }


class CloseForm(VersionedForm):
    """The campaign's end: its date (empty: today) and the version of the campaign the officer saw."""

    ends_on = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("空：今天"),
    )


class AllocateForm(StyledForm):
    quantity = forms.CharField(
        label=_("本次分配数量"), max_length=12, required=False, help_text=_("空：全部可分配库存")
    )


class StockForm(StyledForm):
    quantity = forms.CharField(label=_("到货数量"), max_length=12)


class DeliveryForm(StyledForm):
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
