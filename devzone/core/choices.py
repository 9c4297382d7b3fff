"""Choices of the core app (statuses are TextChoices, labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")


class ZoneOperator(models.TextChoices):
    COMMITTEE = "committee", _("管委会")
    COMMITTEE_AND_COMPANY = "committee_company", _("管委会+公司")
    COMPANY = "company", _("企业运营")


class AreaKind(models.TextChoices):
    CITY = "city", _("城")
    DISTRICT = "district", _("区")
    PARK = "park", _("园")


class DepartmentKind(models.TextChoices):
    SERVICE = "service", _("服务部门")
    INVESTMENT = "investment", _("招商部门")
    GENERAL = "general", _("综合部门")


class EmploymentType(models.TextChoices):
    ESTABLISHMENT = "establishment", _("编制内")
    CONTRACT = "contract", _("雇员制")
    SPECIAL_HIRE = "special_hire", _("特聘")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("中专及以下")


class Rank(models.TextChoices):
    """职级: the assessment checks delegates against it (副科级以上)."""

    DIVISION = "division", _("处级")
    SECTION_CHIEF = "section_chief", _("正科级")
    DEPUTY_SECTION = "deputy_section", _("副科级")
    STAFF = "staff", _("科员及以下")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class ProjectPhase(models.TextChoices):
    SIGNED = "signed", _("已签约")
    APPROVING = "approving", _("审批中")
    CONSTRUCTING = "constructing", _("在建")
    PRODUCING = "producing", _("已投产")
    SUSPENDED = "suspended", _("暂停")


class Role(models.TextChoices):
    ZONE_LEADER = "zone_leader", _("管委会主任/副主任")
    DEPARTMENT_HEAD = "department_head", _("部室负责人")
    INVESTMENT_OFFICER = "investment_officer", _("招商人员")
    WINDOW_CLERK = "window_clerk", _("窗口受理人员")
    REVIEWER = "reviewer", _("审批人员")
    AGENT = "agent", _("代办专员")
    TALLY_STAFF = "tally_staff", _("计分人员")
    PERSONNEL_OFFICER = "personnel_officer", _("人事专员")
    CITY_OFFICER = "city_officer", _("市级管理人员")
    ENTERPRISE_USER = "enterprise_user", _("企业用户")
    CANDIDATE = "candidate", _("应聘人员")
    SYSADMIN = "sysadmin", _("系统管理员")
    SYSTEM = "system", _("系统（定时任务与导入）")


# The roles of a zone's own staff (reach: one zone), in the order menus and forms list them.
ZONE_STAFF = (
    Role.ZONE_LEADER,
    Role.DEPARTMENT_HEAD,
    Role.INVESTMENT_OFFICER,
    Role.WINDOW_CLERK,
    Role.REVIEWER,
    Role.AGENT,
    Role.TALLY_STAFF,
    Role.PERSONNEL_OFFICER,
)


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    IMPORT = "import", _("导入")
    BULK_UPDATE = "bulk_update", _("批量修改")
    TRANSITION = "transition", _("状态变更")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    TOKEN = "token", _("API令牌")
    CALENDAR = "calendar", _("日历调整")
    EXPORT = "export", _("导出")


class ClockStatus(models.TextChoices):
    RUNNING = "running", _("计时中")
    PAUSED = "paused", _("暂停")
    STOPPED = "stopped", _("已结束")
