"""The arithmetic of open recruitment and rigid elimination, free of Django.

Rules (docs/personnel.md repeats them, with their sources in the campaign's announcement):

* **开考比例** (exam ratio, 1:3 by default): an opening goes ahead only when its qualified applicants number at
  least ratio × headcount. Otherwise the headcount is cut to what the applicants support
  (⌊qualified ÷ ratio⌋) or, when that is zero, the opening is cancelled; a person decides and the decision is
  recorded — this module only proposes.
* **面试人选** (interview shortlist): applicants at or above the written pass line, by written score, the first
  ratio × headcount; every applicant tied with the last one goes through too (末位并列的一并进入面试).
* **综合成绩** (composite): written × w + interview × (1 − w), with the written weight w at least 30 %, rounded to two
  decimals half up.
* **排名** (ranking): composite, then written score, then interview score, all descending; applicants equal on all
  three share a rank ("1224") and are flagged for an additional test (加试), never ordered by chance or by input.
* **加试** (additional test): a tie across the last seat is decided by the tied applicants' additional-test scores,
  higher first — once every one of them still in the running has an agreed score (a partial set decides nothing).
  Those still equal after a round sit another (第2轮, 第3轮 …, each round ordering only those equal on every round
  before it); until it counts they share a rank and stay flagged.
* **并列** is counted among the applicants still in the running: one who withdrew or failed a hiring step
  (``excluded``) keeps a place in the ranking — nobody's rank closes up — but ties nobody.
* **刚性淘汰** (elimination band, 3–5 % a year by default): the yearly minimum is ``round_half_up(staff × low)`` and the
  maximum ``max(minimum, ⌊staff × high⌋)``, so a unit of 17 or more staff eliminates at least one person a year and
  a unit of 16 or fewer may eliminate none.

Every function is deterministic and independent of the order of its inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")
MIN_WRITTEN_WEIGHT = Decimal("0.30")


def q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


# --- 开考比例 --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RatioVerdict:
    """What the exam ratio allows: ``open`` as planned, ``cut`` to ``headcount``, or ``cancel``."""

    action: str
    headcount: int
    needed: int


def exam_ratio_verdict(*, qualified: int, headcount: int, ratio: int) -> RatioVerdict:
    if headcount < 1 or ratio < 1 or qualified < 0:
        raise ValueError("headcount and ratio must be positive, qualified not negative")
    needed = headcount * ratio
    if qualified >= needed:
        return RatioVerdict("open", headcount, needed)
    supported = qualified // ratio
    return RatioVerdict("cut", supported, needed) if supported else RatioVerdict("cancel", 0, needed)


# --- 面试人选 --------------------------------------------------------------------------------------------------
def shortlist(
    written: Iterable[tuple[str, Decimal]], *, headcount: int, ratio: int, pass_line: Decimal
) -> list[str]:
    """The keys going to interview: the first ratio × headcount at or above the pass line by written score, with
    everyone tied with the last of them. Sorted by score, then key (for a stable list)."""
    passing = sorted(
        ((Decimal(s), k) for k, s in written if Decimal(s) >= pass_line), key=lambda t: (-t[0], t[1])
    )
    seats = headcount * ratio
    if len(passing) <= seats:
        return [k for _, k in passing]
    cutoff = passing[seats - 1][0]
    return [k for s, k in passing if s >= cutoff]


# --- 综合成绩 and 排名 ------------------------------------------------------------------------------------------
def check_written_weight(weight: Decimal) -> Decimal:
    weight = Decimal(weight)
    if not MIN_WRITTEN_WEIGHT <= weight <= 1:
        raise ValueError("the written weight must be between 30 % and 100 %")
    return weight


def composite(written: Decimal, interview: Decimal, *, written_weight: Decimal) -> Decimal:
    w = check_written_weight(written_weight)
    return q2(Decimal(written) * w + Decimal(interview) * (1 - w))


@dataclass(frozen=True)
class Scored:
    key: str
    written: Decimal
    interview: Decimal
    extra: Decimal | None = None  # 加试: the agreed additional-test score, if the applicant sat one
    retests: tuple[Decimal, ...] = ()  # the agreed scores of the further rounds (第2轮 …), oldest first


@dataclass(frozen=True)
class Ranked:
    key: str
    composite: Decimal
    written: Decimal
    interview: Decimal
    rank: int
    # equal with another applicant still in the running on every score that counts: 加试 decides (or decided
    # nothing yet). Never set for an applicant who is out (``excluded``): they tie nobody.
    tied: bool
    extra: Decimal | None = None  # the additional-test score when it decided the applicant's place
    retests: tuple[Decimal, ...] = ()  # the further rounds' scores that decided it


def _signature(row: Scored, written_weight: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    written, interview = Decimal(row.written), Decimal(row.interview)
    return composite(written, interview, written_weight=written_weight), written, interview


def _rounds(row: Scored) -> tuple[Decimal, ...]:
    """The applicant's agreed 加试 scores, round by round (a later round is sat only by those still equal)."""
    return (Decimal(row.extra), *(Decimal(s) for s in row.retests)) if row.extra is not None else ()


