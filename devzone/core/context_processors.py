from django.utils.translation import gettext_lazy as _

from devzone.core.access import reach_of
from devzone.core.models import Zone
from devzone.core.notify import unread as unread_notices
from devzone.core.zones import active_zone

# The modules of the navigation: (url name or None while the module is being built, label, summary).
MODULES = [
    ("investment", _("大招商"), _("招商小分队、客商线索漏斗、展会与拜访、签约项目、内部竞争排行榜")),
    ("approvals", _("大审批"), _("审批事项目录、一窗受理、并联审批、工作日时限、电子证照与验真")),
    ("services", _("大服务"), _("重点项目全程代办、里程碑、现场走访、问题清单、周调度、企业诉求与好差评")),
    ("performance", _("绩效考核"), _("季度考核、企业满意度、民主测评、部门系数、等次配额、绩效工资")),
    ("personnel", _("人事"), _("公开招聘、竞聘上岗、年度考核、刚性淘汰、特岗特薪")),
    ("planning", _("市级统筹"), _("产业规划、园区考核、机构改革、职能目录与权责清单、改革简报")),
    ("powers", _("职能与权责"), _("职能目录（保留、剥离、交由市场）与分类权责清单，公布后对外公开")),
    ("oversight", _("领导驾驶舱"), _("各开发区招商、审批、满意度、考核与规划进度对比，改革简报")),
    ("emergency", _("应急保障"), _("应急物资需求收集、按优先级公平分配、送达记录、一企一策")),
]


# Modules that are built: their front door (the others, or one whose home is not there yet, show what they will
# hold). 大服务 opens on the key-project portfolio; that page sends an enterprise user to its own requests.
MODULE_HOMES = {
    "approvals": "approvals:home",
    "investment": "investment:home",
    "services": "projects:home",
    "performance": "performance:home",
    "personnel": "personnel:home",
    "planning": "planning:home",
    "oversight": "oversight:dashboard",
    "powers": "powers:home",
    "emergency": "emergency:home",
}


# What an enterprise user is offered: the services it applies for, not the zone's internal work.
ENTERPRISE_MODULES = {"approvals", "services", "emergency"}


# The module a page belongs to, by its URL namespace (the navigation marks it).
NAMESPACE_MODULES = {
    "approvals": "approvals",
    "verify": "approvals",
    "certificates": "approvals",
    "projects": "services",
    "services": "services",
    "investment": "investment",
    "performance": "performance",
    "personnel": "personnel",
    "planning": "planning",
    "oversight": "oversight",
    "powers": "powers",
    "emergency": "emergency",
}


def module_home(key: str) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(MODULE_HOMES[key])
    except (KeyError, NoReverseMatch):
        return reverse("core:module", args=[key])


def may_open(user, key: str) -> bool:
    """Whether ``user`` may open module ``key``: they may view one of the rows its front door lists
    (``registry.menu``); a module still being built (no entry) is shown, its page says what it will hold."""
    from devzone.core import registry
    from devzone.core.access import RULES

    labels = registry.MENU.get(key)
    if labels is None:
        return True
    allowed = RULES.get(reach_of(user).role, {}).get("view", set())
    return any(label in allowed for label in labels)


def nav_modules(user, reach_kind: str = "zone"):
    return [
        (key, label, summary, module_home(key))
        for key, label, summary in MODULES
        if (reach_kind != "enterprise" or key in ENTERPRISE_MODULES) and may_open(user, key)
    ]


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    r = reach_of(user)
    ctx = {
        "reach": r,
        "nav_modules": lambda: nav_modules(user, r.kind),  # drawn when the menu is not in the cache
        "current_module": NAMESPACE_MODULES.get(getattr(request.resolver_match, "namespace", "") or "", ""),
        "active_zone": active_zone(request),
        "unread_notifications": unread_notices(user).count(),
    }
    if r.kind == "city":
        ctx["switcher_zones"] = list(
            Zone.objects.for_user(user).filter(merged_into__isnull=True).only("id", "name", "short_name")
        )
    return ctx
