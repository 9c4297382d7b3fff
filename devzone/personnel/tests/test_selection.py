"""Recruitment and elimination arithmetic: hand-checked cases and properties (hypothesis)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devzone.personnel.selection import (
    HireList,
    Placed,
    Scored,
    TieChoiceError,
    competition_ratio,
    composite,
    elimination_band,
    exam_ratio_verdict,
    hire_list,
    rank,
    settle_tie,
    shortlist,
)

HALF = D("0.5")
JINAN = {"low": D("0.03"), "high": D("0.05")}  # 济南: 3%–5% a year
scores = st.decimals(min_value=0, max_value=100, places=1)


# --- 开考比例 ---
@pytest.mark.parametrize(
    ("qualified", "headcount", "action", "kept"),
    [
        (9, 3, "open", 3),
        (30, 3, "open", 3),
        (8, 3, "cut", 2),
        (3, 3, "cut", 1),
        (2, 3, "cancel", 0),
        (0, 1, "cancel", 0),
    ],
)
def test_exam_ratio_opens_cuts_or_cancels(qualified, headcount, action, kept):
    verdict = exam_ratio_verdict(qualified=qualified, headcount=headcount, ratio=3)
    assert (verdict.action, verdict.headcount, verdict.needed) == (action, kept, headcount * 3)


@given(qualified=st.integers(0, 500), headcount=st.integers(1, 20), ratio=st.integers(1, 5))
def test_a_kept_opening_always_meets_the_ratio(qualified, headcount, ratio):
    verdict = exam_ratio_verdict(qualified=qualified, headcount=headcount, ratio=ratio)
    assert 0 <= verdict.headcount <= headcount
    assert verdict.headcount * ratio <= qualified
    assert (verdict.headcount + 1) * ratio > qualified or verdict.headcount == headcount


# --- 面试人选 ---
def test_shortlist_takes_ratio_times_headcount_and_everyone_tied_with_the_last():
    written = [("a", D(80)), ("b", D(75)), ("c", D(70)), ("d", D(70)), ("e", D(65)), ("f", D(59))]
    assert shortlist(written, headcount=1, ratio=3, pass_line=D(60)) == ["a", "b", "c", "d"]
    assert shortlist(written, headcount=1, ratio=2, pass_line=D(60)) == ["a", "b"]
    assert shortlist(written, headcount=3, ratio=3, pass_line=D(60)) == [
        "a",
        "b",
        "c",
        "d",
        "e",
    ]  # f below line


@given(
    written=st.dictionaries(st.text("abcdefgh", min_size=1, max_size=3), scores, max_size=40),
    headcount=st.integers(1, 5),
    ratio=st.integers(1, 4),
    line=scores,
)
def test_shortlist_properties(written, headcount, ratio, line):
    chosen = shortlist(written.items(), headcount=headcount, ratio=ratio, pass_line=line)
    passing = {k for k, s in written.items() if s >= line}
    assert set(chosen) <= passing
    assert len(chosen) >= min(len(passing), headcount * ratio)
    if chosen:  # nobody left out scores above anyone taken, and the order of input does not matter
        assert all(written[k] <= min(written[c] for c in chosen) for k in passing - set(chosen))
    assert (
        shortlist(reversed(list(written.items())), headcount=headcount, ratio=ratio, pass_line=line) == chosen
    )


# --- 综合成绩 and 排名 ---
def test_composite_is_weighted_and_rounded_half_up():
    assert composite(D("81.5"), D("77.25"), written_weight=HALF) == D("79.38")  # 79.375 → 79.38
    assert composite(D(70), D(90), written_weight=D("0.4")) == D("82.00")


@pytest.mark.parametrize("weight", [D("0.29"), D("1.01"), D(0)])
def test_written_weight_below_30_percent_is_refused(weight):
    with pytest.raises(ValueError):
        composite(D(70), D(80), written_weight=weight)


def test_ties_go_to_the_written_score_then_the_interview_then_share_a_rank():
    rows = [
        Scored("a", D(80), D(80)),  # 80.00
        Scored("b", D(84), D(76)),  # 80.00, better written → ahead of a
        Scored("c", D(90), D(60)),  # 75.00
        Scored("d", D(90), D(60)),  # identical to c: same rank, flagged
        Scored("e", D(60), D(70)),  # 65.00
    ]
    ranked = rank(rows, written_weight=HALF)
    assert [(r.key, r.rank, r.tied) for r in ranked] == [
        ("b", 1, False),
        ("a", 2, False),
        ("c", 3, True),
        ("d", 3, True),
        ("e", 5, False),
    ]


def test_hire_list_moves_the_next_up_and_leaves_a_tie_across_the_last_seat_undecided():
    rows = [
        Scored("a", D(90), D(90)),
        Scored("b", D(85), D(85)),
        Scored("c", D(80), D(80)),
        Scored("d", D(80), D(80)),
    ]
    ranked = rank(rows, written_weight=HALF)
    assert hire_list(ranked, headcount=2).hired == ("a", "b")
    assert hire_list(ranked, headcount=2, excluded={"b"}).undecided == (
        "c",
        "d",
    )  # c and d tie for the 2nd seat
    assert hire_list(ranked, headcount=2, excluded={"b"}).hired == ("a",)
    assert hire_list(ranked, headcount=3, excluded={"a"}).hired == ("b", "c", "d")


@given(
    rows=st.lists(st.tuples(scores, scores), max_size=30),
    weight=st.decimals(min_value=D("0.3"), max_value=1, places=2),
    headcount=st.integers(1, 6),
)
def test_ranking_properties(rows, weight, headcount):
    scored = [Scored(f"k{i:02d}", w, i_) for i, (w, i_) in enumerate(rows)]
    ranked = rank(scored, written_weight=weight)
    assert sorted(r.key for r in ranked) == sorted(s.key for s in scored)
    assert rank(reversed(scored), written_weight=weight) == ranked  # input order never matters
    for earlier, later in zip(ranked, ranked[1:], strict=False):
        assert (earlier.composite, earlier.written, earlier.interview) >= (
            later.composite,
            later.written,
            later.interview,
        )
        assert earlier.rank <= later.rank
    hires = hire_list(ranked, headcount=headcount)
    assert len(hires.hired) <= headcount
    assert len(hires.hired) + len(hires.undecided) >= min(headcount, len(ranked))


# --- 刚性淘汰 ---
@pytest.mark.parametrize(
    ("staff", "minimum", "maximum"),
    [
        (0, 0, 0),
        (10, 0, 0),
        (16, 0, 0),
        (17, 1, 1),
        (20, 1, 1),
        (40, 1, 2),
        (50, 2, 2),
        (100, 3, 5),
        (240, 7, 12),
    ],
)
def test_elimination_band_hand_checked(staff, minimum, maximum):
    band = elimination_band(staff, **JINAN)
    assert (band.minimum, band.maximum) == (minimum, maximum)


@given(staff=st.integers(0, 5000))
def test_elimination_band_properties(staff):
    band, bigger = elimination_band(staff, **JINAN), elimination_band(staff + 1, **JINAN)
    assert 0 <= band.minimum <= band.maximum <= max(band.minimum, staff)
    assert bigger.minimum >= band.minimum and bigger.maximum >= band.maximum  # monotone
    assert abs(band.minimum - staff * D("0.03")) <= HALF
    assert band.verdict(band.minimum) == "within" and band.verdict(band.maximum + 1) == "above"
    if band.minimum:
        assert band.verdict(band.minimum - 1) == "below"


def test_competition_ratio():
    assert competition_ratio(4200, 125) == D("33.6")
    assert competition_ratio(294, 1) == D("294.0")
    assert competition_ratio(5, 0) is None


# --- 加试: a tie across the last seat decided by the additional test ---
def _tie_across_the_second_seat(extra_c=None, extra_d=None):
    return [
        Scored("a", D(90), D(90)),
        Scored("b", D(85), D(85)),
        Scored("c", D(80), D(80), extra_c),
        Scored("d", D(80), D(80), extra_d),
    ]


def test_the_additional_test_orders_the_tie_higher_first_and_the_seat_follows():
    ranked = rank(_tie_across_the_second_seat(D("86.5"), D("88")), written_weight=HALF)
    assert [(r.key, r.rank, r.tied, r.extra) for r in ranked] == [
        ("a", 1, False, None),
        ("b", 2, False, None),
        ("d", 3, False, D("88")),
        ("c", 4, False, D("86.5")),
    ]
    assert hire_list(ranked, headcount=2, excluded={"b"}) == HireList(("a", "d"), ())


def test_one_additional_test_score_alone_decides_nothing():
    ranked = rank(_tie_across_the_second_seat(D("99"), None), written_weight=HALF)
    assert [(r.key, r.rank, r.tied, r.extra) for r in ranked][2:] == [
        ("c", 3, True, None),
        ("d", 3, True, None),
    ]
    assert hire_list(ranked, headcount=2, excluded={"b"}).undecided == ("c", "d")


def test_equal_additional_test_scores_stay_tied_never_drawn_by_lot():
    ranked = rank(_tie_across_the_second_seat(D(85), D("85.00")), written_weight=HALF)
    assert [(r.key, r.rank, r.tied) for r in ranked][2:] == [("c", 3, True), ("d", 3, True)]
    assert hire_list(ranked, headcount=2, excluded={"b"}) == HireList(("a",), ("c", "d"))


def test_a_tied_candidate_who_is_out_needs_no_additional_test():
    """Three tied for the 2nd seat; e withdrew before the 加试: c and d's scores decide, e goes after them."""
    rows = [*_tie_across_the_second_seat(D(70), D(75)), Scored("e", D(80), D(80))]
    ranked = rank(rows, written_weight=HALF, excluded={"b", "e"})
    assert [(r.key, r.rank) for r in ranked] == [("a", 1), ("b", 2), ("d", 3), ("c", 4), ("e", 5)]
    assert hire_list(ranked, headcount=2, excluded={"b", "e"}).hired == ("a", "d")


