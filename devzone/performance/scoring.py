"""The arithmetic of the quarterly assessment, free of Django: trimmed means, the weighted composite, ranking,
department coefficients, grade quotas, individual pay in fen, the annual result.

Every function is deterministic and independent of the order of its inputs (ballots, departments, staff come in
any order and give the same answer); ties are broken by documented rules, never by input order. Scores and
coefficients are ``Decimal``; money is integer fen.

Tie rules (docs/performance.md repeats them):

* ranking: higher composite first; equal composites share a rank ("1224" competition ranking); in the listed
  order equal composites go by the higher democratic score, then the higher leader score, then the key.
* grade quotas (largest remainder): seats left after the floors go to the largest fractional remainders;
  equal remainders go to the *lower* grade first (the conservative choice), and capped grades (优秀 by
  default) never receive a rounded-up seat.
* pay (largest remainder): fen left after the floors go to the largest remainders; equal remainders go to
  the larger weight, then the smaller staff key (工号).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

GRADES = ("excellent", "good", "pass", "improve")  # 优秀, 良好, 合格, 待改进 — best first
TWO = Decimal("0.01")
# the democratic score's step: a whole point hides how many ballots a mean was taken over (``trimmed_mean``)
DEMOCRATIC_STEP = Decimal(1)
HUNDRED = Decimal(100)


def q2(value: Decimal | Fraction | int) -> Decimal:
    """Two decimals, half up (scores and composites are shown and stored with two decimals)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


