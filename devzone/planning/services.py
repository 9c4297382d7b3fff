"""Writes of 市级统筹, each checked, cleaned, saved and audited in one transaction: a zone's industry plan (the
leading industries of the plan in force kept in step on the zone's own field), the city's assessment scheme, a
zone's scoring (computed indicators from the platform, entered ones with evidence), and publishing (ranks and pay
pools)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from devzone.core import audit
from devzone.core.access import can
from devzone.core.choices import AuditAction, Role, ZoneLevel
from devzone.core.errors import (
    ConflictError,
    DomainError,
    PermissionDeniedError,
    check_id,
    clean,
    clean_text,
    require,
    require_role,
)
from devzone.core.locking import in_scope, locked
from devzone.core.models import Industry, Zone
from devzone.core.notify import Text, notify, zone_users
from devzone.planning import figures, scoring, selectors
from devzone.planning.choices import COMPUTED, NO_DATA, AssessmentStatus, Metric, Source, ValueKind
from devzone.planning.models import Assessment, Indicator, IndicatorValue, IndustryPlan, PlanTarget, Scheme

MIN_LEADING, MAX_LEADING = 2, 3
MIN_YEARS, MAX_YEARS = 3, 5
CENT = Decimal("0.01")  # the planning columns' step (two decimals)


def _decimal(value, field: str) -> Decimal:
    """A number of the planning columns (weights, targets, values: two decimals), as the API's ``Percent`` and
    ``Money`` take it: a third decimal is refused, not rounded on saving — weights of 33.333 + 33.333 + 33.334
    passed the sum check and were stored as 99.99."""
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError.on(field, _("请填写数字")) from None
    require(d.is_finite() and d >= 0, _("须为不小于0的数字"), field)
    require(d < Decimal("1e12"), _("数值过大"), field)
    require(d == d.quantize(CENT), _("最多两位小数：%(v)s") % {"v": d}, field)
    return d


def _listed(items) -> str:
    """The items of a refusal joined as the reader's language lists them (、 in Chinese, a comma in English)."""
    return pgettext("list separator", "、").join(str(i) for i in items)


def _industries(codes) -> list[Industry]:
    codes = sorted({str(c).strip() for c in codes if str(c).strip()})
    found = {i.pk: i for i in Industry.objects.filter(pk__in=codes)}
    unknown = [c for c in codes if c not in found]
    require(
        not unknown, _("不在国民经济行业分类（GB/T 4754）中：%(c)s") % {"c": _listed(unknown)}, "industries"
    )
    require(
        MIN_LEADING <= len(codes) <= MAX_LEADING,
        _("主导产业须为%(a)d–%(b)d个（现有%(n)d个）") % {"a": MIN_LEADING, "b": MAX_LEADING, "n": len(codes)},
        "industries",
    )
    return [found[c] for c in codes]


def _no_overlap(zone: Zone, start_year: int, end_year: int) -> None:
    """One plan in force per zone and year: the period may not overlap another plan of the zone (the one
    starting the same year is the plan being changed). The message names the other plan's years and what to
    change, so the city officer shortens the old plan before adopting its successor."""
    other = (
        IndustryPlan.objects.filter(zone=zone, start_year__lte=end_year, end_year__gte=start_year)
        .exclude(start_year=start_year)
        .order_by("start_year")
        .first()
    )
    if other is None:
        return
    if other.start_year < start_year:
        message = _(
            "规划期与本开发区%(a)d–%(b)d年的产业规划重叠：请先将该规划的截止年度改为%(c)d年，再保存本规划"
        ) % {"a": other.start_year, "b": other.end_year, "c": start_year - 1}
    else:
        message = _("规划期与本开发区%(a)d–%(b)d年的产业规划重叠：本规划的截止年度最晚为%(c)d年") % {
            "a": other.start_year,
            "b": other.end_year,
            "c": other.start_year - 1,
        }
    raise DomainError.on("start_year", message)


def _in_site_language(read):
    with translation.override(settings.LANGUAGE_CODE):
        return read()


