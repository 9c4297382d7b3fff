from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import AreaKind, DepartmentKind, Rank, ZoneLevel, ZoneOperator
from devzone.core.models.base import DetailPage, ScopedManager, ScopedQuerySet, ZoneOwned, ref


class City(models.Model):
    """A city that oversees its zones (济南市)."""

    scope_zone_path = None
    name = models.CharField(_("名称"), max_length=50, unique=True)
    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    lead_agency = models.CharField(_("牵头部门"), max_length=50, blank=True)
    personnel_agency = models.CharField(_("组织人事部门"), max_length=50, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("城市")
        verbose_name_plural = _("城市")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Zone(DetailPage, models.Model):
    """A development zone (开发区): the tenant almost every row belongs to."""

    detail_view = "core:zone_detail"

    scope_zone_path = "pk"

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="zones", verbose_name=_("城市"))
    name = models.CharField(_("名称"), max_length=60)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    level = models.CharField(
        _("级别"), max_length=20, choices=ZoneLevel.choices, default=ZoneLevel.PROVINCIAL
    )
    is_pilot = models.BooleanField(_("改革试点"), default=False)
    operator = models.CharField(
        _("管理模式"), max_length=20, choices=ZoneOperator.choices, default=ZoneOperator.COMMITTEE
    )
    operating_company = models.CharField(_("运营企业"), max_length=100, blank=True)
    established_on = models.DateField(_("设立日期"), null=True, blank=True)
    merged_into = ref("self", _("并入"), related_name="merged_from", optional=True)
    merged_on = models.DateField(_("整合日期"), null=True, blank=True)
    leading_industries = models.ManyToManyField(
        "core.Industry",
        blank=True,
        related_name="leading_in_zones",
        verbose_name=_("主导产业"),
        help_text=_("2–3 个主导产业（GB/T 4754 门类或大类）；招商线索据此判断是否符合产业定位"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("开发区")
        verbose_name_plural = _("开发区")
        ordering = ["city", "name"]
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="zone_unique_name_in_city")]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_active(self) -> bool:
        return self.merged_into_id is None

    @property
    def authority(self) -> str:
        """Who runs the zone, as its staff's pages are headed: the operating company of a zone run by one, else
        the zone's 管理委员会."""
        if self.operator == ZoneOperator.COMPANY and self.operating_company:
            return self.operating_company
        return _("%(z)s管理委员会") % {"z": self.name}

    def clean(self) -> None:
        if self.operator == ZoneOperator.COMPANY and not self.operating_company:
            raise ValidationError({"operating_company": _("企业运营的开发区须填写运营企业")})
        if self.merged_into_id and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("开发区不能并入自身")})


class Area(DetailPage, ZoneOwned):
    """A sub-area of an expanded zone (两城三区四园)."""

    detail_view = "core:area_detail"

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="areas", verbose_name=_("开发区"))
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=20, choices=AreaKind.choices)
    area_km2 = models.DecimalField(
        _("面积（平方公里）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("片区")
        verbose_name_plural = _("片区")
        ordering = ["zone", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="area_unique_name_in_zone")]

    def __str__(self) -> str:
        return self.name


class DepartmentQuerySet(ScopedQuerySet):
    def active_on(self, day):
        """Internal bodies that existed on ``day`` (before/after counts of the institutional reform)."""
        return self.filter(
            models.Q(established_on__isnull=True) | models.Q(established_on__lte=day),
            models.Q(abolished_on__isnull=True) | models.Q(abolished_on__gt=day),
        )


class Department(DetailPage, ZoneOwned):
    """An internal body (内设机构/部室) with its headcount quota (员额). Abolished bodies are kept with their
    dates so the reform's before/after counts can be computed."""

    detail_view = "core:department_detail"

    zone = ref(Zone, _("开发区"), related_name="departments")
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(
        _("类型"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.GENERAL
    )
    headcount_quota = models.PositiveIntegerField(_("员额"), default=0)
    established_on = models.DateField(_("设立日期"), null=True, blank=True)
    abolished_on = models.DateField(_("撤销日期"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["zone", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                condition=models.Q(abolished_on__isnull=True),
                name="department_unique_active_name_in_zone",
                violation_error_message=_("本开发区已有同名部门"),
            ),
            models.CheckConstraint(
                condition=models.Q(abolished_on__isnull=True)
                | models.Q(established_on__isnull=True)
                | models.Q(abolished_on__gt=models.F("established_on")),
                name="department_abolished_after_established",
                violation_error_message=_("撤销日期须晚于设立日期"),
            ),
        ]
        # The staff list walks departments in this order and each one's staff by (zone, department, 工号).
        indexes = [models.Index(fields=["zone", "order"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.abolished_on and self.established_on and self.abolished_on <= self.established_on:
            raise ValidationError({"abolished_on": _("撤销日期须晚于设立日期")})


class Post(DetailPage, ZoneOwned):
    """A post (岗位) with the value coefficient that pay follows (岗位价值系数)."""

    detail_view = "core:post_detail"

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="posts", verbose_name=_("开发区"))
    department = ref(Department, _("部门"), related_name="posts")
    name = models.CharField(_("岗位名称"), max_length=60)
    rank = models.CharField(_("职级"), max_length=20, choices=Rank.choices, default=Rank.STAFF)
    value_coefficient = models.DecimalField(
        _("岗位价值系数"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0.1), MaxValueValidator(9.99)],
        help_text=_("0.10–9.99，两位小数"),
    )
    headcount = models.PositiveSmallIntegerField(_("岗位人数"), default=1)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["zone", "department__order", "-value_coefficient", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="post_unique_name_in_department")
        ]

    def __str__(self) -> str:
        return f"{self.department.name}·{self.name}"

    def clean(self) -> None:
        if self.department_id and self.zone_id and self.department.zone_id != self.zone_id:
            raise ValidationError({"department": _("部门不属于该开发区")})
        if abolished_department_taken(self):
            raise ValidationError({"department": _("该部门已撤销，请选择现有的部门")})


def abolished_department_taken(row: models.Model) -> bool:
    """Whether ``row`` (a post or a staff member) is being put in an abolished department: a new row, or one
    whose department changes. A row already there keeps it (abolished after the row was made, its people not yet
    moved), so its other fields can still be changed."""
    if not row.department_id or row.department.abolished_on is None:
        return False
    if row.pk is None:
        return True
    stored = type(row)._base_manager.filter(pk=row.pk).values_list("department_id", flat=True).first()
    return stored != row.department_id