def _by_rounds(members: list[Scored], out: set[str], level: int = 0) -> list[tuple[tuple, Scored]]:
    """Order applicants equal on the three scores and on the first ``level`` 加试 rounds by the next round — when
    every one of them still in the running has an agreed score for it (one score alone decides nothing); one who
    is out without that round's score goes after those who sat it. Returns each row with its order key: a pair
    per round that placed it, ``(0, -score)``, or ``(1, 0)`` for one out without it; equal keys share a place."""
    running = [r for r in members if r.key not in out]
    if len(members) < 2 or not running or any(len(_rounds(r)) <= level for r in running):
        return [((), r) for r in members]
    sub: dict[Decimal | None, list[Scored]] = {}
    for r in members:
        rounds = _rounds(r)
        sub.setdefault(rounds[level] if len(rounds) > level else None, []).append(r)
    ordered = []
    for score, group in sub.items():
        if score is None:
            ordered += [(((1, 0),), r) for r in group]
        else:
            ordered += [(((0, -score), *order), r) for order, r in _by_rounds(group, out, level + 1)]
    return ordered


def rank(rows: Iterable[Scored], *, written_weight: Decimal, excluded: Iterable[str] = ()) -> list[Ranked]:
    """The ranking ("1224"): composite, written, interview descending; a group equal on all three is ordered by
    its 加试 scores when they count, round by round (``_by_rounds``), an applicant who is out (``excluded``:
    withdrew or failed a hiring step) without one after those who sat it. Never by chance or by the order of
    the input. The ones who are out keep their places (the others' ranks do not close up) but tie nobody."""
    rows = list(rows)
    if len({r.key for r in rows}) != len(rows):
        raise ValueError("keys must be unique")
    out = set(excluded)
    groups: dict[tuple, list[Scored]] = {}
    for r in rows:
        groups.setdefault(_signature(r, written_weight), []).append(r)
    signed = [((base, order), r) for base, members in groups.items() for order, r in _by_rounds(members, out)]
    signed.sort(key=lambda t: (tuple(-v for v in t[0][0]), t[0][1], t[1].key))
    running = Counter(signature for signature, r in signed if r.key not in out)
    positions = places([signature for signature, _ in signed])
    ranked = []
    for position, ((base, order), r) in zip(positions, signed, strict=True):
        decided = tuple(-score for flag, score in order if flag == 0)
        ranked.append(
            Ranked(
                r.key,
                *base,
                rank=position,
                tied=r.key not in out and running[(base, order)] > 1,
                extra=decided[0] if decided else None,
                retests=decided[1:],
            )
        )
    return ranked


