"""职能目录与权责清单's figures of the city's reform bulletin (改革简报, ``registry.bulletin``): the zones that have
published a power list, and the functions the reform took out of the zones — handed to local government (社会事务)
and to the market (开发运营) — counted from the catalog rows."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core.registry import Figure
from devzone.powers.choices import Disposition, ListStatus
from devzone.powers.models import Function, PowerList


def figures(*, city) -> list[Figure]:
    section = _("职能目录与权责清单")
    lists = PowerList.objects.filter(zone__city=city)
    # no list drafted anywhere in the city: the data is missing, not zero. A zone merged into another has no list
    # in force (the merge abolished its departments): only the zones that still exist are counted.
    published = (
        lists.filter(status=ListStatus.PUBLISHED, zone__merged_into__isnull=True)
        .values("zone")
        .distinct()
        .count()
        if lists.exists()
        else None
    )
    functions = Function.objects.filter(zone__city=city).aggregate(
        n=Count("pk"),
        local=Count("pk", filter=Q(disposition=Disposition.LOCAL_GOVERNMENT)),
        market=Count("pk", filter=Q(disposition=Disposition.MARKET)),
    )
    has = functions["n"] > 0
    url = reverse("powers:home")
    rows = (
        (
            "powers.published",
            _("已公布权责清单的开发区"),
            published,
            _("现状"),
            _("有已公布版本权责清单的开发区个数（不含已并入其他开发区的）"),
        ),
        (
            "powers.local",
            _("剥离给属地政府的职能"),
            functions["local"] if has else None,
            _("改革以来"),
            _("职能目录中处置为“剥离给属地政府”的职能条数"),
        ),
        (
            "powers.market",
            _("交由市场承担的职能"),
            functions["market"] if has else None,
            _("改革以来"),
            _("职能目录中处置为“交由市场承担”的职能条数"),
        ),
    )
    return [
        Figure(section, key, label, value, "", period=period, rule=rule, url=url)
        for key, label, value, period, rule in rows
    ]
