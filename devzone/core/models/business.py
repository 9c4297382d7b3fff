from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core import industries
from devzone.core.choices import ProjectPhase
from devzone.core.codes import CodeError, parse_project_code, validate_credit_code
from devzone.core.models.base import DetailPage, ZoneOwned, ref
from devzone.core.models.org import Area, Zone

# 10,000 亿元 in 万元: the largest amount anyone may enter.
MAX_AMOUNT_WAN = Decimal("100000000")


def amount_field(label, *, positive: bool = False, **kwargs) -> models.DecimalField:
    """An amount in 万元 (investment, output, tax): two decimals, at most ``MAX_AMOUNT_WAN``; ``positive`` when
    zero is not an amount (a project's total investment, a contract's)."""
    least = Decimal("0.01") if positive else Decimal("0")
    validators = [MinValueValidator(least), MaxValueValidator(MAX_AMOUNT_WAN)]
    return models.DecimalField(label, max_digits=12, decimal_places=2, validators=validators, **kwargs)


class Industry(models.Model):
    """国民经济行业分类 (GB/T 4754-2017): sections (门类, A–T) and divisions (大类, two digits)."""

    code = models.CharField(_("代码"), max_length=4, primary_key=True)
    name = models.CharField(_("名称"), max_length=60)
    parent = ref("self", related_name="children", optional=True)

    class Meta:
        verbose_name = _("行业")
        verbose_name_plural = _("行业（GB/T 4754）")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.local_name}"

    @property
    def local_name(self) -> str:
        """The name in the reader's language (the standard's English title to a reader in English)."""
        return industries.local_name(self.code, self.name)

    @property
    def is_section(self) -> bool:
        return self.parent_id is None


def credit_code_validator(value: str) -> None:
    try:
        validate_credit_code(value)
    except CodeError as e:
        raise ValidationError(e.reason, code=f"credit_{e.code}")


def project_code_validator(value: str) -> None:
    try:
        parse_project_code(value)
    except CodeError as e:
        raise ValidationError(e.reason, code=f"project_code_{e.code}")


class Enterprise(DetailPage, ZoneOwned):
    """An enterprise the zone serves (企业), identified by its unified social credit code."""

    detail_view = "core:enterprise_detail"

    scope_enterprise_path = "pk"

    zone = ref(Zone, _("开发区"), related_name="enterprises")
    name = models.CharField(_("企业名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, validators=[credit_code_validator])
    industry = ref(Industry, _("行业"), limit_choices_to={"parent__isnull": False})
    foreign_invested = models.BooleanField(_("外商投资企业"), default=False)
    registered_capital = models.DecimalField(
        _("注册资本（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT_WAN)],
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["zone_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "credit_code"],
                name="enterprise_unique_code_in_zone",
                violation_error_message=_("本开发区已登记该统一社会信用代码的企业"),
            )
        ]
        indexes = [models.Index(fields=["zone", "name"]), models.Index(fields=["zone", "industry"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.credit_code = (self.credit_code or "").strip().upper()
        super().save(*args, **kwargs)


class Project(DetailPage, ZoneOwned):
    """An investment project (项目) with its national project code (投资项目统一代码)."""

    detail_view = "core:project_detail"

    scope_enterprise_path = "enterprise"

    zone = ref(Zone, _("开发区"), related_name="projects")
    enterprise = ref(Enterprise, _("企业"), related_name="projects")
    area = ref(Area, _("片区"), related_name="projects", optional=True)
    name = models.CharField(_("项目名称"), max_length=100)
    industry = ref(Industry, _("行业"), limit_choices_to={"parent__isnull": False})
    project_code = models.CharField(
        _("项目代码"),
        max_length=24,
        blank=True,
        validators=[project_code_validator],
        help_text=_("投资项目统一代码；受理任何审批事项前必须填写"),
    )
    total_investment = amount_field(_("总投资（万元）"), positive=True)
    land_area_mu = models.DecimalField(
        _("用地（亩）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(Decimal("100000"))],
    )
    is_key = models.BooleanField(_("重点项目"), default=False)
    phase = models.CharField(
        _("阶段"), max_length=20, choices=ProjectPhase.choices, default=ProjectPhase.SIGNED
    )
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["zone_id", "-signed_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project_code"],
                condition=~models.Q(project_code=""),
                name="project_unique_code",
                violation_error_message=_("该项目代码已被其他项目使用"),
            )
        ]
        indexes = [
            # total_investment included: the dashboard's sums by phase read the index alone.
            models.Index(fields=["zone", "phase", "total_investment"]),
            models.Index(fields=["zone", "is_key"]),
            models.Index(fields=["zone", "-signed_on", "name"]),
            models.Index(fields=["zone", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_verified_code(self) -> bool:
        """Whether the project may have approvals accepted (a code that passes its check)."""
        if not self.project_code:
            return False
        try:
            parse_project_code(self.project_code)
        except CodeError:
            return False
        return True

    def clean(self) -> None:
        errors = {}
        if self.enterprise_id and self.zone_id and self.enterprise.zone_id != self.zone_id:
            errors["enterprise"] = _("企业不属于该开发区")
        if self.area_id and self.zone_id and self.area.zone_id != self.zone_id:
            errors["area"] = _("片区不属于该开发区")
        if errors:
            raise ValidationError(errors)
