"""Filter sets of the enterprise-service lists, shared by the pages and the API lists of the same rows."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from devzone.core.filters import SearchFilterSet
from devzone.core.models import Department
from devzone.services.choices import (
    OPEN_REQUEST_STATUSES,
    FollowUpStatus,
    RatingLevel,
    RequestCategory,
    RequestStatus,
    SubjectKind,
)
from devzone.services.models import FollowUp, Rating, ServiceRequest

OPEN = "open"  # the requests not yet answered (办理中), a status of its own in the filter
OVERDUE = "overdue"  # open and past their deadline (the desk's link)


class RequestFilter(SearchFilterSet):
    search_fields = ("title", "number")
    status = df.ChoiceFilter(
        label=_("状态"),
        choices=[(OPEN, _("办理中（未答复）")), (OVERDUE, _("已超期未办结")), *RequestStatus.choices],
        method="by_status",
    )
    category = df.ChoiceFilter(label=_("类别"), choices=RequestCategory.choices)

    class Meta:
        model = ServiceRequest
        fields = ["status", "category"]

    def by_status(self, qs, name, value):
        if value == OVERDUE:
            return qs.filter(status__in=OPEN_REQUEST_STATUSES, due_on__lt=timezone.localdate())
        if value == OPEN:
            return qs.filter(status__in=OPEN_REQUEST_STATUSES)
        return qs.filter(_shown_status_q(_reader(self.request), value))


def _shown_status_q(user, value: str) -> Q:
    """The requests whose status reads ``value`` to ``user`` (``ServiceRequest.shown_status``): a rated request
    whose rating's enterprise they may not know is selected by 已办结, never by 已评价 — the filter selects what the
    list shows, and tells no more of a rating than the list does."""
    from devzone.services import selectors

    readable = selectors.rated_readable_q(user)
    if readable is None or value not in (RequestStatus.CLOSED, RequestStatus.RATED):
        return Q(status=value)
    if value == RequestStatus.RATED:
        return Q(status=RequestStatus.RATED) & readable
    return Q(status=RequestStatus.CLOSED) | selectors.rated_hidden_q(user)


def _reader(request):
    return getattr(request, "auth", None) or getattr(request, "user", None)


def _by_shown_item(qs, user, prefix: str = ""):
    """A search of ratings (or of their follow-ups, ``prefix`` "rating__") by the service rated matches a rating
    whose request title or project name the reader may not read (``selectors.rating_item``) by nothing: else the
    person rated would search their rating by each title of the request list until it answered, and know the
    enterprise. An approval's item (the catalog's name) is shown to all, and matched for all."""
    from devzone.services import selectors

    catalog = Q(**{f"{prefix}kind": SubjectKind.APPLICATION})
    if user is None:
        return qs.filter(catalog)
    readable = selectors.readable_q(user, prefix)
    return qs.filter(readable | catalog) if readable else qs  # an empty condition: every row is readable


class RatingFilter(SearchFilterSet):
    search_fields = ("item",)
    kind = df.ChoiceFilter(label=_("服务类型"), choices=SubjectKind.choices)
    level = df.TypedChoiceFilter(label=_("评价"), choices=RatingLevel.choices, coerce=int)
    department = df.ModelChoiceFilter(
        label=_("部门"), queryset=Department.objects.filter(abolished_on__isnull=True)
    )
    mine = df.BooleanFilter(label=_("只看对我的评价"), method="served_by_me")

    class Meta:
        model = Rating
        fields = ["kind", "level", "department"]

    def served_by_me(self, qs, name, value):
        user = _reader(self.request)
        return qs.filter(served_by=user) if value and user is not None else qs

    def search(self, qs, name, value):
        found = super().search(qs, name, value)
        return _by_shown_item(found, _reader(self.request)) if value.strip() else found


class FollowUpFilter(SearchFilterSet):
    search_fields = ("rating__item",)
    status = df.ChoiceFilter(label=_("状态"), choices=FollowUpStatus.choices)
    # the department rated (a department head's desk links to its own bad ratings with it)
    department = df.ModelChoiceFilter(
        label=_("部门"), field_name="rating__department", queryset=Department.objects.all()
    )

    class Meta:
        model = FollowUp
        fields = ["status", "department"]

    def search(self, qs, name, value):
        found = super().search(qs, name, value)
        return _by_shown_item(found, _reader(self.request), "rating__") if value.strip() else found
