from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.approvals.models import ApprovalItem
from devzone.core.forms import RowsChoiceField, StyledForm, date_input
from devzone.core.models import Department
from devzone.powers.choices import Disposition, PowerKind


class FunctionForm(StyledForm):
    name = forms.CharField(label=_("职能"), max_length=120)
    disposition = forms.ChoiceField(label=_("处置"), choices=Disposition.choices)
    receiver = forms.CharField(label=_("承接单位（剥离或交由市场时）"), max_length=80, required=False)
    decided_on = forms.DateField(label=_("决定日期"), widget=date_input())
    decision_no = forms.CharField(label=_("文号"), max_length=60)


class PowerForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=PowerKind.choices)
    name = forms.CharField(label=_("权力事项"), max_length=120)
    legal_basis = forms.CharField(
        label=_("设定依据（法律法规及条款）"), widget=forms.Textarea(attrs={"rows": 2})
    )
    department = forms.ModelChoiceField(label=_("实施部门"), queryset=Department.objects.none())
    accountability = forms.CharField(label=_("追责情形"), widget=forms.Textarea(attrs={"rows": 2}))
    items = RowsChoiceField(label=_("对应审批事项"), queryset=ApprovalItem.objects.none(), required=False)

    def __init__(self, *args, zone_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            zone_id=zone_id, abolished_on__isnull=True
        )
        self.fields["items"].queryset = ApprovalItem.objects.filter(zone_id=zone_id, is_active=True).order_by(
            "code"
        )


class PowerChangeForm(StyledForm):
    """A draft's power exercised by another department, or through other approval items (a version copies the last
    one's, which may have been abolished or gone out of use since): the zone's present departments and items in
    use, the power's own preselected."""

    department = forms.ModelChoiceField(label=_("实施部门"), queryset=Department.objects.none())
    items = RowsChoiceField(label=_("对应审批事项"), queryset=ApprovalItem.objects.none(), required=False)

    def __init__(self, *args, power, **kwargs):
        zone_id = power.power_list.zone_id
        kwargs.setdefault(
            "initial",
            {"department": power.department_id, "items": [i.pk for i in power.items.filter(is_active=True)]},
        )
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            zone_id=zone_id, abolished_on__isnull=True
        )
        self.fields["items"].queryset = ApprovalItem.objects.filter(zone_id=zone_id, is_active=True).order_by(
            "code"
        )
