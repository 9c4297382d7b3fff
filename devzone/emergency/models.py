"""应急保障: a campaign (疫情、汛情、物资短缺) run by the city or one zone collects the enterprises' needs, shares
scarce supplies by a documented rule (emergency.allocation), records the deliveries against each allocation and
keeps one plan per firm (一企一策)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.models.base import ScopedManager, Versioned, ZoneRow, actor_ref, ref
from devzone.emergency.choices import CampaignKind, CampaignStatus, NeedStatus, PlanStatus

POSITIVE = [MinValueValidator(1)]


class Campaign(Versioned):
    """A campaign of the city, or of one zone of it (``zone`` set): the zones of the city read a city's campaign,
    only that zone (and the city) one of a zone's; the enterprises it reaches submit needs to it."""

    scope_city_path = "city"
    scope_zone_path = None
    scope_city_zone_path = "zone"  # core.access: a zone's own campaign is not another zone's to read

    city = ref("core.City", _("城市"))
    zone = ref("core.Zone", _("开发区"), optional=True, help_text=_("空：全市"))
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=20, choices=CampaignKind.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("行动结束时填写"))
    status = models.CharField(
        _("状态"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    reported = models.CharField(
        _("报告数字"), max_length=60, blank=True, help_text=_("改革报告中印出的数字，简报在计算值旁对照显示")
    )
    created_by = actor_ref(_("发起人"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("应急保障行动")
        verbose_name_plural = _("应急保障行动")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class CampaignRow(models.Model):
    """A row of one campaign (its classes, supplies, runs): in the reach of whoever reaches the campaign."""

    scope_city_path = "campaign__city"
    scope_zone_path = None
    scope_city_zone_path = "campaign__zone"

    objects = ScopedManager()

    class Meta:
        abstract = True


class PriorityClass(CampaignRow):
    """A priority class the campaign defines (外资企业、重点项目、其他): rank 0 is served first."""

    campaign = ref(Campaign, _("应急保障行动"), on_delete=models.CASCADE, related_name="classes")
    rank = models.PositiveSmallIntegerField(_("优先次序"))
    name = models.CharField(_("优先级"), max_length=40)
    rule = models.CharField(_("认定条件"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("优先级")
        verbose_name_plural = _("优先级")
        ordering = ["campaign", "rank"]
        constraints = [models.UniqueConstraint(fields=["campaign", "rank"], name="emergency_class_rank_once")]

    def __str__(self) -> str:
        return self.name


class Supply(CampaignRow, Versioned):
    """An item the campaign shares (口罩、消毒液…) and the stock received so far. Its version rises with each
    arrival and run: 登记到货 and 按规则分配 carry the one their page showed, so a form posted twice (a double
    click) or from a stale page does not add the same arrival, or give away the same units, again."""

    campaign = ref(Campaign, _("应急保障行动"), on_delete=models.CASCADE, related_name="supplies")
    name = models.CharField(_("物资"), max_length=40)
    unit = models.CharField(_("单位"), max_length=10, default="个")
    stock = models.PositiveIntegerField(_("库存（累计到货）"), default=0)
    allocated = models.PositiveIntegerField(_("已分配"), default=0)

    class Meta:
        verbose_name = _("应急物资")
        verbose_name_plural = _("应急物资")
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="emergency_supply_once"),
            models.CheckConstraint(
                condition=models.Q(allocated__lte=models.F("stock")), name="emergency_supply_within_stock"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def available(self) -> int:
        return self.stock - self.allocated


# A need still waiting for units: not withdrawn, and given less than it asks. A firm has at most one such need of a
# supply in a campaign (``emergency_need_one_open``): a repeat submission changes it, never adds a second claim.
OPEN_NEED = models.Q(status=NeedStatus.ACTIVE, allocated__lt=models.F("quantity"))


class Need(ZoneRow, Versioned):
    """An enterprise's need of one supply: quantity, use, the priority class it claims and the evidence; at most
    one open need per firm and supply in a campaign. Withdrawn, it takes no part in later runs. A class staff
    corrected stays theirs (``priority_corrected``)."""

    scope_enterprise_path = "enterprise"

    campaign = ref(Campaign, _("应急保障行动"), related_name="needs")
    enterprise = ref("core.Enterprise", _("企业"))
    supply = ref(Supply, _("物资"))
    quantity = models.PositiveIntegerField(_("需求数量"), validators=POSITIVE)
    use = models.CharField(_("用途"), max_length=200)
    priority = ref(PriorityClass, _("优先级"))
    evidence = models.CharField(_("优先级佐证"), max_length=200, blank=True)
    # Set when staff move the need to another class (调整优先级, ``services.need_reclassify``): the class is then
    # theirs, and the firm can no longer change it, by 修改 or by 调整优先级 (docs/emergency.md).
    priority_corrected = models.BooleanField(_("优先级已由工作人员核定"), default=False)
    allocated = models.PositiveIntegerField(_("已分配"), default=0)
    status = models.CharField(_("状态"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.ACTIVE)
    submitted_by = actor_ref(_("填报人"))

    class Meta:
        verbose_name = _("企业需求")
        verbose_name_plural = _("企业需求")
        ordering = ["campaign", "priority__rank", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="emergency_need_positive"),
            models.CheckConstraint(
                condition=models.Q(allocated__lte=models.F("quantity")), name="emergency_need_within_quantity"
            ),
            models.UniqueConstraint(
                fields=["campaign", "enterprise", "supply"],
                condition=OPEN_NEED,
                name="emergency_need_one_open",
                violation_error_message=_("该企业在本行动中已有该物资待满足的需求"),
            ),
        ]
        indexes = [models.Index(fields=["campaign", "supply"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.supply} {self.quantity}"

    @property
    def is_open(self) -> bool:
        return self.status == NeedStatus.ACTIVE and self.allocated < self.quantity


class AllocationRun(CampaignRow):
    """One run of the rule over a supply's open needs: who ran it, when, the rule and the inputs, kept so
    the result can be re-read (and recomputed) later."""

    campaign = ref(Campaign, _("应急保障行动"), related_name="runs")
    supply = ref(Supply, _("物资"))
    quantity = models.PositiveIntegerField(_("本次分配数量"))
    rule = models.TextField(_("分配规则"))
    inputs = models.JSONField(_("输入（需求、优先级、剩余需求）"))
    run_by = actor_ref(_("分配人"))
    run_at = models.DateTimeField(_("分配时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("分配记录")
        verbose_name_plural = _("分配记录")
        ordering = ["-run_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.supply} {self.quantity}"


class Allocation(ZoneRow, Versioned):
    """The units one need received in one run, and how many of them have been delivered. Its version rises with
    each delivery: 登记送达 carries the one its page showed, so the same delivery is not recorded twice."""

    scope_enterprise_path = "need__enterprise"

    run = ref(AllocationRun, _("分配记录"), on_delete=models.PROTECT, related_name="allocations")
    need = ref(Need, _("企业需求"), related_name="allocations")
    quantity = models.PositiveIntegerField(_("分配数量"))
    delivered = models.PositiveIntegerField(_("已送达"), default=0)

    class Meta:
        verbose_name = _("分配")
        verbose_name_plural = _("分配")
        ordering = ["run", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delivered__lte=models.F("quantity")), name="emergency_delivered_within"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need.enterprise} {self.quantity}"


class Delivery(ZoneRow):
    """A (partial) delivery against an allocation."""

    scope_enterprise_path = "allocation__need__enterprise"

    allocation = ref(Allocation, _("分配"), related_name="deliveries")
    quantity = models.PositiveIntegerField(_("送达数量"), validators=POSITIVE)
    delivered_on = models.DateField(_("送达日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = actor_ref(_("登记人"))

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ["delivered_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="emergency_delivery_positive")
        ]

    def __str__(self) -> str:
        return f"{self.allocation} {self.quantity}"


class FirmPlan(ZoneRow, Versioned):
    """一企一策: the campaign's plan for one firm, its contact and status, visible to the firm."""

    scope_enterprise_path = "enterprise"

    campaign = ref(Campaign, _("应急保障行动"), related_name="plans")
    enterprise = ref("core.Enterprise", _("企业"))
    text = models.TextField(_("帮扶措施"))
    contact = models.CharField(_("联络人及电话"), max_length=60)
    status = models.CharField(_("状态"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    updated_by = actor_ref(_("修改人"))

    class Meta:
        verbose_name = _("一企一策")
        verbose_name_plural = _("一企一策")
        ordering = ["campaign", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "enterprise"], name="emergency_plan_one_per_firm"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise}"
