"""大审批: the catalog of delegated approval items, intakes at the single window, applications with their
working-day clocks, materials, supplements, special procedures, extensions, certificates under the zone's seal."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.approvals.choices import (
    OPEN_STATUSES,
    CertificateStatus,
    HandlingKind,
    IntakeChannel,
    ItemKind,
    LegalNature,
    PostCheckResult,
    ResultKind,
    SpecialKind,
    Stage,
    Status,
    StepName,
)
from devzone.core.models.base import (
    DetailPage,
    ScopedManager,
    Upload,
    Versioned,
    ZoneRow,
    actor_ref,
    clock_ref,
    ref,
    user_ref,
)

LIMIT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(365)]
# The longest a special procedure's time may be set to anywhere (a sanity range of the columns and the API; each
# item's own bound, ``ApprovalItem.special_max_days``, is the rule), and the bound's source as the catalog had it
# before it became each item's data (the module's own 120 working days).
SPECIAL_DAYS_CEILING = 365
SPECIAL_BASIS_DEFAULT = (
    "《中华人民共和国行政许可法》第四十五条未规定上限，本区规定特别程序时限不超过120个工作日"
)


class SourceDepartment(ZoneRow):
    """The county department a power was delegated from (原职能部门: 县住建委, 县发改委 …)."""

    scope_enterprise_sees_zone = True

    name = models.CharField(_("名称"), max_length=60)

    class Meta:
        verbose_name = _("原职能部门")
        verbose_name_plural = _("原职能部门")
        ordering = ["zone", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="sourcedept_unique_in_zone")]

    def __str__(self) -> str:
        return self.name


class ApprovalItem(DetailPage, ZoneRow):
    """One delegated approval power (审批事项): 主项, 子项 or 办理项, with its limits and materials."""

    detail_view = "approvals:item_detail"

    scope_enterprise_sees_zone = True  # the catalog is public to the zone's enterprises (办事指南)

    code = models.CharField(_("事项编码"), max_length=40)
    name = models.CharField(_("事项名称"), max_length=120)
    parent = ref("self", _("上级事项"), related_name="children", optional=True)
    handling_kind = models.CharField(_("办理项"), max_length=10, choices=HandlingKind.choices, blank=True)
    source_department = ref(SourceDepartment, _("原职能部门"), related_name="items")
    delegation_batch = models.PositiveSmallIntegerField(_("下放批次"), default=1)
    kind = models.CharField(_("办件类型"), max_length=10, choices=ItemKind.choices, default=ItemKind.PROMISED)
    stage = models.CharField(_("审批阶段"), max_length=30, choices=Stage.choices, default=Stage.OTHER)
    legal_limit_days = models.PositiveSmallIntegerField(_("法定时限（工作日）"), validators=LIMIT_VALIDATORS)
    promised_limit_days = models.PositiveSmallIntegerField(
        _("承诺时限（工作日）"), validators=LIMIT_VALIDATORS
    )
    result_type = models.CharField(_("审批结果"), max_length=80, help_text=_("证照或批文名称"))
    # The law is data with its source: what the item is in law, where its limits come from, how far its
    # statutory limit may be extended and on what basis (行政许可法第四十二条: 10 working days unless a law or
    # regulation says otherwise, e.g. 企业投资项目核准 up to 40, 条例第十一条).
    legal_nature = models.CharField(
        _("法律性质"), max_length=20, choices=LegalNature.choices, default=LegalNature.LICENSING
    )
    result_kind = models.CharField(
        _("结果类型"), max_length=20, choices=ResultKind.choices, default=ResultKind.PERMIT
    )
    # False for the items that existed when migration 0005 gave every item 行政许可 under 第四十二条 by default:
    # the catalog flags them until a person saves the item (page or import with its 法律性质), which confirms.
    legal_nature_confirmed = models.BooleanField(_("法律性质已确认"), default=True)
    legal_limit_basis = models.CharField(
        _("法定时限依据"), max_length=200, default="《中华人民共和国行政许可法》第四十二条", blank=True
    )
    extension_max_days = models.PositiveSmallIntegerField(
        _("延期上限（工作日）"), default=10, validators=[MaxValueValidator(60)]
    )
    extension_basis = models.CharField(
        _("延期依据"), max_length=200, default="《中华人民共和国行政许可法》第四十二条", blank=True
    )
    # 特别程序 (听证、检验、检测、专家评审 …): their time is left out of the statutory limit and is told to the
    # applicant in writing (行政许可法第四十五条), which sets no longest time; the catalog sets each item's, with
    # its source (a 委托评估 of a 核准 item is held to its regulation's 30 days as well: catalog.law.special_law)
    special_max_days = models.PositiveSmallIntegerField(
        _("特别程序时限上限（工作日）"),
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(SPECIAL_DAYS_CEILING)],
    )
    special_basis = models.CharField(_("特别程序时限依据"), max_length=200, default=SPECIAL_BASIS_DEFAULT)
    fee = models.DecimalField(
        _("收费（元）"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    commitment_allowed = models.BooleanField(_("可告知承诺"), default=False)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents", verbose_name=_("前置事项")
    )
    legal_basis = models.CharField(_("设定依据"), max_length=300, blank=True)
    # 情形引导: the situations an applicant is in when this item applies (新建厂房、改扩建 …). The single window
    # offers each situation as a one-click selection of its items, in the order of the process.
    situations = models.CharField(
        _("适用情形"),
        max_length=200,
        blank=True,
        help_text=_("办事情形，以顿号分隔，如：新建厂房、改扩建。一窗受理按情形引导选择事项"),
    )
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = _("审批事项")
        ordering = ["zone", "code"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="item_unique_code_in_zone"),
            models.CheckConstraint(
                condition=models.Q(promised_limit_days__lte=models.F("legal_limit_days")),
                name="item_promised_within_legal",
            ),
        ]
        indexes = [models.Index(fields=["zone", "stage"]), models.Index(fields=["zone", "source_department"])]

    def __str__(self) -> str:
        return f"{self.name}" + (f"（{self.get_handling_kind_display()}）" if self.handling_kind else "")

    def clean(self) -> None:
        errors = {}
        if self.promised_limit_days is not None and self.legal_limit_days is not None:
            if self.promised_limit_days > self.legal_limit_days:
                errors["promised_limit_days"] = _("承诺时限不能超过法定时限")
        if self.kind == ItemKind.INSTANT and self.promised_limit_days:
            errors["promised_limit_days"] = _("即办件的承诺时限应为0")
        if self.extension_max_days and not self.extension_basis:
            errors["extension_basis"] = _("请写明延期上限的法律依据")
        if not (self.special_basis or "").strip():
            errors["special_basis"] = _("请写明特别程序时限上限的依据")
        if self.legal_nature != LegalNature.LICENSING:
            # 行政许可法 governs 行政许可 only: another item's limit and extension need their own source.
            for f in ("legal_limit_basis", "extension_basis"):
                if "行政许可法" in (getattr(self, f) or "") and (
                    f == "legal_limit_basis" or self.extension_max_days
                ):
                    errors[f] = _(
                        "该事项不是行政许可，不适用《中华人民共和国行政许可法》的时限规定，请写明其自身的依据"
                    )
        # an item citing 行政许可法第四十二条 alone is held to its limits (the law's data: catalog/law.py)
        from devzone.approvals.catalog.law import article_42_errors

        for f, message in article_42_errors(
            legal_limit_days=self.legal_limit_days,
            legal_limit_basis=self.legal_limit_basis,
            extension_max_days=self.extension_max_days,
            extension_basis=self.extension_basis,
        ).items():
            errors.setdefault(f, message)
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("事项不能以自身为上级")
        if self.source_department_id and self.zone_id and self.source_department.zone_id != self.zone_id:
            errors["source_department"] = _("原职能部门不属于该开发区")
        if errors:
            raise ValidationError(errors)


# The item's legal reading: its nature, its result, and its limits with their bases (a catalog workbook may
# leave any of them blank, which keeps the stored value).
ITEM_LAW = (
    "legal_nature",
    "result_kind",
    "legal_limit_basis",
    "extension_max_days",
    "extension_basis",
    "special_max_days",
    "special_basis",
)
# What describes an item in the catalog (the page's form, the API, the import write these, with the code,
# name and parent around them).
ITEM_DESCRIPTION = [
    "handling_kind",
    "source_department",
    "delegation_batch",
    "kind",
    "stage",
    "legal_limit_days",
    "promised_limit_days",
    "result_type",
    "fee",
    "commitment_allowed",
    *ITEM_LAW,
]


class ItemStep(models.Model):
    """A step of an item's process (受理 → 审查 → 决定 → 制证) with its own limit."""

    item = models.ForeignKey(ApprovalItem, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("环节"), max_length=10, choices=StepName.choices)
    limit_days = models.PositiveSmallIntegerField(_("环节时限（工作日）"), validators=LIMIT_VALIDATORS)

    class Meta:
        # by the item's key, not ``item``: that would order by the item's own ordering (zone, city, code) and
        # join three tables to every read of an item's steps
        ordering = ["item_id", "order"]
        constraints = [models.UniqueConstraint(fields=["item", "order"], name="itemstep_unique_order")]

    def __str__(self) -> str:
        return f"{self.get_name_display()}（{self.limit_days}个工作日）"