def _plan_trail(plan: IndustryPlan) -> dict:
    """What the trail keeps of a plan: its columns, its leading industries (codes) and its annual tasks — the
    figures the cockpit divides by (年度任务完成度), so a target halved is on record with who halved it."""
    if plan.pk is None:
        return {}
    return {
        **audit.snapshot(plan),
        **audit.many_snapshot(plan),
        # one line a task, in the site's language (the trail is read later, by anyone)
        "targets": _in_site_language(
            lambda: [
                f"{t.year} {t.get_metric_display()} {t.target} / {t.done} {t.owner}".strip()
                for t in plan.targets.order_by("year", "metric")
            ]
        ),
    }


def _record(actor, row, before: dict | None, after: dict, *, note: str) -> None:
    """A create (everything it was given) or a change (what differs from ``before``), with the row's links
    (industries, targets, indicators) besides its columns."""
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=row,
        changes=audit.diff(before or {}, after),
        note=note,
    )


@transaction.atomic
def plan_set(
    *,
    actor,
    zone_id,
    start_year: int,
    end_year: int,
    industries,
    chain_note: str = "",
    targets: list[dict] | None = None,
    version: int | None = None,
    effective_on: dt.date | None = None,
    require_version: bool = False,
) -> IndustryPlan:
    """Create or change the zone's plan starting ``start_year``: 3–5 years (an existing plan may be cut short),
    overlapping no other plan of the zone, 2–3 leading industries, and the targets per year and metric
    (``{"year", "metric", "target", "owner", "done"}``). The zone's own field of leading industries follows the
    plan in force (``selectors.current_plan``), whichever plan is edited. ``effective_on`` (批复生效之日, within
    the period; None: 1 January of the start year) and the day a task is added to a saved plan in its own year
    (``PlanTarget.added_on``) start the tasks' 序时进度 (``pace``). Changing an existing plan at a stale
    ``version`` is a conflict (409); ``require_version`` (the API's PUT) refuses one that names no version too,
    as ``scheme_set`` does: a client's unversioned PUT never replaces a colleague's targets unseen."""
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=_("制定产业规划"))
    zone = locked(Zone, zone_id, actor=actor, action="view", what=_("开发区"))
    require(
        isinstance(start_year, int) and isinstance(end_year, int) and 2000 <= start_year <= end_year <= 2100,
        _("年度无效"),
        "end_year",
    )
    plan = IndustryPlan.objects.select_for_update().filter(zone=zone, start_year=start_year).first()
    years = end_year - start_year + 1
    # A plan replaced by a revised one is cut short: its end year comes forward, below the three years a plan
    # is adopted for (2024–2028 ends 2025 when 2026–2030 replaces it).
    cut_short = plan is not None and end_year < plan.end_year
    require(
        (MIN_YEARS <= years or cut_short) and years <= MAX_YEARS,
        _("规划期须为%(a)d–%(b)d年（现为%(n)d年）") % {"a": MIN_YEARS, "b": MAX_YEARS, "n": years},
        "end_year",
    )
    _no_overlap(zone, start_year, end_year)
    rows = _industries(industries)
    require(
        effective_on is None
        or (isinstance(effective_on, dt.date) and start_year <= effective_on.year <= end_year),
        _("生效日期须在规划期内"),
        "effective_on",
    )
    if plan is not None:
        if version is None and require_version:
            raise ConflictError(
                _("%(a)d–%(b)d年的产业规划已存在：请先读取该规划，附上其版本号（version）再修改")
                % {"a": plan.start_year, "b": plan.end_year}
            )
        plan = locked(
            IndustryPlan,
            plan,
            actor=actor,
            version=version,
            what=_("产业规划"),
            conflict=_("该产业规划刚被他人修改过，请重新打开后再修改"),
        )
        before = _plan_trail(plan)
    else:
        plan = IndustryPlan(zone=zone, start_year=start_year)
        if not can(actor, "create", IndustryPlan):
            raise PermissionDeniedError(_("您无权制定产业规划"))
        before = None
    plan.end_year = end_year
    plan.chain_note = clean_text(chain_note, "chain_note", max_length=2000)
    plan.effective_on = effective_on
    plan.updated_by = actor
    plan.version += 1
    clean(plan)
    plan.save()
    plan.industries.set(rows)
    # The zone's own field (its settings page shows it) follows the plan in force, which the registry's
    # ``leading_for`` reads too: correcting an older or a later plan leaves it as it is.
    in_force = selectors.current_plan(zone.pk) or plan
    zone.leading_industries.set(in_force.industries.all())
    if targets is not None:
        # kept across an edit: the quarters reported, and the day a task was added
        reported = {(t.year, t.metric): (t.quarters, t.added_on) for t in plan.targets.all()}
        today = timezone.localdate()
        plan.targets.all().delete()
        seen = set()
        for i, t in enumerate(targets):
            field = f"targets.{i}"
            year = t.get("year")
            require(isinstance(year, int) and start_year <= year <= end_year, _("年度须在规划期内"), field)
            metric = t.get("metric")
            require(metric in Metric.values, _("未知的指标"), field)
            require((year, metric) not in seen, _("同一年度同一指标只能有一个目标"), field)
            seen.add((year, metric))
            row = PlanTarget(
                plan=plan,
                year=year,
                metric=metric,
                target=_decimal(t.get("target"), field),
                done=_decimal(t.get("done") or 0, field),
                owner=clean_text(t.get("owner", ""), field, max_length=60),
            )
            quarters, row.added_on = reported.get((year, metric), ([None] * 4, None))
            if before is not None and (year, metric) not in reported and year == today.year:
                row.added_on = today  # a task added to the plan during its own year runs from today
            row.q1, row.q2, row.q3, row.q4 = quarters
            latest = [q for q in row.quarters if q is not None]
            if latest:  # what the quarters say, not the edit's figure
                row.done = latest[-1]
            clean(row)
            row.save()
    # recorded after the industries and targets are written: the trail holds their before and after
    _record(actor, plan, before, _plan_trail(plan), note="产业规划")
    return plan


