"""Filters of the performance lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import FlagFilter, SearchFilterSet
from devzone.core.models import Department, Staff
from devzone.performance import selectors
from devzone.performance.models import Appeal


class PayStaffFilter(SearchFilterSet):
    """The pay profiles: a name or 工号 search, and the department."""

    search_fields = ("name", "employee_no")
    department = df.ModelChoiceFilter(
        label=_("部门"),
        queryset=Department.objects.all(),  # scoped to the user by SearchFilterSet
        widget=forms.Select(attrs={"class": "form-select w-auto"}),
    )

    class Meta:
        model = Staff
        fields = ["department"]


class AppealFilter(df.FilterSet):
    """The appeals (page and API): ``todo`` (the desk's link ``?todo=1``) keeps the pending appeals the user
    decides (``selectors.appeals_to_decide``)."""

    todo = FlagFilter(label=_("待我处理"), method="to_decide", widget=forms.HiddenInput)

    class Meta:
        model = Appeal
        fields = ["todo"]

    def to_decide(self, qs, name, value):
        return selectors.appeals_to_decide(user=self.request.user, appeals=qs) if value else qs
