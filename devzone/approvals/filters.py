"""Filter sets of the approvals lists, shared by the pages and the API (``devzone.core.filters``)."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.approvals.choices import IN_PROGRESS_STATUSES, SUPPLEMENT_STATUSES, ItemKind, Stage, Status
from devzone.approvals.models import Application, ApprovalItem, SourceDepartment
from devzone.core.filters import SearchFilterSet


class ItemFilter(SearchFilterSet):
    """The catalog: search by name or code, by department (a zone has a few dozen), stage, kind, batch."""

    search_fields = ("name", "code")
    source_department = df.ModelChoiceFilter(label=_("原职能部门"), queryset=SourceDepartment.objects.all())
    stage = df.ChoiceFilter(label=_("审批阶段"), choices=Stage.choices)
    kind = df.ChoiceFilter(label=_("办件类型"), choices=ItemKind.choices)
    delegation_batch = df.ChoiceFilter(
        label=_("下放批次"), choices=[(1, _("第一批")), (2, _("第二批")), (3, _("第三批"))]
    )
    commitment_allowed = df.BooleanFilter(label=_("可告知承诺"))
    # items whose 行政许可 was given by migration 0005 and not yet confirmed by a person
    legal_nature_confirmed = df.BooleanFilter(label=_("法律性质已确认"))

    class Meta:
        model = ApprovalItem
        fields = [
            "source_department",
            "stage",
            "kind",
            "delegation_batch",
            "commitment_allowed",
            "legal_nature_confirmed",
        ]

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        if zone is not None:
            f = self.filters["source_department"]
            f.queryset = f.extra["queryset"] = f.queryset.filter(zone=zone)


class ApplicationFilter(SearchFilterSet):
    """The queue and the API's list: by status, or a search over the item, the project and the enterprise."""

    search_fields = ("item__name", "project__name", "enterprise__name")
    status = df.ChoiceFilter(label=_("状态"), choices=Status.choices, empty_label=_("全部状态"))
    # the desk's links (core.desk): files past a clock, files awaiting the enterprise's 补正, open files that
    # do not wait for the enterprise (its "办理中的申请")
    overdue = df.BooleanFilter(label=_("已超期"), method="by_overdue", widget=forms.HiddenInput)
    supplement = df.BooleanFilter(label=_("待补正"), method="by_supplement", widget=forms.HiddenInput)
    in_progress = df.BooleanFilter(label=_("办理中"), method="by_in_progress", widget=forms.HiddenInput)
    # accepted open files without a reviewer (待分派), the leaders' and reviewers' desk link
    unassigned = df.BooleanFilter(label=_("待分派"), method="by_unassigned", widget=forms.HiddenInput)
    # granted on commitment, 事后核查 not yet recorded: the queue then lists these files (``views.queue``)
    post_check = df.BooleanFilter(label=_("待事后核查"), method="by_post_check", widget=forms.HiddenInput)

    class Meta:
        model = Application
        fields = ["status"]

    def by_overdue(self, qs, name, value):
        from devzone.approvals.selectors import overdue_q

        return qs.filter(overdue_q(timezone.localdate())) if value else qs

    def by_supplement(self, qs, name, value):
        return qs.filter(status__in=SUPPLEMENT_STATUSES) if value else qs

    def by_in_progress(self, qs, name, value):
        return qs.filter(status__in=IN_PROGRESS_STATUSES) if value else qs

    def by_unassigned(self, qs, name, value):
        from devzone.approvals.selectors import unassigned_q

        return qs.filter(unassigned_q()) if value else qs

    def by_post_check(self, qs, name, value):
        from devzone.approvals.selectors import post_check_q

        return qs.filter(post_check_q()) if value else qs


def filtered(filter_class, request, queryset, **kwargs):
    """The filter set of the query string and the rows it selects; an invalid value (an unknown status)
    filters nothing."""
    fs = filter_class(request.GET or None, queryset=queryset, request=request, **kwargs)
    return fs, fs.qs