@transaction.atomic
def target_progress(*, actor, target_id, quarter: int, done) -> PlanTarget:
    """An annual task's cumulative completion at the end of ``quarter`` (季度进度): never below an earlier
    quarter's, never negative; ``done`` becomes the latest quarter reported."""
    target = locked(PlanTarget, target_id, actor=actor, what=_("年度任务"))
    require(quarter in (1, 2, 3, 4), _("季度须为1–4"), "quarter")
    value = _decimal(done, "done").quantize(CENT)  # a negative, a non-number, a third decimal: refused
    quarters = target.quarters
    earlier = [q for q in quarters[: quarter - 1] if q is not None]
    later = [q for q in quarters[quarter:] if q is not None]
    require(
        not earlier or value >= max(earlier),
        _("累计完成值不能低于之前季度（%(v)s）") % {"v": max(earlier) if earlier else ""},
        "done",
    )
    require(
        not later or value <= min(later),
        _("累计完成值不能高于之后季度（%(v)s）") % {"v": min(later) if later else ""},
        "done",
    )
    before = audit.snapshot(target)
    setattr(target, f"q{quarter}", value)
    target.done = next(q for q in reversed(target.quarters) if q is not None)
    target.save()
    audit.updated(actor, target, before, note=_("第%(q)d季度进度") % {"q": quarter})
    return target


