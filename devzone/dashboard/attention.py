"""要事: what needs the user's attention today, across the modules, each a count that links to the list behind
it. Only what the user may see (``for_user``) and, for city users, the zone the switcher narrows to. The dashboard
only reads: it imports the modules, never the reverse."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from devzone.core.access import can
from devzone.core.zones import narrow


@dataclass(frozen=True)
class Item:
    module: str
    label: str
    count: int
    url: str
    tone: str  # "red" | "yellow" | "blue"


def attention(request) -> list[Item]:
    from devzone.investment.models import Lead
    from devzone.performance.choices import RoundStatus
    from devzone.performance.models import Round
    from devzone.projects.choices import Colour, ProblemStatus
    from devzone.projects.models import KeyProject, Problem
    from devzone.services.choices import OPEN_REQUEST_STATUSES, FollowUpStatus
    from devzone.services.models import FollowUp, ServiceRequest

    user, today = request.user, timezone.localdate()
    items: list[Item] = []

    def add(module: str, label: str, model, condition: Q, url: str, tone: str) -> None:
        if can(user, "view", model):
            count = narrow(model.objects.for_user(user), request).filter(condition).count()
            items.append(Item(module, label, count, url, tone))

    add(
        "services",
        _("严重滞后的重点项目"),
        KeyProject,
        Q(status=Colour.RED),
        reverse("projects:portfolio") + "?status=red",
        "red",
    )
    add(
        "services",
        _("超期未解决的问题"),
        Problem,
        Q(status=ProblemStatus.OPEN, due_on__lt=today),
        reverse("projects:problem_list") + "?status=overdue",
        "red",
    )
    add(
        "services",
        _("超期未办结的企业诉求"),
        ServiceRequest,
        Q(status__in=OPEN_REQUEST_STATUSES, due_on__lt=today),
        reverse("services:request_list") + "?status=open",
        "red",
    )
    add(
        "services",
        _("待整改回访的差评"),
        FollowUp,
        Q(status=FollowUpStatus.OPEN),
        reverse("services:followup_list"),
        "yellow",
    )
    add(
        "investment",
        _("停滞的招商线索"),
        Lead,
        Q(is_active=True, is_stale=True),
        reverse("investment:lead_list") + "?view=stale",
        "yellow",
    )
    add(
        "performance",
        _("进行中的季度考核"),
        Round,
        ~Q(status=RoundStatus.PUBLISHED),
        reverse("performance:home"),
        "blue",
    )
    return items
