"""The demo's 市级统筹, from reform_facts.yaml (city.industry_planning, city.assessment): every zone has a plan of
2–3 leading industries over 3 years with annual tasks (济北's are the ones its investment teams work to; the
others are illustrative, chosen so that the city page shows real overlaps: 39 电子 courted by three zones, 34 by
two); the city's scheme per zone category — 2025 scored and published from entered figures (before the
platform), 2026 scored from the platform's own data and waiting for the city officer to publish."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from devzone.core import registry
from devzone.planning import services

# zone short name -> leading industries (GB/T 4754 divisions)
LEADING = {
    "济北经济开发区": ["14", "34", "39"],  # as the investment demo's teams (食品、通用设备、电子)
    "莱芜高新区": ["35", "39"],
    "槐荫经开区": ["59", "72"],
    "新材料产业园区": ["26", "30"],
    "临港经开区": ["34", "38"],
    "钢铁经开区": ["31", "33"],
    "济南高新区": ["39", "65", "27"],
}
OWNERS = {"output": "经济发展部", "investment": "投资促进部", "tax": "财政金融部", "firms": "企业服务部"}
BASIS = "济南市开发区差异化考核办法（考核结果与薪酬总额挂钩）"
PROVINCIAL = [
    {"name": "招商签约项目", "weight": "30", "target": "12", "source": "contracts"},
    {"name": "审批按时办结率", "weight": "25", "target": "100", "source": "approvals_on_time"},
    {"name": "企业满意度", "weight": "20", "target": "95", "source": "satisfaction"},
    {"name": "亩均税收（万元/亩）", "weight": "25", "target": "30", "source": "entered"},
]
ENTERED_ONLY = [
    {"name": "招商签约项目", "weight": "40", "target": "12", "source": "entered"},
    {"name": "亩均税收（万元/亩）", "weight": "35", "target": "30", "source": "entered"},
    {"name": "营商环境评价", "weight": "25", "target": "100", "source": "entered"},
]


@registry.demo(60, "planning")
def load(*, city, zones, zone, rng) -> None:
    officer = get_user_model().objects.get(username="city")
    for name, codes in LEADING.items():
        z = zones.get(name)
        if z is None or z.merged_into_id:
            continue
        scale = rng.randint(8, 30) * 10000
        services.plan_set(
            actor=officer,
            zone_id=z.pk,
            start_year=2026,
            end_year=2028,
            industries=codes,
            chain_note="链主企业招商 → 配套企业集聚 → 产业园区承载",
            targets=[
                {
                    "year": year,
                    "metric": metric,
                    "target": str(scale * (1 + (year - 2026) / 5) // (1 if metric != "firms" else 1000)),
                    "owner": owner,
                    "done": str(scale * 0.9 // (1 if metric != "firms" else 1000)) if year == 2026 else "0",
                }
                for year in (2026, 2027, 2028)
                for metric, owner in OWNERS.items()
            ],
        )
    for category in ("provincial", "national"):
        members = [z for z in zones.values() if z.level == category and not z.merged_into_id]
        old = services.scheme_set(
            actor=officer,
            year=2025,
            category=category,
            name=f"2025年度{'省级' if category == 'provincial' else '国家级'}开发区考核",
            full_pool_fen=300_0000_00 if category == "provincial" else 450_0000_00,
            basis=BASIS,
            indicators=ENTERED_ONLY,
        )
        ids = [str(i.pk) for i in old.indicators.order_by("pk")]
        for z in members:
            values = [rng.randint(6, 14), rng.randint(18, 34), rng.randint(85, 100)]
            services.zone_score(
                actor=officer,
                scheme_id=old.pk,
                zone_id=z.pk,
                entered={
                    i: {"value": str(v), "evidence": "2025年度统计公报及市统计局核定表"}
                    for i, v in zip(ids, values, strict=True)
                },
            )
        services.publish(actor=officer, scheme_id=old.pk)
        new = services.scheme_set(
            actor=officer,
            year=2026,
            category=category,
            name=f"2026年度{'省级' if category == 'provincial' else '国家级'}开发区考核",
            full_pool_fen=320_0000_00 if category == "provincial" else 480_0000_00,
            basis=BASIS,
            indicators=PROVINCIAL,
        )
        entered = str(new.indicators.get(source="entered").pk)
        for z in members:
            services.zone_score(
                actor=officer,
                scheme_id=new.pk,
                zone_id=z.pk,
                entered={entered: {"value": str(rng.randint(15, 32)), "evidence": "市税务局亩均税收核定表"}},
            )