@transaction.atomic
def scheme_set(
    *,
    actor,
    year: int,
    category: str,
    name: str,
    full_pool_fen: int,
    indicators: list[dict],
    basis: str = "",
    version: int | None = None,
) -> Scheme:
    """The city's scheme for a zone category and year; weights are above 0 and sum to 100. Changing the
    existing scheme of the year and category names the version it was read at (``version``): without it, or
    with a stale one, the save is a conflict (409) — another officer's indicators and pool are never
    replaced unseen."""
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=_("制定考核方案"))
    from devzone.core.access import reach_of

    city_id = reach_of(actor).city_id
    require(city_id is not None, _("您没有所属城市"))
    require(category in ZoneLevel.values, _("未知的开发区类别"), "category")
    require(bool(indicators), _("至少须有一个考核指标"), "indicators")
    rows = []
    for i, d in enumerate(indicators):
        field = f"indicators.{i}"
        require(d.get("source") in Source.values, _("未知的数据来源"), field)
        rows.append(
            Indicator(
                name=clean_text(d.get("name"), field, max_length=60) or _("未命名指标"),
                weight=_decimal(d.get("weight"), field),
                target=_decimal(d.get("target"), field),
                source=d["source"],
            )
        )
    total = sum(r.weight for r in rows)
    require(
        scoring.weights_ok([r.weight for r in rows]),
        _("各指标权重须大于0且合计为100%%（现为%(t)s%%）") % {"t": total},
        "indicators",
    )
    require(
        isinstance(full_pool_fen, int) and full_pool_fen >= 0, _("奖金池须为不小于0的金额"), "full_pool_fen"
    )
    scheme = Scheme.objects.select_for_update().filter(city_id=city_id, year=year, category=category).first()
    before = None
    if scheme is not None:
        if version is None:
            raise ConflictError(
                _("%(year)s年%(category)s的考核方案“%(name)s”已存在：请打开该方案修改")
                % {
                    "year": year,
                    "category": ZoneLevel(category).label,
                    "name": scheme.name,
                }
            )
        scheme = locked(
            Scheme,
            scheme,
            actor=actor,
            version=version,
            what=_("考核方案"),
            conflict=_("该考核方案刚被他人修改过，请重新打开后再修改"),
        )
        require(not scheme.assessments.exists(), _("该方案已有评分结果，不能再修改"))
        before = _scheme_trail(scheme)
        scheme.indicators.all().delete()
    else:
        scheme = Scheme(city_id=city_id, year=year, category=category)
    scheme.name = clean_text(name, "name", max_length=80) or _("开发区考核方案")
    scheme.full_pool_fen = full_pool_fen
    scheme.basis = clean_text(basis, "basis", max_length=120)
    scheme.version += 1
    clean(scheme)
    scheme.save()
    for r in rows:
        r.scheme = scheme
        r.save()
    # the pool (the money a full score earns), the name, the basis and the indicators, before and after
    _record(actor, scheme, before, _scheme_trail(scheme), note="考核方案")
    return scheme


def _scheme_trail(scheme: Scheme) -> dict:
    return {
        **audit.snapshot(scheme),
        "indicators": _in_site_language(
            lambda: [
                f"{i.name} {i.weight}% {i.target} {i.get_source_display()}".strip()
                for i in scheme.indicators.order_by("pk")
            ]
        ),
    }


def _score_trail(a: Assessment) -> dict:
    """What a zone's scoring replaces: the score, the pool it set, and each indicator's value, how it was
    obtained and its evidence."""
    return {
        "score": None if a.score is None else str(a.score),
        "pool_fen": a.pool_fen,
        "values": _in_site_language(
            lambda: [
                " ".join(
                    str(p)
                    for p in (v.indicator.name, v.value, v.get_kind_display(), v.evidence)
                    if p not in (None, "")
                )
                for v in a.values.select_related("indicator").order_by("indicator_id")
            ]
        ),
    }


