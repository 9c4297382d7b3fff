"""Forms of 机构改革 and 管委会+公司: a zone's reform cut, a body set up / merged / abolished, a party, a park.
The services check everything again (the API calls them without these forms)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import CreditCodeField, StyledForm, date_input
from devzone.planning.choices import ParkKind, PartyRole, StaffFunction
from devzone.planning.institutions import FIRST_DAY, LAST_DAY


class DayField(forms.DateField):
    """A day of the reform's history (the cut, a body's end): 2000–2100, as the API's ``Day`` and
    ``institutions._date`` take it. A set-up or contract date may be older and is a plain ``DateField``."""

    def __init__(self, **kwargs):
        widget = date_input()
        widget.attrs.update(min=FIRST_DAY.isoformat(), max=LAST_DAY.isoformat())
        super().__init__(widget=widget, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(
                gettext("日期应在%(first)d年至%(last)d年之间")
                % {"first": FIRST_DAY.year, "last": LAST_DAY.year},
                code="out_of_range",
            )


class ReformForm(StyledForm):
    reform_on = DayField(label=_("改革实施日期"))
    document = forms.CharField(label=_("决定文号"), max_length=120)


class BodyForm(StyledForm):
    name = forms.CharField(label=_("机构名称"), max_length=60)
    function = forms.ChoiceField(label=_("职能类别"), choices=StaffFunction.choices)
    staff = forms.IntegerField(label=_("人员数"), min_value=0, max_value=10000, initial=0)
    established_on = forms.DateField(label=_("设立日期"), widget=date_input())
    established_doc = forms.CharField(label=_("设立文号"), max_length=120)
    department = forms.TypedChoiceField(label=_("对应部门"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("（无）"))] + [(d.pk, d.name) for d in departments]


class EndForm(StyledForm):
    on = DayField(label=_("日期"))
    document = forms.CharField(label=_("文号"), max_length=120)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MergeForm(EndForm):
    into = forms.TypedChoiceField(label=_("并入"), coerce=int)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [(b.pk, b.name) for b in targets]


class ContractForm(StyledForm):
    contract_no = forms.CharField(label=_("合同编号"), max_length=60, required=False)
    starts_on = forms.DateField(label=_("合同起始日期"), required=False, widget=date_input())
    ends_on = forms.DateField(label=_("合同截止日期"), required=False, widget=date_input())
    responsibilities = forms.CharField(
        label=_("职责分工"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contract_file = forms.FileField(label=_("合同文件（PDF，可选）"), required=False)
    # the row's version as read, when the form changes a registered one (a stale one: 409)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    # fields that name a row by its id: the service takes them as ``<name>_id``
    ROW_FIELDS = ("zone", "parent")

    def arguments(self) -> dict:
        """The cleaned form as the service's keyword arguments (``party_set``, ``park_set``)."""
        return {f"{k}_id" if k in self.ROW_FIELDS else k: v for k, v in self.cleaned_data.items()}


class PartyForm(ContractForm):
    zone = forms.TypedChoiceField(label=_("开发区"), coerce=int)
    name = forms.CharField(label=_("名称"), max_length=100)
    role = forms.ChoiceField(label=_("角色"), choices=PartyRole.choices)
    credit_code = CreditCodeField(label=_("统一社会信用代码"), required=False)
    field_order = ["zone", "name", "role", "credit_code"]

    def __init__(self, *args, zones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [(z.pk, str(z)) for z in zones]


class ParkForm(ContractForm):
    zone = forms.TypedChoiceField(label=_("开发区"), coerce=int)
    name = forms.CharField(label=_("园区名称"), max_length=60)
    kind = forms.ChoiceField(label=_("类型"), choices=ParkKind.choices)
    parent = forms.TypedChoiceField(
        label=_("所在园区（园中园）"), required=False, coerce=int, empty_value=None
    )
    operator = forms.CharField(label=_("运营企业"), max_length=100)
    field_order = ["zone", "name", "kind", "parent", "operator"]

    def __init__(self, *args, zones=(), parks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [(z.pk, str(z)) for z in zones]
        self.fields["parent"].choices = [("", _("（无）"))] + [(p.pk, f"{p.zone}·{p.name}") for p in parks]
