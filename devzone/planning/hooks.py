"""What planning lends other modules through the core registry: the zone's leading industries from its current
plan (investment's industry fit) and the zone's total pay pool set by the published assessment (performance)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from devzone.core import registry
from devzone.core.templatetags.devzone import show
from devzone.planning import printed, reform, selectors


@registry.leading
def leading(zone_id: int) -> list[str] | None:
    return selectors.plan_codes(zone_id)


@registry.zone_pool
def zone_pool(*, zone_id: int, year: int, quarter: int) -> registry.ZonePool | None:
    a = selectors.pool_assessment(zone_id, year, quarter)
    if a is None:
        return None
    label = (
        _("%(year)d年度") % {"year": a.scheme.year}
        if not a.quarter
        else _("%(year)d年第%(q)d季度") % {"year": a.scheme.year, "q": a.quarter}
    )
    return registry.ZonePool(
        fen=a.pool_fen,
        reference=_("%(scheme)s %(period)s 得分%(score)s 第%(rank)d名")
        % {"scheme": a.scheme.name, "period": label, "score": a.score, "rank": a.rank},
    )


def institution_figures(*, city) -> list[registry.Figure]:
    """机构改革's figures of the reform bulletin, computed from the city's rows: internal bodies before and after
    each zone's reform cut and the share cut (精简比例, 109 → 64 is 41.3 %), the rise of the investment and
    service staff's share, zones merged into one (core's Zone rows), zones run by a company. A figure whose rows
    are missing is None. What the city's own reports printed (Jinan's: 42 %, 26.3 %, 莱芜's merge) comes from
    ``planning.printed``, for that city only."""
    from django.urls import reverse

    from devzone.core.models import Zone

    active = Zone.objects.filter(city=city, merged_into__isnull=True).order_by("name")
    url = reverse("planning:institutions")
    section = _("机构改革")
    said = printed.for_city(city)
    return [
        *_body_figures(section, active, url, said),
        *_merge_figures(section, city, f"{url}#merges", said),
        _company_run_figure(section, active),
    ]


def _body_figures(section: str, active, url: str, said) -> list[registry.Figure]:
    """Internal bodies before and after the reform cuts of the active zones, the change, and the front line's
    share."""
    from devzone.planning import institutions

    c = institutions.counts(active)
    cuts = c.cuts
    if not cuts:
        period = _("未设定机构改革日期")
    elif cuts[0] == cuts[-1]:  # every zone cut on one day: that date, not a range from it to itself
        period = _("各开发区机构改革实施日前一日与实施日（%(day)s）") % {"day": show(cuts[0])}
    else:
        period = _("各开发区机构改革实施日前一日与实施日（%(a)s–%(b)s）") % {
            "a": show(cuts[0]),
            "b": show(cuts[-1]),
        }
    counted = len([z for z in c.zones if z.reform])
    rule = _("统计%(n)d个设定了改革日期的开发区的内设机构：设立日不晚于该日、且未在该日或之前合并/撤销") % {
        "n": counted
    }
    return [
        registry.Figure(section, "institutions.before", _("改革前内设机构"), c.before, "", period, rule, url),
        registry.Figure(section, "institutions.after", _("改革后内设机构"), c.after, "", period, rule, url),
        registry.Figure(
            section,
            "institutions.change",
            _("内设机构精简比例"),
            # a reduction, as the report prints it (42 %): the share cut, positive when bodies were cut
            reform.reduction_percent(c.before, c.after),
            "%",
            period,
            _("（改革前−改革后）÷改革前，保留一位小数（四舍五入）；机构增加时为负数"),
            url,
            reported=printed.text(said, "institutions.change"),
        ),
        registry.Figure(
            section,
            "institutions.front_line_rise",
            _("招商和服务人员占比提高"),
            c.rise if c.front_before[1] and c.front_after[1] else None,
            _("个百分点"),
            period,
            _("职能类别为招商引资、企业服务的机构人员数占全部内设机构人员数之比，改革后减改革前"),
            url,
            reported=printed.text(said, "institutions.front_line_rise"),
        ),
    ]


def _merge_figures(section: str, city, url: str, said) -> list[registry.Figure]:
    """One figure per zone that others were merged into, the largest merge first under the stable key
    "institutions.merged"; without merges, that key with no value. A printed merge (Jinan's report: Laiwu's 3
    zones) goes beside the merge into the zone it names, or beside the missing figure."""
    from devzone.planning import institutions

    merges = institutions.merges_in_city(city)
    rule = _("开发区记录中“并入”为该开发区的开发区数")
    if not merges:
        return [
            registry.Figure(
                section,
                "institutions.merged",
                _("整合的开发区"),
                None,
                "",
                "",
                rule,
                url,
                reported=printed.text(said, "institutions.merged"),
            )
        ]
    groups = sorted(merges.items(), key=lambda kv: (-len(kv[1]), kv[0].name))
    return [
        registry.Figure(
            section,
            "institutions.merged" if n == 0 else f"institutions.merged.{into.pk}",
            _("整合为%(z)s的开发区") % {"z": into.name},
            len(old),
            "",
            "、".join(show(d) for d in sorted({z.merged_on for z in old if z.merged_on})),
            rule,
            url,
            reported=printed.text(said, "institutions.merged", zone=into),
        )
        for n, (into, old) in enumerate(groups)
    ]


def _company_run_figure(section: str, active) -> registry.Figure:
    """The active zones run by a company (None when the city has no active zone)."""
    from django.urls import reverse

    from devzone.core.choices import ZoneOperator

    run = [z for z in active if z.operator == ZoneOperator.COMPANY]
    return registry.Figure(
        section,
        "institutions.company_run",
        _("企业运营管理的开发区"),
        len(run) if active.exists() else None,
        "",
        _("现状"),
        _("管理模式为“企业运营”的在设开发区数：%(z)s") % {"z": "、".join(str(z) for z in run) or "—"},
        reverse("planning:companies"),
    )


registry.bulletin("planning.institutions", institution_figures)