def test_a_tie_whose_other_member_is_out_is_no_tie_and_nobody_s_rank_closes_up():
    """c and d tied for the 2nd seat; d withdrew: c is no longer 并列 (and takes the seat without 加试); the
    ranks stay as published — c 3rd, e 5th behind d's place — the one who is out keeps theirs and ties nobody."""
    rows = [*_tie_across_the_second_seat(), Scored("e", D(70), D(70))]
    ranked = rank(rows, written_weight=HALF, excluded={"b", "d"})
    assert [(r.key, r.rank, r.tied) for r in ranked] == [
        ("a", 1, False),
        ("b", 2, False),
        ("c", 3, False),
        ("d", 3, False),
        ("e", 5, False),
    ]
    assert hire_list(ranked, headcount=2, excluded={"b", "d"}) == HireList(("a", "c"), ())


def test_equal_additional_test_scores_are_decided_by_the_next_round():
    """第2轮加试: c and d equal at 85 sit again; only they (equal on every round before) are ordered by it. e, who
    scored 80 in the first round, stays behind them whatever the second round gives."""
    rows = [
        Scored("a", D(90), D(90)),
        Scored("c", D(80), D(80), D(85), (D(70),)),
        Scored("d", D(80), D(80), D(85), (D("71.5"),)),
        Scored("e", D(80), D(80), D(80)),
    ]
    ranked = rank(rows, written_weight=HALF)
    assert [(r.key, r.rank, r.tied, r.extra, r.retests) for r in ranked] == [
        ("a", 1, False, None, ()),
        ("d", 2, False, D(85), (D("71.5"),)),
        ("c", 3, False, D(85), (D(70),)),
        ("e", 4, False, D(80), ()),
    ]
    assert hire_list(ranked, headcount=2) == HireList(("a", "d"), ())
    # one second-round score alone decides nothing: c and d stay tied across the seat, e behind
    waiting = rank([rows[0], rows[1], Scored("d", D(80), D(80), D(85)), rows[3]], written_weight=HALF)
    assert [(r.key, r.rank, r.tied) for r in waiting] == [
        ("a", 1, False),
        ("c", 2, True),
        ("d", 2, True),
        ("e", 4, False),
    ]
    assert hire_list(waiting, headcount=2) == HireList(("a",), ("c", "d"))


