"""Forms of the personnel module: the candidate's registration and profile, and the staff's decisions."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import Education, Rank
from devzone.core.forms import StyledForm, date_input, style
from devzone.personnel.choices import (
    DocumentKind,
    EmployerType,
    ExamStage,
    HireChannel,
    HireStepKind,
    HireStepOutcome,
    Political,
)
from devzone.personnel.models.competition import CompetitionPublicityRule, competition_publicity_refusal
from devzone.personnel.models.recruitment import PublicityRule, exam_date_refusals, publicity_days_refusal

# 生源地: the 34 provincial-level divisions, stored by their full Chinese name (what the statistics group by and
# what the candidates registered before the list have: 山东省, 北京市 …), shown in the reader's language.
PROVINCES = [
    ("北京市", _("北京市")),
    ("天津市", _("天津市")),
    ("河北省", _("河北省")),
    ("山西省", _("山西省")),
    ("内蒙古自治区", _("内蒙古自治区")),
    ("辽宁省", _("辽宁省")),
    ("吉林省", _("吉林省")),
    ("黑龙江省", _("黑龙江省")),
    ("上海市", _("上海市")),
    ("江苏省", _("江苏省")),
    ("浙江省", _("浙江省")),
    ("安徽省", _("安徽省")),
    ("福建省", _("福建省")),
    ("江西省", _("江西省")),
    ("山东省", _("山东省")),
    ("河南省", _("河南省")),
    ("湖北省", _("湖北省")),
    ("湖南省", _("湖南省")),
    ("广东省", _("广东省")),
    ("广西壮族自治区", _("广西壮族自治区")),
    ("海南省", _("海南省")),
    ("重庆市", _("重庆市")),
    ("四川省", _("四川省")),
    ("贵州省", _("贵州省")),
    ("云南省", _("云南省")),
    ("西藏自治区", _("西藏自治区")),
    ("陕西省", _("陕西省")),
    ("甘肃省", _("甘肃省")),
    ("青海省", _("青海省")),
    ("宁夏回族自治区", _("宁夏回族自治区")),
    ("新疆维吾尔自治区", _("新疆维吾尔自治区")),
    ("香港特别行政区", _("香港特别行政区")),
    ("澳门特别行政区", _("澳门特别行政区")),
    ("台湾省", _("台湾省")),
]


class GridForm:
    """A form whose fields ``personnel/_form_grid.html`` draws in a grid: ``grid`` gives the fields in the order
    drawn, in runs of fields that share the classes of their column."""

    grid: tuple[tuple[tuple[str, ...], str], ...] = ()

    def grid_fields(self) -> list:
        return [(self[name], col) for names, col in self.grid for name in names]


class ZonedForm(StyledForm):
    """A row of one of the zones given (those the page offers: the caller's reach), chosen in ``zone`` and passed
    to the service as ``zone_id``."""

    zone = forms.TypedChoiceField(label=_("开发区"), coerce=int, choices=())

    def __init__(self, *args, zones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", _("请选择")), *((z.pk, z.name) for z in zones)]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["zone_id"] = data.pop("zone")
        return data


def _chosen(choices) -> list:
    """A drop-down that starts empty (请选择, ``core.forms.style``): the candidate must pick, nothing is preselected
    for them."""
    return [("", "---------"), *choices]


class ProfileFields(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=30)
    education = forms.ChoiceField(label=_("最高学历"), choices=_chosen(Education.choices))
    school = forms.CharField(label=_("毕业院校"), max_length=80)
    major = forms.CharField(label=_("专业"), max_length=60)
    graduated_on = forms.DateField(label=_("毕业时间"), widget=date_input())
    experience_years = forms.IntegerField(label=_("工作年限"), min_value=0, max_value=50, initial=0)
    political = forms.ChoiceField(label=_("政治面貌"), choices=_chosen(Political.choices))
    province = forms.ChoiceField(label=_("生源地（省份）"), choices=_chosen(PROVINCES))
    employer_type = forms.ChoiceField(label=_("现工作单位性质"), choices=_chosen(EmployerType.choices))


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


class ProfileCorrectionForm(ProfileFields):
    """考生更正个人信息: the fields a registration reads, without the verified name (and identity number)."""

    name = None
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a province stored before the list (typed in, or through the API) stays the candidate's, offered as it is
        stored = (self.initial or {}).get("province")
        field = self.fields["province"]
        if stored and stored not in {value for value, _label in field.choices}:
            field.choices = [*field.choices, (stored, stored)]

    @staticmethod
    def initial_of(candidate) -> dict:
        from devzone.personnel.services.candidates import CORRECTABLE_FIELDS

        return {**{k: getattr(candidate, k) for k in CORRECTABLE_FIELDS}, "version": candidate.version}

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class PhoneChangeForm(StyledForm):
    """更换手机号码: the new number, its code and the account's password."""

    phone = forms.CharField(
        label=_("新手机号码"), max_length=11, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    code = forms.CharField(
        label=_("短信验证码"), max_length=6, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    password = forms.CharField(label=_("登录密码"), widget=forms.PasswordInput)


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
    note = forms.CharField(
        label=_("理由（退回或不通过时必填；预审提示不符合岗位条件仍予通过的，也须填写；考生可见）"),
        max_length=300,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecuseForm(StyledForm):
    """声明回避 on a registration (《事业单位公开招聘人员暂行规定》第二十七条)."""

    reason = forms.CharField(
        label=_("回避事由"),
        max_length=300,
        help_text=_(
            "与考生有夫妻关系、直系血亲关系、三代以内旁系血亲或者近姻亲关系的，应当回避；声明后不能办理该考生的审核、成绩和聘用环节"
        ),
    )


class RecheckForm(StyledForm):
    """复核更正: the recruiting unit's decision on a correction made after the registration was screened."""

    decision = forms.ChoiceField(
        label=_("复核结论"),
        choices=[("accept", _("复核通过：按更正后的信息报考")), ("disqualify", _("复核不通过：取消资格"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("理由（取消资格时必填，考生可见）"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, disqualify: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # radio buttons, not the text boxes core.forms.style makes of every non-select widget
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        if not disqualify:  # after the interview list: only 复核通过 (``registrations.registration_recheck``)
            self.fields["decision"].choices = self.fields["decision"].choices[:1]
            self.fields["note"].label = _("说明（考生可见）")


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
    """体检、考察、公示: the next step of a proposed hire (the page offers only that one). Its note may say why a
    体检 failed (health data): a refused step keeps the rest of the form for the page, never the note
    (``core.actions.keep_posted``)."""

    not_kept = ("note",)

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


class TeamMemberForm(ZonedForm):
    """班子成员 of a zone in reach (the city's personnel work)."""

    name = forms.CharField(label=_("姓名"), max_length=30)
    post = forms.CharField(label=_("职务"), max_length=40)
    birth_date = forms.DateField(label=_("出生日期"), widget=date_input())
    fulltime_education = forms.ChoiceField(
        label=_("全日制学历"), choices=[("", _("无（非全日制）")), *Education.choices], required=False
    )
    exchanged_from = forms.CharField(label=_("交流来源（原单位）"), max_length=80, required=False)
    joined_on = forms.DateField(label=_("任职日期"), widget=date_input())
    left_on = forms.DateField(label=_("离任日期"), widget=date_input(), required=False)


# --- drafting a campaign and its openings (the city's personnel office) -------------------------------------
def _moment_input() -> forms.DateTimeInput:
    """A browser date-and-time picker; its value is ISO (2027-03-01T09:00), read in Beijing time."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


# The database's check (``personnel_campaign_window``) names only the constraint: say it in words first.
WINDOW_REFUSAL = _("报名截止时间须晚于报名开始时间")


class CampaignForm(GridForm, StyledForm):
    """招聘公告 as a draft: the registration window (Beijing time), the exam dates, the ratio, the written weight
    (as a percentage here, a fraction in the model and the API), the pass line and the publicity period."""

    title = forms.CharField(label=_("公告名称"), max_length=120)
    registration_opens = forms.DateTimeField(label=_("报名开始（北京时间）"), widget=_moment_input())
    registration_closes = forms.DateTimeField(label=_("报名截止（北京时间）"), widget=_moment_input())
    written_exam_on = forms.DateField(label=_("笔试日期"), widget=date_input(), required=False)
    interview_on = forms.DateField(label=_("面试日期"), widget=date_input(), required=False)
    exam_ratio = forms.IntegerField(
        label=_("开考比例（1:N）"),
        min_value=1,
        max_value=10,
        initial=3,
        help_text=_("合格人数达到招聘人数的N倍方可开考"),
    )
    written_percent = forms.IntegerField(
        label=_("笔试成绩占比（%）"),
        min_value=30,
        max_value=100,
        initial=50,
        help_text=_("不低于30%，其余为面试成绩"),
    )
    written_pass_line = forms.DecimalField(
        label=_("笔试合格分数线"), max_digits=5, decimal_places=2, min_value=0, max_value=100, initial=60
    )
    publicity_days = forms.IntegerField(label=_("公示期（工作日）"), min_value=1, max_value=30, initial=7)
    announcement = forms.CharField(
        label=_("公告正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "发布前须填写：招聘单位情况简介，招聘的岗位、人数及条件，招聘办法，考试、考核的时间、内容、范围，"
            "报名方法等（《事业单位公开招聘人员暂行规定》第十三条）"
        ),
    )

    grid = (
        (("title",), "col-12"),
        (("registration_opens", "registration_closes"), "col-md-6"),
        (("written_exam_on", "interview_on"), "col-md-6 col-6"),
        (("exam_ratio", "written_percent", "written_pass_line", "publicity_days"), "col-md-3 col-6"),
        (("announcement",), "col-12"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the legal minimum as the rule in force has it, with its source (``PublicityRule``: data, not code)
        rule = PublicityRule.in_force()
        field = self.fields["publicity_days"]
        if rule is not None:
            field.widget.attrs["min"] = rule.min_days  # the refusal itself names the basis (``clean``)
            field.help_text = _("不少于%(n)d个工作日，至多30个工作日。依据：%(basis)s") % {
                "n": rule.min_days,
                "basis": rule.basis,
            }

    def clean(self):
        data = super().clean()
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", WINDOW_REFUSAL)
        if (
            refusal := publicity_days_refusal(data.get("publicity_days"))
        ) and "publicity_days" not in self.errors:
            self.add_error("publicity_days", refusal)
        # the exam dates after the window and in order (the model's rule), beside the field they break
        refusals = exam_date_refusals(closes, data.get("written_exam_on"), data.get("interview_on"))
        for field, message in refusals.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def service_fields(self) -> dict:
        """The cleaned form as ``campaigns.campaign_create``'s fields (the API's body gives the same)."""
        data = dict(self.cleaned_data)
        data["written_weight"] = Decimal(data.pop("written_percent")) / 100
        return data


class CampaignEditForm(CampaignForm):
    """修改招聘公告草稿: the same fields, at the version the officer saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    @staticmethod
    def initial_of(campaign) -> dict:
        from django.utils import timezone

        data = {k: getattr(campaign, k) for k in CampaignForm.base_fields if hasattr(campaign, k)}
        for k in ("registration_opens", "registration_closes"):
            data[k] = timezone.localtime(data[k]).replace(tzinfo=None)
        data["written_percent"] = int(campaign.written_weight * 100)
        return {**data, "version": campaign.version}

    def service_fields(self) -> dict:
        data = super().service_fields()
        data.pop("version")
        return data


class OpeningForm(GridForm, ZonedForm):
    """招聘岗位 of a draft campaign, in one of the city's zones."""

    code = forms.CharField(label=_("岗位代码"), max_length=20)
    title = forms.CharField(label=_("岗位名称"), max_length=80)
    headcount = forms.IntegerField(label=_("招聘人数"), min_value=1, max_value=999, initial=1)
    education_min = forms.ChoiceField(
        label=_("学历要求"), choices=Education.choices, initial=Education.BACHELOR
    )
    majors = forms.CharField(
        label=_("专业要求"), max_length=200, required=False, help_text=_("以顿号分隔；空为不限")
    )
    age_max = forms.IntegerField(
        label=_("年龄上限"), min_value=18, max_value=70, required=False, help_text=_("空为不限")
    )
    experience_years = forms.IntegerField(label=_("工作年限要求"), min_value=0, max_value=50, initial=0)
    party_member_only = forms.BooleanField(label=_("限中共党员"), required=False)
    leadership = forms.BooleanField(label=_("领导岗位"), required=False)

    grid = (
        (("zone",), "col-md-4"),
        (("code",), "col-md-2 col-6"),
        (("title",), "col-md-4 col-6"),
        (("headcount",), "col-md-2 col-6"),
        (("education_min",), "col-md-3 col-6"),
        (("majors",), "col-md-5"),
        (("age_max", "experience_years"), "col-md-2 col-6"),
        (("party_member_only", "leadership"), "col-md-3 col-6"),
    )


class OpeningEditForm(OpeningForm):
    """修改草稿中的招聘岗位, at the version the officer saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    @staticmethod
    def initial_of(opening) -> dict:
        fields = [k for k in OpeningForm.base_fields if k != "zone"]
        return {
            **{k: getattr(opening, k) for k in fields},
            "zone": opening.zone_id,
            "version": opening.version,
        }

    def service_fields(self) -> dict:
        data = super().service_fields()
        data.pop("version")
        return data


# --- 竞聘上岗 -------------------------------------------------------------------------------------------------
POST_ROWS = 6  # posts a competition is drafted with on the page (the API takes up to 50)


class CompetitionForm(GridForm, forms.Form):
    """竞聘上岗 in the zone: its posts (rows ``posts.N.post/seats/min_rank``; blank rows are left out, a post once),
    the minimum years of service, the speech's weight (as a percentage here) and the publicity period."""

    title = forms.CharField(label=_("名称"), max_length=100)
    min_years = forms.IntegerField(label=_("最低任职年限"), min_value=0, max_value=40, initial=2)
    speech_percent = forms.IntegerField(
        label=_("竞聘演讲占比（%）"),
        min_value=0,
        max_value=100,
        initial=60,
        help_text=_("其余为民主测评"),
    )
    publicity_days = forms.IntegerField(label=_("公示期（工作日）"), min_value=1, max_value=30, initial=5)
    exceptional = forms.BooleanField(
        label=_("破格（越级）竞聘"),
        required=False,
        help_text=_("岗位向逐级晋升规则以外的较低职级开放，须经上级组织（人事）部门批准"),
    )
    exceptional_basis = forms.CharField(
        label=_("破格批准依据"),
        max_length=300,
        required=False,
        help_text=_("批准文号或批准决定，破格时必填"),
    )

    # the posts' rows and the 破格 fields follow, drawn by the page
    grid = ((("title",), "col-12"), (("min_years", "speech_percent", "publicity_days"), "col-md-4 col-6"))

    def __init__(self, *args, posts=(), rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        # 逐级晋升 (``PromotionRule``): what the officer reads where they set 最低职级, the law's own words
        self.rank_rule = (
            _("最低职级至多低于岗位职级%(n)d级（平级亦可）；越级须按破格办理。依据：%(basis)s")
            % {"n": rule.max_steps, "basis": rule.basis}
            if rule is not None
            else ""
        )
        # 任职前公示's minimum as the rule in force has it, with its source (``CompetitionPublicityRule``: data)
        publicity = CompetitionPublicityRule.in_force()
        if publicity is not None:
            self.fields["publicity_days"].widget.attrs["min"] = publicity.min_days
            self.fields["publicity_days"].help_text = _(
                "不少于%(n)d个工作日，至多30个工作日。依据：%(basis)s"
            ) % {"n": publicity.min_days, "basis": publicity.basis}
        choices = [("", _("不选"))] + [(p.pk, f"{p}（{p.get_rank_display()}）") for p in posts]
        for i in range(POST_ROWS):
            n = {"n": i + 1}
            self.fields[f"posts.{i}.post"] = forms.TypedChoiceField(
                label=_("竞聘岗位%(n)d") % n, coerce=int, choices=choices, required=False
            )
            self.fields[f"posts.{i}.seats"] = forms.IntegerField(
                label=_("岗位%(n)d职数") % n, min_value=1, max_value=99, initial=1, required=False
            )
            self.fields[f"posts.{i}.min_rank"] = forms.ChoiceField(
                label=_("岗位%(n)d最低职级") % n,
                choices=Rank.choices,
                initial=Rank.STAFF,
                required=False,
                help_text=self.rank_rule,
            )
        style(self)

    def post_rows(self) -> list[tuple]:
        return [
            (self[f"posts.{i}.post"], self[f"posts.{i}.seats"], self[f"posts.{i}.min_rank"])
            for i in range(POST_ROWS)
        ]

    def clean(self):
        data = super().clean()
        seen = set()
        for i in range(POST_ROWS):
            post = data.get(f"posts.{i}.post")
            if not post:
                continue
            if post in seen:
                self.add_error(f"posts.{i}.post", _("同一岗位只能列入一次"))
            seen.add(post)
        if not seen and not self.errors:
            self.add_error("posts.0.post", _("请至少选择一个竞聘岗位"))
        refusal = competition_publicity_refusal(data.get("publicity_days"))
        if refusal and "publicity_days" not in self.errors:
            self.add_error("publicity_days", refusal)
        return data

    def service_fields(self) -> dict:
        """The cleaned form as ``competition.competition_create``'s arguments (the API's body gives the same)."""
        d = self.cleaned_data
        return {
            "title": d["title"],
            "min_years": d["min_years"],
            "speech_weight": Decimal(d["speech_percent"]) / 100,
            "publicity_days": d["publicity_days"],
            "exceptional": d["exceptional"],
            "exceptional_basis": d["exceptional_basis"],
            "posts": [
                (d[f"posts.{i}.post"], d[f"posts.{i}.seats"] or 1, d[f"posts.{i}.min_rank"] or Rank.STAFF)
                for i in range(POST_ROWS)
                if d.get(f"posts.{i}.post")
            ],
        }


class EntryForm(StyledForm):
    """竞聘报名 entered for a staff member of the zone (by 工号) for one of the competition's posts."""

    employee_no = forms.CharField(label=_("工号"), max_length=20)
    post = forms.TypedChoiceField(label=_("竞聘岗位"), coerce=int, choices=())

    def __init__(self, *args, posts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = [("", _("请选择")), *((p.post_id, str(p.post)) for p in posts)]


# --- 聘期目标 and 员额比例 ------------------------------------------------------------------------------------
class TermTargetForm(StyledForm):
    employee_no = forms.CharField(label=_("工号"), max_length=20)
    term_end = forms.DateField(label=_("聘期届满"), widget=date_input())
    target = forms.CharField(label=_("聘期目标"), max_length=300)


class TermTargetAssessForm(StyledForm):
    met = forms.TypedChoiceField(
        label=_("考核结果"),
        choices=[("yes", _("完成")), ("no", _("未完成"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    assessment = forms.CharField(label=_("考核意见"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)  # the target as the page showed it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met"].widget.attrs["class"] = "form-check-input"  # radios, not text boxes


class ReserveForm(StyledForm):
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    percent = forms.DecimalField(
        label=_("市场化选聘员额比例（%）"), max_digits=4, decimal_places=1, min_value=0, max_value=100
    )


class SelfEntryForm(StyledForm):
    """本人报名竞聘: one post of one open competition of the applicant's zone."""

    competition = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    post = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
