"""Filters of the performance lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import SearchFilterSet
from devzone.core.models import Department, Staff


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
