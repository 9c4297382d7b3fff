"""Forms of the personnel module: the candidate's registration and profile, and the staff's decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import Education
from devzone.core.forms import StyledForm, date_input
from devzone.personnel.choices import (
    DocumentKind,
    EmployerType,
    ExamStage,
    HireChannel,
    HireStepKind,
    HireStepOutcome,
    Political,
)


class ProfileFields(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=30)
    education = forms.ChoiceField(label=_("最高学历"), choices=Education.choices)
    school = forms.CharField(label=_("毕业院校"), max_length=80)
    major = forms.CharField(label=_("专业"), max_length=60)
    graduated_on = forms.DateField(label=_("毕业时间"), widget=date_input())
    experience_years = forms.IntegerField(label=_("工作年限"), min_value=0, max_value=50, initial=0)
    political = forms.ChoiceField(label=_("政治面貌"), choices=Political.choices)
    province = forms.CharField(label=_("生源地（省份）"), max_length=20)
    employer_type = forms.ChoiceField(label=_("现工作单位性质"), choices=EmployerType.choices)


class RegisterForm(ProfileFields):
    phone = forms.CharField(
        label=_("手机号码"), max_length=11, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    code = forms.CharField(
        label=_("短信验证码"), max_length=6, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    id_number = forms.CharField(label=_("身份证号码"), max_length=18)
    password = forms.CharField(label=_("设置密码"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("再次输入密码"), widget=forms.PasswordInput)

    field_order = ["phone", "code", "id_number", "password", "password2", "name"]

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        return data


class SendCodeForm(StyledForm):
    phone = forms.CharField(label=_("手机号码"), max_length=11)


class ApplyForm(StyledForm):
    opening = forms.IntegerField(widget=forms.HiddenInput)


class ScreenForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("qualify", _("审核通过")), ("return", _("退回修改")), ("reject", _("审核不通过"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("理由（退回或不通过时必填，考生可见）"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ScoreForm(StyledForm):
    stage = forms.ChoiceField(label=_("考试环节"), choices=ExamStage.choices)
    score = forms.CharField(
        label=_("成绩"), max_length=6, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )


class RatioForm(StyledForm):
    note = forms.CharField(label=_("处理说明（核减或取消时必填）"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ShareForm(StyledForm):
    """The city's 刚性淘汰比例 from a date, with its source."""

    low_percent = forms.DecimalField(
        label=_("比例下限（%）"), max_digits=4, decimal_places=1, min_value=0, max_value=100
    )
    high_percent = forms.DecimalField(
        label=_("比例上限（%）"), max_digits=4, decimal_places=1, min_value=0, max_value=100
    )
    effective_from = forms.DateField(label=_("施行日期"), widget=date_input())
    basis = forms.CharField(label=_("依据（文件名称、文号或条款）"), max_length=300)


class DocumentForm(StyledForm):
    kind = forms.ChoiceField(label=_("材料类型"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("文件（PDF或图片）"))


class SpecialPayForm(StyledForm):
    employee_no = forms.CharField(label=_("工号"), max_length=20)
    post = forms.CharField(label=_("特设岗位"), max_length=60)
    term_from = forms.DateField(label=_("聘期开始"), widget=date_input())
    term_until = forms.DateField(label=_("聘期届满"), widget=date_input())
    annual_pay = forms.DecimalField(label=_("年薪（元）"), max_digits=12, decimal_places=2, min_value=0)
    targets = forms.CharField(label=_("目标任务"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class HireForm(StyledForm):
    employee_no = forms.CharField(label=_("工号"), max_length=20)
    channel = forms.ChoiceField(label=_("渠道"), choices=HireChannel.choices)
    agency = forms.CharField(label=_("猎聘机构"), max_length=80, required=False)
    registration = forms.IntegerField(label=_("报名编号（公开招聘）"), required=False, min_value=1)
    hired_on = forms.DateField(label=_("入职日期"), widget=date_input())


class HireStepForm(StyledForm):
    """体检、考察、公示: the next step of a proposed hire (the page offers only that one)."""

    kind = forms.ChoiceField(label=_("环节"), choices=HireStepKind.choices, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("结论"), choices=HireStepOutcome.choices, widget=forms.RadioSelect)
    on = forms.DateField(label=_("日期"), widget=date_input())
    note = forms.CharField(label=_("说明（不合格时必填）"), max_length=300, required=False)

    def __init__(self, *args, step: str | None = None, started: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].widget.attrs["class"] = "form-check-input"  # radios, not text boxes
        if step:
            self.fields["kind"].initial = step
            if step == HireStepKind.PUBLICITY:
                choices = (
                    [("passed", _("期满无异议")), ("failed", _("反映问题查实，不予聘用"))]
                    if started
                    else [("pending", _("开始公示"))]
                )
                self.fields["on"].label = _("公示结束日期") if started else _("公示开始日期")
            else:
                choices = [("passed", _("合格")), ("failed", _("不合格"))]
            self.fields["outcome"].choices = choices
            self.fields["outcome"].initial = choices[0][0]


class TeamMemberForm(StyledForm):
    """班子成员 of a zone in reach (the city's personnel work)."""

    zone = forms.TypedChoiceField(label=_("开发区"), coerce=int, choices=())
    name = forms.CharField(label=_("姓名"), max_length=30)
    post = forms.CharField(label=_("职务"), max_length=40)
    birth_date = forms.DateField(label=_("出生日期"), widget=date_input())
    fulltime_education = forms.ChoiceField(
        label=_("全日制学历"), choices=[("", _("无（非全日制）")), *Education.choices], required=False
    )
    exchanged_from = forms.CharField(label=_("交流来源（原单位）"), max_length=80, required=False)
    joined_on = forms.DateField(label=_("任职日期"), widget=date_input())
    left_on = forms.DateField(label=_("离任日期"), widget=date_input(), required=False)

    def __init__(self, *args, zones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", _("请选择")), *((z.pk, z.name) for z in zones)]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["zone_id"] = data.pop("zone")
        return data