class RequiredMaterial(models.Model):
    """申请材料 (要件). A 容缺 material may be accepted missing and supplied within ``supply_days``."""

    item = models.ForeignKey(ApprovalItem, on_delete=models.CASCADE, related_name="materials")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("材料名称"), max_length=120)
    original = models.BooleanField(_("原件"), default=False, help_text=_("否则为复印件"))
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    required = models.BooleanField(_("必需"), default=True)
    tolerable = models.BooleanField(_("可容缺"), default=False)
    supply_days = models.PositiveSmallIntegerField(_("容缺补交期限（工作日）"), null=True, blank=True)

    class Meta:
        ordering = ["item_id", "order", "id"]  # the item's key: see ItemStep

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.tolerable and not self.supply_days:
            raise ValidationError({"supply_days": _("可容缺材料须规定补交期限")})


class ApprovalSeal(ZoneRow):
    """The zone's approval seal (审批专用章): an SM2 key pair. The private key is stored encrypted; older seals
    stay (retired) so that certificates signed with them remain verifiable."""

    name = models.CharField(_("印章名称"), max_length=80)
    serial = models.CharField(_("印章编号"), max_length=40, unique=True)
    public_key = models.CharField(max_length=130)  # uncompressed point, hex, without the 04 prefix
    private_key_encrypted = models.TextField()
    is_active = models.BooleanField(_("在用"), default=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    # SES_Seal shaped after GB/T 38540 (see devzone/approvals/seal.py): what an OFD writer needs.
    structure = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("审批专用章")
        verbose_name_plural = _("审批专用章")
        constraints = [
            models.UniqueConstraint(
                fields=["zone"], condition=models.Q(is_active=True), name="one_active_seal_per_zone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.serial}）"


class Intake(DetailPage, ZoneRow):
    """一窗受理: one submission for a project that opens several approval items (一张表单)."""

    detail_view = "approvals:intake_detail"

    scope_enterprise_path = "enterprise"

    number = models.CharField(_("受理编号"), max_length=30, unique=True)
    project = ref("core.Project", _("项目"), related_name="intakes")
    enterprise = ref("core.Enterprise", _("申请企业"), related_name="intakes")
    channel = models.CharField(_("申报渠道"), max_length=20, choices=IntakeChannel.choices)
    submitted_by = user_ref()
    submitted_on = models.DateField(_("提交日期"))
    applicant_name = models.CharField(_("经办人"), max_length=30)
    applicant_phone = models.CharField(_("联系电话"), max_length=20)
    construction_site = models.CharField(_("建设地点"), max_length=200, blank=True)
    construction_scale = models.CharField(_("建设规模及内容"), max_length=500, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("一窗受理")
        verbose_name_plural = _("一窗受理")
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(fields=["zone", "-submitted_on"]),
            models.Index(fields=["enterprise", "-submitted_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.project.name}"

    @property
    def is_accepted(self) -> bool:
        """Whether the window has accepted any of its applications: only then is ``number`` a 受理编号 that the
        pages quote (before, nothing has been accepted). Reads prefetched applications when there are."""
        return any(a.accepted_on for a in self.applications.all())


class Application(DetailPage, ZoneRow, Versioned):
    """办件: one approval item for one project, with its status, reviewer and working-day clock."""

    detail_view = "approvals:application_detail"

    scope_enterprise_path = "enterprise"

    intake = ref(Intake, _("受理"), related_name="applications")
    item = ref(ApprovalItem, _("事项"), related_name="applications")
    project = ref("core.Project", _("项目"))
    enterprise = ref("core.Enterprise", _("企业"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    reviewer = user_ref(_("审批人员"), optional=True)
    submitted_on = models.DateField(_("提交日期"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    deemed_accepted = models.BooleanField(_("逾期视为受理"), default=False)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    clock = clock_ref(_("承诺时限计时"))
    # The statutory clock (法定时限): legality. Paused only where the law leaves time out (特别程序,
    # 行政许可法第四十五条); lengthened by an extension within the item's legal maximum.
    legal_clock = clock_ref(_("法定时限计时"))
    # Before acceptance: the 5 working days of 行政许可法第三十二条 count from this day (the submission, or
    # the day an answered 补正 arrived); past them the file is deemed accepted as of this day.
    acceptance_from = models.DateField(_("受理审查起算日"), null=True, blank=True)
    step = models.CharField(_("当前环节"), max_length=10, choices=StepName.choices, default=StepName.ACCEPT)
    step_started_on = models.DateField(_("环节开始日期"), null=True, blank=True)
    extended = models.BooleanField(_("已延期"), default=False)
    on_commitment = models.BooleanField(_("告知承诺"), default=False)
    decision_reason = models.TextField(_("决定理由"), blank=True)
    elapsed_workdays = models.PositiveIntegerField(_("实际用时（工作日）"), null=True, blank=True)
    supplements = models.PositiveSmallIntegerField(_("补正次数"), default=0)
    warned_on = models.DateField(null=True, blank=True)  # the deadline scan's last warning (no duplicates)
    escalated_on = models.DateField(null=True, blank=True)
    # A second open file of the same item for the same project stored before one open file per item was enforced
    # (migration 0014; two submissions at once both passed the check): left open as the applicant filed it, and
    # outside the constraint. No service sets it.
    duplicate_before_rule = models.BooleanField(_("规则施行前的重复在办件"), default=False, editable=False)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            # one open file of an item for a project (intake_submit checks it under the project's lock; this
            # is the database's word when a check is missed)
            models.UniqueConstraint(
                fields=["project", "item"],
                condition=models.Q(
                    status__in=sorted(s.value for s in OPEN_STATUSES), duplicate_before_rule=False
                ),
                name="approvals_one_open_application_per_item",
                violation_error_message=_("该项目的这一事项已有在办的申请"),
            )
        ]
        indexes = [
            models.Index(fields=["zone", "status"]),
            models.Index(fields=["reviewer", "status"]),
            models.Index(fields=["enterprise", "-submitted_on"]),
            models.Index(fields=["project", "item"]),
            models.Index(fields=["status", "submitted_on"]),
            # the default order of a zone's list (API, leaders): newest first, walked from the index
            models.Index(fields=["zone", "-submitted_on", "-id"], name="application_zone_recent"),
            # the statistics of a period that cuts a month count that month's files by their conclusion day
            models.Index(fields=["zone", "concluded_on"], name="application_zone_concluded"),
        ]

    def __str__(self) -> str:
        return f"{self.item.name}·{self.project.name}"

    def get_status_display(self) -> str:
        """The status in the item's own words: a granted 备案 is 准予备案, not 准予许可 (``wording``)."""
        from devzone.approvals.wording import status_label

        return status_label(self.item, self.status)


class ApplicationEvent(models.Model):
    """The domain's event log of one application: every transition, who and when, from and to."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField(_("业务日期"))
    actor = actor_ref()
    actor_label = models.CharField(max_length=80)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.action} {self.from_status}→{self.to_status}"

    @property
    def label(self) -> str:
        """The action as shown: a decision in the words of the item's legal nature (``wording``)."""
        from devzone.approvals.wording import event_label

        return event_label(self.application.item, self.action)


def material_path(instance, filename: str) -> str:
    return f"approvals/{instance.application.zone_id}/{instance.application_id}/{instance.sha256[:16]}"


class Material(Upload):
    """An uploaded material (PDF or image), checked for type, size and readability. Scoped as its
    application: the zone's staff and the enterprise that applied."""

    scope_zone_path = "application__zone"
    scope_enterprise_path = "application__enterprise"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="uploads")
    required_material = ref(RequiredMaterial, _("材料"), optional=True)
    file = models.FileField(upload_to=material_path)
    content_type = models.CharField(max_length=60)


class SupplementRequest(models.Model):
    """补正: the list of everything missing, given at once (before acceptance, or during review)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="supplement_requests")
    during_review = models.BooleanField(default=False)
    requested_by = user_ref()
    requested_on = models.DateField()
    missing = models.TextField(_("需补正的材料及要求"))
    answered_on = models.DateField(null=True, blank=True)
    # 一次性告知: one request per review step; another needs a zone leader's approval with reasons.
    step = models.CharField(_("环节"), max_length=10, choices=StepName.choices, blank=True)
    approved_by = user_ref(optional=True)
    approval_reason = models.TextField(_("再次补正的批准理由"), blank=True)

    class Meta:
        ordering = ["requested_on", "id"]

    def __str__(self) -> str:
        return f"{self.requested_on} {self.missing[:30]}"


class SpecialProcedure(models.Model):
    """特别程序 (行政许可法第四十五条: 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审; 核准: 委托评估): stops both
    clocks, with a written notice and its own limit, which the deadline scan watches."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="special_procedures")
    kind = models.CharField(_("类型"), max_length=20, choices=SpecialKind.choices)
    notice = models.TextField(_("书面告知内容"))
    started_on = models.DateField(_("开始日期"))
    limit_days = models.PositiveSmallIntegerField(
        _("时限（工作日）"), validators=[MinValueValidator(1), MaxValueValidator(SPECIAL_DAYS_CEILING)]
    )
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"


class Extension(models.Model):
    """延期: once per application, approved by a zone leader with reasons; lengthens the statutory clock within
    the item's ``extension_max_days``."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="extension")
    days = models.PositiveSmallIntegerField(_("延长工作日"))
    reason = models.TextField(_("延期理由"))
    approved_by = user_ref()
    approved_on = models.DateField()

    def __str__(self) -> str:
        return f"+{self.days} {self.reason[:30]}"


class ToleratedMaterial(models.Model):
    """A 容缺 material accepted missing: owed by ``due_on`` (never later than the promised deadline, which it
    follows when a pause or a calendar change moves it: ``services.common.follow_deadline``)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tolerated")
    material = ref(RequiredMaterial)
    due_on = models.DateField(_("补交期限"))
    supplied_on = models.DateField(_("补交日期"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "material"], name="tolerated_once")]

    def __str__(self) -> str:
        return f"{self.material.name} → {self.due_on}"


class Certificate(ZoneRow):
    """批文/证照, signed with the zone's seal (SM2 with SM3 over the PDF's bytes); verifiable by anyone."""

    scope_enterprise_path = "application__enterprise"

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="certificate")
    number = models.CharField(_("证照编号"), max_length=40, unique=True)
    verify_code = models.CharField(_("验证码"), max_length=24, unique=True)
    holder = models.CharField(_("持证单位"), max_length=100)
    holder_credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    title = models.CharField(_("证照名称"), max_length=80)
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    seal = models.ForeignKey(ApprovalSeal, on_delete=models.PROTECT, related_name="certificates")
    pdf = models.FileField(upload_to="certificates/%Y/")
    digest_sm3 = models.CharField(max_length=64, db_index=True)  # a verified upload is found by its digest
    signature = models.TextField()  # DER, hex
    # SES_Signature shaped after GB/T 38540 (see devzone/approvals/seal.py).
    structure = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_on = models.DateField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"


class PostCheck(models.Model):
    """告知承诺: the check after a grant on commitment; a breach revokes the grant."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="post_check")
    due_on = models.DateField(_("核查期限"))
    result = models.CharField(
        _("核查结果"), max_length=10, choices=PostCheckResult.choices, default=PostCheckResult.PENDING
    )
    checked_on = models.DateField(null=True, blank=True)
    checked_by = user_ref(optional=True)
    finding = models.TextField(_("核查情况"), blank=True)

    def __str__(self) -> str:
        return f"{self.application} {self.get_result_display()}"


class CommitmentBar(models.Model):
    """An enterprise barred from approvals on commitment after a breach (6 months by default)."""

    enterprise = ref("core.Enterprise", on_delete=models.CASCADE, related_name="commitment_bars")
    until = models.DateField(_("限制至"))
    reason = models.CharField(_("原因"), max_length=200)
    application = ref(Application)

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.until}"


class ElapsedBucket(models.Model):
    """Statistics kept as they happen: how many applications of an item concluded in a month after a given
    number of working days. Percentiles and on-time rates come from these few rows, not from a scan of
    every application (the statistics page stays fast with a million applications)."""

    zone = models.ForeignKey("core.Zone", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ApprovalItem, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month the application concluded
    elapsed_workdays = models.PositiveIntegerField()
    count = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)  # within the promised limit (the zone's commitment)
    # past the statutory limit (the legal clock, with its extension and §45 pauses): legality. Files decided
    # after it, and files withdrawn after it had run out (``withdrawn_late`` of them, counted in no other
    # column: the withdrawal ended the file, not the breach)
    legal_late = models.PositiveIntegerField(default=0)
    withdrawn_late = models.PositiveIntegerField(default=0)
    supplements = models.PositiveIntegerField(default=0)

    objects = ScopedManager()
    scope_zone_path = "zone"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "month", "elapsed_workdays"], name="bucket_unique")
        ]
        indexes = [models.Index(fields=["zone", "month"])]

    def __str__(self) -> str:
        return f"{self.item_id} {self.month} {self.elapsed_workdays}: {self.count}"