@transaction.atomic
def zone_score(*, actor, scheme_id, zone_id, quarter: int = 0, entered: dict | None = None) -> Assessment:
    """Score one zone against the scheme for the year (quarter 0) or a quarter: computed indicators from the
    platform's data, entered ones with their evidence. A computed indicator the platform has no data for is
    不可评估 (``ValueKind.MISSING``, no value), never 0: the zone has no score until the city resolves it
    (``value_resolve``); a resolution made before (a value entered by hand, an exclusion) is kept when the zone
    is scored again and the platform still has no data."""
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=_("为开发区评分"))
    scheme = locked(Scheme, scheme_id, actor=actor, what=_("考核方案"))
    zone = in_scope(Zone, zone_id, actor=actor, what=_("开发区"))
    _period_open(scheme, zone, quarter)
    entered = entered or {}
    a, _created = Assessment.objects.select_for_update().get_or_create(
        scheme=scheme, zone=zone, quarter=quarter
    )
    require(a.status != AssessmentStatus.PUBLISHED, _("考核结果已公布，不能再评分"))
    before = _score_trail(a)
    if a.status == AssessmentStatus.EXCLUDED:  # scored after all: it takes part in the period again
        audit.changed(actor, a, "status", a.status, AssessmentStatus.DRAFT, note=_("恢复参加本期考核"))
        a.status, a.excluded_reason = AssessmentStatus.DRAFT, ""
    resolved = {v.indicator_id: v for v in a.values.filter(kind__in=(ValueKind.MANUAL, ValueKind.EXCLUDED))}
    a.values.all().delete()
    for ind in scheme.indicators.all():
        if ind.source in COMPUTED:
            v = figures.computed(ind.source, zone_id=zone.pk, year=scheme.year, quarter=quarter)
            if v is not None:
                kind, evidence = ValueKind.PLATFORM, ""
            elif ind.pk in resolved:
                kind, v, evidence = (resolved[ind.pk].kind, resolved[ind.pk].value, resolved[ind.pk].evidence)
            else:
                kind, evidence = ValueKind.MISSING, ""
        else:
            got = entered.get(str(ind.pk)) or entered.get(ind.pk) or {}
            field = f"indicator_{ind.pk}"
            require(got.get("value") not in (None, ""), _("请填写“%(n)s”的实际值") % {"n": ind.name}, field)
            v = _decimal(got.get("value"), field)
            evidence = clean_text(got.get("evidence"), field, max_length=200)
            require(evidence, _("填报的指标须附佐证：%(n)s") % {"n": ind.name}, field)
            kind = ValueKind.ENTERED
        IndicatorValue.objects.create(assessment=a, indicator=ind, value=v, kind=kind, evidence=evidence)
    a.scored_by = actor
    _apply_score(a, scheme)
    a.refresh_from_db()  # the score as stored (two decimals), as the next scoring reads it
    # the score, pool and values it replaced beside the new ones (a first scoring: from nothing)
    changes = audit.diff(before, _score_trail(a))
    changes.setdefault("score", [before["score"], before["score"]])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=a, changes=changes, note="开发区考核评分")
    return a


def _period_open(scheme: Scheme, zone: Zone, quarter: int) -> None:
    """The checks a zone's result of a period passes before the city writes it: a live zone of the scheme's
    category, a valid period, not yet published."""
    # a merged zone is no longer a unit of its own: scored, it would take a rank among the living zones
    require(
        zone.merged_into_id is None,
        _("该开发区已并入%(z)s，不再单独考核") % {"z": zone.merged_into},
        "zone",
    )
    require(zone.level == scheme.category, _("该开发区不属于此方案的类别"), "zone")
    require(quarter in (0, 1, 2, 3, 4), _("季度无效"), "quarter")
    # Publishing told each zone its rank among the period's scores: a zone scored afterwards would move them.
    require(
        not Assessment.objects.filter(
            scheme=scheme, quarter=quarter, status=AssessmentStatus.PUBLISHED
        ).exists(),
        _("本期考核结果已公布，名次已告知各开发区，不能再为开发区评分"),
    )


@transaction.atomic
def zone_exclude(*, actor, scheme_id, zone_id, quarter: int = 0, reason: str) -> Assessment:
    """Leave a zone out of a period's assessment, with the written reason (a zone set up during the period, one
    under rectification …), as a city assessment office decides before it publishes: the zone gets no score,
    rank or pool of the period, and the decision and its reason stay in the audit trail. Scoring the zone again
    before publication (``zone_score``) takes it back into the period."""
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=_("确定不参加考核的开发区"))
    scheme = locked(Scheme, scheme_id, actor=actor, what=_("考核方案"))
    zone = in_scope(Zone, zone_id, actor=actor, what=_("开发区"))
    _period_open(scheme, zone, quarter)
    text = clean_text(reason, "reason", max_length=200)
    require(text, _("请说明该开发区不参加本期考核的理由"), "reason")
    a, _created = Assessment.objects.select_for_update().get_or_create(
        scheme=scheme, zone=zone, quarter=quarter
    )
    before = a.status
    a.values.all().delete()
    a.status, a.excluded_reason = AssessmentStatus.EXCLUDED, text
    a.score = a.pool_fen = a.rank = None
    a.scored_by = actor
    a.version += 1
    a.save()
    audit.changed(actor, a, "status", before, AssessmentStatus.EXCLUDED, note=text)
    _rerank(scheme, quarter)
    a.refresh_from_db()
    return a