# --- democratic evaluation ---------------------------------------------------------------------------------
def democratic_round(value: Decimal | Fraction | int) -> Decimal:
    """A democratic score as kept and shown: to ``DEMOCRATIC_STEP`` (a whole point), half up, written with two
    decimals as every score is."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(DEMOCRATIC_STEP, rounding=ROUND_HALF_UP).quantize(TWO)


def trimmed_mean(scores: Iterable[Decimal], *, trim_above: int = 5, trim_count: int = 1) -> Decimal | None:
    """The democratic score: the mean after dropping the ``trim_count`` highest and lowest scores, when there
    are more than ``trim_above`` scores (default: drop one highest and one lowest above five ballots), **to a
    whole point** (half up, ``DEMOCRATIC_STEP``). None for no scores.

    Not to two decimals, nor one: the decimals of a mean tell its divisor — how many ballots scored the
    department — and a ballot skips its own department, so that count singles out the department whose
    delegate cast the invalid ballot (docs/performance.md, "No ballot count per department"). Whole scores over
    10 ballots always end in 0 at the hundredths, over 9 almost never; to one decimal, n ballots give only n of
    the ten tenths (over 9 never .5, over 5 only even tenths), so one decimal still tells the divisor apart
    below ten ballots. Every mean over any number of ballots can round to any whole point: the value says
    nothing of the divisor."""
    values = sorted(Decimal(s) for s in scores)
    if not values:
        return None
    if len(values) > trim_above and trim_count > 0 and len(values) > 2 * trim_count:
        values = values[trim_count : len(values) - trim_count]
    return democratic_round(Fraction(sum(values, Decimal(0))) / len(values))


def ballot_is_valid(scores: Mapping[object, Decimal], *, reject_uniform: bool = True) -> bool:
    """A ballot giving every department the same score is invalid (when the rule is on and it scores more than
    one department)."""
    if reject_uniform and len(scores) > 1 and len({Decimal(v) for v in scores.values()}) == 1:
        return False
    return True


def mean(values: Iterable[Decimal]) -> Decimal | None:
    values = [Decimal(v) for v in values]
    return q2(sum(values, Decimal(0)) / len(values)) if values else None


# --- composite, ranking, coefficient -----------------------------------------------------------------------
def composite(parts: Mapping[str, Decimal | None], weights: Mapping[str, int]) -> Decimal:
    """Weighted composite of the component scores (weights in percent, summing to 100). A component with
    weight 0 is ignored; a missing component with a positive weight is an error."""
    total = Decimal(0)
    for key, weight in weights.items():
        if not weight:
            continue
        value = parts.get(key)
        if value is None:
            raise ValueError(f"missing component {key}")
        total += Decimal(value) * Decimal(weight)
    return q2(total / HUNDRED)


@dataclass(frozen=True)
class Scored:
    key: object  # department id
    composite: Decimal
    democratic: Decimal = Decimal(0)
    leader: Decimal = Decimal(0)


def rank(rows: Iterable[Scored]) -> list[tuple[Scored, int]]:
    """Rows in ranking order with their rank (competition ranking: equal composites share a rank)."""
    ordered = sorted(rows, key=lambda r: (-r.composite, -r.democratic, -r.leader, str(r.key)))
    out: list[tuple[Scored, int]] = []
    for i, row in enumerate(ordered):
        position = out[-1][1] if out and out[-1][0].composite == row.composite else i + 1
        out.append((row, position))
    return out


def coefficient_by_score(value: Decimal, bands: Sequence[tuple[Decimal, Decimal]], floor: Decimal) -> Decimal:
    """``bands``: (minimum composite, coefficient), any order; the highest band whose minimum is reached wins;
    ``floor`` below every band."""
    for minimum, coef in sorted(bands, key=lambda b: -Decimal(b[0])):
        if Decimal(value) >= Decimal(minimum):
            return Decimal(coef)
    return Decimal(floor)


def coefficient_by_rank(
    position: int, count: int, bands: Sequence[tuple[Decimal, Decimal]], floor: Decimal
) -> Decimal:
    """``bands``: (cumulative share of departments in percent, coefficient) from the top: with (20, 1.2),
    (40, 1.1) … the best 20 % get 1.2, the next up to 40 % get 1.1. A department is in a band when its rank
    is within ``ceil``-free ``share × count`` (floor, at least the first rank)."""
    for share, coef in sorted(bands, key=lambda b: Decimal(b[0])):
        limit = max(1, int((Decimal(share) * count / HUNDRED).to_integral_value(rounding=ROUND_DOWN)))
        if position <= limit:
            return Decimal(coef)
    return Decimal(floor)


# --- grade quotas ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Quota:
    counts: dict[str, int]  # grade -> number of staff allowed (优秀/良好: maximum; 待改进: minimum)

    def __getitem__(self, grade: str) -> int:
        return self.counts.get(grade, 0)


def grade_quota(
    size: int,
    proportions: Mapping[str, int | Decimal],
    *,
    capped: Iterable[str] = ("excellent",),
    min_improve: int = 0,
    min_excellent: int = 0,
) -> Quota:
    """Seats per grade for a department of ``size`` staff by the largest-remainder method.

    ``proportions`` in percent (summing to 100). Floors first; the seats left go to the largest fractional
    remainders, equal remainders to the lower grade first; ``capped`` grades never get a rounded-up seat
    (their quota is the floor of their share). ``min_improve`` seats of 待改进 are then required (taken
    from 合格, then 良好, then 优秀 — the lowest grade above that has seats).

    ``min_excellent`` (0 or 1, the scheme's small-department rule, ``small_department_excellent``): when the
    floor of the 优秀 share is below it, 优秀 is raised to it, the seat taken from 合格, then 良好, then
    待改进 (never from the required 待改进, which is taken afterwards)."""
    if size <= 0:
        return Quota({g: 0 for g in GRADES})
    capped = set(capped)
    exact = {g: Fraction(Decimal(proportions.get(g, 0))) * size / 100 for g in GRADES}
    counts = {g: int(exact[g]) for g in GRADES}  # floor (non-negative)
    left = size - sum(counts.values())
    order = sorted(
        (g for g in GRADES if g not in capped),
        key=lambda g: (-(exact[g] - counts[g]), -GRADES.index(g)),
    )
    # the seats left after the floors; when every uncapped grade already had its remainder, the lowest
    # uncapped grade takes the rest (proportions of capped grades that would have rounded up)
    i = 0
    while left > 0 and order:
        g = order[i] if i < len(order) else order_lowest(order)
        counts[g] += 1
        left -= 1
        i += 1
    if left > 0:  # everything capped: the seats go to 待改进's neighbour 合格
        counts["pass"] += left
    for donor in ("pass", "good", "improve"):
        while counts["excellent"] < min(min_excellent, size) and counts[donor] > 0:
            counts[donor] -= 1
            counts["excellent"] += 1
    need = min(min_improve, size)
    for donor in ("pass", "good", "excellent"):
        while counts["improve"] < need and counts[donor] > 0:
            counts[donor] -= 1
            counts["improve"] += 1
    return Quota(counts)


def small_department_excellent(
    size: int, coefficient: Decimal, *, from_coefficient: Decimal | None, min_size: int = 1
) -> int:
    """The small-department rule (小部门优秀保底): how many 优秀 seats a department is guaranteed whatever
    its share rounds down to — one when the rule is on (``from_coefficient`` set), the department's
    coefficient reaches ``from_coefficient`` and it has at least ``min_size`` staff (and at least one);
    otherwise none. The seat is an allowance above the share: a department whose 优秀 share
    ``size × proportion`` is below one may get one seat, so a zone's total 优秀 exceeds the sum of the shares
    by less than one seat per such department (docs/performance.md)."""
    if from_coefficient is None or size < max(1, min_size):
        return 0
    return 1 if Decimal(coefficient) >= Decimal(from_coefficient) else 0


def order_lowest(grades: Sequence[str]) -> str:
    return max(grades, key=GRADES.index)


def over_quota(grades: Iterable[str], quota: Quota) -> list[str]:
    """The capped-from-above grades (优秀, 良好) given more often than the quota allows."""
    given = list(grades)
    return [g for g in ("excellent", "good") if given.count(g) > quota[g]]


# --- pay ---------------------------------------------------------------------------------------------------
def split_guaranteed(standard_fen: int, guaranteed_percent: Decimal) -> tuple[int, int]:
    """(guaranteed part, withheld part) of a standard pay in fen; the guaranteed part rounds down to the fen
    so that the parts add up exactly."""
    guaranteed = int(
        (Decimal(standard_fen) * Decimal(guaranteed_percent) / HUNDRED).to_integral_value(ROUND_DOWN)
    )
    return guaranteed, standard_fen - guaranteed


def allocate(pool_fen: int, weights: Mapping[object, Decimal]) -> dict[object, int]:
    """Shares of ``pool_fen`` proportional to ``weights`` that add up exactly to the pool (largest
    remainder). Equal remainders go to the larger weight, then the smaller key. All weights zero: equal
    weights."""
    if pool_fen < 0:
        raise ValueError("negative pool")
    if not weights:
        if pool_fen:
            raise ValueError("a pool with nobody to share it")
        return {}
    w = {k: Fraction(Decimal(v)) for k, v in weights.items()}
    if any(v < 0 for v in w.values()):
        raise ValueError("negative weight")
    total = sum(w.values())
    if total == 0:
        w = {k: Fraction(1) for k in w}
        total = Fraction(len(w))
    exact = {k: pool_fen * v / total for k, v in w.items()}
    out = {k: int(exact[k]) for k in w}  # floor (non-negative)
    left = pool_fen - sum(out.values())
    ranked = sorted(w, key=lambda k: (-(exact[k] - out[k]), -w[k], str(k)))
    for k in ranked[:left]:
        out[k] += 1
    return out


@dataclass(frozen=True)
class PayInput:
    key: str  # 工号 (unique in the zone)
    pool: object  # pool key: the zone or the department
    standard_fen: int  # standard pay of the period
    post_coefficient: Decimal
    department_coefficient: Decimal
    grade_factor: Decimal


@dataclass(frozen=True)
class PayLine:
    key: str
    standard_fen: int
    guaranteed_fen: int
    withheld_fen: int
    weight: Decimal
    performance_fen: int

    @property
    def total_fen(self) -> int:
        return self.guaranteed_fen + self.performance_fen

    @property
    def versus_equal_fen(self) -> int:
        """Difference to the old equal pay (everyone keeps their own standard pay: 大锅饭)."""
        return self.total_fen - self.standard_fen


@dataclass
class PayResult:
    lines: dict[str, PayLine]
    pools: dict[object, int] = field(default_factory=dict)  # pool key -> pool in fen


def compute_pay(
    people: Iterable[PayInput], guaranteed_percent: Decimal, *, total_pool_fen: int | None = None
) -> PayResult:
    """Everyone's guaranteed part, the pools made of the withheld parts, and each pool shared by weight
    (post coefficient × department coefficient × grade factor) to the fen. ``total_pool_fen`` (the zone's
    total pay pool set by the city's assessment) replaces the withheld parts: it is split between the pools in
    proportion to what each withheld, so the pools add up to it exactly; ValueError when it is more than
    nothing and there is nobody to share it."""
    people = list(people)
    parts = {p.key: split_guaranteed(p.standard_fen, guaranteed_percent) for p in people}
    pools: dict[object, int] = {}
    members: dict[object, dict[str, Decimal]] = {}
    for p in people:
        pools[p.pool] = pools.get(p.pool, 0) + parts[p.key][1]
        weight = Decimal(p.post_coefficient) * Decimal(p.department_coefficient) * Decimal(p.grade_factor)
        members.setdefault(p.pool, {})[p.key] = weight
    if total_pool_fen is not None:
        # a pool set by the city with nobody to share it is refused (ValueError, as ``allocate``): dropping it
        # would make the money vanish from the sheet
        pools = allocate(total_pool_fen, {k: Decimal(v) for k, v in pools.items()})
    shares: dict[str, int] = {}
    for pool_key, pool in pools.items():
        shares.update(allocate(pool, members[pool_key]))
    lines = {
        p.key: PayLine(
            key=p.key,
            standard_fen=p.standard_fen,
            guaranteed_fen=parts[p.key][0],
            withheld_fen=parts[p.key][1],
            weight=members[p.pool][p.key],
            performance_fen=shares[p.key],
        )
        for p in people
    }
    return PayResult(lines=lines, pools=pools)


def spread(values: Sequence[int]) -> dict[str, int | Decimal]:
    """Minimum, maximum, mean and the max/min ratio of pay amounts (the spread the reform aims at)."""
    if not values:
        return {"min": 0, "max": 0, "mean": Decimal(0), "ratio": Decimal(0)}
    lo, hi = min(values), max(values)
    return {
        "min": lo,
        "max": hi,
        "mean": q2(Decimal(sum(values)) / len(values)),
        "ratio": q2(Decimal(hi) / Decimal(lo)) if lo else Decimal(0),
    }


# --- the year ----------------------------------------------------------------------------------------------
GRADE_POINTS = {"excellent": 4, "good": 3, "pass": 2, "improve": 1}
ANNUAL = ("excellent", "competent", "basic", "incompetent")  # 优秀, 称职, 基本称职, 不称职


@dataclass(frozen=True)
class Annual:
    grade: str
    points: Decimal
    quarters: int
    improve_count: int
    improve_streak: int  # the longest run of 待改进 quarters reaching into the year (``improve_run``)
    flagged_streak: bool
    flagged_incompetent: bool


def annual_result(
    quarter_grades: Mapping[int, str], *, streak: int = 2, before: Sequence[str | None] = ()
) -> Annual:
    """The annual grade from the quarters' grades (1–4 -> grade; missing quarters are left out):

    * 不称职: three or more 待改进 quarters, or a mean below 1.5 points over at least ``streak`` graded quarters
      (one 待改进 quarter alone is not a year's 不称职: a full year with one is 基本称职);
    * 优秀: a mean of at least 3.5 points and no 待改进;
    * 基本称职: any 待改进 quarter, or a mean below 2;
    * 称职 otherwise.

    Flags for the personnel module: ``streak`` (default 2) consecutive 待改进 quarters reaching into the year;
    ``before`` are the grades of the quarters just before the year's first (oldest first, None for a quarter
    not graded), so that a run across the new year (Q4 then Q1) counts; an 不称职 grade."""
    grades = [quarter_grades[q] for q in sorted(quarter_grades)]
    if not grades:
        return Annual("competent", Decimal(0), 0, 0, 0, False, False)
    points = q2(Fraction(sum(GRADE_POINTS[g] for g in grades), len(grades)))
    improve = grades.count("improve")
    longest = improve_run(quarter_grades, before)
    if improve >= 3 or (len(grades) >= max(streak, 1) and points < Decimal("1.5")):
        grade = "incompetent"
    elif points >= Decimal("3.5") and not improve:
        grade = "excellent"
    elif improve or points < 2:
        grade = "basic"
    else:
        grade = "competent"
    return Annual(grade, points, len(grades), improve, longest, longest >= streak, grade == "incompetent")


def improve_run(quarter_grades: Mapping[int, str], before: Sequence[str | None] = ()) -> int:
    """The longest run of consecutive 待改进 quarters that reaches into the year (a quarter of
    ``quarter_grades``), counting the quarters of ``before`` it continues from (the quarters just before the
    year's first, oldest first; None, or a missing quarter, breaks a run). A run that ended before the year is
    not the year's."""
    timeline = {q: g for q, g in zip(range(1 - len(before), 1), before, strict=True) if g is not None}
    timeline.update(quarter_grades)
    run = longest = 0
    last_improve: int | None = None
    for q in sorted(timeline):
        if timeline[q] == "improve":
            run = run + 1 if last_improve is not None and q == last_improve + 1 else 1
            last_improve = q
        else:
            run, last_improve = 0, None
        if q >= 1:
            longest = max(longest, run)
    return longest
