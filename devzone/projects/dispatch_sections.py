"""The key-project module's own sections of the weekly dispatch (registered when ``projects.hooks`` is imported)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q

from devzone.core.models import Project
from devzone.core.workdays import get_calendar
from devzone.projects.choices import Colour, ProblemStatus
from devzone.projects.dispatch import day, register_section, wan
from devzone.projects.models import KeyProject, Milestone, Problem


def new_signings(*, zone, week_start, week_end, on):
    since = on - dt.timedelta(days=6)
    rows = list(
        Project.objects.filter(zone=zone, signed_on__gte=since, signed_on__lte=on)
        .select_related("enterprise")
        .order_by("signed_on", "name")
    )
    return {
        "columns": ["项目", "企业", "总投资", "签约日期", "重点项目"],
        "rows": [
            [p.name, p.enterprise.name, wan(p.total_investment), day(p.signed_on), "是" if p.is_key else "否"]
            for p in rows
        ],
        "summary": f"{day(since)}至{day(on)}新签约项目{len(rows)}个",
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
        agent = m.project.tracking.agent
        if m.planned_on >= week_start:
            due.append([m.project.name, m.name, day(m.planned_on), "本周到期", agent.name if agent else "—"])
        elif m.planned_on < on:
            late = cal.between(m.planned_on, on)
            missed.append(
                [
                    m.project.name,
                    m.name,
                    day(m.planned_on),
                    f"已逾期{late}个工作日",
                    agent.name if agent else "—",
                ]
            )
    return {
        "columns": ["项目", "节点", "计划日期", "情况", "代办专员"],
        "rows": due + missed,
        "summary": f"本周到期节点{len(due)}个，逾期未完成节点{len(missed)}个",
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
        "columns": ["项目", "转红日期", "原因", "代办专员"],
        "rows": [
            [
                t.project.name,
                day(t.turned_red_on),
                t.status_reason or "—",
                t.agent.name if t.agent_id else "—",
            ]
            for t in rows
        ],
        "summary": f"本周新转红项目{len(rows)}个，目前红色项目共{total_red}个",
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
    titles: dict[tuple[int, int], list[str]] = {}
    for dept_id, owner_id, project, title in open_problems.order_by("due_on", "id").values_list(
        "department_id", "owner_id", "project__name", "title"
    ):
        titles.setdefault((dept_id, owner_id), []).append(f"{project}：{title}")
    rows, total_open, total_over = [], 0, 0
    for g in grouped:
        total_open += g["open"]
        total_over += g["overdue"]
        listed = titles.get((g["department_id"], g["owner_id"]), [])
        more = f"等{len(listed)}项" if len(listed) > 3 else ""
        rows.append(
            [
                g["department__name"],
                labels[g["owner_id"]],
                str(g["open"]),
                str(g["overdue"]),
                "；".join(listed[:3]) + more,
            ]
        )
    overdue = list(
        open_problems.filter(due_on__lt=on).select_related("project", "owner").order_by("due_on", "id")[:30]
    )
    return {
        "columns": ["责任部门", "责任人", "未解决", "其中超期", "问题（按期限先后）"],
        "rows": rows,
        "summary": f"未解决问题{total_open}个，其中超期{total_over}个",
        "details_title": "超期问题（按期限先后，最多30条）",
        "details_columns": ["项目", "问题", "责任人", "办结期限"],
        "details": [[p.project.name, p.title, labels[p.owner_id], day(p.due_on)] for p in overdue],
    }


register_section("signings", "一、本周新签约项目", new_signings, order=10)
register_section("milestones", "二、本周到期及逾期节点", milestones, order=20)
register_section("red", "三、本周转为红色的项目", turned_red, order=30)
register_section("problems", "四、未解决及超期问题（按责任人）", problems_by_owner, order=40)