def _apply_score(a: Assessment, scheme: Scheme) -> None:
    """The zone's score and pool from its values, and the period's ranks again. While a value is 不可评估 the
    zone has no score, pool or rank (a 0 would be no measurement); the indicators excluded for the zone are left
    out and the others' weights re-normalised to 100 (``scoring.score``)."""
    rows = list(a.values.all())
    if any(r.kind == ValueKind.MISSING for r in rows):
        a.score = a.pool_fen = None
    else:
        excluded = {r.indicator_id for r in rows if r.kind == ValueKind.EXCLUDED}
        a.score = scoring.score(
            [scoring.Weighted(i.pk, i.weight, i.target) for i in scheme.indicators.all()],
            {r.indicator_id: r.value for r in rows if r.value is not None},
            excluded=excluded,
        )
        a.pool_fen = scoring.pool(scheme.full_pool_fen, a.score)
    a.version += 1
    a.save()
    _rerank(scheme, a.quarter)


@transaction.atomic
def value_resolve(
    *,
    actor,
    assessment_id,
    indicator_id,
    exclude: bool = False,
    value=None,
    evidence: str = "",
    version: int | None = None,
) -> Assessment:
    """Resolve a computed indicator the platform has no data for, for one zone's draft result, as a city
    assessment office does before it publishes: the value entered by hand with its source (人工补录: 统计局
    月报, 政务服务中心台账 …), or — when no reliable figure exists — the indicator excluded for that zone with the
    reason (不计分: the other indicators' weights re-normalised to 100). Either may be changed again until the
    results are published; the zone is scored again at once."""
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=_("处理平台暂无数据的考核指标"))
    a = locked(Assessment, assessment_id, actor=actor, version=version, what=_("开发区考核"))
    require(a.status == AssessmentStatus.DRAFT, _("考核结果已公布，不能再修改"))
    # an id beyond a database integer (a tampered hidden field) names no indicator: the message, not a 500
    indicator_id = check_id(indicator_id)
    row = (
        IndicatorValue.objects.select_for_update()
        .select_related("indicator")
        .filter(assessment=a, indicator_id=indicator_id)
        .first()
        if indicator_id is not None
        else None
    )
    require(
        row is not None and row.kind in NO_DATA,
        _("只有平台暂无数据的指标才能人工补录或不计分"),
        "indicator",
    )
    before = audit.snapshot(row)
    text = clean_text(evidence, "evidence", max_length=200)
    if exclude:
        require(text, _("请说明对该开发区不计分的理由"), "evidence")
        counted = a.values.exclude(pk=row.pk).exclude(kind=ValueKind.EXCLUDED)
        require(counted.exists(), _("至少须有一项指标计分"), "indicator")
        row.kind, row.value = ValueKind.EXCLUDED, None
    else:
        require(value not in (None, ""), _("请填写实际值，或说明理由对该开发区不计分"), "value")
        row.value = _decimal(value, "value")
        require(text, _("请注明人工补录数值的来源"), "evidence")
        row.kind = ValueKind.MANUAL
    row.evidence = text
    row.save()
    audit.updated(actor, row, before, note=f"{row.indicator.name}：{row.get_kind_display()}")
    _apply_score(a, a.scheme)
    a.refresh_from_db()
    return a


def _rerank(scheme: Scheme, quarter: int) -> None:
    rows = list(Assessment.objects.filter(scheme=scheme, quarter=quarter))
    r = scoring.ranks({x.pk: x.score for x in rows if x.score is not None})
    for x in rows:
        x.rank = r.get(x.pk)  # a zone without a score (不可评估) has no rank
    Assessment.objects.bulk_update(rows, ["rank"])


def missing_data(rows) -> dict:
    """The zones of ``rows`` (assessments) with indicators 不可评估, each with those indicators' names."""
    out: dict = {}
    for v in (
        IndicatorValue.objects.filter(assessment__in=rows, kind=ValueKind.MISSING)
        .select_related("assessment__zone", "indicator")
        .order_by("assessment__zone__name", "indicator_id")
    ):
        out.setdefault(v.assessment.zone, []).append(v.indicator.name)
    return out