extras = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2))
retests = st.lists(st.sampled_from([D(70), D(80)]), max_size=2).map(tuple)


@given(
    rows=st.lists(
        st.tuples(st.sampled_from([D(60), D(70), D(80)]), st.sampled_from([D(70), D(90)]), extras, retests),
        max_size=14,
    ),
    weight=st.decimals(min_value=D("0.3"), max_value=1, places=2),
    headcount=st.integers(1, 5),
    out=st.sets(st.integers(0, 13), max_size=4),
)
def test_additional_test_properties(rows, weight, headcount, out):
    """Few distinct scores, so ties are common: the 加试 only ever reorders applicants equal on the three scores,
    and only when every one of them still in the running has a score; whoever is ordered by it is ordered
    higher first; equal on everything that counts means the same place, and the flag when another one still in
    the running shares it (one who is out ties nobody); the order of input never matters; without 加试 scores
    the ranking is the one before, and nobody's place depends on who is out."""
    scored = [
        Scored(f"k{i:02d}", w, i_, e, r if e is not None else ()) for i, (w, i_, e, r) in enumerate(rows)
    ]
    excluded = {f"k{i:02d}" for i in out}
    ranked = rank(scored, written_weight=weight, excluded=excluded)
    assert rank(list(reversed(scored)), written_weight=weight, excluded=excluded) == ranked
    bare = [Scored(s.key, s.written, s.interview) for s in scored]
    plain = rank(bare, written_weight=weight, excluded=excluded)
    assert [r.rank for r in plain] == [r.rank for r in rank(bare, written_weight=weight)]  # no closing up
    by_key = {r.key: r for r in ranked}
    source = {s.key: s for s in scored}
    for r in plain:  # the three scores still decide first
        group = [p.key for p in plain if p.rank == r.rank]
        running = [k for k in group if k not in excluded]
        decided = len(group) > 1 and running and all(source[k].extra is not None for k in running)
        if not decided:
            assert (by_key[r.key].rank, by_key[r.key].tied, by_key[r.key].extra) == (r.rank, r.tied, None)
        else:
            assert r.rank <= by_key[r.key].rank < r.rank + len(group)
    for earlier, later in zip(ranked, ranked[1:], strict=False):
        assert earlier.rank <= later.rank
        same = (earlier.composite, earlier.written, earlier.interview) == (
            later.composite,
            later.written,
            later.interview,
        )
        if same and earlier.extra is not None and later.extra is not None:
            assert earlier.extra >= later.extra
        assert (earlier.rank == later.rank) == (
            same and (earlier.extra, earlier.retests) == (later.extra, later.retests)
        )
    for r in ranked:
        twins = [
            o
            for o in ranked
            if o.key not in excluded
            and (o.composite, o.written, o.interview, o.extra, o.retests)
            == (r.composite, r.written, r.interview, r.extra, r.retests)
        ]
        assert r.tied == (r.key not in excluded and len(twins) > 1)
    hires = hire_list(ranked, headcount=headcount, excluded=excluded)
    assert not set(hires.hired) & excluded and len(hires.hired) <= headcount


