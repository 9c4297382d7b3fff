"""The filters of the key-project lists, shared by each page and the API list of the same rows. A value that
cannot name a row (an id beyond a database integer, another zone's agent) matches nothing, as the pages and
the API always answered; a large set (the responsible people) is searched by text, not offered as a list."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.errors import check_id
from devzone.core.filters import RowFilter, StrictFilterSet
from devzone.core.models import Area, Industry, Staff
from devzone.projects.choices import Colour, ProblemCategory, ProblemStatus
from devzone.projects.models import KeyProject, Problem, SiteVisit


class KeyProjectFilter(StrictFilterSet):
    search_fields = ("project__name", "project__enterprise__name")
    status = df.ChoiceFilter(label=_("状态"), choices=Colour.choices)
    agent = RowFilter(label=_("代办专员"), queryset=Staff.objects.all())
    area = RowFilter(label=_("片区"), field_name="project__area", queryset=Area.objects.all())
    industry = RowFilter(label=_("行业"), field_name="project__industry", queryset=Industry.objects.all())
    # "Only mine": the key projects of the agent behind the user (a hidden field of the page).
    mine = df.CharFilter(method="by_mine", widget=forms.HiddenInput)
    # the desk's link (core.desk): projects whose next site visit is due by today
    visit = df.ChoiceFilter(
        label=_("走访"), choices=[("due", _("应走访"))], method="by_visit", widget=forms.HiddenInput
    )

    class Meta:
        model = KeyProject
        fields = ["q", "status", "agent", "area", "industry", "mine", "visit"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        in_reach = KeyProject.objects.for_user(user)
        # The choices are what the rows in reach use (a dozen agents, a few industries), not every row.
        agents = Staff.objects.for_user(user).filter(pk__in=in_reach.values("agent_id")).order_by("name")
        industries = Industry.objects.filter(pk__in=in_reach.values("project__industry_id")).order_by("code")
        for name, qs in (("agent", agents), ("industry", industries)):
            self.filters[name].queryset = self.filters[name].extra["queryset"] = qs

    def by_mine(self, qs, name, value):
        staff_id = getattr(getattr(self.request.user, "profile", None), "staff_id", None)
        return qs.filter(agent_id=staff_id) if value and staff_id else qs

    def by_visit(self, qs, name, value):
        return qs.filter(next_visit_due__lte=timezone.localdate()) if value == "due" else qs


class ProblemFilter(StrictFilterSet):
    search_fields = ("title", "project__name")
    status = df.ChoiceFilter(
        label=_("状态"),
        choices=[*ProblemStatus.choices, ("overdue", _("已超期")), ("escalated", _("已提请督办"))],
        method="by_status",
    )
    # the desk's link (core.desk): the open problems of the agent's own key projects
    mine = df.CharFilter(method="by_mine", widget=forms.HiddenInput)
    category = df.ChoiceFilter(label=_("类别"), choices=ProblemCategory.choices)
    # 3,925 owners at scale: a name to search (or an id, from the agents' workload page), not a drop-down.
    owner = df.CharFilter(label=_("责任人"), method="by_owner")
    project = df.CharFilter(field_name="project_id", method="by_id", widget=forms.HiddenInput)

    class Meta:
        model = Problem
        fields = ["q", "status", "category", "owner", "project", "mine"]

    def by_mine(self, qs, name, value):
        staff_id = getattr(getattr(self.request.user, "profile", None), "staff_id", None)
        if not value:
            return qs
        return (
            qs.filter(Q(project__tracking__agent_id=staff_id) | Q(owner_id=staff_id))
            if staff_id
            else qs.none()
        )

    def by_status(self, qs, name, value):
        if value == "overdue":
            return qs.filter(status=ProblemStatus.OPEN, due_on__lt=timezone.localdate())
        if value == "escalated":
            return qs.filter(status=ProblemStatus.OPEN, escalated_on__isnull=False)
        return qs.filter(status=value)

    def by_owner(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        pk = check_id(value)
        return qs.filter(
            Q(owner__name__contains=value) | Q(owner_id=pk) if pk else Q(owner__name__contains=value)
        )


class VisitFilter(StrictFilterSet):
    search_fields = ("project__name", "people_met", "findings")
    project = df.CharFilter(field_name="project_id", method="by_id", widget=forms.HiddenInput)

    class Meta:
        model = SiteVisit
        fields = ["project"]
