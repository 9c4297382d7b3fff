"""The demo's 职能目录与权责清单 for 济北: the functions the reform kept, handed to the local government (社会事务)
and to the market (开发运营), and a published power list whose 行政许可 powers are exercised through the zone's
approval items. Decision numbers are invented examples (示例)."""

from __future__ import annotations

import datetime as dt

from devzone.core import registry
from devzone.core.actors import system_actor
from devzone.core.models import Department
from devzone.powers import services
from devzone.powers.choices import Disposition, PowerKind

DECIDED = dt.date(2019, 9, 30)
FUNCTIONS = [
    ("招商引资与项目服务", Disposition.KEPT, ""),
    ("行政审批（一枚印章管审批）", Disposition.KEPT, ""),
    ("企业服务与营商环境", Disposition.KEPT, ""),
    ("社会事务管理（教育、卫生、民政）", Disposition.LOCAL_GOVERNMENT, "济阳区人民政府"),
    ("社区管理与综合治理", Disposition.LOCAL_GOVERNMENT, "济阳区人民政府"),
    ("园区开发建设与运营", Disposition.MARKET, "济北开发区平台公司（示例）"),
    ("标准厂房建设与租赁", Disposition.MARKET, "济北开发区平台公司（示例）"),
]


@registry.demo(62, "powers")
def load(*, city, zones, zone, rng):
    actor = system_actor()
    for name, disposition, receiver in FUNCTIONS:
        services.function_set(
            actor=actor,
            zone=zone,
            name=name,
            disposition=disposition,
            decided_on=DECIDED,
            decision_no="济北管发〔2019〕12号（示例）",
            receiver=receiver,
        )
    # 一枚印章管审批: the approvals department exercises the licences (the zone's first department where it has none)
    departments = Department.objects.filter(zone=zone, abolished_on__isnull=True).order_by("pk")
    department = departments.filter(name="行政审批部").first() or departments.first()
    if department is None:
        return
    draft = services.draft_open(actor=actor, zone=zone)
    from devzone.approvals.choices import LegalNature
    from devzone.approvals.models import ApprovalItem

    # three licences by their catalog rows (an item, not its situations; 行政许可 by its legal nature: a 备案 is not)
    items = list(
        ApprovalItem.objects.filter(
            zone=zone, is_active=True, parent__isnull=True, legal_nature=LegalNature.LICENSING
        ).order_by("code")[:3]
    )
    for item in items:
        services.power_add(
            actor=actor,
            power_list=draft,
            kind=PowerKind.LICENSING,
            name=item.name,
            legal_basis=item.legal_limit_basis or "《中华人民共和国行政许可法》",
            department=department,
            accountability="不依法履行审批职责，或超过法定期限不作出决定的，依法追究责任",
            items=[item],
        )
    services.power_add(
        actor=actor,
        power_list=draft,
        kind=PowerKind.INSPECTION,
        name="告知承诺事项的事后核查",
        legal_basis="《优化营商环境条例》第四十条",
        department=department,
        accountability="未按规定开展核查、核查中发现违反承诺未依法处理的，依法追究责任",
    )
    services.list_publish(actor=actor, power_list=draft, on=dt.date(2020, 1, 6))
