"""Checks on a scheme version and the plain parameters the algorithms take from it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from devzone.performance.choices import COMPONENTS, CoefficientMode

GRADE_KEYS = ("excellent", "good", "pass", "improve")

# The fewest ballots that must score each department before voting may close, counted from the codes spent by
# the delegates of the other departments (a ballot skips its own): a department scored by one ballot would
# publish that delegate's exact scores, and whoever runs the meeting sees who goes to vote. Also the floor of
# a scheme's ``min_ballots``.
MIN_SCORERS = 3


@dataclass(frozen=True)
class Bound:
    """A limit a scheme's setting must keep, with the fact it rests on."""

    low: Decimal
    high: Decimal
    reference: Decimal
    basis: str


# The guaranteed share of the standard pay (保底比例): the reform pays "原有的80%左右" as the guaranteed part and
# the rest by performance (reform_facts.yaml, zone.performance.guaranteed_pay_share_percent: 80). "左右" leaves a
# zone some room around 80 %, not a share of 0 % (no guarantee) or 100 % (no pay by performance).
GUARANTEED_SHARE = Bound(
    low=Decimal(70),
    high=Decimal(90),
    reference=Decimal(80),
    basis="reform_facts.yaml zone.performance.guaranteed_pay_share_percent: 80（改为发放原有的80%左右）",
)


def _dec(value) -> Decimal | None:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return d if d.is_finite() else None


def _two_places(d: Decimal | None) -> bool:
    """At most two decimals: a department's coefficient is kept as NUMERIC(3, 2), so a band of 1.255 would be
    stored as 1.26 — a coefficient the scheme does not have (and its quota read from the 1.255 row)."""
    return d is not None and d == d.quantize(Decimal("0.01"))


def validate_scheme(s) -> dict[str, list[str]]:
    """Field -> messages for everything wrong with a scheme (empty when it is sound)."""
    errors: dict[str, list[str]] = {}

    def add(field, msg):
        errors.setdefault(field, []).append(msg)

    _check_weights(s, add)
    bands = _check_bands(s, add)
    floor = _dec(s.floor_coefficient)
    if floor is None or not (Decimal("0.1") <= floor <= Decimal("3")):
        add("floor_coefficient", _("最低系数须在0.1–3之间"))
    elif not _two_places(floor):
        add("floor_coefficient", _("最低系数最多两位小数"))
    if s.coefficient_mode not in CoefficientMode.values:
        add("coefficient_mode", _("未知的系数确定方式"))
    _check_proportions(s, bands, floor, add)
    small = getattr(s, "small_excellent_from", None)
    if small is not None and (_dec(small) is None or not (Decimal("0.1") <= _dec(small) <= Decimal("3"))):
        add("small_excellent_from", _("小部门优秀保底的部门系数须在0.1–3之间，或留空"))
    elif small is not None and not _two_places(_dec(small)):
        add("small_excellent_from", _("小部门优秀保底的部门系数最多两位小数"))
    min_size = getattr(s, "small_excellent_min_size", 2)
    if not isinstance(min_size, int) or not (1 <= min_size <= 999):
        add("small_excellent_min_size", _("小部门优秀保底的最小人数须在1–999之间"))
    factors = s.grade_factors if isinstance(s.grade_factors, dict) else {}
    for g in GRADE_KEYS:
        v = _dec(factors.get(g))
        if v is None or not (Decimal(0) < v <= Decimal(5)):
            add("grade_factors", _("等次系数须在0–5之间（不含0）"))
            break
    if s.delegates_per_department < 1:
        add("delegates_per_department", _("每部门至少1名测评代表"))
    if s.min_ballots < MIN_SCORERS:
        add("min_ballots", _("最少有效票数至少为%(n)s") % {"n": MIN_SCORERS})
    share = _dec(s.guaranteed_percent)
    g = GUARANTEED_SHARE
    if share is None or not (g.low <= share <= g.high):
        add(
            "guaranteed_percent",
            _("保底比例须在%(low)s%%–%(high)s%%之间（改革方案：发放原有的%(ref)s%%左右）")
            % {"low": g.low, "high": g.high, "ref": g.reference},
        )
    return errors


