"""The clock badge of a file (``{% clock reading app %}``): what a queue, an intake and a file's page show of a
clock, in Chinese and in English."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from devzone.approvals import clock

DUE = dt.date(2026, 11, 23)


def badge(reading, status="in_review", language="zh-hans") -> str:
    with translation.override(language):
        return Template("{% load approvals %}{% clock reading app %}").render(
            Context({"reading": reading, "app": SimpleNamespace(status=status)})
        )


def reading(**kw):
    fields = {"colour": clock.GREEN, "remaining": 5, "overdue": False, "step_overrun": False, "due_on": DUE}
    return clock.Reading(**(fields | kw))


def test_before_the_clock_starts_it_says_so():
    assert badge(None) == '<span class="text-secondary small">未开始计时</span>'
    assert badge(None, language="en") == '<span class="text-secondary small">Clock not started</span>'


def test_a_running_clock_shows_its_colour_days_left_and_due_date():
    html = badge(reading(which=clock.LEGAL))
    assert (
        'class="badge text-wrap lh-sm clock-green bg-green-lt" data-clock="green" data-clock-kind="legal"'
        in html
    )
    assert "法定 · 剩余5个工作日" in html
    assert '<span class="text-secondary small text-nowrap">到期 2026年11月23日</span>' in html
    assert "暂定" not in html


@pytest.mark.parametrize(
    "colour,classes", [(clock.YELLOW, "bg-yellow text-yellow-fg"), (clock.RED, "bg-red text-red-fg")]
)
def test_yellow_and_red_have_their_own_colours(colour, classes):
    assert f'class="badge text-wrap lh-sm clock-{colour} {classes}" data-clock="{colour}"' in badge(
        reading(colour=colour)
    )


def test_overdue_counts_the_days_over_and_a_step_overrun_is_named():
    assert "承诺 · 超期3个工作日" in badge(reading(colour=clock.RED, remaining=-3, overdue=True))
    html = badge(reading(colour=clock.RED, remaining=4, step_overrun=True))
    assert "承诺 · 剩余4个工作日</span>" in html and ">本环节超时</span>" in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_overrun_step_on_the_last_day_says_one_thing_per_badge(language):
    """Not 环节超时 · 剩余0个工作日 (overdue and 0 days left in one breath): the limit's badge says it is due today,
    the step's overrun is a badge of its own; wrapped badge lines are spaced (``lh-sm``)."""
    html = badge(reading(colour=clock.RED, remaining=0, step_overrun=True), language=language)
    with translation.override(language):
        due_today, step = translation.gettext("今日到期"), translation.gettext("本环节超时")
        zero = translation.ngettext("剩余%(n)s个工作日", "剩余%(n)s个工作日", 0) % {"n": 0}
    assert zero not in html and translation.gettext("环节超时") + " · " not in html
    main, extra = html.split("</span>", 1)
    assert 'data-clock="red"' in main and "lh-sm" in main and main.endswith(due_today)
    assert 'data-step-overrun="1"' in extra and f">{step}</span>" in extra
    # an overdue clock says only how far over it is
    over = badge(reading(colour=clock.RED, remaining=-2, overdue=True, step_overrun=True), language=language)
    assert "data-step-overrun" not in over


def test_a_due_date_in_a_year_without_a_holiday_schedule_is_provisional():
    html = badge(reading(provisional=True))
    assert (
        '<span class="badge bg-yellow-lt ms-1" title="跨入尚无官方节假日安排的年份，按周末暂定">暂定</span>'
        in html
    )


def test_a_paused_clock_without_a_due_date_says_it_is_paused():
    html = badge(reading(due_on=None, paused=True))
    assert html.endswith(' <span class="text-secondary small">计时暂停</span>')


@pytest.mark.parametrize(
    "kw,status,words,classes",
    [
        ({"remaining": 2}, "granted", "按期办结", "bg-secondary-lt"),
        ({"remaining": -2, "overdue": True}, "granted", "超期2个工作日办结", "bg-red-lt"),
        ({"remaining": 2}, "withdrawn", "计时结束", "bg-secondary-lt"),
    ],
)
def test_a_stopped_clock_says_how_the_file_ended(kw, status, words, classes):
    html = badge(reading(stopped=True, **kw), status=status)
    assert html == (
        f'<span class="badge text-wrap {classes}" data-clock="stopped" data-clock-kind="promised">承诺 · {words}</span>'
    )


def test_in_english_the_words_and_the_plural_follow_the_language():
    assert "Statutory · 1 working day left" in badge(reading(which=clock.LEGAL, remaining=1), language="en")
    one = badge(reading(remaining=1), language="en")
    many = badge(reading(remaining=3), language="en")
    assert "1 working day left" in one and "3 working days left" in many
    assert "Concluded 2 working days late" in badge(
        reading(stopped=True, remaining=-2, overdue=True), status="granted", language="en"
    )
    assert "剩余" not in many