def period_end(year: int, quarter: int) -> dt.date:
    """The last day of the year (quarter 0) or of the quarter."""
    if quarter == 0:
        return dt.date(year, 12, 31)
    first_of_next = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def unscored_zones(scheme: Scheme, quarter: int) -> list[Zone]:
    """The live zones of the scheme's city and category (not merged into another, established by the period's
    end) that have no result of the period: neither scored nor excluded from it with a reason."""
    done = Assessment.objects.filter(scheme=scheme, quarter=quarter).values("zone_id")
    return list(
        Zone.objects.filter(city_id=scheme.city_id, level=scheme.category, merged_into__isnull=True)
        .exclude(established_on__gt=period_end(scheme.year, quarter))
        .exclude(pk__in=done)
        .order_by("name")
    )


@transaction.atomic
def publish(*, actor, scheme_id, quarter: int = 0) -> int:
    """Publish the period's results: the pools take effect for the performance pay, each zone's leaders are
    told. Returns the number of zones published."""
    require_role(actor, Role.CITY_OFFICER, Role.SYSTEM, doing=_("公布考核结果"))
    scheme = locked(Scheme, scheme_id, actor=actor, what=_("考核方案"))
    rows = list(
        Assessment.objects.select_for_update().filter(
            scheme=scheme, quarter=quarter, status=AssessmentStatus.DRAFT
        )
    )
    require(rows, _("没有待公布的评分结果"))
    # Each zone is assessed as its own unit (its pay pool hangs on its result), and once the period is published
    # no zone can be scored for it (``zone_score``): publishing before every zone of the category is scored would
    # shut the others out of the period for good.
    unscored = unscored_zones(scheme, quarter)
    require(
        not unscored,
        _("以下开发区尚未评分，不能公布：%(list)s。请先为其评分，或说明理由将其列为不参加本期考核，再公布")
        % {"list": _listed(unscored)},
    )
    # no data is not 0: publishing would fix the pools of zones whose indicators nobody measured
    missing = missing_data(rows)
    require(
        not missing,
        _(
            "以下开发区有指标平台暂无数据（不可评估），不能公布：%(list)s。请逐项人工补录数值并注明来源，"
            "或说明理由对该开发区不计分，再公布"
        )
        % {
            "list": pgettext("list of groups separator", "；").join(
                pgettext("a zone and its indicators", "%(zone)s（%(names)s）")
                % {"zone": z, "names": _listed(names)}
                for z, names in missing.items()
            )
        },
    )
    for a in rows:
        a.status = AssessmentStatus.PUBLISHED
        a.version += 1
        a.save(update_fields=["status", "version", "updated_at"])
        audit.changed(
            actor, a, "status", AssessmentStatus.DRAFT, AssessmentStatus.PUBLISHED, note="公布考核结果"
        )
        _tell_leaders(
            a,
            Text(
                gettext_lazy("%(scheme)s：得分%(score)s，第%(rank)d名"),
                scheme=scheme.name,
                score=a.score,
                rank=a.rank,
            ),
        )
    # the zones left out of the period learn it with the results, and why
    for a in Assessment.objects.filter(scheme=scheme, quarter=quarter, status=AssessmentStatus.EXCLUDED):
        _tell_leaders(
            a,
            Text(
                gettext_lazy("%(scheme)s：本期不参加考核（%(reason)s）"),
                scheme=scheme.name,
                reason=a.excluded_reason,
            ),
        )
    return len(rows)


def _tell_leaders(a: Assessment, title: Text) -> None:
    """The leaders of the assessment's zone told of its outcome, each in their own language, not the
    publisher's (``title``: a ``core.notify.Text``)."""
    notify(
        zone_users(a.zone_id, roles=[Role.ZONE_LEADER]),
        kind="planning",
        title=title,
        url=reverse("planning:home"),
        zone_id=a.zone_id,
        key=f"planning.assessment.{a.pk}.{a.version}",
    )
