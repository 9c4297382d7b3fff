"""The demo's 应急保障: the 2020 epidemic campaign of the city, in which the first batch of 222,405 masks
(reform_facts.yaml city.covid_service, copied to core.demo.facts) reached the foreign-invested enterprises
within one week. Built through the services, so the bulletin computes the figure from the delivery rows: the
foreign-invested firms of 济北 ask for exactly that many, the stock covers them and part of the key projects'
needs; their deliveries (some split in two) all fall in the first week, the others' partly after it. 山东旺旺食品
(the ``enterprise`` account) gets its 一企一策 plan (协调原材料供应…). The campaign then ends (``END``): the demo
leaves it closed, as the 2020 campaign is, so that no firm submits needs to it today."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from devzone.core import registry
from devzone.core.demo import facts
from devzone.core.models import Enterprise, Project
from devzone.emergency import services
from devzone.emergency.models import Allocation, AllocationRun

START = dt.date(2020, 2, 3)
END = dt.date(2020, 2, 29)  # the month's end: its last deliveries fall on the 12th
CLASSES = [
    {"name": "外资企业", "rule": "外商投资企业（营业执照载明）"},
    {"name": "重点项目企业", "rule": "列入重点项目库的在建、投产项目企业"},
    {"name": "其他企业", "rule": ""},
]
OTHER_MASKS = 57_595  # beyond the foreign-invested firms' first batch: part of the key projects' needs


def _split(total: int, parts: int, rng) -> list[int]:
    """``total`` as ``parts`` positive integers (random weights, exact sum)."""
    weights = [rng.randint(5, 20) for _ in range(parts)]
    out = [total * w // sum(weights) for w in weights]
    out[0] += total - sum(out)
    return out


@registry.demo(70, "emergency")
def load(*, city, zones, zone, rng) -> None:
    officer = get_user_model().objects.get(username="city")
    c = services.campaign_start(
        actor=officer,
        name="2020年新冠肺炎疫情防控企业复工保障",
        kind="epidemic",
        starts_on=START,
        classes=CLASSES,
        supplies=[
            {"name": "口罩", "unit": "个", "stock": facts.MASKS_ALLOCATED_FIRST_BATCH + OTHER_MASKS},
            {"name": "消毒液", "unit": "升"},
        ],
        basis="一企一策、精准破解（济南市开发区改革总结）",
        reported=f"{facts.MASKS_ALLOCATED_FIRST_BATCH}",
    )
    masks, _liquid = c.supplies.order_by("pk")
    foreign_cls, key_cls, other_cls = c.classes.order_by("rank")
    foreign = list(Enterprise.objects.filter(zone=zone, foreign_invested=True).order_by("name"))
    key_ids = set(Project.objects.filter(zone=zone, is_key=True).values_list("enterprise_id", flat=True))
    domestic = list(Enterprise.objects.filter(zone=zone, foreign_invested=False).order_by("name"))
    key = [e for e in domestic if e.pk in key_ids][:8]
    others = [e for e in domestic if e.pk not in key_ids][:4]
    for e, n in zip(foreign, _split(facts.MASKS_ALLOCATED_FIRST_BATCH, len(foreign), rng), strict=True):
        services.need_submit(
            actor=_staff(zone),
            campaign_id=c.pk,
            supply_id=masks.pk,
            quantity=n,
            use="复工员工每日防护（两班倒）",
            priority_id=foreign_cls.pk,
            evidence="外商投资企业批准证书",
            enterprise_id=e.pk,
        )
    for group, cls, each in ((key, key_cls, (8_000, 20_000)), (others, other_cls, (1_000, 5_000))):
        for e in group:
            services.need_submit(
                actor=_staff(zone),
                campaign_id=c.pk,
                supply_id=masks.pk,
                quantity=rng.randint(*each),
                use="复工复产防护",
                priority_id=cls.pk,
                evidence="重点项目库编号" if cls == key_cls else "",
                enterprise_id=e.pk,
            )
    run = services.allocate(actor=officer, supply_id=masks.pk)
    # run on the campaign's first afternoon, as in 2020: a delivery is never dated before its run
    AllocationRun.objects.filter(pk=run.pk).update(
        run_at=timezone.make_aware(dt.datetime.combine(START, dt.time(16, 0)))
    )
    for a in Allocation.objects.filter(need__supply=masks).select_related("need__enterprise").order_by("pk"):
        if a.need.enterprise.foreign_invested:
            first = a.quantity if a.quantity < 2000 else a.quantity * 3 // 5
            services.deliver(
                actor=officer, allocation_id=a.pk, quantity=first, delivered_on=START + dt.timedelta(days=1)
            )
            if a.quantity - first:
                services.deliver(
                    actor=officer,
                    allocation_id=a.pk,
                    quantity=a.quantity - first,
                    delivered_on=START + dt.timedelta(days=rng.randint(3, 6)),
                )
        else:
            half = a.quantity // 2
            if half:
                services.deliver(
                    actor=officer,
                    allocation_id=a.pk,
                    quantity=half,
                    delivered_on=START + dt.timedelta(days=5),
                )
            if a.quantity - half and rng.random() < 0.7:
                services.deliver(
                    actor=officer,
                    allocation_id=a.pk,
                    quantity=a.quantity - half,
                    delivered_on=START + dt.timedelta(days=9),
                )
    wangwang = Enterprise.objects.filter(zone=zone, name="山东旺旺食品有限公司").first()
    if wangwang is not None:
        services.plan_set(
            actor=officer,
            campaign_id=c.pk,
            enterprise_id=wangwang.pk,
            text="协调原材料供应、税收贡献与鲜奶收购扶持；财务共享服务中心落户（一企一策、精准破解）",
            contact="经济发展部 王科长 0531-84230000",
            status="active",
        )
    services.campaign_close(actor=officer, campaign=c, ends_on=END)


def _staff(zone):
    """济北's leader enters the needs the firms phoned in (the staff path of the need form)."""
    from devzone.core.choices import Role
    from devzone.core.models import Profile

    p = (
        Profile.objects.filter(zone=zone, role=Role.ZONE_LEADER, user__is_active=True)
        .select_related("user")
        .first()
    )
    return p.user
