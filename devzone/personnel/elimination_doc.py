"""The yearly 刚性淘汰 report to the city as a Word document (python-docx, like the weekly dispatch): per zone the
active staff, the band in persons from the city's share (``EliminationShare``), the cases that count and the verdict, then each zone's cases (who, which
rule, what was decided and why). A4 portrait; Chinese fonts through the East Asian font attribute (w:eastAsia):
黑体 for headings, 仿宋 for text."""

from __future__ import annotations

import datetime as dt
from functools import partial
from io import BytesIO

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from devzone.core.wordprint import TITLE_FONT as TITLE
from devzone.core.wordprint import document, para, table

_para = partial(para, after=6)  # the report's paragraphs keep 6 pt after them


def _table(doc, header: list[str], rows: list[list], widths_cm: list[float]):
    return table(doc, header, rows, [Cm(w) for w in widths_cm])


def _verdict(v: str) -> str:
    return {
        "below": _("低于比例"),
        "within": _("符合比例"),
        "above": _("高于比例"),
        "unset": _("未设定比例"),
    }[v]


def _rule(report):
    """The share the report's zones are measured by (one city: one rule), or None."""
    return next((r.rule for r in report if r.rule is not None), None)


def elimination_docx(*, city_name: str, year: int, report, cases_by_zone: dict, issued: dt.date) -> bytes:
    """``report``: ``selectors.elimination_report`` rows; ``cases_by_zone``: zone id → cases that count."""
    doc = document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.6), Cm(2.4)
    _heading(doc, city_name=city_name, year=year, issued=issued)
    _overview(doc, year=year, report=report)
    _rates(doc, report)
    _cases(doc, report, cases_by_zone)
    rule = _rule(report)
    _para(
        doc,
        _(
            "注：比例区间按在岗人数的%(low)s%%—%(high)s%%计算（人数取整，需淘汰时至少1人），依据%(basis)s；不予处理的不计入。"
        )
        % {
            "low": floatformat(rule.low_percent, -1),
            "high": floatformat(rule.high_percent, -1),
            "basis": rule.basis,
        }
        if rule
        else _("注：本年度尚未设定刚性淘汰比例，只统计人数，不作判断；不予处理的不计入。"),
        size=10.5,
    )
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _heading(doc, *, city_name: str, year: int, issued: dt.date) -> None:
    """The title and the date of the report."""
    _para(
        doc,
        _("%(city)s各开发区%(year)d年度刚性淘汰情况报告") % {"city": city_name, "year": year},
        face=TITLE,
        size=20,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=12,
    )
    _para(
        doc,
        # the day as the reader writes it (2026年12月8日; Dec. 8, 2026), as the headings around it
        _("报送日期：%(d)s") % {"d": date_format(issued, "DATE_FORMAT")},
        size=12,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )


def _overview(doc, *, year: int, report) -> None:
    """一、总体情况: the city's staff, the persons eliminated, the rate, and how many zones are within the band."""
    staff = sum(r.staff for r in report)
    eliminated = sum(r.eliminated for r in report)
    off = [r for r in report if r.verdict in ("below", "above")]
    rate = f"{eliminated / staff * 100:.1f}%" if staff else "—"
    rule = _rule(report)
    facts = {"zones": len(report), "staff": staff, "year": year, "n": eliminated, "rate": rate}
    said = (
        _(
            "全市%(zones)d个开发区在岗人员%(staff)d人，%(year)d年度因年度考核不称职、未完成聘期工作目标、"
            "竞聘落聘等情形刚性淘汰%(n)d人，淘汰比例%(rate)s。"
        )
        % facts
    )
    if rule:
        said += _("按每年%(low)s%%—%(high)s%%的要求，%(ok)d个开发区符合比例，%(off)d个开发区不符合。") % {
            "low": floatformat(rule.low_percent, -1),
            "high": floatformat(rule.high_percent, -1),
            "ok": len(report) - len(off),
            "off": len(off),
        }
    _para(doc, _("一、总体情况"), face=TITLE, size=16)
    _para(doc, said)


def _rates(doc, report) -> None:
    """二、各开发区淘汰比例: one row per zone with its band and verdict."""
    _para(doc, _("二、各开发区淘汰比例"), face=TITLE, size=16)
    _table(
        doc,
        [_("开发区"), _("在岗人数"), _("应淘汰人数"), _("刚性淘汰"), _("比例"), _("判断")],
        [
            [
                str(r.zone),
                r.staff,
                f"{r.band.minimum}—{r.band.maximum}" if r.band else "—",
                r.eliminated,
                f"{r.rate}%" if r.rate is not None else "—",
                _verdict(r.verdict),
            ]
            for r in report
        ],
        [4.4, 2.0, 3.2, 2.0, 1.8, 2.6],
    )
    _para(doc, "", after=0)


def _cases(doc, report, cases_by_zone: dict) -> None:
    """三、刚性淘汰人员名单: each zone's cases (or a line saying there are none)."""
    _para(doc, _("三、刚性淘汰人员名单"), face=TITLE, size=16)
    for r in report:
        cases = cases_by_zone.get(r.zone.pk, [])
        _para(doc, _("（%(zone)s）%(n)d人") % {"zone": r.zone, "n": len(cases)}, size=14, bold=True, after=3)
        if not cases:
            _para(doc, _("本年度无刚性淘汰人员。"), size=12)
            continue
        _table(
            doc,
            [_("工号"), _("姓名"), _("情形"), _("处理方式"), _("状态"), _("决定理由")],
            [
                [
                    c.staff.employee_no,
                    c.staff.name,
                    c.get_trigger_display(),
                    c.get_action_display() or "—",
                    c.get_status_display(),
                    c.reason or "—",
                ]
                for c in cases
            ],
            [2.0, 1.8, 3.6, 1.8, 1.8, 5.0],
        )
        _para(doc, "", after=0)
