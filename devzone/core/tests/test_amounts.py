"""Amounts as their reader counts them (core.templatetags.devzone): 万元 and 亿元 in Chinese, CNY in English."""

from __future__ import annotations

import pytest
from django.utils import translation

from devzone.core.templatetags.devzone import num, wan, yi, yuan


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (7080000, "708亿元", "CNY 70.8 billion"),
        ("5000", "5,000万元", "CNY 50 million"),
        (12.5, "12.5万元", "CNY 125,000"),
        # half up (四舍五入), never to the even digit, and the unit chosen after rounding
        (10050, "1.01亿元", "CNY 100.5 million"),
        ("0.005", "0.01万元", "CNY 50"),
        ("9999.995", "1亿元", "CNY 100 million"),
        ("99.99995", "100万元", "CNY 1 million"),
        (None, "—", "—"),
        ("", "—", "—"),
        ("未定", "未定", "未定"),
    ],
)
def test_wan_reads_as_the_reader_counts(value, zh, en):
    with translation.override("zh-hans"):
        assert wan(value) == zh
    with translation.override("en"):
        assert wan(value) == en


@pytest.mark.parametrize(
    ("value", "shown"),
    [(123456, "12.35"), (800, "0.08"), (10050, "1.01"), (0, "0"), (None, "—"), ("x", "x")],
)
def test_yi_is_one_unit_for_a_column(value, shown):
    assert yi(value) == shown


def test_yuan_reads_fen_with_two_decimals():
    assert (yuan(123456), yuan(-5), yuan(None)) == ("1,234.56", "-0.05", "—")


def test_a_day_reads_in_the_language_of_each_request_whichever_came_first():
    """``show`` formats each day once per language (a cache): a day first shown in English still reads in Chinese
    for the next request in Chinese, and back, and another day is not mistaken for it."""
    import datetime as dt

    from devzone.core.templatetags.devzone import show

    day = dt.date(2026, 11, 22)
    with translation.override("en"):
        assert show(day) == "Nov. 22, 2026"
    with translation.override("zh-hans"):
        assert show(day) == "2026年11月22日"
        assert show(dt.date(2026, 11, 23)) == "2026年11月23日"
    with translation.override("en"):
        assert show(day) == "Nov. 22, 2026"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(222405, "222,405"), ("120000.00", "120,000"), ("1234.50", "1,234.5"), (-5000, "-5,000"), (0, "0")]
    + [(None, "—"), ("", "—"), ("x", "x")],
)
def test_num_groups_thousands_in_chinese_too(value, shown):
    """Django's zh-Hans format groups no digits; a count reads 222,405 in either language."""
    with translation.override("zh-hans"):
        assert num(value) == shown
    with translation.override("en"):
        assert num(value) == shown
