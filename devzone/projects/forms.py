"""Forms of the key-project pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import StyledForm, VersionedForm, date_input
from devzone.core.models import Department, Project, Staff
from devzone.projects.choices import ProblemCategory, ProjectType
from devzone.projects.models import ProjectRules
from devzone.projects.services.problems import MAX_DEADLINE_WORKDAYS


class MilestoneForm(VersionedForm):
    milestone = forms.IntegerField(widget=forms.HiddenInput)
    actual_on = forms.DateField(label=_("实际完成日期"), widget=date_input())
    notes = forms.CharField(label=_("备注"), required=False, max_length=500)


# The key project's moves carry its version as the page read it (a hidden field): a stale page is refused.
class PlanForm(VersionedForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    planned_wan = forms.DecimalField(
        label=_("年度计划投资（万元）"), min_value=0, max_digits=12, decimal_places=2
    )


class MonthForm(VersionedForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
    completed_wan = forms.DecimalField(
        label=_("完成投资（万元）"), min_value=0, max_digits=12, decimal_places=2
    )


def staff_label(s: Staff) -> str:
    return f"{s.name}（{s.department.name}）"


class AgentForm(VersionedForm):
    agent = forms.ModelChoiceField(
        label=_("代办专员"), queryset=Staff.objects.none(), empty_label=_("请选择")
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, zone_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = Staff.objects.filter(zone_id=zone_id, is_active=True).select_related(
            "department"
        )
        self.fields["agent"].label_from_instance = staff_label


class CadenceForm(VersionedForm):
    visit_cadence_workdays = forms.IntegerField(label=_("走访周期（工作日）"), min_value=1, max_value=120)


class HandoverForm(StyledForm):
    project = forms.ModelChoiceField(
        label=_("已签约项目"), queryset=Project.objects.none(), empty_label=_("请选择已签约项目")
    )
    project_type = forms.ChoiceField(label=_("项目类型"), choices=ProjectType.choices)
    agent = forms.ModelChoiceField(
        label=_("代办专员"), queryset=Staff.objects.none(), required=False, empty_label=_("暂不指定")
    )

    def __init__(self, *args, projects, zone_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["agent"].queryset = Staff.objects.filter(zone_id=zone_id, is_active=True).select_related(
            "department"
        )
        self.fields["agent"].label_from_instance = staff_label


class VisitForm(StyledForm):
    visited_on = forms.DateField(label=_("走访日期"), widget=date_input())
    people_met = forms.CharField(label=_("会见人员"), max_length=200)
    findings = forms.CharField(label=_("走访情况"), widget=forms.Textarea(attrs={"rows": 4}))


class ProblemForm(StyledForm):
    project = forms.ModelChoiceField(
        label=_("项目"), queryset=Project.objects.none(), empty_label=_("请选择项目")
    )
    category = forms.ChoiceField(label=_("类别"), choices=ProblemCategory.choices)
    title = forms.CharField(label=_("问题"), max_length=120)
    description = forms.CharField(
        label=_("详细情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    department = forms.ModelChoiceField(
        label=_("责任部门"), queryset=Department.objects.none(), empty_label=_("请选择责任部门")
    )
    owner = forms.ModelChoiceField(
        label=_("责任人"), queryset=Staff.objects.none(), empty_label=_("请选择责任人（须属于责任部门）")
    )
    deadline_workdays = forms.IntegerField(
        label=_("办理时限（工作日）"), min_value=1, max_value=MAX_DEADLINE_WORKDAYS, required=False
    )
    due_on = forms.DateField(label=_("或办结期限"), required=False, widget=date_input())
    visit = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, projects, zone_id, enterprise: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["department"].queryset = Department.objects.filter(
            zone_id=zone_id, abolished_on__isnull=True
        )
        self.fields["owner"].queryset = (
            Staff.objects.filter(zone_id=zone_id, is_active=True)
            .select_related("department")
            .order_by("department__order", "department__name", "name")
        )
        self.fields["owner"].label_from_instance = staff_label
        if enterprise:  # an enterprise's problem goes to its project's agent
            for name in ("department", "owner", "deadline_workdays", "due_on"):
                del self.fields[name]


class NoteForm(VersionedForm):
    text = forms.CharField(label=_("办理进展"), widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(VersionedForm):
    resolution = forms.CharField(label=_("解决情况"), widget=forms.Textarea(attrs={"rows": 3}))


class RulesForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProjectRules
        fields = [
            "start_yellow_months",
            "start_red_months",
            "behind_yellow_points",
            "behind_red_points",
            "recovery_months",
            "visit_cadence_workdays",
            "problem_deadline_workdays",
            "dispatch_weekday",
            "dispatch_hour",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from devzone.core.forms import style

        style(self)


class StepForm(StyledForm):
    step = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("节点名称"), max_length=30)
    offset_workdays = forms.IntegerField(label=_("距签约（工作日）"), min_value=0, max_value=2000)
    approval_item_code = forms.CharField(label=_("关联审批事项编码"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # one row per step: the column headers are the labels
            field.widget.attrs["aria-label"] = str(field.label)