def _check_weights(s, add) -> None:
    weights = s.weights if isinstance(s.weights, dict) else {}
    for dtype, label in (("service", _("服务部门")), ("other", _("其他部门"))):
        w = weights.get(dtype)
        if not isinstance(w, dict) or set(w) - set(COMPONENTS):
            add("weights", _("%(t)s的权重须包含企业满意度、民主测评、领导评分") % {"t": label})
            continue
        values = [_dec(w.get(k, 0)) for k in COMPONENTS]
        if any(v is None or v < 0 or v != v.to_integral_value() for v in values):
            add("weights", _("%(t)s的权重须为非负整数") % {"t": label})
        elif sum(values) != 100:
            add("weights", _("%(t)s的权重合计为%(s)s%%，应为100%%") % {"t": label, "s": sum(values)})


def _check_bands(s, add) -> list | None:
    bands = s.bands if isinstance(s.bands, list) else None
    if not bands:
        add("bands", _("请至少设置一个系数档"))
        return bands
    for band in bands:
        if not (isinstance(band, list | tuple) and len(band) == 2) or None in (_dec(band[0]), _dec(band[1])):
            add("bands", _("系数档格式应为“下限, 系数”"))
            break
        low, coef = _dec(band[0]), _dec(band[1])
        if not (0 <= low <= 100):
            add("bands", _("分档下限须在0–100之间"))
        if not (Decimal("0.1") <= coef <= Decimal("3")):
            add("bands", _("部门系数须在0.1–3之间"))
        elif not _two_places(coef):
            add("bands", _("部门系数最多两位小数：%(c)s") % {"c": band[1]})
    return bands


def _check_proportions(s, bands, floor, add) -> None:
    props = s.proportions if isinstance(s.proportions, dict) else {}
    coefs = {_dec(b[1]) for b in (bands or []) if isinstance(b, list | tuple) and len(b) == 2} | {floor}
    have = {_dec(k) for k in props}
    for coef in sorted(c for c in coefs if c is not None):
        if coef not in have:
            add("proportions", _("缺少系数%(c)s对应的等次比例") % {"c": coef})
    for key, p in props.items():
        if not isinstance(p, dict) or _dec(key) is None:
            add("proportions", _("等次比例格式有误"))
            continue
        if not _two_places(_dec(key)):
            add("proportions", _("等次比例对应的系数最多两位小数：%(c)s") % {"c": key})
        values = [_dec(p.get(g, 0)) for g in GRADE_KEYS]
        if any(v is None or v < 0 for v in values):
            add("proportions", _("等次比例须为非负数"))
        elif sum(values) != 100:
            add(
                "proportions",
                _("系数%(c)s的等次比例合计为%(s)s%%，应为100%%") % {"c": key, "s": sum(values)},
            )
        mi = _dec(p.get("min_improve", 0))
        if mi is None or mi < 0 or mi != mi.to_integral_value():
            add("proportions", _("至少待改进人数须为非负整数"))


def proportions_for(scheme, coefficient: Decimal) -> dict:
    """The proportions row of a coefficient (the nearest listed coefficient below it when not listed)."""
    rows = {Decimal(str(k)): v for k, v in scheme.proportions.items()}
    coefficient = Decimal(coefficient)
    if coefficient in rows:
        return rows[coefficient]
    lower = [k for k in rows if k <= coefficient]
    return rows[max(lower)] if lower else rows[min(rows)]


def bands(scheme) -> list[tuple[Decimal, Decimal]]:
    return [(Decimal(str(a)), Decimal(str(b))) for a, b in scheme.bands]


def factors(scheme) -> dict[str, Decimal]:
    return {g: Decimal(str(scheme.grade_factors[g])) for g in GRADE_KEYS}


def weights_for(scheme, department_type: str) -> dict[str, int]:
    return {k: int(v) for k, v in scheme.weights[department_type].items()}
