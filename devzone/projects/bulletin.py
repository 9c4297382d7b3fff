"""大服务's figures of the city's reform bulletin (改革简报, ``registry.bulletin``), counted from the key projects'
milestones and the problem list: the fastest land certificate and that project's groundbreaking, in calendar
days from signing (reform_facts.yaml: zone.approval.examples, "3天拿到土地证，57天实现破土动工"), and the
problems solved for enterprises (zone.service.problems_solved, "百余项")."""

from __future__ import annotations

import datetime as dt
import functools

from django.db.models import DurationField, ExpressionWrapper, F
from django.urls import reverse
from django.utils.translation import gettext as _

from devzone.core.registry import Figure
from devzone.projects.choices import ProblemStatus
from devzone.projects.models import Milestone, Problem

LAND, GROUNDBREAKING = "land", "groundbreaking"


def _days_from_signing(code: str, city):
    return (
        Milestone.objects.filter(
            zone__city=city, code=code, actual_on__isnull=False, project__signed_on__isnull=False
        )
        .annotate(
            elapsed=ExpressionWrapper(F("actual_on") - F("project__signed_on"), output_field=DurationField())
        )
        .filter(elapsed__gte=dt.timedelta(0))
    )


def figures(*, city) -> list[Figure]:
    section = _("大服务")
    fastest = (
        _days_from_signing(LAND, city)
        .order_by("elapsed", "project_id")
        .values("project_id", "project__name", "elapsed")
        .first()
    )
    ground = None
    if fastest is not None:
        ground = (
            _days_from_signing(GROUNDBREAKING, city)
            .filter(project_id=fastest["project_id"])
            .values("elapsed")
            .first()
        )
    # The two day counts are of the same project: its name is their period, its page their rows.
    days = functools.partial(
        Figure,
        section,
        unit=_("天"),
        period=fastest["project__name"] if fastest else "",
        url=reverse("projects:project_detail", args=[fastest["project_id"]]) if fastest else "",
    )
    solved = Problem.objects.filter(zone__city=city, status=ProblemStatus.RESOLVED).count()
    return [
        days(
            "projects.land_days",
            _("最快拿到土地证"),
            fastest["elapsed"].days if fastest else None,
            rule=_("重点项目“土地证”节点实际日期距签约日期的自然日，取全市最快的项目"),
        ),
        days(
            "projects.groundbreaking_days",
            _("同一项目实现破土动工"),
            ground["elapsed"].days if ground else None,
            rule=_("该项目“开工”节点实际日期距签约日期的自然日"),
        ),
        Figure(
            section,
            "projects.problems_solved",
            _("帮助企业解决的问题"),
            solved if Problem.objects.filter(zone__city=city).exists() else None,
            _("项"),
            period=_("累计"),
            rule=_("问题清单中状态为“已解决”的问题（手续办理、用气用电等）"),
            url=reverse("projects:problem_list") + "?status=resolved",
        ),
    ]
