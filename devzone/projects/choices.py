"""Choices of the key-project module (statuses are TextChoices, labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Colour(models.TextChoices):
    GREEN = "green", _("正常")
    YELLOW = "yellow", _("滞后")
    RED = "red", _("严重滞后")


class ProjectType(models.TextChoices):
    INDUSTRIAL = "industrial", _("工业项目")
    SERVICE = "service", _("服务业项目")
    INFRASTRUCTURE = "infrastructure", _("基础设施项目")


class ProblemCategory(models.TextChoices):
    PROCEDURES = "procedures", _("手续办理")
    POWER = "power", _("用电")
    GAS = "gas", _("用气")
    WATER = "water", _("用水")
    LAND = "land", _("土地")
    FINANCE = "finance", _("融资")
    LABOUR = "labour", _("用工")
    RAW_MATERIALS = "raw_materials", _("原材料")
    POLICY = "policy", _("政策")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    RESOLVED = "resolved", _("已解决")


class ProblemSource(models.TextChoices):
    VISIT = "visit", _("现场走访")
    OFFICER = "officer", _("工作人员")
    ENTERPRISE = "enterprise", _("企业反映")


# The default timetable (代码, 名称, working days after signing, approval item code). Other modules rely on the
# codes (investment: groundbreaking -> 落地, production -> 留住). The names are stored (a zone may rename its
# steps) in Chinese; marked for translation only, they are read in the reader's language where shown
# (``projects.wording.milestone_label``).
DEFAULT_STEPS = [
    ("signing", gettext_noop("签约"), 0, ""),
    ("land", gettext_noop("土地清点/供地"), 20, "GT-002"),
    ("filing", gettext_noop("立项/备案"), 30, "FG-001"),
    ("eia", gettext_noop("环评"), 50, "HB-001"),
    ("planning_permit", gettext_noop("规划许可"), 70, "ZJ-004"),
    ("construction_permit", gettext_noop("施工许可"), 90, "ZJ-010"),
    ("groundbreaking", gettext_noop("开工"), 100, ""),
    ("statistics", gettext_noop("入库纳统"), 130, ""),
    ("structure_done", gettext_noop("主体完工"), 250, ""),
    ("acceptance", gettext_noop("竣工验收"), 350, "ZJ-013"),
    ("production", gettext_noop("投产"), 380, ""),
    ("efficacy", gettext_noop("达效"), 500, ""),
]
START_CODE = "groundbreaking"
