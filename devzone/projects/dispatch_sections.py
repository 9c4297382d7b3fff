"""The key-project module's own sections of the weekly dispatch (registered when ``projects.hooks`` is imported).
Their headings, labels and sentences are stored as msgids with their figures, and written in the reader's
language when shown (``projects.dispatch``); names are data."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext_noop, npgettext_lazy

from devzone.core.models import Project
from devzone.core.notify import plural_of
from devzone.core.workdays import get_calendar
from devzone.projects.choices import Colour, ProblemStatus
from devzone.projects.dispatch import (
    NONE,
    SEPARATOR,
    amount,
    joined,
    milestone,
    on_day,
    register_section,
    status_reason,
    text,
)
from devzone.projects.models import KeyProject, Milestone, Problem

YES, NO = gettext_noop("是"), gettext_noop("否")
SIGNED = gettext_noop("%(since)s至%(on)s新签约项目%(n)d个")
DUE_THIS_WEEK = gettext_noop("本周到期")
LATE = gettext_noop("已逾期%(n)d个工作日")  # the issues stored before (and the renderer of today) read it
# the same sentence in the form its count asks for in the reader's language (1 working day / 3 working days)
LATE_DAYS = npgettext_lazy("weekly dispatch", "已逾期%(n)d个工作日", "已逾期%(n)d个工作日", "n")
MILESTONES = gettext_noop("本周到期节点%(due)d个，逾期未完成节点%(missed)d个")
TURNED_RED = gettext_noop("本周新转红项目%(n)d个，目前红色项目共%(red)d个")
MORE = gettext_noop("等%(n)d项")
LISTED = gettext_noop("%(project)s：%(title)s")
PROBLEMS = gettext_noop("未解决问题%(open)d个，其中超期%(overdue)d个")
WORDS = (YES, NO, SIGNED, DUE_THIS_WEEK, LATE, MILESTONES, TURNED_RED, PROBLEMS)


def headings(*msgids: str) -> list[dict]:
    return [text(m) for m in msgids]


def counted(msgid: str, message, /, **params) -> dict:
    """A sentence with a count, as stored: ``text(msgid, **params)``, and under ``"plural"`` its plural message
    (an ``npgettext_lazy`` naming the parameter that counts, as ``core.notify.plural_of`` keeps it), which the
    dispatch writes in the form the count asks for in the reader's language (1 working day, 3 working days);
    a reader of the plain ``msgid`` (an issue stored before) reads the same Chinese."""
    return {**text(msgid, **params), "plural": plural_of(message)}


def new_signings(*, zone, week_start, week_end, on):
    since = on - dt.timedelta(days=6)
    rows = list(
        Project.objects.filter(zone=zone, signed_on__gte=since, signed_on__lte=on)
        .select_related("enterprise")
        .order_by("signed_on", "name")
    )
    return {
        "columns": headings(
            gettext_noop("项目"),
            gettext_noop("企业"),
            gettext_noop("总投资"),
            gettext_noop("签约日期"),
            gettext_noop("重点项目"),
        ),
        "rows": [
            [
                p.name,
                p.enterprise.name,
                amount(p.total_investment),
                on_day(p.signed_on),
                text(YES if p.is_key else NO),
            ]
            for p in rows
        ],
        "summary": text(SIGNED, since=on_day(since), on=on_day(on), n=len(rows)),
    }


def milestones(*, zone, week_start, week_end, on):
    cal = get_calendar()
    qs = (
        Milestone.objects.filter(zone=zone, actual_on__isnull=True, planned_on__lte=week_end)
        .exclude(code="signing")
        .filter(project__tracking__isnull=False)
        .select_related("project", "project__tracking__agent")
        .order_by("planned_on", "project__name")
    )
    due, missed = [], []
    for m in qs:
        agent = m.project.tracking.agent.name if m.project.tracking.agent else NONE
        if m.planned_on >= week_start:
            due.append([m.project.name, milestone(m.name), on_day(m.planned_on), text(DUE_THIS_WEEK), agent])
        elif m.planned_on < on:
            late = cal.between(m.planned_on, on)
            missed.append(
                [
                    m.project.name,
                    milestone(m.name),
                    on_day(m.planned_on),
                    counted(LATE, LATE_DAYS, n=late),
                    agent,
                ]
            )
    return {
        "columns": headings(
            gettext_noop("项目"),
            gettext_noop("节点"),
            gettext_noop("计划日期"),
            gettext_noop("情况"),
            gettext_noop("代办专员"),
        ),
        "rows": due + missed,
        "summary": text(MILESTONES, due=len(due), missed=len(missed)),
    }


def turned_red(*, zone, week_start, week_end, on):
    since = on - dt.timedelta(days=6)
    rows = list(
        KeyProject.objects.filter(
            zone=zone, status=Colour.RED, turned_red_on__gte=since, turned_red_on__lte=on
        )
        .select_related("project", "agent")
        .order_by("project__name")
    )
    total_red = KeyProject.objects.filter(zone=zone, status=Colour.RED).count()
    return {
        "columns": headings(
            gettext_noop("项目"), gettext_noop("转红日期"), gettext_noop("原因"), gettext_noop("代办专员")
        ),
        "rows": [
            [
                t.project.name,
                on_day(t.turned_red_on),
                status_reason(t.status_reason),
                t.agent.name if t.agent_id else NONE,
            ]
            for t in rows
        ],
        "summary": text(TURNED_RED, n=len(rows), red=total_red),
    }


def owner_labels(owners) -> dict[int, str]:
    """Each owner's name as the dispatch prints it: the bare name, with the employee number (工号) when another
    owner listed shares the name (two people, two rows; a printed report has no other way to tell them
    apart). ``owners`` are ``(id, name, employee_no)``."""
    owners = set(owners)
    names = Counter(name for _id, name, _no in owners)
    return {pk: f"{name}（{no}）" if names[name] > 1 else name for pk, name, no in owners}


def problems_by_owner(*, zone, week_start, week_end, on):
    """Open and overdue problems per responsible person (by the person, not by the name: two staff of one
    department may share a name)."""
    open_problems = Problem.objects.filter(zone=zone, status=ProblemStatus.OPEN)
    grouped = list(
        open_problems.values(
            "department_id", "owner_id", "department__name", "owner__name", "owner__employee_no"
        )
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=on)))
        .order_by("-overdue", "-open", "department__name", "owner__name", "owner__employee_no")
    )
    labels = owner_labels((g["owner_id"], g["owner__name"], g["owner__employee_no"]) for g in grouped)
    titles: dict[tuple[int, int], list[dict]] = {}
    for dept_id, owner_id, project, title in open_problems.order_by("due_on", "id").values_list(
        "department_id", "owner_id", "project__name", "title"
    ):
        titles.setdefault((dept_id, owner_id), []).append(text(LISTED, project=project, title=title))
    rows, total_open, total_over = [], 0, 0
    for g in grouped:
        total_open += g["open"]
        total_over += g["overdue"]
        listed = titles.get((g["department_id"], g["owner_id"]), [])
        more = text(MORE, n=len(listed)) if len(listed) > 3 else None
        rows.append(
            [
                g["department__name"],
                labels[g["owner_id"]],
                str(g["open"]),
                str(g["overdue"]),
                joined(listed[:3], SEPARATOR, more),
            ]
        )
    overdue = list(
        open_problems.filter(due_on__lt=on).select_related("project", "owner").order_by("due_on", "id")[:30]
    )
    return {
        "columns": headings(
            gettext_noop("责任部门"),
            gettext_noop("责任人"),
            gettext_noop("未解决"),
            gettext_noop("其中超期"),
            gettext_noop("问题（按期限先后）"),
        ),
        "rows": rows,
        "summary": text(PROBLEMS, open=total_open, overdue=total_over),
        "details_title": text(gettext_noop("超期问题（按期限先后，最多30条）")),
        "details_columns": headings(
            gettext_noop("项目"), gettext_noop("问题"), gettext_noop("责任人"), gettext_noop("办结期限")
        ),
        "details": [[p.project.name, p.title, labels[p.owner_id], on_day(p.due_on)] for p in overdue],
    }


register_section("signings", gettext_noop("一、本周新签约项目"), new_signings, order=10, words=WORDS)
register_section("milestones", gettext_noop("二、本周到期及逾期节点"), milestones, order=20, words=WORDS)
register_section("red", gettext_noop("三、本周转为红色的项目"), turned_red, order=30, words=WORDS)
register_section(
    "problems", gettext_noop("四、未解决及超期问题（按责任人）"), problems_by_owner, order=40, words=WORDS
)
