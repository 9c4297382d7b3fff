from django.db import models
from django.utils.translation import gettext_lazy as _


class Disposition(models.TextChoices):
    """What the reform decided for a function (职能目录)."""

    KEPT = "kept", _("保留（开发区履行）")
    LOCAL_GOVERNMENT = "local_government", _("剥离给属地政府")
    MARKET = "market", _("交由市场承担")


class PowerKind(models.TextChoices):
    """The classes of a power list (权责清单, 分类制定)."""

    LICENSING = "licensing", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    INSPECTION = "inspection", _("行政检查")
    PUNISHMENT = "punishment", _("行政处罚")
    ENFORCEMENT = "enforcement", _("行政强制")
    PAYMENT = "payment", _("行政给付")
    REWARD = "reward", _("行政奖励")
    OTHER = "other", _("其他行政权力")


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已公布")
    SUPERSEDED = "superseded", _("已被新版本替代")