# --- 竞聘上岗: the leaders' decision of a tie ---
def test_the_leaders_choose_among_the_tie_exactly_the_seats_left():
    hires = hire_list([Placed("x", 1), Placed("y", 2), Placed("z", 2), Placed("w", 2)], headcount=2)
    assert hires == HireList(("x",), ("y", "z", "w"))
    assert settle_tie(hires, headcount=2, chosen=["z"]) == HireList(("x", "z"), ())
    for chosen, reason in (
        (["x"], "not_in_tie"),
        (["q"], "not_in_tie"),
        ([], "count"),
        (["y", "z"], "count"),
    ):
        with pytest.raises(TieChoiceError) as refused:
            settle_tie(hires, headcount=2, chosen=chosen)
        assert (refused.value.reason, refused.value.seats) == (reason, 1)
    with pytest.raises(TieChoiceError):  # no tie: nobody to choose
        settle_tie(hire_list([Placed("x", 1), Placed("y", 2)], headcount=1), headcount=1, chosen=["y"])


@given(places=st.lists(st.integers(1, 4), min_size=1, max_size=10), seats=st.integers(1, 4), data=st.data())
def test_a_settled_tie_fills_the_seats_from_the_tie_only(places, seats, data):
    rows = [Placed(f"p{i}", p) for i, p in enumerate(sorted(places))]
    hires = hire_list(rows, headcount=seats)
    if not hires.undecided:
        assert settle_tie(hires, headcount=seats, chosen=[]) == hires
        return
    chosen = data.draw(st.sets(st.sampled_from(list(hires.undecided))))
    left = seats - len(hires.hired)
    if len(chosen) != left:
        with pytest.raises(TieChoiceError):
            settle_tie(hires, headcount=seats, chosen=chosen)
        return
    settled = settle_tie(hires, headcount=seats, chosen=chosen)
    assert len(settled.hired) == seats and set(settled.hired) == set(hires.hired) | chosen