def places(signatures: Sequence) -> list[int]:
    """Standard competition ranking ("1224") of rows already sorted best first: a row equal to the one before it
    on its whole signature shares that row's place, and the next different row takes its own position."""
    out: list[int] = []
    for index, signature in enumerate(signatures):
        out.append(out[-1] if index and signature == signatures[index - 1] else index + 1)
    return out


@dataclass(frozen=True)
class Placed:
    """A place in any ranking (竞聘上岗's, by total and evaluation): what ``hire_list`` reads of a row."""

    key: str
    rank: int


@dataclass(frozen=True)
class HireList:
    """The first ``headcount`` by rank; ``undecided`` are applicants tied across the last seat (加试 first)."""

    hired: tuple[str, ...]
    undecided: tuple[str, ...]


def hire_list(ranked: Sequence[Ranked | Placed], *, headcount: int, excluded: Iterable[str] = ()) -> HireList:
    """Seats go down the ranking, skipping ``excluded`` (withdrew, failed the physical check or the inspection: the
    next in rank moves up, 递补). A tie that straddles the last seat is not decided here."""
    out = set(excluded)
    remaining = [r for r in ranked if r.key not in out]
    if len(remaining) <= headcount:
        return HireList(tuple(r.key for r in remaining), ())
    last_in, first_out = remaining[headcount - 1], remaining[headcount]
    if last_in.rank != first_out.rank:
        return HireList(tuple(r.key for r in remaining[:headcount]), ())
    clear = tuple(r.key for r in remaining[:headcount] if r.rank < last_in.rank)
    undecided = tuple(r.key for r in remaining if r.rank == last_in.rank)
    return HireList(clear, undecided)


class TieChoiceError(ValueError):
    """A leaders' choice that does not settle the tie: ``reason`` is ``not_in_tie`` or ``count``."""

    def __init__(self, reason: str, seats: int):
        super().__init__(reason)
        self.reason, self.seats = reason, seats


def settle_tie(hires: HireList, *, headcount: int, chosen: Iterable[str]) -> HireList:
    """The decision on a tie across the last seat that no score can break (竞聘上岗: 党工委研究确定): ``chosen``
    are members of the tie, exactly as many as the seats left after those clearly in. The result has no
    undecided members. A choice of someone outside the tie, or of too few or too many, raises
    ``TieChoiceError``; a ranking without a tie needs no choice (``chosen`` must be empty)."""
    chosen = tuple(sorted(set(chosen)))
    seats = headcount - len(hires.hired) if hires.undecided else 0
    if not set(chosen) <= set(hires.undecided):
        raise TieChoiceError("not_in_tie", seats)
    if len(chosen) != seats:
        raise TieChoiceError("count", seats)
    return HireList(hires.hired + chosen, ())


# --- 刚性淘汰 --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Band:
    minimum: int
    maximum: int

    def verdict(self, eliminated: int) -> str:
        """``below`` / ``within`` / ``above`` the band."""
        if eliminated < self.minimum:
            return "below"
        return "above" if eliminated > self.maximum else "within"


def elimination_band(staff: int, *, low: Decimal, high: Decimal) -> Band:
    """The band in persons for ``staff`` people and the shares ``low``–``high`` (fractions; the city's
    ``EliminationShare``): the minimum rounds half up, the maximum down, and never falls below the minimum."""
    if staff < 0 or not (0 <= Decimal(low) <= Decimal(high) <= 1):
        raise ValueError("staff must not be negative and 0 ≤ low ≤ high ≤ 1")
    minimum = int((staff * Decimal(low)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    maximum = int((staff * Decimal(high)).quantize(Decimal(1), rounding=ROUND_FLOOR))
    return Band(minimum, max(minimum, maximum))


# --- statistics ----------------------------------------------------------------------------------------------
def competition_ratio(applicants: int, headcount: int) -> Decimal | None:
    """Applicants per seat, one decimal (34:1 is written 34.0); None for no seats."""
    return (
        (Decimal(applicants) / headcount).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if headcount
        else None
    )
