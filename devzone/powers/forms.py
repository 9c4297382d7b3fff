from django import forms
from django.utils import timezone
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

    def clean_decided_on(self):
        # the service refuses it too (the same message); here it is said beside the field
        day = self.cleaned_data["decided_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("决定日期不能晚于今天"))
        return day


def draft_version():
    """The draft's version the page showed (every change of its powers raises it): required, so that a page that
    sends none — stale or crafted — is refused rather than left unchecked."""
    return forms.IntegerField(
        label="",  # the message says it all
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2**31 - 1,
        error_messages={
            "required": _("页面已过期，请刷新后重新填写"),
            "invalid": _("页面已过期，请刷新后重新填写"),
            "min_value": _("页面已过期，请刷新后重新填写"),
            "max_value": _("页面已过期，请刷新后重新填写"),
        },
    )


class DraftVersionForm(StyledForm):
    """公布 and 删除 on a draft: the draft's version the page showed."""

    version = draft_version()


class PowerForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=PowerKind.choices)
    name = forms.CharField(label=_("权力事项"), max_length=120)
    legal_basis = forms.CharField(
        label=_("设定依据（法律法规及条款）"), widget=forms.Textarea(attrs={"rows": 2})
    )
    department = forms.ModelChoiceField(label=_("实施部门"), queryset=Department.objects.none())
    accountability = forms.CharField(label=_("追责情形"), widget=forms.Textarea(attrs={"rows": 2}))
    items = RowsChoiceField(label=_("对应审批事项"), queryset=ApprovalItem.objects.none(), required=False)
    # the draft's, as the page showed it: the same form posted twice (a double click) is refused (409), not added
    # again
    version = draft_version()

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
    version = draft_version()  # the draft's, as the page showed it: a draft changed since is refused (409)

    def __init__(self, *args, power, **kwargs):
        zone_id = power.power_list.zone_id
        kwargs.setdefault(
            "initial",
            {
                "department": power.department_id,
                "items": [i.pk for i in power.items.filter(is_active=True)],
                "version": power.power_list.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            zone_id=zone_id, abolished_on__isnull=True
        )
        self.fields["items"].queryset = ApprovalItem.objects.filter(zone_id=zone_id, is_active=True).order_by(
            "code"
        )
