"""Forms of the enterprise-service pages (field errors in Chinese; the services check the rest)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from devzone.core.forms import StyledForm, VersionedForm
from devzone.services.choices import MeasureStatus, RatingLevel, RequestCategory
from devzone.services.services.common import normal_phone, phone_problem

LEVELS = [("", _("请选择")), *RatingLevel.choices]
OPTIONAL_LEVELS = [("", _("不评")), *RatingLevel.choices]


class RequestForm(StyledForm):
    category = forms.ChoiceField(label=_("诉求类别"), choices=[("", _("请选择")), *RequestCategory.choices])
    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 5}))
    contact_name = forms.CharField(label=_("联系人"), max_length=30, required=False)
    contact_phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_contact_phone(self):
        phone = normal_phone(self.cleaned_data.get("contact_phone"))
        if problem := phone_problem(phone):
            raise forms.ValidationError(problem)
        return phone


class AcceptForm(VersionedForm):
    assignee = forms.TypedChoiceField(label=_("承办人"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("本人承办"))] + [(u.pk, name) for u, name in staff]


class AssignForm(AcceptForm):
    pass


class BodyForm(VersionedForm):
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(ReasonForm):
    due_on = forms.DateField(
        label=_("新的办理期限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class RateForm(StyledForm):
    level = forms.TypedChoiceField(label=_("整体满意度"), choices=LEVELS, coerce=int)
    efficiency = forms.TypedChoiceField(
        label=_("服务效率"), choices=OPTIONAL_LEVELS, coerce=int, required=False, empty_value=None
    )
    attitude = forms.TypedChoiceField(
        label=_("服务态度"), choices=OPTIONAL_LEVELS, coerce=int, required=False, empty_value=None
    )
    convenience = forms.TypedChoiceField(
        label=_("办事便利度"), choices=OPTIONAL_LEVELS, coerce=int, required=False, empty_value=None
    )
    comment = forms.CharField(
        label=_("评价意见"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不满意、非常不满意须写明原因"),
    )


class CallbackForm(VersionedForm):
    rectification = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3}))
    callback_on = forms.DateField(
        label=_("回访日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    callback_contact = forms.CharField(label=_("回访对象"), max_length=60)
    callback_note = forms.CharField(label=_("回访记录"), widget=forms.Textarea(attrs={"rows": 3}))


class HandlerForm(VersionedForm):
    handler = forms.TypedChoiceField(label=_("整改负责人"), coerce=int)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [(u.pk, name) for u, name in staff]


class ResultForm(StyledForm):
    level = forms.TypedChoiceField(label=_("对整改结果的评价"), choices=LEVELS, coerce=int)
    comment = forms.CharField(
        label=_("意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppealForm(StyledForm):
    reason = forms.CharField(label=_("申诉理由"), widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(StyledForm):
    upheld = forms.TypedChoiceField(
        label=_("裁定"),
        choices=[("", _("请选择")), ("1", _("申诉成立（该评价不计入统计）")), ("0", _("申诉不成立"))],
        coerce=lambda v: v == "1",
    )
    decision = forms.CharField(label=_("裁定意见"), widget=forms.Textarea(attrs={"rows": 3}))


def _quarters() -> list[tuple[int, str]]:
    """第1季度 … 第4季度, in the reader's language: a callable, read when the form is drawn (a lazy text formatted
    with ``%`` in the class body would be written once, at import, in the language active then)."""
    return [(q, gettext("第%(q)d季度") % {"q": q}) for q in (1, 2, 3, 4)]


class SurveyForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("季度"), choices=_quarters, coerce=int)
    closes_on = forms.DateField(
        label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    departments = forms.TypedMultipleChoiceField(label=_("测评部门"), coerce=int, required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = [(d.pk, d.name) for d in departments]


class SurveyAnswerForm(forms.Form):
    """Built per survey: three questions for each department, and one comment."""

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = list(departments)
        for d in self.departments:
            for q, label in (
                ("overall", _("整体满意度")),
                ("efficiency", _("服务效率")),
                ("attitude", _("服务态度")),
            ):
                self.fields[f"d{d.pk}_{q}"] = forms.TypedChoiceField(
                    label=label,
                    choices=LEVELS,
                    coerce=int,
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
        self.fields["comment"] = forms.CharField(
            label=_("意见建议"),
            max_length=500,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        )

    def rows(self):
        return [
            (d, [self[f"d{d.pk}_{q}"] for q in ("overall", "efficiency", "attitude")])
            for d in self.departments
        ]

    def answers(self) -> dict:
        return {
            d.pk: {q: self.cleaned_data[f"d{d.pk}_{q}"] for q in ("overall", "efficiency", "attitude")}
            for d in self.departments
        }


class PlanForm(VersionedForm):
    summary = forms.CharField(label=_("帮扶思路"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    owner = forms.TypedChoiceField(label=_("包联负责人"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—")] + [(u.pk, name) for u, name in staff]


class MeasureForm(StyledForm):
    title = forms.CharField(label=_("措施"), max_length=120)
    detail = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    department = forms.TypedChoiceField(label=_("责任部门"), coerce=int, required=False, empty_value=None)
    owner = forms.TypedChoiceField(label=_("责任人"), coerce=int, required=False, empty_value=None)
    due_on = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, staff=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—")] + [(u.pk, name) for u, name in staff]
        self.fields["department"].choices = [("", "—")] + [(d.pk, d.name) for d in departments]


class MeasureStatusForm(VersionedForm):
    """A measure's status, with the version of its plan the page showed: a status moved meanwhile by someone else
    (a measure cancelled by the leader) is not silently overwritten from a stale page (409)."""

    status = forms.ChoiceField(label=_("状态"), choices=MeasureStatus.choices)
    done_on = forms.DateField(
        label=_("落实日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class RoutingForm(StyledForm):
    category = forms.ChoiceField(label=_("诉求类别"), choices=RequestCategory.choices)
    department = forms.TypedChoiceField(label=_("承办部门"), coerce=int)
    deadline_days = forms.IntegerField(label=_("办理时限（工作日）"), min_value=1, max_value=60, initial=5)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(d.pk, d.name) for d in departments]


class SettingsForm(VersionedForm):
    followup_days = forms.IntegerField(label=_("整改回访时限（工作日）"), min_value=1, max_value=60)
    auto_rate_enabled = forms.BooleanField(label=_("逾期未评自动默认“基本满意”"), required=False)
    auto_rate_days = forms.IntegerField(label=_("默认评价期限（自然日）"), min_value=1, max_value=90)
    request_default_days = forms.IntegerField(
        label=_("诉求默认办理时限（工作日）"), min_value=1, max_value=60
    )
    survey_departments = forms.TypedMultipleChoiceField(label=_("满意度测评部门"), coerce=int, required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey_departments"].choices = [(d.pk, d.name) for d in departments]
