"""Setting up a new installation, without the demo: the city, its first zone and the first administrator
(``devzone init``), and further administrators (``devzone createadmin``). Run by the operator from the shell,
recorded in the audit trail under the system actor."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core import audit, regions
from devzone.core.actors import system_actor
from devzone.core.choices import AuditAction, Role, ZoneLevel
from devzone.core.errors import DomainError
from devzone.core.models import City, Profile, Zone


def admin_create(*, username: str, password: str, city: City) -> object:
    """A system administrator (系统管理员) of ``city``: the site's password rules apply; audited."""
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise DomainError.on("username", _("请填写用户名"))
    if User.objects.filter(username=username).exists():
        raise DomainError.on("username", _("用户已存在：%(u)s") % {"u": username})
    user = User(username=username, is_staff=True, is_superuser=True)
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise DomainError.on("password", "；".join(e.messages)) from None
    user.set_password(password)
    user.save()
    profile = Profile.objects.create(user=user, role=Role.SYSADMIN, city=city, display_name=_("系统管理员"))
    audit.record(actor=system_actor(), action=AuditAction.CREATE, obj=profile, note=_("创建系统管理员"))
    return user


@transaction.atomic
def installation_init(
    *,
    city_name: str,
    city_code: str,
    zone_name: str,
    zone_level: str = ZoneLevel.NATIONAL,
    admin_username: str,
    admin_password: str,
) -> tuple[City, Zone, object]:
    """A new installation's city (its GB/T 2260 code checked), first zone and first administrator, all or
    nothing. Refused when a city already exists: a second city is added by its administrator, not by init."""
    if City.objects.exists():
        raise DomainError(_("已经初始化：数据库中已有城市，请用 devzone createadmin 增加管理员"))
    errors = {}
    city_name, zone_name, city_code = (
        (city_name or "").strip(),
        (zone_name or "").strip(),
        (city_code or "").strip(),
    )
    if not city_name:
        errors["city"] = _("请填写城市名称")
    division = regions.division_at(city_code, timezone.localdate().year) if city_code else None
    if division is None:
        errors["city_code"] = _("“%(c)s”不是现行的行政区划代码（GB/T 2260，6位数字，如济南市370100）") % {
            "c": city_code
        }
    if not zone_name:
        errors["zone"] = _("请填写开发区名称")
    if zone_level not in ZoneLevel.values:
        errors["zone_level"] = _("开发区级别应为：%(v)s") % {"v": "、".join(ZoneLevel.values)}
    if errors:
        raise DomainError.of(errors)
    city = City.objects.create(name=city_name, code=city_code)
    zone = Zone.objects.create(city=city, name=zone_name, level=zone_level)
    actor = system_actor()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=city, note=_("初始化：城市"))
    audit.record(actor=actor, action=AuditAction.CREATE, obj=zone, note=_("初始化：第一个开发区"))
    user = admin_create(username=admin_username, password=admin_password, city=city)
    return city, zone, user
