"""The demo's 市级统筹, from reform_facts.yaml (city.industry_planning, city.assessment): every zone has a plan of
2–3 leading industries over 3 years with annual tasks (济北's are the ones its investment teams work to; the
others are illustrative, chosen so that the city page shows real overlaps: 39 电子 courted by three zones, 34 by
two); the city's scheme per zone category — 2025 scored and published from entered figures (before the
platform), 2026 scored from the platform's own data and waiting for the city officer to publish."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from devzone.core import registry
from devzone.planning import services
from devzone.planning.models import PlanTarget

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
    _plans(officer, zones, rng)
    _assessments(officer, zones, rng)


def _plans(officer, zones, rng) -> None:
    """Each leading zone's plan for 2026–2028, with 2026's progress by quarter: each zone at its own pace and
    each indicator a little off it (from about half of the year's target to a little over it), so that the city's
    pages show zones ahead, on track and behind."""
    for name, codes in LEADING.items():
        z = zones.get(name)
        if z is None or z.merged_into_id:
            continue
        scale = rng.randint(8, 30) * 10000
        pace = rng.choice((55, 68, 76, 84, 92, 103))
        done_share = {metric: (pace + rng.randint(-8, 8)) / 100 for metric in OWNERS}
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
                    "done": str(scale * done_share[metric] // (1 if metric != "firms" else 1000))
                    if year == 2026
                    else "0",
                }
                for year in (2026, 2027, 2028)
                for metric, owner in OWNERS.items()
            ],
        )
        # 2026's quarterly progress: a third, two thirds, then all of what is done by the end of the third quarter
        for target in PlanTarget.objects.filter(plan__zone=z, year=2026):
            for quarter in (1, 2, 3):
                services.target_progress(
                    actor=officer,
                    target_id=target.pk,
                    quarter=quarter,
                    done=(target.done * quarter / 3).quantize(Decimal("1")),
                )


def _scheme(officer, category: str, year: int, full_pool_fen: int, indicators):
    kind = "省级" if category == "provincial" else "国家级"
    return services.scheme_set(
        actor=officer,
        year=year,
        category=category,
        name=f"{year}年度{kind}开发区考核",
        full_pool_fen=full_pool_fen,
        basis=BASIS,
        indicators=indicators,
    )


def _assessments(officer, zones, rng) -> None:
    """Per category, 2025's assessment scored and published, and 2026's with one indicator entered."""
    for category in ("provincial", "national"):
        members = [z for z in zones.values() if z.level == category and not z.merged_into_id]
        provincial = category == "provincial"
        old = _scheme(officer, category, 2025, 300_0000_00 if provincial else 450_0000_00, ENTERED_ONLY)
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
        new = _scheme(officer, category, 2026, 320_0000_00 if provincial else 480_0000_00, PROVINCIAL)
        entered = str(new.indicators.get(source="entered").pk)
        for z in members:
            services.zone_score(
                actor=officer,
                scheme_id=new.pk,
                zone_id=z.pk,
                entered={entered: {"value": str(rng.randint(15, 32)), "evidence": "市税务局亩均税收核定表"}},
            )
        _resolve_one(officer, new, members)


# One zone's indicators without platform data, resolved as the city's assessment office does (the others are
# left 不可评估 for the city officer to resolve before publishing): a figure from the zone's own ledger entered by
# hand with its source, and satisfaction — no ratings on the platform — not scored, with the reason.
RESOLVED = {
    "临港经开区": {
        "approvals_on_time": {"value": "96.5", "evidence": "市政务服务中心2026年审批时效统计表（示例）"},
        "satisfaction": {
            "exclude": True,
            "evidence": "该区尚未接入好差评系统，经市考核办认定本年度不计分（示例）",
        },
    }
}


def _resolve_one(officer, scheme, members) -> None:
    from devzone.planning.choices import ValueKind
    from devzone.planning.models import Assessment

    for z in members:
        for source, how in RESOLVED.get(z.short_name or z.name, {}).items():
            a = Assessment.objects.get(scheme=scheme, zone=z, quarter=0)
            v = a.values.filter(indicator__source=source, kind=ValueKind.MISSING).first()
            if v is not None:
                services.value_resolve(actor=officer, assessment_id=a.pk, indicator_id=v.indicator_id, **how)


# --- 机构改革 and 管委会+公司 (reform_facts.yaml: city.institutions, city.zone_merge, city.enterprise_run_zone,
# city.management_model) ---


from devzone.planning import institutions, reform  # noqa: E402

REFORM_DOC = "济开改发〔2019〕%d号"  # illustrative numbers: one decision per zone
SHARE_RISE = Decimal("26.3")  # investment_service_staff_share_increase_percent
OLD_FRONT = {
    "招商局": "investment",
    "招商服务中心": "investment",
    "经济发展局": "service",
    "企业服务中心": "service",
    "项目推进办公室": "service",
}
KIND_FUNCTION = {"investment": "investment", "service": "service"}
# 管委会+公司 parties and the parks run by enterprises (names illustrative, the pattern is the report's)
PARTIES = {
    "钢铁经开区": [
        ("山钢股份", "operator", "开发区开发建设、招商引资、企业服务和园区运营；承担运营管理考核指标"),
        ("钢城区人民政府", "co_builder", "社会事务管理、行政执法和属地公共服务；与企业共建开发区"),
    ],
    "济北经济开发区": [
        ("济北开发区建设投资有限公司（示例）", "platform", "园区开发建设、基础设施投融资、资产运营")
    ],
    "新材料产业园区": [("新材料园区发展有限公司（示例）", "platform", "园区开发建设与运营服务")],
    "济南高新区": [("高新区控股集团（示例）", "platform", "开发建设、产业投资、园区运营")],
}
PARKS = {
    "济北经济开发区": [
        ("智能制造产业园", "zone_park", None, "智造园区运营有限公司（示例）"),
        ("食品产业园", "zone_park", None, "食品产业园管理有限公司（示例）"),
        ("电子信息孵化园", "park_park", "智能制造产业园", "科创孵化器有限公司（示例）"),
    ],
    "新材料产业园区": [("新材料中试基地", "zone_park", None, "新材料中试平台有限公司（示例）")],
}


def _staff_plan(zones_bodies: dict, rng) -> None:
    """Give the old bodies staff so that the city-wide share of investment and service staff rises by exactly
    26.3 points (rounded to 0.1) from the day before each reform to the day of it: the new bodies keep their
    departments' quotas, the old ones are tuned one person at a time."""
    old = [b for bodies in zones_bodies.values() for b in bodies["old"]]
    new = [b for bodies in zones_bodies.values() for b in bodies["new"]]
    for b in old:
        b["staff"] = rng.randint(2, 4) if b["function"] != "other" else rng.randint(5, 9)
    fa = (sum(b["staff"] for b in new if b["function"] != "other"), sum(b["staff"] for b in new))
    front = [b for b in old if b["function"] != "other"]
    other = [b for b in old if b["function"] == "other"]
    for i in range(5000):
        fb = (sum(b["staff"] for b in front), sum(b["staff"] for b in old))
        r = reform.rise(fb, fa)
        if r == SHARE_RISE:
            return
        (front if r > SHARE_RISE else other)[i % len(front if r > SHARE_RISE else other)]["staff"] += 1
    raise AssertionError("staff plan did not converge")


@registry.demo(61, "institutions")
def load_institutions(*, city, zones, zone, rng) -> None:
    from devzone.core.models import Department

    officer = get_user_model().objects.get(username="city")
    plan = {}
    for short, z in zones.items():
        depts = list(Department.objects.filter(zone=z).order_by("order", "name"))
        if not depts:
            continue
        cut = (
            min(d.abolished_on for d in depts if d.abolished_on)
            if any(d.abolished_on for d in depts)
            else None
        )
        if cut is None:
            continue
        plan[short] = {
            "cut": cut,
            "old": [
                {"dept": d, "function": OLD_FRONT.get(d.name, "other")}
                for d in depts
                if d.abolished_on == cut
            ],
            "new": [
                {"dept": d, "function": KIND_FUNCTION.get(d.kind, "other"), "staff": d.headcount_quota}
                for d in depts
                if d.abolished_on is None and d.established_on == cut
            ],
        }
    _staff_plan(plan, rng)
    for n, (short, p) in enumerate(plan.items(), start=1):
        z, cut, doc = zones[short], p["cut"], REFORM_DOC % (10 + n)
        institutions.reform_set(actor=officer, zone_id=z.pk, reform_on=cut, document=doc, note="")
        made = {}
        for b in p["old"] + p["new"]:
            d = b["dept"]
            made[d.pk] = institutions.body_create(
                actor=officer,
                zone_id=z.pk,
                name=d.name,
                function=b["function"],
                staff=b["staff"],
                established_on=d.established_on or dt.date(2008, 1, 1),
                established_doc=doc if d.established_on == cut else "济开发〔2008〕1号",
                department_id=d.pk,
            )
        targets = {}
        for b in p["new"]:
            targets.setdefault(b["function"], []).append(made[b["dept"].pk])
        for i, b in enumerate(p["old"]):
            body = made[b["dept"].pk]
            into = targets.get(b["function"]) or (targets.get("other") if i % 2 else None)
            if into:
                institutions.body_merge(
                    actor=officer, body_id=body.pk, into_id=into[i % len(into)].pk, on=cut, document=doc
                )
            else:
                institutions.body_abolish(actor=officer, body_id=body.pk, on=cut, document=doc)
    for short, rows in PARTIES.items():
        z = zones.get(short)
        if z is None:
            continue
        for i, (name, role, duties) in enumerate(rows, start=1):
            institutions.party_set(
                actor=officer,
                zone_id=z.pk,
                name=name,
                role=role,
                contract_no=f"KFQ-YY-2019-{z.pk:02d}{i}",
                starts_on=dt.date(2019, 9, 1),
                ends_on=dt.date(2029, 8, 31),
                responsibilities=duties,
            )
    for short, rows in PARKS.items():
        z = zones.get(short)
        if z is None:
            continue
        made = {}
        for i, (name, kind, parent, operator) in enumerate(rows, start=1):
            made[name] = institutions.park_set(
                actor=officer,
                zone_id=z.pk,
                name=name,
                kind=kind,
                parent_id=made[parent].pk if parent else None,
                operator=operator,
                contract_no=f"KFQ-YQ-2020-{z.pk:02d}{i}",
                starts_on=dt.date(2020, 3, 1),
                ends_on=dt.date(2035, 2, 28),
                responsibilities="园区建设、招商运营、入园企业服务；管委会负责规划审批与监管考核",
            )
