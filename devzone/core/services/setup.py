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

# The four municipalities (直辖市): the city is the province-level division itself (北京市 110000); their
# 110100-style codes were groupings (市辖区, 县), never cities.
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})


def _labelled(labels: dict[str, str], exc: ValidationError) -> dict[str, list[str]]:
    """``full_clean``'s errors by field, each message prefixed with what the operator typed it as
    (``{field: label}``; a field without a label keeps its bare message)."""
    return {
        field: [f"{labels[field]}：{m.rstrip('。')}" if field in labels else m for m in msgs]
        for field, msgs in exc.message_dict.items()
    }


def _admin_user(username: str, password: str) -> tuple[object, dict[str, list[str]]]:
    """An unsaved administrator account and what is wrong with it: the user name as the database and the
    user-name validator take it (≤150 characters, letters, digits and @.+-_), the site's password rules."""
    User = get_user_model()
    # Not a Django-admin user: the admin reads every city's rows (break-glass is the server operator's, docs/operations.md).
    user = User(username=username)
    if not username:
        return user, {"username": [_("请填写用户名")]}
    if User.objects.filter(username=username).exists():
        return user, {"username": [_("用户已存在：%(u)s") % {"u": username}]}
    errors: dict[str, list[str]] = {}
    try:
        validate_password(password, user)
    except ValidationError as e:
        errors["password"] = ["；".join(e.messages)]
    user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as e:
        errors |= _labelled({"username": _("用户名")}, e)
    return user, errors


def admin_create(*, username: str, password: str, city: City) -> object:
    """A system administrator (系统管理员) of ``city``: the site's password rules apply; audited."""
    user, errors = _admin_user((username or "").strip(), password)
    if errors:
        raise DomainError.of(errors)
    return _admin_save(user, city)


def _admin_save(user, city: City) -> object:
    """Save an account checked by ``_admin_user`` as ``city``'s system administrator; audited."""
    user.save()
    profile = Profile.objects.create(user=user, role=Role.SYSADMIN, city=city, display_name=_("系统管理员"))
    audit.record(actor=system_actor(), action=AuditAction.CREATE, obj=profile, note=_("创建系统管理员"))
    return user


def city_division(code: str, year: int) -> regions.Division | None:
    """The prefecture-level division (地级市, 地区, 自治州, 盟) or municipality (直辖市) coded ``code`` in
    ``year``'s GB/T 2260 list; None for a province, a county or district, a statistical code of a functional
    area, or a code not in use."""
    if code in MUNICIPALITIES:
        return regions.division_at(code, year)
    if not (len(code) == 6 and code.isdigit() and code.endswith("00") and code[2:4] != "00"):
        return None
    if code[2:4] == "90":  # 省直辖县级行政区划: a grouping of county-level cities, not a city
        return None
    return regions.division_at(code, year)


@transaction.atomic
def installation_init(
    *,
    city_name: str = "",
    city_code: str,
    zone_name: str,
    zone_level: str = ZoneLevel.NATIONAL,
    admin_username: str,
    admin_password: str,
) -> tuple[City, Zone, object]:
    """A new installation's city, first zone and first administrator, all or nothing: every value is checked
    (the city's GB/T 2260 code must be a prefecture-level city's or a municipality's, and its name the code's
    name, filled from the code when not given; ``full_clean`` of the city, the zone and the account) before
    anything is written. Refused when a city already exists: a second city is added by its administrator,
    not by init."""
    if City.objects.exists():
        raise DomainError(_("已经初始化：数据库中已有城市，请用 devzone createadmin 增加管理员"))
    errors: dict[str, list[str]] = {}
    city_name, zone_name, city_code = (
        (city_name or "").strip(),
        (zone_name or "").strip(),
        (city_code or "").strip(),
    )
    year = timezone.localdate().year
    division = city_division(city_code, year)
    if division is None:
        known = regions.division_at(city_code, year) if city_code else None
        if known is None:
            errors["city_code"] = [
                _("“%(c)s”不是现行的行政区划代码（GB/T 2260，6位数字，如济南市370100）") % {"c": city_code}
            ]
        else:
            errors["city_code"] = [
                _(
                    "%(c)s是“%(n)s”的代码，不是地级市（或直辖市）的代码：请填写城市的行政区划代码，如济南市370100"
                )
                % {"c": city_code, "n": known.name}
            ]
        if not city_name:
            errors["city"] = [_("请填写城市名称")]
    elif not city_name:
        city_name = division.name
    elif city_name != division.name:
        errors["city"] = [
            _("行政区划代码%(c)s是“%(n)s”，与城市名称“%(name)s”不符")
            % {"c": city_code, "n": division.name, "name": city_name}
        ]
    if not zone_name:
        errors["zone"] = [_("请填写开发区名称")]
    if zone_level not in ZoneLevel.values:
        errors["zone_level"] = [_("开发区级别应为：%(v)s") % {"v": "、".join(ZoneLevel.values)}]
    city = City(name=city_name, code=city_code)
    zone = Zone(city=city, name=zone_name, level=zone_level)
    # (model, its fields' option names and labels, fields not checked here); the zone's city is saved below
    checks = (
        (city, {"name": ("city", _("城市名称")), "code": ("city_code", _("行政区划代码"))}, []),
        (zone, {"name": ("zone", _("开发区名称")), "level": ("zone_level", _("开发区级别"))}, ["city"]),
    )
    for obj, fields, exclude in checks:
        try:
            obj.full_clean(exclude=exclude)
        except ValidationError as e:
            labelled = _labelled({f: label for f, (_option, label) in fields.items()}, e)
            for field, msgs in labelled.items():
                option = fields[field][0] if field in fields else field
                errors.setdefault(option, msgs)  # the message given above is the clearer one
    user, user_errors = _admin_user((admin_username or "").strip(), admin_password)
    for field, msgs in user_errors.items():
        errors.setdefault("admin" if field == "username" else field, msgs)
    if errors:
        raise DomainError.of(errors)
    city.save()
    zone.city = city
    zone.save()
    actor = system_actor()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=city, note=_("初始化：城市"))
    audit.record(actor=actor, action=AuditAction.CREATE, obj=zone, note=_("初始化：第一个开发区"))
    return city, zone, _admin_save(user, city)
