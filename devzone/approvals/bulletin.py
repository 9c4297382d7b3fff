"""大审批's figures of the city's reform bulletin (改革简报, ``registry.bulletin``), counted from the catalog: the
first batch of items delegated to the zones and the county departments they came from (reform_facts.yaml:
zone.approval.delegated_items_first_batch, source_departments)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from devzone.approvals.models import ApprovalItem
from devzone.core.registry import Figure


def figures(*, city) -> list[Figure]:
    section = _("大审批")
    first = ApprovalItem.objects.filter(zone__city=city, parent__isnull=True, delegation_batch=1)
    counts = first.aggregate(
        items=Count("pk"),
        departments=Count("source_department", distinct=True),
        zones=Count("zone", distinct=True),
    )
    found = counts["items"] > 0
    url = reverse("approvals:item_list")
    zones = counts["zones"]
    period = (
        ngettext("首批下放（%(n)d个开发区）", "首批下放（%(n)d个开发区）", zones) % {"n": zones}
        if found
        else ""
    )
    return [
        Figure(
            section,
            "approvals.items",
            _("首批下放开发区的审批事项"),
            counts["items"] if found else None,
            _("项"),
            period=period,
            rule=_("审批事项目录中下放批次为1的主项（子项和办理项不另计）"),
            url=url,
        ),
        Figure(
            section,
            "approvals.departments",
            _("下放事项的原职能部门"),
            counts["departments"] if found else None,
            "",
            period=period,
            rule=_("首批下放主项的“原职能部门”去重计数"),
            url=url,
        ),
    ]
