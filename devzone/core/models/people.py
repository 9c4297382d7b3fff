import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from devzone.core.choices import Education, EmploymentType, Gender, Rank
from devzone.core.models.base import DetailPage, ZoneOwned, ref
from devzone.core.models.org import Department, Post, Zone, abolished_department_taken


class Staff(DetailPage, ZoneOwned):
    """A member of the zone's staff (工作人员) with the employment type the reform introduced."""

    detail_view = "core:staff_detail"

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="staff", verbose_name=_("开发区"))
    department = ref(Department, _("部门"), related_name="staff")
    post = ref(Post, _("岗位"), related_name="staff", optional=True)
    employee_no = models.CharField(_("工号"), max_length=20)
    name = models.CharField(_("姓名"), max_length=30)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    employment_type = models.CharField(_("用工类型"), max_length=20, choices=EmploymentType.choices)
    rank = models.CharField(_("职级"), max_length=20, choices=Rank.choices, default=Rank.STAFF)
    hired_on = models.DateField(_("入职日期"))
    # 任职年限 (竞聘's years in rank) count from here; unknown (before it was recorded): from ``hired_on``
    rank_since = models.DateField(
        _("任现职级日期"),
        null=True,
        blank=True,
        help_text=_("取得现职级的日期；不填则按入职日期计算任职年限"),
    )
    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        # department__zone_id (not zone): ordered by columns of the department first, the database walks the
        # departments by the (zone, order) index and each one's staff by the (zone, department, 工号) index
        # instead of sorting every staff row of the zone for each page.
        ordering = ["department__zone_id", "department__order", "employee_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "employee_no"],
                name="staff_unique_no_in_zone",
                violation_error_message=_("本开发区已有该工号"),
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "name"]),
            models.Index(fields=["zone", "department", "employee_no"]),
            models.Index(fields=["zone", "employment_type"]),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_no}）"

    @property
    def age(self) -> int:
        today = dt.date.today()
        return (
            today.year
            - self.birth_date.year
            - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))
        )

    @property
    def rank_held_since(self) -> dt.date:
        """The day the current rank was taken (``rank_since``), or the hire date when it is not recorded."""
        return self.rank_since or self.hired_on

    def clean(self) -> None:
        errors = {}
        if self.department_id and self.zone_id and self.department.zone_id != self.zone_id:
            errors["department"] = _("部门不属于该开发区")
        elif abolished_department_taken(self):
            errors["department"] = _("该部门已撤销，请选择现有的部门")
        if self.post_id and self.department_id and self.post.department_id != self.department_id:
            errors["post"] = _("岗位不属于所选部门")
        if self.phone and (len(self.phone) != 11 or not self.phone.isdigit() or self.phone[0] != "1"):
            errors["phone"] = _("手机号应为以1开头的11位数字")
        if self.birth_date and self.hired_on and self.hired_on <= self.birth_date:
            errors["hired_on"] = _("入职日期须晚于出生日期")
        if self.rank_since and self.birth_date and self.rank_since <= self.birth_date:
            errors["rank_since"] = _("任现职级日期须晚于出生日期")
        elif self.rank_since and self.rank_since > dt.date.today():
            errors["rank_since"] = _("任现职级日期不能晚于今天")
        if self.birth_date and self.birth_date > dt.date.today():
            errors["birth_date"] = _("出生日期不能晚于今天")
        if errors:
            raise ValidationError(errors)
